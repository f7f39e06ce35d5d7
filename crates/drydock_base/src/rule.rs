//! What every rule is, whatever its language: [`RuleMeta`] (id, summary, severity, fix kind,
//! mirrors in other tools, documentation) and how a rule is named in settings and pragmas
//! ([`names_rule`]).
//!
//! [`RuleMeta`] is what the CLI's `drydock rules`, SARIF's `tool.driver.rules` and the
//! playground's rule pages are generated from. The rules themselves live in their language's
//! crate; this crate knows none of them.

use serde::Serialize;

use crate::severity::Severity;

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
    Kustomize,
    Compose,
    Helm,
}

/// Everything known about a rule except how it checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleMeta {
    /// Stable id: `<language>/<kebab-case-name>`. Never reused once published.
    pub id: &'static str,
    pub language: Language,
    /// One line: what the rule finds (empty without the `docs` feature: see [`summary`]).
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

/// A rule's one-line summary, as written in its file: `summary: crate::rules::summary("…")`.
///
/// Like [`docs`], the empty string without the `docs` feature: the playground's first load leaves
/// the summaries out too, and its rules reference takes them from the docs file it fetches.
pub const fn summary(line: &'static str) -> &'static str {
    if cfg!(feature = "docs") { line } else { "" }
}

/// How a name names a rule: as one of its own names, or as an id it mirrors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Own,
    Mirror,
}

/// Whether `name` names `rule`: by its id, its name without the language, or a mirrored id
/// (with or without `tool:` in front).
pub fn names_rule(rule: &RuleMeta, name: &str) -> Option<Match> {
    let name = name.trim();
    if name.eq_ignore_ascii_case(rule.id)
        || rule
            .id
            .split_once('/')
            .is_some_and(|(_, short)| short.eq_ignore_ascii_case(name))
    {
        return Some(Match::Own);
    }
    let mirrored = rule.mirrors.iter().any(|mirror| {
        mirror.id.eq_ignore_ascii_case(name)
            || name.split_once([':', '/']).is_some_and(|(tool, id)| {
                tool.eq_ignore_ascii_case(mirror.tool) && id.eq_ignore_ascii_case(mirror.id)
            })
    });
    mirrored.then_some(Match::Mirror)
}
