//! Kubernetes versions: the target a workspace is checked against.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A Kubernetes minor version, 1.x. Patch versions do not change the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KubernetesVersion {
    pub minor: u16,
}

impl KubernetesVersion {
    /// The newest version the embedded schema describes, and the default target.
    pub const LATEST: KubernetesVersion = KubernetesVersion { minor: 37 };
    /// The oldest version whose API lifecycle Drydock knows.
    pub const OLDEST: KubernetesVersion = KubernetesVersion { minor: 16 };

    pub const fn new(minor: u16) -> Self {
        KubernetesVersion { minor }
    }
}

impl Default for KubernetesVersion {
    fn default() -> Self {
        Self::LATEST
    }
}

impl fmt::Display for KubernetesVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.minor)
    }
}

impl FromStr for KubernetesVersion {
    type Err = String;

    /// Accepts `1.30`, `v1.30`, `1.30.2`; the range is 1.16 to 1.37.
    fn from_str(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        let bare = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let mut parts = bare.split('.');
        let major = parts.next();
        let minor = parts.next().and_then(|m| m.parse::<u16>().ok());
        let patch_ok =
            parts.next().is_none_or(|p| p.parse::<u32>().is_ok()) && parts.next().is_none();
        match (major, minor) {
            (Some("1"), Some(minor)) if patch_ok => {
                let version = KubernetesVersion { minor };
                if version < Self::OLDEST || version > Self::LATEST {
                    return Err(format!(
                        "Kubernetes {version} is outside the versions Drydock knows ({} to {})",
                        Self::OLDEST,
                        Self::LATEST
                    ));
                }
                Ok(version)
            }
            _ => Err(format!(
                "`{text}` is not a Kubernetes version: write it like `1.30`"
            )),
        }
    }
}

impl TryFrom<String> for KubernetesVersion {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<KubernetesVersion> for String {
    fn from(version: KubernetesVersion) -> String {
        version.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_bounds_versions() {
        assert_eq!("1.30".parse(), Ok(KubernetesVersion::new(30)));
        assert_eq!("v1.16.4".parse(), Ok(KubernetesVersion::new(16)));
        assert!("1.15".parse::<KubernetesVersion>().is_err());
        assert!("1.38".parse::<KubernetesVersion>().is_err());
        assert!("2.1".parse::<KubernetesVersion>().is_err());
        assert!("1.x".parse::<KubernetesVersion>().is_err());
        assert_eq!(KubernetesVersion::new(9).to_string(), "1.9");
    }
}
