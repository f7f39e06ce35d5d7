//! Every rule of every language, in one stable order: the registries of the language crates
//! (each rule a file there, with its metadata and documentation beside its code) and the
//! cross-file rules of `drydock_links`.

pub use drydock_base::rule::{
    FixKind, Language, Match, Mirror, RuleMeta, docs, names_rule, summary,
};

/// Every rule, in a stable order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    let dockerfile = drydock_dockerfile::rules::RULES
        .iter()
        .map(|(meta, _)| *meta);
    let yaml = drydock_yaml::rules::RULES.iter().map(|(meta, _)| *meta);
    let kubernetes = drydock_k8s::rules::RULES.iter().map(|(meta, _)| *meta);
    let workspace = drydock_links::rules::METAS.iter().copied();
    let kustomize = drydock_kustomize::rules::RULES.iter().copied();
    let compose = drydock_compose::rules::RULES.iter().copied();
    let helm = drydock_helm::rules::RULES.iter().copied();
    dockerfile
        .chain(yaml)
        .chain(kubernetes)
        .chain(workspace)
        .chain(kustomize)
        .chain(compose)
        .chain(helm)
}

/// The rule a render reports under (a Kustomize, Compose or Helm rule), by its id.
pub fn render_rule(id: &str) -> Option<&'static RuleMeta> {
    drydock_kustomize::rules::by_id(id)
        .or_else(|| drydock_compose::rules::by_id(id))
        .or_else(|| drydock_helm::rules::by_id(id))
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
                [
                    "dockerfile",
                    "yaml",
                    "kubernetes",
                    "kustomize",
                    "compose",
                    "helm"
                ]
                .contains(&language),
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
