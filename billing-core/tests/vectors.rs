//! Runs the shared test vectors in `tests/vectors/*.json`: the same files
//! the Python, JavaScript and Kotlin bindings run, so the languages cannot
//! drift apart. The format is described in `tests/vectors/README.md`.
#![allow(
    clippy::arithmetic_side_effects,
    clippy::as_conversions,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    clippy::unwrap_used
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use billing_core::api::{self, Calc, Query};
use billing_core::{
    Account, AccountSettings, Currency, ERROR_CODES, Error, Operation, Outcome, json, parse_date,
};
use chrono::NaiveDate;
use serde_json::Value;

fn vector_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

type Check = Result<(), String>;

fn text(v: &Value) -> String {
    v.to_string()
}

/// Compares an expected JSON value with an actual one: objects match on
/// the expected keys only; a Money object matches its amount string.
fn matches(expected: &Value, actual: &Value, path: &str) -> Check {
    match (expected, actual) {
        (Value::String(e), Value::Object(a))
            if a.contains_key("amount") && a.contains_key("currency") =>
        {
            matches(expected, &a["amount"], path)
                .map_err(|_| format!("{path}: expected {e}, got {}", a["amount"]))
        }
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let actual = a.get(key).unwrap_or(&Value::Null);
                matches(value, actual, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {}",
                    e.len(),
                    a.len(),
                    text(actual)
                ));
            }
            for (i, (e, a)) in e.iter().zip(a).enumerate() {
                matches(e, a, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!(
            "{path}: expected {}, got {}",
            text(expected),
            text(actual)
        )),
    }
}

fn currency_in(account: &Account, code: &str) -> Currency {
    Currency::iso(code)
        .ok()
        .or_else(|| account.currencies().into_iter().find(|c| c.code() == code))
        .unwrap_or_else(|| panic!("unknown currency {code} in vector"))
}

fn check_state(account: &Account, expected: &Value) -> Check {
    let obj = expected.as_object().ok_or("state must be an object")?;
    for (key, value) in obj {
        match key.as_str() {
            "version" => matches(value, &Value::from(account.version()), "version")?,
            "invoices" => {
                for (id, fields) in value.as_object().ok_or("invoices must be an object")? {
                    match (account.invoice(id), fields) {
                        (Err(_), Value::Null) => {}
                        (Ok(_), Value::Null) => {
                            return Err(format!("invoice {id} should not exist"));
                        }
                        (Err(e), _) => return Err(format!("invoice {id}: {e}")),
                        (Ok(view), fields) => matches(
                            fields,
                            &serde_json::to_value(&view).unwrap(),
                            &format!("invoice {id}"),
                        )?,
                    }
                }
            }
            "payments" => {
                for (id, fields) in value.as_object().ok_or("payments must be an object")? {
                    let view = account
                        .payment(id)
                        .map_err(|e| format!("payment {id}: {e}"))?;
                    let mut actual = serde_json::to_value(&view).unwrap();
                    // Allocations are compared as {invoice: amount}.
                    let allocations: serde_json::Map<String, Value> = view
                        .allocations
                        .iter()
                        .map(|a| {
                            (
                                a.invoice.clone(),
                                Value::from(a.amount.amount().to_string()),
                            )
                        })
                        .collect();
                    actual["allocations"] = Value::Object(allocations);
                    if let Some(expected) = fields.get("allocations") {
                        let n = expected.as_object().map_or(0, serde_json::Map::len);
                        if n != view.allocations.len() {
                            return Err(format!(
                                "payment {id}: allocations {}",
                                actual["allocations"]
                            ));
                        }
                    }
                    matches(fields, &actual, &format!("payment {id}"))?;
                }
            }
            "credit" => {
                for (code, amount) in value.as_object().ok_or("credit must be an object")? {
                    let balance = account
                        .credit(currency_in(account, code))
                        .map_err(|e| format!("credit {code}: {e}"))?;
                    matches(
                        amount,
                        &serde_json::to_value(balance.available).unwrap(),
                        &format!("credit {code}"),
                    )?;
                }
            }
            "credit_sources" => {
                for (code, sources) in value
                    .as_object()
                    .ok_or("credit_sources must be an object")?
                {
                    let balance = account
                        .credit(currency_in(account, code))
                        .map_err(|e| format!("credit {code}: {e}"))?;
                    matches(
                        sources,
                        &serde_json::to_value(&balance.sources).unwrap(),
                        &format!("credit sources {code}"),
                    )?;
                }
            }
            "balances" => {
                for (code, fields) in value.as_object().ok_or("balances must be an object")? {
                    let balance = account
                        .balance(currency_in(account, code))
                        .map_err(|e| e.to_string())?;
                    matches(
                        fields,
                        &serde_json::to_value(&balance).unwrap(),
                        &format!("balance {code}"),
                    )?;
                }
            }
            "overdue" => {
                let as_of = parse_date(value["as_of"].as_str().ok_or("overdue.as_of")?)
                    .map_err(|e| e.to_string())?;
                let ids: Vec<Value> = account
                    .overdue(as_of)
                    .into_iter()
                    .map(|v| Value::from(v.id))
                    .collect();
                matches(&value["invoices"], &Value::Array(ids), "overdue")?;
            }
            "summary" | "aging" | "statement" | "charge_plan" => {
                let date = |k: &str| -> Result<NaiveDate, String> {
                    parse_date(value[k].as_str().ok_or(format!("{key}.{k}"))?)
                        .map_err(|e| e.to_string())
                };
                let currency = || currency_in(account, value["currency"].as_str().unwrap_or("USD"));
                let report = match key.as_str() {
                    "summary" => serde_json::to_value(account.summary(currency(), date("as_of")?)),
                    "aging" => serde_json::to_value(account.aging(currency(), date("as_of")?)),
                    "statement" => serde_json::to_value(account.statement(
                        currency(),
                        date("from")?,
                        date("to")?,
                    )),
                    _ => serde_json::to_value(account.auto_charge_plan(date("as_of")?)),
                }
                .map_err(|e| e.to_string())?;
                let report = report
                    .get("Ok")
                    .cloned()
                    .ok_or_else(|| format!("{key} failed: {report}"))?;
                matches(value, &report, key)?;
            }
            "payment_methods" => {
                let ids: Vec<Value> = account
                    .payment_methods()
                    .into_iter()
                    .map(|m| Value::from(m.id))
                    .collect();
                matches(value, &Value::Array(ids), "payment_methods")?;
            }
            "default_method" => {
                let id = account
                    .default_payment_method()
                    .map(|m| Value::from(m.id))
                    .unwrap_or(Value::Null);
                matches(value, &id, "default_method")?;
            }
            "series" => {
                for (id, fields) in value.as_object().ok_or("series must be an object")? {
                    let series = account
                        .series(id)
                        .map_err(|e| format!("series {id}: {e}"))?;
                    matches(
                        fields,
                        &serde_json::to_value(&series).unwrap(),
                        &format!("series {id}"),
                    )?;
                }
            }
            other => return Err(format!("unknown state key {other}")),
        }
    }
    Ok(())
}

