//! JSON decoding of every public form: arbitrary text never panics, and
//! whatever decodes re-encodes to text that decodes to the same value (and
//! encodes to the same text again).

use std::fmt::Debug;

use billing_core::api::{self, Calc, Query};
use billing_core::{
    Account, AccountSettings, Currency, Entry, Invoice, Money, Operation, PaymentMethod, Series,
    json,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Failure, check, check_eq};

/// Decodes `text` as `T`; if it decodes, checks the round trip.
fn round_trip<T>(text: &str) -> Result<(), Failure>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(value) = json::from_str::<T>(text) else {
        return Ok(());
    };
    let encoded = json::to_string(&value)
        .map_err(|e| Failure(format!("{value:?} decoded but does not encode: {e}")))?;
    let again: T = json::from_str(&encoded)
        .map_err(|e| Failure(format!("{encoded} was encoded but does not decode: {e}")))?;
    check_eq!(
        again,
        value,
        "decode(encode(x)) for {}",
        std::any::type_name::<T>()
    );
    check_eq!(
        json::to_string(&again).ok(),
        Some(encoded),
        "encoding is stable"
    );
    Ok(())
}

/// Feeds the text to every decoder of the library.
///
/// # Errors
/// A value that decodes but does not come back the same, or an account
/// snapshot that loads inconsistent.
pub fn decoding(data: &[u8]) -> Result<(), Failure> {
    let text = String::from_utf8_lossy(data);
    round_trip::<Operation>(&text)?;
    round_trip::<Invoice>(&text)?;
    round_trip::<Entry>(&text)?;
    round_trip::<Query>(&text)?;
    round_trip::<Calc>(&text)?;
    round_trip::<AccountSettings>(&text)?;
    round_trip::<PaymentMethod>(&text)?;
    round_trip::<Series>(&text)?;
    round_trip::<Currency>(&text)?;
    round_trip::<Money>(&text)?;
    if let Ok(document) = json::from_document::<Invoice>(&text) {
        let again = json::to_document(&document).map(|t| json::from_document::<Invoice>(&t));
        check!(
            matches!(again, Ok(Ok(ref d)) if *d == document),
            "invoice document round trip"
        );
    }
    if let Ok(calc) = json::from_str::<Calc>(&text) {
        // Answers or refuses; never panics.
        let _ = api::calc(&calc);
    }
    if let Ok(operations) = api::operations(&text) {
        let mut account = Account::new("fuzz", AccountSettings::default()).unwrap();
        let before = account.clone();
        if account.execute_batch(operations).is_err() {
            check!(account == before, "a refused batch changed the account");
        }
        check!(account.verify().is_ok(), "{:?}", account.verify());
    }
    if let Ok(account) = Account::from_json(&text) {
        check!(
            account.verify().is_ok(),
            "a loaded snapshot: {:?}",
            account.verify()
        );
        let reloaded = Account::from_json(&account.to_json().unwrap())
            .map_err(|e| Failure(format!("a saved snapshot does not load: {e}")))?;
        check!(reloaded == account, "snapshot round trip");
        if let Ok(query) = json::from_str::<Query>(&text) {
            let _ = account.query(&query);
        }
    }
    Ok(())
}
