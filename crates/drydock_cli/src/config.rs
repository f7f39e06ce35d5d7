//! The configuration: `.drydock.yaml`, or hadolint's `.hadolint.yaml` when there is no Drydock
//! configuration, found from the current directory upwards (or named with `--config`).
//!
//! Both are read with serde. Every check of a value (rule ids, severities, versions, globs)
//! happens while deserialising, so each error carries the line and column of the offending key
//! or value.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use drydock_core::Severity;
use drydock_core::k8s::KubernetesVersion;
use drydock_core::settings::RuleSetting;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny};

use crate::glob::Glob;

pub const DRYDOCK_NAMES: [&str; 2] = [".drydock.yaml", ".drydock.yml"];
pub const HADOLINT_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// Settings read from a configuration file, in the form the rest of the CLI uses.
#[derive(Debug, Default)]
pub struct Config {
    /// The file they came from, if any.
    pub file: Option<PathBuf>,
    /// Rule name (our id, or one a rule mirrors, such as `DL3008`) → what to do with it, in the
    /// order given: a later setting for the same name replaces an earlier one.
    pub rules: Vec<(String, RuleSetting)>,
    /// The Kubernetes version manifests are checked against, e.g. `1.30`.
    pub kubernetes_version: Option<KubernetesVersion>,
    /// Paths never checked, relative to `base`.
    pub ignore: Vec<Glob>,
    /// The directory `ignore` patterns and `images` paths are relative to.
    pub base: PathBuf,
    /// Image name (registry/repository, no tag) → the Dockerfile that builds it.
    pub images: BTreeMap<String, String>,
    pub trusted_registries: Vec<String>,
    pub failure_threshold: Option<Threshold>,
    /// hadolint's `no-color: true`.
    pub no_color: bool,
}

/// Which findings make `drydock check` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// Findings of this severity or worse.
    AtLeast(Severity),
    /// None: report, never fail.
    Never,
}

impl Threshold {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            Threshold::AtLeast(threshold) => severity >= threshold,
            Threshold::Never => false,
        }
    }
}

/// A configuration file that cannot be used; `Display` gives `path:line:column: message`.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The configuration for a run from `cwd`: the file named by `--config`, else the nearest
/// `.drydock.yaml` in `cwd` or above, else the nearest `.hadolint.yaml`, else the defaults.
pub fn load(explicit: Option<&Path>, cwd: &Path) -> Result<Config, ConfigError> {
    load_with(explicit, cwd, &|path| std::fs::read_to_string(path))
}

/// [`load`], with the file's text given by `read` (the language server's open document, unsaved,
/// before the disk's).
pub fn load_with(
    explicit: Option<&Path>,
    cwd: &Path,
    read: &dyn Fn(&Path) -> std::io::Result<String>,
) -> Result<Config, ConfigError> {
    let (path, hadolint) = match explicit {
        Some(path) => {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            (cwd.join(path), name.contains("hadolint"))
        }
        None => match find_upwards(cwd, &DRYDOCK_NAMES) {
            Some(path) => (path, false),
            None => match find_upwards(cwd, &HADOLINT_NAMES) {
                Some(path) => (path, true),
                None => {
                    return Ok(Config {
                        base: cwd.to_path_buf(),
                        ..Config::default()
                    });
                }
            },
        },
    };
    let text = read(&path).map_err(|error| ConfigError {
        path: path.clone(),
        location: None,
        message: match error.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            _ => format!("cannot read it: {error}"),
        },
    })?;
    let mut config = if hadolint {
        parse_hadolint(&text)
    } else {
        parse_drydock(&text)
    }
    .map_err(|error| ConfigError {
        path: path.clone(),
        location: error.location,
        message: error.message,
    })?;
    config.base = path
        .parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    config.file = Some(path);
    Ok(config)
}

