//! Any bytes as a Helm chart's template (`templates/t.yaml`), with a helper file and values made
//! of the same bytes: parsed (Go's text/template), run over Helm's objects (with `include`,
//! `tpl`, recursion and loops), the output split and read as Helm reads it, the halves read as
//! `--set` lines and the second as `values.schema.json`; the bytes also as a subchart archive
//! (`charts/sub-0.1.0.tgz`), as they are (the gzip reader) and framed as gzip (the tar reader),
//! expanded into the chart and rendered; the chart as a workspace folder (lint, Drydock's own
//! checks, values aligned with the output). Never panics, and every input is answered within the
//! executor's step, depth and output limits and the archive reader's size limits.

#![no_main]

use std::collections::BTreeMap;

use drydock_helm::archive;
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
    match chart::render(&files, &Options::default()) {
        Ok(manifests) => {
            let _ = chart::print(&manifests);
        }
        Err(error) => {
            let _ = error.helm_message();
        }
    }
    // The chart as a workspace's folder: every template error, `helm lint`'s checks and
    // Drydock's (unset and unused values, conventions), values aligned with what printed them.
    let workspace: Vec<drydock_base::workspace::SourceFile> = files
        .iter()
        .map(|(path, text)| drydock_base::workspace::SourceFile {
            name: format!("fuzz/{path}"),
            text: text.clone(),
        })
        .collect();
    let _ = drydock_helm::workspace::render_workspace(&workspace);
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
    // The bytes as a subchart archive: raw, then as the tar inside a gzip frame.
    let _ = archive::read(data);
    let framed = stored_gzip(data);
    let _ = archive::read(&framed);
    let mut files = BTreeMap::new();
    files.insert(
        "Chart.yaml".to_owned(),
        "apiVersion: v2\nname: fuzz\nversion: 0.1.0\n".to_owned(),
    );
    archive::add_file(&mut files, "charts/sub-0.1.0.tgz", framed);
    match chart::render(&files, &Options::default()) {
        Ok(manifests) => {
            let _ = chart::print(&manifests);
        }
        Err(error) => {
            let _ = error.helm_message();
        }
    }
});

/// `data` as one gzip member of stored deflate blocks (no CRC: a wrong one is one more path).
fn stored_gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let blocks: Vec<&[u8]> = data.chunks(65535).collect();
    if blocks.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    for (i, block) in blocks.iter().enumerate() {
        let len = block.len() as u16;
        out.push(u8::from(i + 1 == blocks.len()));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}
