//! Spec tests: every file under `tests/specs/<language>/<rule-name>/` is checked, and its findings
//! (with positions, help and the text after applying each fix) are compared with the snapshot
//! beside it. Adding a case is adding a file; `cargo insta review` accepts new snapshots.
//!
//! A file named `valid*` must produce no finding of its folder's rule. A case may also be a folder:
//! a workspace of several files (a manifest and the Dockerfile that builds its image).

use std::fmt::Write;
use std::path::Path;

use drydock_core::{Finding, SourceFile, Workspace};

#[test]
fn specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let mut cases = 0;
    for language in sorted_dir(&root) {
        for rule_dir in sorted_dir(&language) {
            let rule = format!("{}/{}", file_name(&language), file_name(&rule_dir));
            assert!(
                drydock_core::rules::by_id(&rule).is_some(),
                "spec folder for unknown rule {rule}"
            );
            for case in sorted_dir(&rule_dir)
                .into_iter()
                .filter(|p| p.extension().is_none_or(|e| e != "snap"))
                .filter(|p| !p.ends_with("settings.json"))
            {
                check(&rule, &case);
                cases += 1;
            }
        }
    }
    println!("{cases} spec cases");
    assert!(cases > 0);
}

fn check(rule: &str, case: &Path) {
    if case.is_dir() {
        return check_workspace(rule, case);
    }
    let text = std::fs::read_to_string(case).unwrap();
    let name = file_name(case);
    // The file's kind comes from its name: `invalid.Dockerfile`, `valid.yaml`.
    let file_name_for_kind = if name.ends_with(".Dockerfile") {
        "Dockerfile".to_owned()
    } else {
        name.clone()
    };
    let file = SourceFile {
        name: file_name_for_kind,
        text: text.clone(),
    };
    // A one-file workspace, so that the cross-file rules run too (on the file's own objects).
    // The folder's rule runs even when it is off by default.
    let settings = folder_settings(rule, case);
    let findings = drydock_core::check_with(&Workspace { files: vec![file] }, &settings);
    if name.starts_with("valid") {
        let own: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        assert!(
            own.is_empty(),
            "{}: expected no {rule} finding, got {own:#?}",
            case.display()
        );
    }
    let rendered = render(&text, &findings);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(case.parent().unwrap());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(case);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, rendered));
}

/// The settings a case runs with: the rule's folder may hold a `settings.json` (a serialized
/// `Settings`, for rules that read settings such as `trusted_registries`); the folder's rule runs
/// even when it is off by default.
fn folder_settings(rule: &str, case: &Path) -> drydock_core::Settings {
    let path = case.parent().unwrap().join("settings.json");
    let mut settings: drydock_core::Settings = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).unwrap(),
        Err(_) => drydock_core::Settings::default(),
    };
    settings.enable(rule);
    settings
}

/// A folder is one workspace of the files under it (named by their paths inside the folder, so
/// `web/Dockerfile` is a Dockerfile in folder `web`); the snapshot lists the findings per file.
fn check_workspace(rule: &str, case: &Path) {
    let mut paths = Vec::new();
    files_under(case, &mut paths);
    let files: Vec<SourceFile> = paths
        .iter()
        .map(|path| SourceFile {
            name: path
                .strip_prefix(case)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            text: std::fs::read_to_string(path).unwrap(),
        })
        .collect();
    let settings = folder_settings(rule, case);
    let findings = drydock_core::check_with(
        &Workspace {
            files: files.clone(),
        },
        &settings,
    );
    let name = file_name(case);
    if name.starts_with("valid") {
        let own: Vec<&Finding> = findings.iter().filter(|f| f.rule == rule).collect();
        assert!(
            own.is_empty(),
            "{}: expected no {rule} finding, got {own:#?}",
            case.display()
        );
    }
    let mut rendered = String::new();
    for file in &files {
        let of_file: Vec<Finding> = findings
            .iter()
            .filter(|f| f.path == file.name)
            .cloned()
            .collect();
        writeln!(rendered, "== {}", file.name).unwrap();
        rendered.push_str(&render(&file.text, &of_file));
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(case.parent().unwrap());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(case);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, rendered));
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for path in sorted_dir(dir) {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn render(text: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        writeln!(
            out,
            "{}:{}-{}:{} {} {}: {}",
            f.start.line, f.start.column, f.end.line, f.end.column, f.severity, f.rule, f.message
        )
        .unwrap();
        writeln!(out, "  source: {:?}", f.range.slice(text)).unwrap();
        for label in &f.labels {
            writeln!(
                out,
                "  label {:?}: {}",
                label.range.slice(text),
                label.message
            )
            .unwrap();
        }
        if let Some(help) = &f.help {
            writeln!(out, "  help: {help}").unwrap();
        }
        if let Some(fix) = &f.fix {
            writeln!(out, "  fix: {}", fix.title).unwrap();
            let fixed = fix.apply(text);
            let line = f.start.line as usize - 1;
            writeln!(
                out,
                "  fixed line: {:?}",
                fixed.lines().nth(line).unwrap_or("")
            )
            .unwrap();
        }
    }
    if findings.is_empty() {
        out.push_str("no findings\n");
    }
    out
}

fn sorted_dir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