fn find_upwards(start: &Path, names: &[&str]) -> Option<PathBuf> {
    start.ancestors().find_map(|dir| {
        names
            .iter()
            .map(|name| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// An error in a file's text, before it is tied to the file's path.
#[derive(Debug)]
pub struct TextError {
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl From<serde_yaml::Error> for TextError {
    fn from(error: serde_yaml::Error) -> Self {
        let location = error
            .location()
            .map(|location| (location.line(), location.column()));
        // serde_yaml appends " at line L column C"; the location is given separately.
        let mut message = error.to_string();
        if let Some((line, column)) = location {
            let suffix = format!(" at line {line} column {column}");
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
        }
        TextError {
            location,
            message: message.replace("unknown field", "unknown key"),
        }
    }
}

/// True when the YAML holds no document or only `null` (an empty or all-comment file).
fn is_empty_yaml(text: &str) -> Result<bool, TextError> {
    Ok(serde_yaml::from_str::<serde_yaml::Value>(text)?.is_null())
}

/// Deserialises a string through `parse`. The check runs inside the deserialiser's visitor, so
/// serde_yaml reports the value's own line and column rather than its mapping's.
fn parse_str<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    expecting: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    struct Visitor<F> {
        expecting: &'static str,
        parse: F,
    }
    impl<T, F: FnOnce(&str) -> Result<T, String>> de::Visitor<'_> for Visitor<F> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            (self.parse)(value).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(Visitor { expecting, parse })
}

// ---------------------------------------------------------------------------------------------
// .drydock.yaml

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a mapping of settings (`rules`, `kubernetes-version`, `ignore`, `images`, `trusted-registries`, `failure-threshold`)"
)]
struct DrydockFile {
    #[serde(default)]
    rules: BTreeMap<RuleKey, Setting>,
    kubernetes_version: Option<Version>,
    #[serde(default)]
    ignore: Vec<Glob>,
    #[serde(default)]
    images: BTreeMap<ImageName, String>,
    #[serde(default)]
    trusted_registries: Vec<Registry>,
    failure_threshold: Option<Threshold>,
}

pub fn parse_drydock(text: &str) -> Result<Config, TextError> {
    if is_empty_yaml(text)? {
        return Ok(Config::default());
    }
    let file: DrydockFile = serde_yaml::from_str(text)?;
    Ok(Config {
        rules: file
            .rules
            .into_iter()
            .map(|(key, setting)| (key.0, setting.0))
            .collect(),
        kubernetes_version: file.kubernetes_version.map(|version| version.0),
        ignore: file.ignore,
        images: file
            .images
            .into_iter()
            .map(|(image, dockerfile)| (image.0, dockerfile))
            .collect(),
        trusted_registries: file.trusted_registries.into_iter().map(|r| r.0).collect(),
        failure_threshold: file.failure_threshold,
        ..Config::default()
    })
}

/// A rule name that names at least one rule: ours (`dockerfile/unknown-instruction`), without
/// its language (`unknown-instruction`), or one that a rule mirrors (`DL1000`, `hadolint:DL1000`).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct RuleKey(String);

/// The rules a name names.
pub fn rules_named(name: &str) -> Vec<&'static drydock_core::rules::RuleMeta> {
    drydock_core::settings::rules_named(name).collect()
}

impl<'de> Deserialize<'de> for RuleKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "a rule id", |name| {
            if rules_named(name).is_empty() {
                return Err(format!(
                    "unknown rule `{name}`: `drydock rules` lists the rule ids and what they mirror"
                ));
            }
            Ok(RuleKey(name.to_owned()))
        })
    }
}

/// The core's [`RuleSetting`] (`off`, `on`, a severity, a boolean, or `{enabled, severity}`),
/// read inside the visitor so that a bad value is reported at its own position.
struct Setting(RuleSetting);

impl<'de> Deserialize<'de> for Setting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::value::{BoolDeserializer, MapAccessDeserializer, StrDeserializer};
        struct Visitor;
        impl<'de> de::Visitor<'de> for Visitor {
            type Value = Setting;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`off`, `on`, `error`, `warning`, `info`, or `{enabled, severity}`")
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Setting, E> {
                RuleSetting::deserialize(BoolDeserializer::<E>::new(value)).map(Setting)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Setting, E> {
                RuleSetting::deserialize(StrDeserializer::<E>::new(value)).map(Setting)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Setting, A::Error> {
                RuleSetting::deserialize(MapAccessDeserializer::new(map)).map(Setting)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn severity(name: &str) -> Option<Severity> {
    match name {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "info" => Some(Severity::Info),
        _ => None,
    }
}

impl<'de> Deserialize<'de> for Threshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "a severity", |name| {
            parse_threshold(name).ok_or_else(|| {
                format!("`{name}` is not a threshold: use `error`, `warning`, `info` or `none`")
            })
        })
    }
}

/// `error`, `warning`, `info` or `none` (the values of `--failure-threshold`).
pub fn parse_threshold(name: &str) -> Option<Threshold> {
    match name {
        "none" => Some(Threshold::Never),
        other => severity(other).map(Threshold::AtLeast),
    }
}

/// A Kubernetes version written as a string (`"1.30"`), as the core parses it.
struct Version(KubernetesVersion);

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Version;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a Kubernetes version as a string, such as \"1.30\"")
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Version, E> {
                Err(E::custom(format!(
                    "write the Kubernetes version in quotes (\"1.30\"): YAML reads {value} as a number, and 1.30 would become 1.3"
                )))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Version, E> {
                self.visit_f64(value as f64)
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Version, E> {
                self.visit_f64(value as f64)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Version, E> {
                value.parse().map(Version).map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for Glob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "a path pattern", |pattern| {
            Glob::new(pattern).map_err(|message| format!("bad path pattern `{pattern}`: {message}"))
        })
    }
}

/// An image reference without tag or digest, e.g. `registry.example.com/team/app`.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct ImageName(String);

impl<'de> Deserialize<'de> for ImageName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "an image name", |name| {
            let last = name.rsplit('/').next().unwrap_or(name);
            let valid = !name.is_empty()
                && !name.contains(char::is_whitespace)
                && !name.contains('@')
                && !last.contains(':')
                && !name.split('/').any(str::is_empty);
            if !valid {
                return Err(format!(
                    "`{name}` is not an image name: give the repository without tag or digest, e.g. `registry.example.com/team/app`"
                ));
            }
            Ok(ImageName(name.to_owned()))
        })
    }
}

