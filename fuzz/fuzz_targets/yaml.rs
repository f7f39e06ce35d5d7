//! Any bytes, read as a YAML stream: the parser (its fast path where a document allows it, saphyr
//! otherwise) must build exactly what saphyr alone builds — the fast path is an optimisation, never
//! a second opinion.

#![no_main]

use drydock_core::yaml::{parse, parse_reference};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let stream = parse(text);
    let reference = parse_reference(text);
    // Debug text rather than `==`: a `.nan` scalar is not equal to itself.
    if stream != reference {
        assert_eq!(
            format!("{stream:#?}"),
            format!("{reference:#?}"),
            "the fast path differs from saphyr on {text:?}"
        );
    }
});
