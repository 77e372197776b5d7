//! Decoding of tagged enums: internally tagged ones (`{"op":
//! "void_invoice", ...}`) without serde's buffering, externally tagged ones
//! with messages for users.
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
//!
//! Externally tagged enums (`{"split": {...}}`, `{"percent": "10"}`) keep
//! serde's decoding, through [`one_field`] and [`one_field_enum!`], for
//! messages a user can act on when the shape is wrong.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde::de::value::{EnumAccessDeserializer, MapAccessDeserializer};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, IntoDeserializer, MapAccess,
    SeqAccess, VariantAccess, Visitor,
};

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
            return Form::deserialize(EnumAccessDeserializer::new(TaggedEnum { variant, map }));
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

/// An enum written as an object with one field named for the variant
/// (`{"split": {...}}`, `{"percent": "10"}`; serde's externally tagged
/// form), decoded by [`one_field`].
pub(crate) trait OneField: Sized {
    /// What a value is, for messages: `a discount: an object with amount
    /// or percent` (no quotes: `json::decode_error` removes quoted text).
    const EXPECTING: &'static str;
    /// The enum's derived decoder.
    fn derived<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Decodes a [`OneField`] enum through its derived decoder, with messages
/// for users. serde_json and serde's derive say `expected value` for
/// anything but an object, and `expected struct variant Calc::Split` for
/// arguments that are not an object. Here the first reads `expected
/// <EXPECTING>`, as do an empty object and an object with a second field;
/// the second names the fields the variant takes.
pub(crate) fn one_field<'de, D: Deserializer<'de>, T: OneField>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(OneFieldVisitor(PhantomData))
}

struct OneFieldVisitor<T>(PhantomData<T>);

impl<'de, T: OneField> Visitor<'de> for OneFieldVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::derived(EnumAccessDeserializer::new(OneFieldEnum {
            map,
            expecting: T::EXPECTING,
        }))
    }
}

/// The object's one field, seen as an externally tagged enum.
struct OneFieldEnum<A> {
    map: A,
    expecting: &'static str,
}

impl<A> OneFieldEnum<A> {
    fn refuse<E: de::Error>(&self, what: &str) -> E {
        E::invalid_value(de::Unexpected::Other(what), &self.expecting)
    }
}

impl<'de, A: MapAccess<'de>> OneFieldEnum<A> {
    /// `value`, if the object has no second field.
    fn end<T>(mut self, value: T) -> Result<T, A::Error> {
        match self.map.next_key::<IgnoredAny>()? {
            None => Ok(value),
            Some(_) => Err(self.refuse("an object with a second field")),
        }
    }
}

impl<'de, A: MapAccess<'de>> EnumAccess<'de> for OneFieldEnum<A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        mut self,
        seed: V,
    ) -> Result<(V::Value, Self), A::Error> {
        match self.map.next_key_seed(seed)? {
            Some(variant) => Ok((variant, self)),
            None => Err(self.refuse("an empty object")),
        }
    }
}

impl<'de, A: MapAccess<'de>> VariantAccess<'de> for OneFieldEnum<A> {
    type Error = A::Error;

    fn unit_variant(mut self) -> Result<(), A::Error> {
        self.map.next_value::<()>()?;
        self.end(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        mut self,
        seed: T,
    ) -> Result<T::Value, A::Error> {
        let value = self.map.next_value_seed(seed)?;
        self.end(value)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom(
            "tuple variants are not one-field objects",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        mut self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let value = self.map.next_value_seed(Fields { fields, visitor })?;
        self.end(value)
    }
}

/// A struct variant's arguments, which say which fields they are when they
/// are not an object.
struct Fields<V> {
    fields: &'static [&'static str],
    visitor: V,
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for Fields<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        deserializer.deserialize_struct("", self.fields, self)
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Fields<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.fields {
            [] => f.write_str("an empty object"),
            [only] => write!(f, "an object with the field {only}"),
            [init @ .., last] => write!(
                f,
                "an object with the fields {} and {last}",
                init.join(", ")
            ),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(seq)
    }
}

/// Declares an enum written as an object with one field named for the
/// variant (serde's externally tagged form), decoded through [`one_field`]
/// with `expecting` as its description. `serde(...)` holds the container
/// attributes (`rename_all`, `deny_unknown_fields`). The decoder is
/// derived on a private copy of the enum (`#[serde(remote = ...)]`), which
/// builds the public enum's values directly.
macro_rules! one_field_enum {
    (
        expecting = $expecting:literal, serde($($serde:tt)*);
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $($variants:tt)* }
    ) => {
        $(#[$meta])*
        #[derive(serde::Serialize)]
        #[serde($($serde)*)]
        $vis enum $name { $($variants)* }

        const _: () = {
            type Target = $name;

            #[derive(serde::Deserialize)]
            #[serde(remote = "Target", $($serde)*)]
            #[allow(dead_code)] // never built: it decodes into `Target`
            enum Form { $($variants)* }

            impl $crate::tagged::OneField for $name {
                const EXPECTING: &'static str = $expecting;
                fn derived<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Form::deserialize(deserializer)
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    $crate::tagged::one_field(deserializer)
                }
            }
        };
    };
}

pub(crate) use one_field_enum;
