//! The kustomization rules: what a render of a kustomization can find wrong, each a file in
//! `rules/` with its metadata and documentation; this table is the registry. The checks
//! themselves run in the render ([`crate::render`]), which reports each finding under one of
//! these ids.

pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

pub mod common_labels_on_selector;
pub mod component_mismatch;
pub mod deprecated_field;
pub mod duplicate_key;
pub mod duplicate_resource;
pub mod empty_kustomization;
pub mod generator_conflict;
pub mod invalid_field;
pub mod invalid_generator;
pub mod invalid_kustomization;
pub mod invalid_patch;
pub mod invalid_resource;
pub mod missing_kustomization;
pub mod missing_resource;
pub mod not_rendered;
pub mod outside_root;
pub mod patch_matches_no_resource;
pub mod patch_target_matches_nothing;
pub mod remote_resource;
pub mod resource_cycle;
pub mod unknown_field;
pub mod yaml_syntax;

/// Every kustomization rule, in a stable order: reading files, the kustomization file itself,
/// gathering resources, patches, generators, then what is not rendered and what is discouraged.
pub const RULES: &[&RuleMeta] = &[
    &yaml_syntax::RULE,
    &duplicate_key::RULE,
    &empty_kustomization::RULE,
    &invalid_kustomization::RULE,
    &unknown_field::RULE,
    &invalid_field::RULE,
    &missing_kustomization::RULE,
    &resource_cycle::RULE,
    &missing_resource::RULE,
    &outside_root::RULE,
    &remote_resource::RULE,
    &invalid_resource::RULE,
    &duplicate_resource::RULE,
    &component_mismatch::RULE,
    &invalid_patch::RULE,
    &patch_target_matches_nothing::RULE,
    &patch_matches_no_resource::RULE,
    &generator_conflict::RULE,
    &invalid_generator::RULE,
    &not_rendered::RULE,
    &deprecated_field::RULE,
    &common_labels_on_selector::RULE,
];

/// The rule with id `id` (e.g. `kustomize/missing-resource`).
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let name = rule
                .id
                .strip_prefix("kustomize/")
                .unwrap_or_else(|| panic!("{} does not start with `kustomize/`", rule.id));
            assert!(
                !name.is_empty()
                    && !name.starts_with('-')
                    && !name.ends_with('-')
                    && !name.contains("--")
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
            assert_eq!(rule.language, Language::Kustomize, "{}", rule.id);
            assert!(
                !rule.summary.is_empty()
                    && !rule.summary.ends_with('.')
                    && !rule.summary.contains('\n'),
                "{}: the summary is one line without a final period",
                rule.id
            );
            assert_eq!(by_id(rule.id), Some(*rule));
        }
        assert_eq!(by_id("kustomize/no-such-rule"), None);
    }

    /// Every id the crate reports (a `"kustomize/…"` string in its source) is a rule here.
    #[test]
    fn reported_ids_are_registered() {
        let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        let mut reported = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("src/rules.rs") {
                    continue; // this test's own needle
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices("\"kustomize/") {
                    let id = &text[at + 1..];
                    let id = &id[..id.find('"').unwrap()];
                    assert!(
                        by_id(id).is_some(),
                        "{}: `{id}` is not registered",
                        path.display()
                    );
                    reported += 1;
                }
            }
        }
        assert!(reported > 0);
    }

    #[test]
    #[cfg(feature = "docs")]
    fn docs_have_the_fixed_headings() {
        for rule in RULES {
            let mut at = 0;
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Invalid",
                "## Valid",
            ] {
                let found = rule.docs[at..]
                    .find(&format!("{heading}\n"))
                    .unwrap_or_else(|| panic!("{} docs lack `{heading}` (in order)", rule.id));
                at += found + heading.len();
            }
        }
    }

    /// The blocks of a section: `(path, code)` for each fenced block whose info string is
    /// `yaml <path>`.
    #[cfg(feature = "docs")]
    fn workspace(docs: &str, section: &str) -> Vec<(String, String)> {
        let Some(start) = docs.find(section) else {
            return Vec::new();
        };
        let rest = &docs[start + section.len()..];
        let body = rest.find("\n## ").map_or(rest, |end| &rest[..end]);
        let mut files = Vec::new();
        let mut lines = body.lines();
        while let Some(line) = lines.next() {
            if let Some(info) = line.strip_prefix("```") {
                let code: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| !l.starts_with("```"))
                    .collect();
                let path = info.split_whitespace().nth(1).unwrap_or_else(|| {
                    panic!("block `{info}` has no `<language> <path>` info string")
                });
                files.push((path.trim().to_owned(), code.join("\n") + "\n"));
            }
        }
        files
    }

    /// Every example is a workspace of named files; the Valid one is something kustomize
    /// builds, so rendering each of its kustomizations reports no error and not the rule.
    #[test]
    #[cfg(feature = "docs")]
    fn examples_are_workspaces_and_valid_ones_render_cleanly() {
        use crate::files::Indexed;
        use crate::kustomization::FILE_NAMES;
        for rule in RULES {
            for section in ["## Invalid", "## Valid"] {
                let files = workspace(rule.docs, section);
                assert!(!files.is_empty(), "{}: no example under {section}", rule.id);
                let mut paths = std::collections::HashSet::new();
                for (path, _) in &files {
                    assert!(paths.insert(path), "{}: `{path}` twice", rule.id);
                }
                assert!(
                    files.iter().any(|(path, _)| FILE_NAMES
                        .iter()
                        .any(|name| path.rsplit('/').next() == Some(name))),
                    "{}: the {section} example has no kustomization file",
                    rule.id
                );
                if section != "## Valid" {
                    continue;
                }
                let index = Indexed::from_files(
                    files
                        .iter()
                        .map(|(path, text)| (path.as_str(), text.as_str())),
                );
                for (path, _) in &files {
                    let Some(dir) = FILE_NAMES.iter().find_map(|name| path.strip_suffix(name))
                    else {
                        continue;
                    };
                    let render = crate::render(&index, dir, crate::Options::default());
                    let wrong: Vec<_> = render
                        .findings
                        .iter()
                        .filter(|f| {
                            f.rule == rule.id || f.severity == drydock_base::Severity::Error
                        })
                        .collect();
                    assert!(
                        wrong.is_empty(),
                        "{}: the Valid example's `{path}` renders with {wrong:#?}",
                        rule.id
                    );
                }
            }
        }
    }
}
