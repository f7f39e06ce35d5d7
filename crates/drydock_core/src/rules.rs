//! Rules: one per file, each with its metadata and documentation beside its code.
//!
//! [`RuleMeta`] is what the CLI's `drydock rules`, SARIF's `tool.driver.rules` and the
//! playground's rule pages are generated from.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::dockerfile::{Dockerfile, Semantic};

pub mod dockerfile;
pub mod kubernetes;
pub mod workspace;
pub mod yaml;

/// A rule in another tool that a Drydock rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mirror {
    pub tool: &'static str,
    pub id: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    /// The rule never offers a fix.
    None,
    /// Some findings carry a fix.
    Sometimes,
    /// Every finding carries a fix.
    Always,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Dockerfile,
    Yaml,
    Kubernetes,
}

/// Everything known about a rule except how it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable id: `<language>/<kebab-case-name>`. Never reused once published.
    pub id: &'static str,
    pub language: Language,
    /// One line: what the rule finds.
    pub summary: &'static str,
    pub severity: Severity,
    pub enabled_by_default: bool,
    pub fix: FixKind,
    pub mirrors: &'static [Mirror],
    /// Markdown with the headings `What it does`, `Why is this bad?`, `Invalid`, `Valid`.
    pub docs: &'static str,
}

/// A rule's documentation, as written in its file: `docs: crate::rules::docs(r#"…"#)`.
///
/// Without the `docs` feature (on by default) this is the empty string, evaluated at compile time,
/// so the Markdown never reaches the binary: the playground's wasm leaves the docs out of its first
/// load and fetches them when a rule page or hover needs them.
pub const fn docs(markdown: &'static str) -> &'static str {
    if cfg!(feature = "docs") { markdown } else { "" }
}

/// What a Dockerfile rule sees.
pub struct DockerfileContext<'a> {
    pub text: &'a str,
    pub tree: &'a Dockerfile,
    /// Stages, variables and stage references, computed once per file.
    pub semantic: &'a Semantic,
    /// Every `RUN` with the shell commands it runs, parsed once per file.
    pub runs: &'a [crate::dockerfile::command::Run<'a>],
    /// For the rules that read settings (`trusted-registries`).
    pub settings: &'a crate::settings::Settings,
}

/// What a YAML rule sees.
pub struct YamlContext<'a> {
    pub text: &'a str,
    /// The file's documents, parsed once.
    pub stream: &'a crate::yaml::Stream,
}

pub(crate) type DockerfileCheck = fn(&DockerfileContext<'_>, &mut Vec<Diagnostic>);
pub(crate) type YamlCheck = fn(&YamlContext<'_>, &mut Vec<Diagnostic>);
pub(crate) type KubernetesCheck = fn(&KubernetesContext<'_>, &mut Vec<Diagnostic>);

/// What a Kubernetes rule sees: the file's documents and the analysis of its objects.
pub struct KubernetesContext<'a> {
    pub text: &'a str,
    pub stream: &'a crate::yaml::Stream,
    pub analysis: &'a crate::k8s::Analysis,
}

pub(crate) const DOCKERFILE_RULES: &[(&RuleMeta, DockerfileCheck)] = dockerfile::RULES;

pub(crate) const YAML_RULES: &[(&RuleMeta, YamlCheck)] = yaml::RULES;

/// Every rule, in a stable order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    DOCKERFILE_RULES
        .iter()
        .map(|(meta, _)| *meta)
        .chain(YAML_RULES.iter().map(|(meta, _)| *meta))
        .chain(kubernetes::RULES.iter().map(|(meta, _)| *meta))
        .chain(workspace::RULES.iter().map(|(meta, _)| *meta))
}

pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    all().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for rule in all() {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let (language, name) = rule.id.split_once('/').expect("id has a language prefix");
            assert!(
                ["dockerfile", "yaml", "kubernetes"].contains(&language),
                "{}",
                rule.id
            );
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.id
            );
        }
    }

    #[test]
    #[cfg(feature = "docs")]
    fn docs_have_the_fixed_headings() {
        for rule in all() {
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Invalid",
                "## Valid",
            ] {
                assert!(
                    rule.docs.contains(heading),
                    "{} docs lack `{heading}`",
                    rule.id
                );
            }
            assert!(
                !rule.summary.is_empty() && !rule.summary.ends_with('.'),
                "{}",
                rule.id
            );
        }
    }
}
