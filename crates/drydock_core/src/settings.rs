//! Configuration passed to [`crate::check_with`]: which rules run and at what severity.
//!
//! A rule is named by its id (`dockerfile/undefined-var`), its name without the language
//! (`undefined-var`), or any id it mirrors in another tool (`UndefinedVar`, `DL3008`), optionally
//! with the tool in front (`buildkit:UndefinedVar`, `hadolint:DL3008`). Names compare without
//! regard to case. When several names match one rule, Drydock's own id wins over a mirrored one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rules::RuleMeta;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Per rule name: enable, disable, or change the severity.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    /// The Kubernetes version manifests are checked against (`"1.30"`); the newest Drydock knows
    /// (1.37) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes_version: Option<crate::k8s::KubernetesVersion>,
    /// The registries `FROM` images may come from (`docker.io`, `registry.example.com:5000`), as
    /// hadolint's `trustedRegistries`; empty means any. Read from `.drydock.yaml` and
    /// `.hadolint.yaml`; no rule consults it yet.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_registries: Vec<String>,
    /// Image name without tag (`registry.example.com/team/api`) → the workspace path of the
    /// Dockerfile that builds it, for linking manifests to Dockerfiles
    /// ([`crate::k8s::dockerfile_link`]); it wins over the annotation and the name heuristics.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub images: BTreeMap<String, String>,
}

/// What to do with one rule. In a configuration file either a word — `"off"`, `"on"`, `"info"`,
/// `"warning"`, `"error"` — or `{ enabled = …, severity = … }`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RuleSettingRepr")]
pub struct RuleSetting {
    pub enabled: Option<bool>,
    pub severity: Option<Severity>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RuleSettingRepr {
    Word(String),
    Bool(bool),
    Table {
        #[serde(default)]
        enabled: Option<bool>,
        #[serde(default)]
        severity: Option<Severity>,
    },
}

impl TryFrom<RuleSettingRepr> for RuleSetting {
    type Error = String;

    fn try_from(repr: RuleSettingRepr) -> Result<Self, String> {
        Ok(match repr {
            RuleSettingRepr::Bool(enabled) => RuleSetting {
                enabled: Some(enabled),
                severity: None,
            },
            RuleSettingRepr::Table { enabled, severity } => RuleSetting { enabled, severity },
            RuleSettingRepr::Word(word) => match word.to_ascii_lowercase().as_str() {
                "off" | "disable" | "disabled" | "false" => RuleSetting {
                    enabled: Some(false),
                    severity: None,
                },
                "on" | "enable" | "enabled" | "true" => RuleSetting {
                    enabled: Some(true),
                    severity: None,
                },
                "info" => RuleSetting::severity(Severity::Info),
                "warning" | "warn" => RuleSetting::severity(Severity::Warning),
                "error" => RuleSetting::severity(Severity::Error),
                other => {
                    return Err(format!(
                        "unknown rule setting `{other}`: use off, on, info, warning or error"
                    ));
                }
            },
        })
    }
}

impl RuleSetting {
    /// Enabled, at `severity`.
    pub const fn severity(severity: Severity) -> Self {
        RuleSetting {
            enabled: Some(true),
            severity: Some(severity),
        }
    }
}

/// How a rule runs once the settings are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effective {
    pub enabled: bool,
    pub severity: Severity,
}

impl Settings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn enable(&mut self, name: impl Into<String>) -> &mut Self {
        self.rules.entry(name.into()).or_default().enabled = Some(true);
        self
    }

    pub fn disable(&mut self, name: impl Into<String>) -> &mut Self {
        self.rules.entry(name.into()).or_default().enabled = Some(false);
        self
    }

    /// Sets the severity (and enables the rule).
    pub fn set_severity(&mut self, name: impl Into<String>, severity: Severity) -> &mut Self {
        let setting = self.rules.entry(name.into()).or_default();
        setting.severity = Some(severity);
        setting.enabled.get_or_insert(true);
        self
    }

    /// Whether `rule` runs, and at what severity.
    pub fn effective(&self, rule: &RuleMeta) -> Effective {
        let mut effective = Effective {
            enabled: rule.enabled_by_default,
            severity: rule.severity,
        };
        // Mirrored names first, so that the rule's own id has the last word.
        for own in [false, true] {
            for (name, setting) in &self.rules {
                let matched = match names_rule(rule, name) {
                    Some(Match::Own) => own,
                    Some(Match::Mirror) => !own,
                    None => false,
                };
                if matched {
                    if let Some(enabled) = setting.enabled {
                        effective.enabled = enabled;
                    }
                    if let Some(severity) = setting.severity {
                        effective.severity = severity;
                    }
                }
            }
        }
        effective
    }

    /// The names that match no rule at all (likely typos), for front ends to warn about.
    pub fn unknown_names(&self) -> Vec<&str> {
        self.rules
            .keys()
            .filter(|name| !crate::rules::all().any(|rule| names_rule(rule, name).is_some()))
            .map(String::as_str)
            .collect()
    }
}

/// Every rule that `name` names, in any of the forms above (for `drydock rules DL3008`).
pub fn rules_named(name: &str) -> impl Iterator<Item = &'static RuleMeta> + '_ {
    crate::rules::all().filter(move |rule| names_rule(rule, name).is_some())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    Own,
    Mirror,
}

/// Whether `name` names `rule`: by its id, its name without the language, or a mirrored id
/// (with or without `tool:` in front).
pub(crate) fn names_rule(rule: &RuleMeta, name: &str) -> Option<Match> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::by_id;

    #[test]
    fn names_match_ids_short_names_and_mirrors() {
        let rule = by_id("dockerfile/unknown-instruction").unwrap();
        for name in [
            "dockerfile/unknown-instruction",
            "unknown-instruction",
            "UNKNOWN_INSTRUCTION",
            "dockerfile-utils:UNKNOWN_INSTRUCTION",
            "dl1000",
        ] {
            assert!(names_rule(rule, name).is_some(), "{name}");
        }
        assert!(names_rule(rule, "DL3008").is_none());
        assert!(names_rule(rule, "hadolint:UNKNOWN_INSTRUCTION").is_none());
    }

    #[test]
    fn own_id_wins_over_a_mirror() {
        let rule = by_id("dockerfile/unknown-instruction").unwrap();
        let mut settings = Settings::new();
        settings
            .set_severity("dockerfile/unknown-instruction", Severity::Info)
            .disable("DL1000");
        assert_eq!(
            settings.effective(rule),
            Effective {
                enabled: true,
                severity: Severity::Info
            }
        );
        let mut settings = Settings::new();
        settings.disable("DL1000");
        assert!(!settings.effective(rule).enabled);
    }

    #[test]
    fn deserializes_words_and_tables() {
        let settings: Settings = serde_json::from_str(
            r#"{"rules": {"DL3008": "off", "UndefinedVar": "error", "x": {"severity": "info"}, "y": true}}"#,
        )
        .unwrap();
        assert_eq!(settings.rules["DL3008"].enabled, Some(false));
        assert_eq!(
            settings.rules["UndefinedVar"].severity,
            Some(Severity::Error)
        );
        assert_eq!(settings.rules["x"].severity, Some(Severity::Info));
        assert_eq!(settings.rules["y"].enabled, Some(true));
        assert!(settings.unknown_names().ends_with(&["x", "y"]));
        assert!(serde_json::from_str::<Settings>(r#"{"rules": {"a": "loud"}}"#).is_err());
    }
}
