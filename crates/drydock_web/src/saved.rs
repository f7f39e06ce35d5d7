//! What the playground keeps: in local storage, and in share links. Plain data, read by the
//! reducer (`state.rs`) and by the storage that writes it (`storage.rs`).

use std::collections::BTreeMap;

use drydock_core::{Severity, SourceFile};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// A rule's setting, chosen in the playground; rules without one keep their default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleChoice {
    Off,
    Error,
    Warning,
    Info,
}

/// What is kept with the workspace: in local storage, and in share links.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub files: Vec<SourceFile>,
    #[serde(default)]
    pub active: usize,
    #[serde(default)]
    pub settings: PlaygroundSettings,
}
