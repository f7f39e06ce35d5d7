//! Any bytes as a Helm chart's template (`templates/t.yaml`), with a helper file and values made
//! of the same bytes: parsed (Go's text/template), run over Helm's objects (with `include`,
//! `tpl`, recursion and loops), the output split and read as Helm reads it, the halves read as
//! `--set` lines and the second as `values.schema.json`. Never panics, and every input is
//! answered within the executor's step, depth and output limits.

#![no_main]

use std::collections::BTreeMap;

use drydock_helm::chart::{self, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // The text as the chart's template, as a helper defining templates, and as values.
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle -= 1;
    }
    let (first, second) = text.split_at(middle);
    let first = first.to_owned();
    let mut files = BTreeMap::new();
    files.insert(
        "Chart.yaml".to_owned(),
        "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n".to_owned(),
    );
    files.insert("templates/t.yaml".to_owned(), text.clone());
    files.insert(
        "templates/_helpers.tpl".to_owned(),
        format!("{{{{- define \"h\" -}}}}{second}{{{{- end -}}}}"),
    );
    files.insert("values.yaml".to_owned(), first.clone());
    // The second half as the values' JSON Schema too.
    files.insert("values.schema.json".to_owned(), second.to_owned());
    if let Ok(manifests) = chart::render(&files, &Options::default()) {
        let _ = chart::print(&manifests);
    } else if let Err(error) = chart::render(&files, &Options::default()) {
        let _ = error.helm_message();
    }
    // The template alone, with the values file as `-f` too.
    files.remove("templates/_helpers.tpl");
    // And both halves as `--set` and `--set-string` lines over it.
    let options = Options {
        values: vec![second.to_owned()],
        set: vec![first.clone()],
        set_string: vec![second.to_owned()],
        ..Options::default()
    };
    if let Err(error) = chart::render(&files, &options) {
        let _ = error.helm_message();
    }
    let _ = chart::split_manifests(&text);
});
