//! Every rule's documentation examples are tests: code under `## Invalid` must trigger the rule,
//! code under `## Valid` must not.

use drydock_core::rules::{Language, RuleMeta};
use drydock_core::{Settings, SourceFile, Workspace, check_with};

#[test]
fn documentation_examples_behave_as_documented() {
    let mut examples = 0;
    for rule in drydock_core::rules::all() {
        for (section, expect_finding) in [("## Invalid", true), ("## Valid", false)] {
            let blocks = code_blocks(rule, section);
            assert!(
                !blocks.is_empty(),
                "{}: no example under {section}",
                rule.id
            );
            for code in blocks {
                let name = match rule.language {
                    Language::Dockerfile => "Dockerfile",
                    Language::Yaml | Language::Kubernetes => "example.yaml",
                };
                // A one-file workspace: cross-file rules see the example's documents.
                // The rule runs even when it is off by default.
                let mut settings = Settings::default();
                settings.enable(rule.id);
                let findings = check_with(
                    &Workspace {
                        files: vec![SourceFile {
                            name: name.into(),
                            text: code.clone(),
                        }],
                    },
                    &settings,
                );
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
    println!("{examples} documentation examples checked");
}

fn code_blocks(rule: &RuleMeta, section: &str) -> Vec<String> {
    let Some(start) = rule.docs.find(section) else {
        return Vec::new();
    };
    let rest = &rule.docs[start + section.len()..];
    let body = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
    let mut blocks = Vec::new();
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("```") {
            let code: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            blocks.push(code.join("\n") + "\n");
        }
    }
    blocks
}
