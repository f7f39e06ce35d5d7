//! Any bytes, as `drydock_base::json` reads them (the page's saved workspaces, share links, rule
//! docs and gallery): never a panic, and the same answer as serde_json: the same texts accepted,
//! the same values read (numbers within a rounding step, as serde_json's float reading is not
//! exact). Texts serde_json refuses on purpose where browsers accept are left out: lone UTF-16
//! surrogates in `\u` escapes (read here as U+FFFD, as `JSON.parse` keeps them).
//!
//! Every string read is written back with `write_string` and read again unchanged.

#![no_main]

use drydock_base::json::{Value, parse, write_string};
use libfuzzer_sys::fuzz_target;

fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => b.as_f64().is_some_and(|b| {
            a == &b || (a - b).abs() <= a.abs().max(b.abs()) * 1e-15
        }),
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(members), serde_json::Value::Object(map)) => map
            .iter()
            .all(|(key, b)| ours.get(key).is_some_and(|a| same(a, b)))
            && members.iter().all(|(key, _)| map.contains_key(key)),
        _ => false,
    }
}

fn strings_round_trip(value: &Value) {
    match value {
        Value::String(text) => {
            let mut json = String::new();
            write_string(&mut json, text);
            assert_eq!(parse(&json), Ok(value.clone()));
        }
        Value::Array(items) => items.iter().for_each(strings_round_trip),
        Value::Object(members) => members.iter().for_each(|(key, value)| {
            strings_round_trip(&Value::String(key.clone()));
            strings_round_trip(value);
        }),
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ours = parse(text);
    if let Ok(value) = &ours {
        strings_round_trip(value);
    }
    let lone_surrogate = text.to_ascii_lowercase().contains("\\ud");
    // serde_json's own depth limit is 128 levels, as ours; stay clear of the edge.
    let deep = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() > 100;
    if lone_surrogate || deep {
        return;
    }
    match (&ours, serde_json::from_str::<serde_json::Value>(text)) {
        (Ok(ours), Ok(theirs)) => assert!(same(ours, &theirs), "{ours:?} != {theirs:?}"),
        (Err(_), Err(_)) => {}
        (ours, theirs) => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
});
