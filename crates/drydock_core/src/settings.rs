//! Configuration passed to [`crate::check_with`]: which rules run and at what severity.
//!
//! A rule is named by its id (`dockerfile/undefined-var`), its name without the language
//! (`undefined-var`), or any id it mirrors in another tool (`UndefinedVar`, `DL3008`), optionally
//! with the tool in front (`buildkit:UndefinedVar`, `hadolint:DL3008`). Names compare without
//! regard to case. When several names match one rule, Drydock's own id wins over a mirrored one.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::rules::{Match, RuleMeta, names_rule};

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
    /// ([`crate::links::dockerfile_link`]); it wins over the annotation and the name heuristics.
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

    /// Whether these settings enable any cross-file rule (if none, a front end need not keep the
    /// files' parses for [`crate::check_workspace_rules_parsed`]).
    pub fn enables_workspace_rules(&self) -> bool {
        drydock_links::rules::METAS
            .iter()
            .any(|meta| self.effective(meta).enabled)
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

/// Every rule's [`Settings::effective`] at once ([`Settings::resolve`]): a check asks for each
/// rule on each file, and `effective` compares every configured name with the rule's names.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// The rules some configured name matches, by id; the others keep their defaults.
    overrides: HashMap<&'static str, Effective>,
}

impl Resolved {
    /// The same as [`Settings::effective`] of the settings this was resolved from.
    pub fn effective(&self, rule: &RuleMeta) -> Effective {
        self.overrides.get(rule.id).copied().unwrap_or(Effective {
            enabled: rule.enabled_by_default,
            severity: rule.severity,
        })
    }
}

impl Settings {
    /// Resolves every rule's setting in one pass over the configured names (each looked up among
    /// every name of every rule), with [`Settings::effective`]'s precedence.
    pub fn resolve(&self) -> Resolved {
        if self.rules.is_empty() {
            // Every rule as it is by default; the index of names is not needed (nor built, which
            // on the playground's first check would cost more than the check).
            return Resolved {
                overrides: HashMap::new(),
            };
        }
        let index = name_index();
        // Per rule: the matching settings, mirrored names' and own names', in name order.
        let mut matched: HashMap<
            &'static str,
            (&'static RuleMeta, Vec<&RuleSetting>, Vec<&RuleSetting>),
        > = HashMap::new();
        for (name, setting) in &self.rules {
            let Some(rules) = index.get(&name.trim().to_ascii_lowercase()) else {
                continue;
            };
            for &(rule, how) in rules {
                let entry = matched
                    .entry(rule.id)
                    .or_insert_with(|| (rule, Vec::new(), Vec::new()));
                match how {
                    Match::Mirror => entry.1.push(setting),
                    Match::Own => entry.2.push(setting),
                }
            }
        }
        let overrides = matched
            .into_values()
            .map(|(rule, mirrors, owns)| {
                let mut effective = Effective {
                    enabled: rule.enabled_by_default,
                    severity: rule.severity,
                };
                for setting in mirrors.into_iter().chain(owns) {
                    if let Some(enabled) = setting.enabled {
                        effective.enabled = enabled;
                    }
                    if let Some(severity) = setting.severity {
                        effective.severity = severity;
                    }
                }
                (rule.id, effective)
            })
            .collect();
        Resolved { overrides }
    }
}

/// Every name of every rule, lower-cased, as [`names_rule`] accepts it: the id, the id without
/// the language, and each mirrored id alone or after `tool:` or `tool/`. A name that is both a
/// rule's own and a mirrored one counts as its own.
fn name_index() -> &'static HashMap<String, Vec<(&'static RuleMeta, Match)>> {
    static INDEX: OnceLock<HashMap<String, Vec<(&'static RuleMeta, Match)>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<(&'static RuleMeta, Match)>> = HashMap::new();
        let mut add = |name: String, rule: &'static RuleMeta, how: Match| {
            let rules = index.entry(name.to_ascii_lowercase()).or_default();
            match rules.iter_mut().find(|(r, _)| r.id == rule.id) {
                Some(existing) if how == Match::Own => existing.1 = Match::Own,
                Some(_) => {}
                None => rules.push((rule, how)),
            }
        };
        for rule in crate::rules::all() {
            add(rule.id.to_owned(), rule, Match::Own);
            if let Some((_, short)) = rule.id.split_once('/') {
                add(short.to_owned(), rule, Match::Own);
            }
        }
        for rule in crate::rules::all() {
            for mirror in rule.mirrors {
                add(mirror.id.to_owned(), rule, Match::Mirror);
                add(
                    format!("{}:{}", mirror.tool, mirror.id),
                    rule,
                    Match::Mirror,
                );
                add(
                    format!("{}/{}", mirror.tool, mirror.id),
                    rule,
                    Match::Mirror,
                );
            }
        }
        index
    })
}

/// Every rule that `name` names, in any of the forms above (for `drydock rules DL3008`).
pub fn rules_named(name: &str) -> impl Iterator<Item = &'static RuleMeta> + '_ {
    crate::rules::all().filter(move |rule| names_rule(rule, name).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::by_id;

    #[test]
    fn resolved_settings_agree_with_effective() {
        // Every form of every rule's names, in odd cases and with spaces, with alternating
        // settings, and names that match nothing.
        let mut settings = Settings::new();
        for (n, rule) in crate::rules::all().enumerate() {
            let mut names = vec![rule.id.to_uppercase()];
            if let Some((_, short)) = rule.id.split_once('/') {
                names.push(format!(" {short} "));
            }
            for mirror in rule.mirrors {
                names.push(mirror.id.to_lowercase());
                names.push(format!("{}:{}", mirror.tool.to_uppercase(), mirror.id));
                names.push(format!("{}/{}", mirror.tool, mirror.id));
            }
            for (m, name) in names.into_iter().enumerate() {
                if (n + m) % 3 == 0 {
                    continue;
                }
                let setting = match (n + m) % 4 {
                    0 => RuleSetting {
                        enabled: Some(false),
                        severity: None,
                    },
                    1 => RuleSetting {
                        enabled: Some(true),
                        severity: Some(Severity::Info),
                    },
                    2 => RuleSetting {
                        enabled: None,
                        severity: Some(Severity::Error),
                    },
                    _ => RuleSetting {
                        enabled: Some(true),
                        severity: None,
                    },
                };
                settings.rules.insert(name, setting);
            }
        }
        settings
            .rules
            .insert("no-such-rule".into(), RuleSetting::default());
        let resolved = settings.resolve();
        for rule in crate::rules::all() {
            assert_eq!(
                resolved.effective(rule),
                settings.effective(rule),
                "{}",
                rule.id
            );
        }
        assert!(settings.rules.len() > 200);
    }

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