fn check_outcome(outcome: &Outcome, expected: &Value) -> Check {
    let obj = expected.as_object().ok_or("outcome must be an object")?;
    for (key, value) in obj {
        let actual = match key.as_str() {
            "version" => Value::from(outcome.version()),
            "events" => outcome
                .events()
                .iter()
                .map(|e| serde_json::to_value(e).unwrap()["event"].clone())
                .collect(),
            "allocations" => outcome
                .allocations()
                .into_iter()
                .map(|(p, i, m)| serde_json::json!([p, i, m.amount().to_string()]))
                .collect(),
            "credit_created" => outcome
                .credit_created()
                .into_iter()
                .map(|(_, m)| Value::from(m.amount().to_string()))
                .collect(),
            "credit_applied" => outcome
                .credit_applied()
                .into_iter()
                .map(|(_, i, m)| serde_json::json!([i, m.amount().to_string()]))
                .collect(),
            "invoices" => {
                let mut map = serde_json::Map::new();
                for change in &outcome.invoices() {
                    map.insert(
                        change.invoice.clone(),
                        serde_json::json!({"before": change.before, "after": change.after}),
                    );
                }
                if let Some(expected) = value.as_object() {
                    for id in expected.keys() {
                        if !map.contains_key(id) {
                            return Err(format!("outcome did not touch invoice {id}"));
                        }
                    }
                }
                Value::Object(map)
            }
            other => return Err(format!("unknown outcome key {other}")),
        };
        matches(value, &actual, &format!("outcome.{key}"))?;
    }
    Ok(())
}

fn expect_result<T>(
    step: &Value,
    result: Result<T, Error>,
    codes: &mut BTreeSet<String>,
) -> Result<Option<T>, String> {
    match (step.get("error"), result) {
        (Some(code), Err(err)) => {
            codes.insert(err.code().to_owned());
            if let Error::CorruptHistory { cause, .. } = &err {
                codes.insert(cause.code().to_owned());
                if let Some(expected) = step.get("cause") {
                    matches(expected, &Value::from(cause.code()), "cause")?;
                }
            }
            matches(code, &Value::from(err.code()), "error").map_err(|m| format!("{m} ({err})"))?;
            Ok(None)
        }
        (Some(code), Ok(_)) => Err(format!("expected error {code}, but it succeeded")),
        (None, Err(err)) => Err(format!("unexpected error {}: {err}", err.code())),
        (None, Ok(value)) => Ok(Some(value)),
    }
}

