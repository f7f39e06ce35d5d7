//! Every rule's documentation examples are tests: code under `## Invalid` must trigger the rule,
//! code under `## Valid` must not.

use drydock_core::rules::{Language, RuleMeta};
use drydock_core::{Settings, SourceFile, Workspace, check_with};

#[test]
#[cfg(feature = "docs")]
fn documentation_examples_behave_as_documented() {
    let mut examples = 0;
    let mut wrong: Vec<String> = Vec::new();
    for rule in drydock_core::rules::all() {
        for (section, expect_finding) in [("## Invalid", true), ("## Valid", false)] {
            let mut blocks = code_blocks(rule, section);
            // In a Kubernetes rule's section, a ```dockerfile block is not an example of its own:
            // it joins every YAML example of the section as the workspace's `Dockerfile`.
            let mut dockerfiles = Vec::new();
            if rule.language != Language::Dockerfile {
                blocks.retain(|(info, code)| {
                    let dockerfile = info.eq_ignore_ascii_case("dockerfile");
                    if dockerfile {
                        dockerfiles.push(code.clone());
                    }
                    !dockerfile
                });
            }
            assert!(
                !blocks.is_empty(),
                "{}: no example under {section}",
                rule.id
            );
            // A Kustomize or Compose rule's section is one workspace: each block is a file,
            // named after the language in its info string (```yaml overlays/prod/kustomization.yaml,
            // ```text .env).
            if matches!(
                rule.language,
                Language::Kustomize | Language::Compose | Language::Helm
            ) {
                let unnamed = match rule.language {
                    Language::Compose => "compose.yaml",
                    Language::Helm => "Chart.yaml",
                    _ => "kustomization.yaml",
                };
                let files: Vec<SourceFile> = blocks
                    .iter()
                    .map(|(info, code)| SourceFile {
                        name: info.split_whitespace().nth(1).unwrap_or(unnamed).to_owned(),
                        text: code.clone(),
                    })
                    .collect();
                let mut settings = Settings::default();
                settings.enable(rule.id);
                let findings = check_with(&Workspace { files }, &settings);
                let found = findings.iter().any(|f| f.rule == rule.id);
                if found != expect_finding {
                    wrong.push(format!(
                        "{} {section} example:\n{blocks:#?}\nfindings: {findings:#?}",
                        rule.id
                    ));
                }
                examples += 1;
                continue;
            }
            for (_, code) in blocks {
                let name = match rule.language {
                    Language::Dockerfile => "Dockerfile",
                    Language::Yaml
                    | Language::Kubernetes
                    | Language::Kustomize
                    | Language::Compose
                    | Language::Helm => "example.yaml",
                };
                // A workspace of the example (and the section's Dockerfile): cross-file rules see
                // the example's documents. The rule runs even when it is off by default.
                let mut settings = Settings::default();
                settings.enable(rule.id);
                // The settings a rule's docs say its examples assume.
                if rule.id == "dockerfile/untrusted-registry" {
                    settings.trusted_registries =
                        vec!["docker.io".into(), "registry.example.com".into()];
                }
                let mut files = vec![SourceFile {
                    name: name.into(),
                    text: code.clone(),
                }];
                files.extend(dockerfiles.iter().map(|text| SourceFile {
                    name: "Dockerfile".into(),
                    text: text.clone(),
                }));
                let findings = check_with(&Workspace { files }, &settings);
                let found = findings.iter().any(|f| f.rule == rule.id);
                assert_eq!(
                    found, expect_finding,
                    "{} {section} example:\n{code}\nfindings: {findings:#?}",
                    rule.id
                );
                examples += 1;
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    println!("{examples} documentation examples checked");
}

/// The fenced blocks of a section: `(info string, code)`.
#[cfg(feature = "docs")]
fn code_blocks(rule: &RuleMeta, section: &str) -> Vec<(String, String)> {
    let Some(start) = rule.docs.find(section) else {
        return Vec::new();
    };
    let rest = &rule.docs[start + section.len()..];
    let body = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
    let mut blocks = Vec::new();
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        if let Some(info) = line.strip_prefix("```") {
            let code: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push((info.trim().to_owned(), code.join("\n") + "\n"));
        }
    }
    blocks
}

/// The playground's wasm leaves the docs out (the core without its `docs` feature) only when every
/// rule's docs go through `crate::rules::docs(...)`: a rule that sets `docs: r#"..."#` directly
/// would put its Markdown back into the first load. Every `RuleMeta` under a crate's `src/rules/`
/// is checked (each language crate's `rules` module re-exports `docs` from `drydock_base`).
#[test]
fn every_rule_declares_its_docs_through_the_wrapper() {
    let mut files = Vec::new();
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut stack: Vec<std::path::PathBuf> = std::fs::read_dir(&crates)
        .unwrap()
        .map(|entry| entry.unwrap().path().join("src/rules"))
        .filter(|dir| dir.is_dir())
        .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    let mut declared = 0;
    let mut wrong = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let metas = text.matches("RuleMeta {").count();
        let mut wrapped = 0;
        for (at, _) in text.match_indices("docs:") {
            // A field of a struct expression: `docs:` starts its line (after indentation).
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if !text[line_start..at].trim().is_empty() {
                continue;
            }
            if text[at + "docs:".len()..]
                .trim_start()
                .starts_with("crate::rules::docs(")
            {
                wrapped += 1;
            } else {
                let line = text[..at].matches('\n').count() + 1;
                wrong.push(format!("{}:{line}", path.display()));
            }
        }
        // `pub struct RuleMeta {` declares the field; every other `RuleMeta {` is a rule.
        let rules = metas - usize::from(text.contains("pub struct RuleMeta {"));
        if rules > wrapped && wrong.is_empty() {
            wrong.push(format!(
                "{}: {rules} RuleMeta but {wrapped} docs through crate::rules::docs(",
                path.display()
            ));
        }
        declared += wrapped;
    }
    assert!(
        wrong.is_empty(),
        "rule docs must be declared as `docs: crate::rules::docs(r#\"...\"#)` so that builds \
         without the `docs` feature leave them out:\n{}",
        wrong.join("\n")
    );
    assert!(
        declared >= drydock_core::rules::all().count(),
        "{declared} wrapped docs for {} rules",
        drydock_core::rules::all().count()
    );
}