/// A registry host (`docker.io`, `registry.example.com:5000`).
struct Registry(String);

impl<'de> Deserialize<'de> for Registry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "a registry host", |host| {
            if host.is_empty() || host.contains(['/', ' ', '@']) {
                return Err(format!(
                    "`{host}` is not a registry host, such as `docker.io` or `registry.example.com:5000`"
                ));
            }
            Ok(Registry(host.to_owned()))
        })
    }
}

// ---------------------------------------------------------------------------------------------
// .hadolint.yaml

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "hadolint's settings (`ignored`, `override`, `trustedRegistries`, `failure-threshold`, ...)"
)]
struct HadolintFile {
    #[serde(default)]
    ignored: Vec<String>,
    #[serde(default, rename = "override")]
    overrides: HadolintOverride,
    #[serde(default, rename = "trustedRegistries")]
    trusted_registries: OneOrMany<Registry>,
    #[serde(rename = "failure-threshold")]
    failure_threshold: Option<HadolintThreshold>,
    #[serde(default, rename = "no-fail")]
    no_fail: bool,
    #[serde(default, rename = "no-color")]
    no_color: bool,
    // hadolint's own concerns, accepted so that a team's file works unchanged.
    #[serde(default, rename = "format")]
    _format: Option<IgnoredAny>,
    #[serde(default, rename = "label-schema")]
    _label_schema: Option<IgnoredAny>,
    #[serde(default, rename = "strict-labels")]
    _strict_labels: Option<IgnoredAny>,
    #[serde(default, rename = "disable-ignore-pragma")]
    _disable_ignore_pragma: Option<IgnoredAny>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct HadolintOverride {
    #[serde(default)]
    error: Vec<String>,
    #[serde(default)]
    warning: Vec<String>,
    #[serde(default)]
    info: Vec<String>,
    /// hadolint's lowest level; Drydock's is `info`.
    #[serde(default)]
    style: Vec<String>,
}

/// `trustedRegistries` takes one registry or a list.
struct OneOrMany<T>(Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either<T> {
            Many(Vec<T>),
            One(T),
        }
        Ok(OneOrMany(match Either::deserialize(deserializer)? {
            Either::Many(many) => many,
            Either::One(one) => vec![one],
        }))
    }
}

struct HadolintThreshold(Threshold);

impl<'de> Deserialize<'de> for HadolintThreshold {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parse_str(deserializer, "a severity", |name| {
            let threshold = match name {
                "style" => Some(Threshold::AtLeast(Severity::Info)),
                "ignore" | "none" => Some(Threshold::Never),
                other => parse_threshold(other),
            };
            threshold.map(HadolintThreshold).ok_or_else(|| {
                format!(
                    "`{name}` is not a threshold: use `error`, `warning`, `info`, `style`, `ignore` or `none`"
                )
            })
        })
    }
}

/// hadolint's settings as Drydock's. Rule ids that no Drydock rule mirrors (hadolint checks we
/// do not have, ShellCheck's `SC…`) are skipped: they have nothing to switch off.
pub fn parse_hadolint(text: &str) -> Result<Config, TextError> {
    if is_empty_yaml(text)? {
        return Ok(Config::default());
    }
    let file: HadolintFile = serde_yaml::from_str(text)?;
    let known = |id: &String| !rules_named(id).is_empty();
    let mut rules = Vec::new();
    let overrides = [
        (file.overrides.error, Severity::Error),
        (file.overrides.warning, Severity::Warning),
        (file.overrides.info, Severity::Info),
        (file.overrides.style, Severity::Info),
    ];
    for (ids, severity) in overrides {
        rules.extend(
            ids.into_iter()
                .filter(known)
                .map(|id| (id, RuleSetting::severity(severity))),
        );
    }
    // `ignored` wins over `override`, as in hadolint.
    rules.extend(file.ignored.into_iter().filter(known).map(|id| {
        let off = RuleSetting {
            enabled: Some(false),
            severity: None,
        };
        (id, off)
    }));
    let failure_threshold = if file.no_fail {
        Some(Threshold::Never)
    } else {
        file.failure_threshold.map(|threshold| threshold.0)
    };
    Ok(Config {
        rules,
        trusted_registries: file.trusted_registries.0.into_iter().map(|r| r.0).collect(),
        failure_threshold,
        no_color: file.no_color,
        ..Config::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_file_is_the_defaults() {
        let config = parse_drydock("# nothing yet\n").unwrap();
        assert!(config.rules.is_empty() && config.failure_threshold.is_none());
        assert!(parse_hadolint("").unwrap().rules.is_empty());
    }
}
