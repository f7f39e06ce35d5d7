//! Any bytes, as Compose interpolation sees them: each line substituted (from an environment that
//! sets some names, empty or not), and its variables listed; the whole text as a Compose file,
//! parsed, its variables listed, its values interpolated, its project named and its references
//! checked (twice over, as a file and its override); and as a `.env` file; then the whole project
//! check (schema, rules beyond the reference) of the text as a project file, override and `.env`,
//! and its builds against the text as their Dockerfile.
//!
//! Beyond "never panics": a text without `$` comes back unchanged, and `$$` is always a `$`.

#![no_main]

use drydock_compose::{dotenv, project, references};
use drydock_compose::interpolate::{errors_in, substitute, variables, variables_in};
use libfuzzer_sys::fuzz_target;

fn lookup(name: &str) -> Option<String> {
    match name.len() % 3 {
        0 => None,
        1 => Some(String::new()),
        _ => Some(format!("<{name}>")),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    for line in text.split('\n') {
        let substituted = substitute(line, &lookup);
        if !line.contains('$') {
            assert_eq!(substituted.as_deref(), Ok(line));
        }
        if let Err(error) = &substituted {
            let _ = error.to_string();
        }
        let _ = variables(line);
    }
    let _ = substitute(text, &lookup);
    let _ = variables(text);
    let escaped = text.replace('$', "$$");
    assert_eq!(substitute(&escaped, &lookup).as_deref(), Ok(text));
    let stream = drydock_yaml::parse(text);
    let _ = variables_in(&stream);
    for problem in references::check(&[&stream, &stream], &lookup) {
        assert!(problem.file < 2);
        assert!(text.get(problem.range.start..problem.range.end).is_some());
    }
    if let Ok(name) = project::name(&[&stream], &lookup, text.lines().next().unwrap_or_default()) {
        assert_eq!(project::normalize(&name), name, "a project name that is not one");
    }
    for error in errors_in(&stream, &lookup) {
        assert!(text.get(error.range.start..error.range.end).is_some());
        let _ = error.to_string();
    }
    match dotenv::parse(text, &lookup) {
        Ok(entries) => {
            for entry in entries {
                assert!(text.get(entry.range.start..entry.range.end).is_some());
            }
        }
        Err(error) => {
            let range = error.range();
            assert!(text.get(range.start..range.end).is_some());
            let _ = error.to_string();
        }
    }
    // The whole check of a project (schema, rules beyond the reference, references), the text
    // as its project file, its override and its `.env`: every finding in a file it names, at a
    // range of that file, and every fix's edits too.
    let file = |name: &str| drydock_base::workspace::SourceFile {
        name: name.to_owned(),
        text: text.to_owned(),
    };
    let files = [
        file("compose.yaml"),
        file("compose.override.yaml"),
        file(".env"),
        file("Dockerfile"),
    ];
    let builds = drydock_core::links::compose_build::renders(&files);
    for render in drydock_compose::workspace::render_workspace(&files)
        .into_iter()
        .chain(builds)
    {
        for finding in &render.findings {
            assert!(finding.file < render.sources.len());
            assert!(text.get(finding.range.start..finding.range.end).is_some());
            for edit in finding.fix.iter().flat_map(|fix| &fix.edits) {
                assert!(text.get(edit.range.start..edit.range.end).is_some());
            }
        }
    }
});
