//! What the playground keeps: in local storage, and in share links. Plain data, read by the
//! reducer (`state.rs`) and by the storage that writes it (`storage.rs`).
//!
//! Its JSON is written and read by hand ([`Saved::to_json`], [`Saved::from_json`]): serde's
//! derives and serde_json cost the first load more than these few lines. The format is the one
//! those derives wrote, so links and saved workspaces from earlier versions still open:
//! `{"files":[{"name":…,"text":…}],"active":0,"settings":{"theme":"system","rules":{…},
//! "kubernetes_version":null}}`; every member but `files` may be left out, and unknown members
//! are ignored.

use std::collections::BTreeMap;

use drydock_base::json::{self, Value};
use drydock_core::{Severity, SourceFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// A rule's setting, chosen in the playground; rules without one keep their default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleChoice {
    Off,
    Error,
    Warning,
    Info,
}

/// What is kept with the workspace: in local storage, and in share links.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlaygroundSettings {
    pub theme: Theme,
    pub rules: BTreeMap<String, RuleChoice>,
    /// The Kubernetes version manifests are checked against, e.g. `1.30`; the newest by default.
    pub kubernetes_version: Option<String>,
}

impl PlaygroundSettings {
    /// The core's settings for these rule choices.
    pub fn core(&self) -> drydock_core::settings::Settings {
        let mut settings = drydock_core::settings::Settings::new();
        settings.kubernetes_version = self
            .kubernetes_version
            .as_deref()
            .and_then(|v| v.parse().ok());
        for (rule, choice) in &self.rules {
            match choice {
                RuleChoice::Off => settings.disable(rule.clone()),
                RuleChoice::Error => settings.set_severity(rule.clone(), Severity::Error),
                RuleChoice::Warning => settings.set_severity(rule.clone(), Severity::Warning),
                RuleChoice::Info => settings.set_severity(rule.clone(), Severity::Info),
            };
        }
        settings
    }
}

/// The saved form of the playground.
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    pub files: Vec<SourceFile>,
    pub active: usize,
    pub settings: PlaygroundSettings,
}

impl Theme {
    const NAMES: [(Theme, &'static str); 3] = [
        (Theme::System, "system"),
        (Theme::Light, "light"),
        (Theme::Dark, "dark"),
    ];
}

impl RuleChoice {
    const NAMES: [(RuleChoice, &'static str); 4] = [
        (RuleChoice::Off, "off"),
        (RuleChoice::Error, "error"),
        (RuleChoice::Warning, "warning"),
        (RuleChoice::Info, "info"),
    ];
}

/// The name `value` has in `names`.
fn name_of<T: PartialEq>(names: &[(T, &'static str)], value: &T) -> &'static str {
    names
        .iter()
        .find(|(v, _)| v == value)
        .map_or("", |(_, name)| name)
}

/// The value named `name` in `names`, or why there is none.
fn named<T: Copy>(names: &[(T, &'static str)], what: &str, value: &Value) -> Result<T, String> {
    let name = value
        .as_str()
        .ok_or_else(|| format!("{what} is not a string"))?;
    names
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(v, _)| *v)
        .ok_or_else(|| format!("unknown {what} `{name}`"))
}

impl Saved {
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(
            64 + self
                .files
                .iter()
                .map(|f| f.name.len() + f.text.len() + 24)
                .sum::<usize>(),
        );
        out.push_str("{\"files\":[");
        for (i, file) in self.files.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"name\":");
            json::write_string(&mut out, &file.name);
            out.push_str(",\"text\":");
            json::write_string(&mut out, &file.text);
            out.push('}');
        }
        out.push_str("],\"active\":");
        out.push_str(&self.active.to_string());
        out.push_str(",\"settings\":{\"theme\":\"");
        out.push_str(name_of(&Theme::NAMES, &self.settings.theme));
        out.push_str("\",\"rules\":{");
        for (i, (rule, choice)) in self.settings.rules.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_string(&mut out, rule);
            out.push_str(":\"");
            out.push_str(name_of(&RuleChoice::NAMES, choice));
            out.push('"');
        }
        out.push_str("},\"kubernetes_version\":");
        match &self.settings.kubernetes_version {
            Some(version) => json::write_string(&mut out, version),
            None => out.push_str("null"),
        }
        out.push_str("}}");
        out
    }

    /// [`Saved::from_json`] of bytes (a link's decoded payload), which must be UTF-8.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Saved, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8".to_owned())?;
        Saved::from_json(text)
    }

