//! Decoding of internally tagged enums (`{"op": "void_invoice", ...}`)
//! without serde's buffering.
//!
//! serde's derive reads an internally tagged enum by buffering the whole
//! object into a generic tree and decoding the variant from that: slower,
//! and it doubles the decoding code of every type reachable from the enum
//! (which is most of the library's WebAssembly size). Here the enum is
//! decoded through a private, externally tagged mirror instead: when the
//! tag is the object's first field (as this library always writes it), the
//! variant's fields are decoded straight from the same reader; when it
//! comes later, the object is read once, rewritten with the tag first and
//! decoded again.
//!
//! [`tagged_enum!`] declares such an enum; `Operation`, whose variants wrap
//! structs, uses [`deserialize`] with its own mirror.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, IntoDeserializer, MapAccess,
    VariantAccess, Visitor,
};
use serde::{Deserialize, forward_to_deserialize_any};

/// Decodes an enum tagged by field `tag` through `Form`, its externally
/// tagged mirror (same variant names and fields).
pub(crate) fn deserialize<'de, D, Form>(
    deserializer: D,
    tag: &'static str,
) -> Result<Form, D::Error>
where
    D: Deserializer<'de>,
    Form: DeserializeOwned,
{
    deserializer.deserialize_map(TaggedVisitor {
        tag,
        form: PhantomData,
    })
}

struct TaggedVisitor<Form> {
    tag: &'static str,
    form: PhantomData<Form>,
}

/// A map key, borrowed from the input when it can be.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

impl<'de, Form: DeserializeOwned> Visitor<'de> for TaggedVisitor<Form> {
    type Value = Form;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Backticks, as serde names fields: `json::decode_error` removes
        // quoted text.
        write!(f, "an object with the field `{}`", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Form, A::Error> {
        let Some(Key(first)) = map.next_key::<Key<'de>>()? else {
            return Err(de::Error::missing_field(self.tag));
        };
        if first == self.tag {
            let variant: String = map.next_value()?;
            return Form::deserialize(TaggedEnum { variant, map });
        }
        // The tag comes later: read the object, put the tag first, decode.
        let mut entries = vec![(first.into_owned(), map.next_value::<serde_json::Value>()?)];
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            entries.push((key.into_owned(), map.next_value()?));
        }
        let Some(at) = entries.iter().position(|(key, _)| key == self.tag) else {
            return Err(de::Error::missing_field(self.tag));
        };
        let tag = entries.remove(at);
        let text = std::iter::once(&tag)
            .chain(&entries)
            .map(|(key, value)| format!("{}:{value}", serde_json::Value::from(key.as_str())))
            .collect::<Vec<_>>()
            .join(",");
        let text = format!("{{{text}}}");
        let mut reader = serde_json::Deserializer::from_str(&text);
        deserialize::<_, Form>(&mut reader, self.tag).map_err(de::Error::custom)
    }
}

/// The rest of a tagged object, seen as the variant `variant` of an
/// externally tagged enum.
struct TaggedEnum<A> {
    variant: String,
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TaggedEnum<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for TaggedEnum<A> {
    type Error = A::Error;
    type Variant = TaggedVariant<A>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, TaggedVariant<A>), A::Error> {
        let variant = seed.deserialize(self.variant.into_deserializer())?;
        Ok((variant, TaggedVariant(self.map)))
    }
}

struct TaggedVariant<A>(A);

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for TaggedVariant<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        match self.0.next_key::<IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(de::Error::custom("unexpected fields")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        seed.deserialize(MapAccessDeserializer::new(self.0))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom("tuple variants are not tagged objects"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }
}

/// Declares an enum whose variants have named fields, serialized with a
/// tag field (`#[serde(tag = ...)]`) and decoded through [`deserialize`]
/// and a private mirror. `serde(...)` holds the container attributes both
/// share (`rename_all`, `deny_unknown_fields`).
macro_rules! tagged_enum {
    (
        tag = $tag:literal, serde($($serde:tt)*);
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident { $( $(#[$fmeta:meta])* $field:ident : $fty:ty ),* $(,)? }
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        #[serde(tag = $tag, $($serde)*)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                $variant { $( $(#[$fmeta])* $field: $fty ),* },
            )*
        }

        const _: () = {
            #[derive(serde::Deserialize)]
            #[serde($($serde)*)]
            enum Form {
                $( $variant { $( $(#[$fmeta])* $field: $fty ),* }, )*
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let form: Form = $crate::tagged::deserialize(deserializer, $tag)?;
                    Ok(match form {
                        $( Form::$variant { $($field),* } => $name::$variant { $($field),* }, )*
                    })
                }
            }
        };
    };
}

pub(crate) use tagged_enum;