fn run_scenario(vector: &Value, codes: &mut BTreeSet<String>) -> Check {
    let settings: AccountSettings = match vector.get("settings") {
        Some(s) => json::from_str(&s.to_string()).map_err(|e| e.to_string())?,
        None => AccountSettings::default(),
    };
    let mut account = Account::new("acct", settings).unwrap();
    for (i, step) in vector["steps"]
        .as_array()
        .ok_or("steps must be a list")?
        .iter()
        .enumerate()
    {
        let at = |m: String| format!("step {i}: {m}");
        let outcome: Option<Arc<Outcome>> = if let Some(op) =
            step.get("op").or_else(|| step.get("preview"))
        {
            let before = account.clone();
            let result = json::from_str::<Operation>(&op.to_string()).and_then(|op| {
                match (
                    step.get("preview").is_some(),
                    step.get("expected_version").and_then(Value::as_u64),
                ) {
                    (true, _) => account.preview(op),
                    (false, Some(version)) => account.execute_expecting(version, op),
                    (false, None) => account.execute(op),
                }
            });
            if (result.is_err() || step.get("preview").is_some()) && account != before {
                return Err(at(
                    "a refused operation or a preview changed the account".to_owned()
                ));
            }
            expect_result(step, result, codes).map_err(at)?
        } else if let Some(ops) = step.get("batch") {
            let before = account.clone();
            let result = api::operations(&ops.to_string()).and_then(|ops| {
                match step.get("expected_version").and_then(Value::as_u64) {
                    Some(version) => account.execute_batch_expecting(version, ops),
                    None => account.execute_batch(ops),
                }
            });
            if let (Err(refused), Some(index)) = (&result, step.get("index")) {
                matches(index, &Value::from(refused.index), "index").map_err(at)?;
            }
            if result.is_err() && account != before {
                return Err(at("a refused batch changed the account".to_owned()));
            }
            expect_result(step, result.map_err(|refused| refused.error), codes)
                .map_err(at)?
                .and_then(|outcomes| outcomes.last().cloned())
        } else if let Some(query) = step.get("query") {
            let answer = json::from_str::<Query>(&query.to_string())
                .and_then(|q| account.query(&q))
                .map(|text| serde_json::from_str::<Value>(&text).unwrap());
            if let Some(answer) = expect_result(step, answer, codes).map_err(at)? {
                let expected = step
                    .get("result")
                    .ok_or(at("a query needs a result".to_owned()))?;
                matches(expected, &answer, "result").map_err(at)?;
            }
            None
        } else if let Some(snapshot) = step.get("load") {
            if let Some(loaded) =
                expect_result(step, Account::from_json(&snapshot.to_string()), codes).map_err(at)?
            {
                account = loaded;
            }
            None
        } else if step.get("state").is_none() {
            return Err(at(
                "a step needs op, preview, batch, query, load or state".to_owned()
            ));
        } else {
            None
        };
        if let (Some(expected), Some(outcome)) = (step.get("outcome"), &outcome) {
            check_outcome(outcome, expected).map_err(at)?;
        }
        if let Some(expected) = step.get("state") {
            check_state(&account, expected).map_err(at)?;
        }
        account.verify().map_err(|e| at(e.to_string()))?;
    }
    let replayed =
        Account::replay("acct", settings, account.history().cloned()).map_err(|e| e.to_string())?;
    if replayed != account {
        return Err("replaying the history gives another account".to_owned());
    }
    let reloaded = Account::from_json(&account.to_json().unwrap()).map_err(|e| e.to_string())?;
    if reloaded != account {
        return Err("reloading the snapshot gives another account".to_owned());
    }
    Ok(())
}

/// A money case is a [`Calc`] request (`{"split": {...}}`) with its
/// expected `result` or `error`: answered by the same code the bindings
/// call.
fn money_case(case: &Value, codes: &mut BTreeSet<String>) -> Check {
    let mut request = case.as_object().ok_or("a case must be an object")?.clone();
    request.remove("result");
    request.remove("error");
    let input = Value::Object(request).to_string();
    let result = json::from_str::<Calc>(&input)
        .and_then(|c| api::calc(&c))
        .map(|answer| serde_json::from_str::<Value>(&answer).unwrap());
    let got = expect_result(case, result, codes).map_err(|e| format!("{input}: {e}"))?;
    if let (Some(got), Some(expected)) = (got, case.get("result")) {
        matches(expected, &got, "result").map_err(|e| format!("{input}: {e}"))?;
    }
    Ok(())
}

#[test]
fn shared_vectors() {
    let mut codes = BTreeSet::new();
    let mut failures = Vec::new();
    let mut scenarios = 0;
    for file in vector_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let result = if let Some(cases) = vector.get("money").and_then(Value::as_array) {
            cases.iter().enumerate().try_for_each(|(i, c)| {
                money_case(c, &mut codes).map_err(|e| format!("case {i}: {e}"))
            })
        } else {
            scenarios += 1;
            run_scenario(&vector, &mut codes)
        };
        if let Err(message) = result {
            failures.push(format!("{name}: {message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} vector(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(scenarios >= 40, "only {scenarios} account scenarios");
    let missing: Vec<&&str> = ERROR_CODES
        .iter()
        .filter(|c| !codes.contains(**c))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes no vector exercises: {missing:?}"
    );
}