    /// Reads what [`Saved::to_json`] writes (or an embed's `{"files":[…],"active":0}`), or says
    /// what is wrong with it.
    pub fn from_json(text: &str) -> Result<Saved, String> {
        let value = json::parse(text).map_err(|e| e.to_string())?;
        let files = value
            .get("files")
            .ok_or("no `files`")?
            .as_array()
            .ok_or("`files` is not a list")?
            .iter()
            .map(|file| {
                let field = |key: &str| {
                    file.get(key)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| format!("a file has no `{key}` string"))
                };
                Ok(SourceFile {
                    name: field("name")?,
                    text: field("text")?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let active = match value.get("active") {
            None => 0,
            Some(active) => active.as_usize().ok_or("`active` is not a file's index")?,
        };
        let mut settings = PlaygroundSettings::default();
        if let Some(saved) = value.get("settings").filter(|s| **s != Value::Null) {
            if saved.as_object().is_none() {
                return Err("`settings` is not an object".to_owned());
            }
            if let Some(theme) = saved.get("theme") {
                settings.theme = named(&Theme::NAMES, "theme", theme)?;
            }
            if let Some(rules) = saved.get("rules").filter(|r| **r != Value::Null) {
                for (rule, choice) in rules.as_object().ok_or("`rules` is not an object")? {
                    settings.rules.insert(
                        rule.clone(),
                        named(&RuleChoice::NAMES, "rule setting", choice)?,
                    );
                }
            }
            settings.kubernetes_version = match saved.get("kubernetes_version") {
                None | Some(Value::Null) => None,
                Some(version) => Some(
                    version
                        .as_str()
                        .ok_or("`kubernetes_version` is not a string")?
                        .to_owned(),
                ),
            };
        }
        Ok(Saved {
            files,
            active,
            settings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_and_reads_the_derived_format() {
        let mut saved = Saved {
            files: vec![
                SourceFile {
                    name: "a \"b\".yaml".into(),
                    text: "x: 1\n\té😀".into(),
                },
                SourceFile {
                    name: "Dockerfile".into(),
                    text: String::new(),
                },
            ],
            active: 1,
            settings: PlaygroundSettings::default(),
        };
        assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved.clone()));
        saved.settings.theme = Theme::Dark;
        saved.settings.rules.insert("k8s/x".into(), RuleChoice::Off);
        saved
            .settings
            .rules
            .insert("dockerfile/y".into(), RuleChoice::Info);
        saved.settings.kubernetes_version = Some("1.30".into());
        assert_eq!(Saved::from_json(&saved.to_json()), Ok(saved.clone()));
        // What serde's derives wrote, byte for byte, reads the same.
        let derived = r#"{"files":[{"name":"a \"b\".yaml","text":"x: 1\n\té😀"},{"name":"Dockerfile","text":""}],"active":1,"settings":{"theme":"dark","rules":{"dockerfile/y":"info","k8s/x":"off"},"kubernetes_version":"1.30"}}"#;
        assert_eq!(saved.to_json(), derived);
        // An embed's link: files and active only.
        let embed =
            Saved::from_json(r#"{"files":[{"name":"Dockerfile","text":"FROM a"}],"active":0}"#)
                .unwrap();
        assert_eq!(embed.settings, PlaygroundSettings::default());
        for bad in [
            "{}",
            r#"{"files":{}}"#,
            r#"{"files":[{"name":1,"text":""}]}"#,
            r#"{"files":[],"active":-1}"#,
            r#"{"files":[],"settings":{"theme":"blue"}}"#,
            r#"{"files":[],"settings":{"rules":{"a":"loud"}}}"#,
            "[",
        ] {
            assert!(Saved::from_json(bad).is_err(), "{bad}");
        }
    }
}
