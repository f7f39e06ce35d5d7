//! What package managers and installers mean by their words: which subcommand runs, which
//! words are packages, and where a flag can be inserted.

use super::{Command, ShellWord};
use drydock_base::text::TextRange;

/// Flags of each tool that take the next word as their value (named without dashes).
pub mod value_flags {
    pub const APT_GET: &[&str] = &["o", "option", "t", "target-release", "c", "config-file"];
    pub const APK: &[&str] = &[
        "t",
        "virtual",
        "X",
        "repository",
        "p",
        "root",
        "keys-dir",
        "repositories-file",
        "cache-dir",
        "arch",
    ];
    pub const PIP: &[&str] = &[
        "abi",
        "b",
        "build",
        "c",
        "constraint",
        "e",
        "editable",
        "extra-index-url",
        "f",
        "find-links",
        "i",
        "index-url",
        "implementation",
        "no-binary",
        "only-binary",
        "platform",
        "prefix",
        "progress-bar",
        "proxy",
        "python-version",
        "r",
        "requirement",
        "root",
        "src",
        "t",
        "target",
        "trusted-host",
        "upgrade-strategy",
        "cache-dir",
        "log",
        "timeout",
        "retries",
    ];
    pub const NPM: &[&str] = &[
        "prefix",
        "registry",
        "cache",
        "userconfig",
        "w",
        "workspace",
    ];
    pub const YUM: &[&str] = &[
        "c",
        "config",
        "d",
        "debuglevel",
        "e",
        "errorlevel",
        "x",
        "exclude",
        "enablerepo",
        "disablerepo",
        "installroot",
        "releasever",
        "setopt",
    ];
    pub const ZYPPER: &[&str] = &["r", "repo", "from", "t", "type", "root", "R"];
    pub const GEM: &[&str] = &[
        "v",
        "version",
        "i",
        "install-dir",
        "n",
        "bindir",
        "source",
        "s",
    ];
    pub const GO: &[&str] = &["o", "C", "mod", "tags", "ldflags", "gcflags", "p"];
}

impl Command {
    /// For `tool [flags] sub pkg…`: the words after `sub` that are not flags (nor values of
    /// `value_flags`), or `None` when the first operand is not one of `subs`.
    pub fn operands_after(&self, subs: &[&str], value_flags: &[&str]) -> Option<Vec<&ShellWord>> {
        let mut operands = self.operands(value_flags).into_iter();
        let first = operands.next()?;
        if !subs.contains(&first.value.as_str()) {
            return None;
        }
        Some(operands.collect())
    }

    /// Whether the first operand is one of `subs`.
    pub fn runs_subcommand(&self, subs: &[&str], value_flags: &[&str]) -> bool {
        self.subcommand(value_flags)
            .is_some_and(|w| subs.contains(&w.value.as_str()))
    }

    /// `pip`, `pip3`, `pip3.11`, or `python -m pip`.
    pub fn is_pip(&self) -> bool {
        let name = self.base_name();
        name == "pip"
            || name
                .strip_prefix("pip")
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
            || (name.starts_with("python")
                && self.args.windows(2).any(
                    |p| matches!(p, [m, pip] if m.value == "-m" && pip.value.starts_with("pip")),
                ))
    }

    /// The words of a pip command after `-m pip` (or all of them for `pip`).
    pub fn pip_args(&self) -> &[ShellWord] {
        if self.base_name().starts_with("python") {
            let at = self
                .args
                .iter()
                .position(|w| w.value.starts_with("pip"))
                .map_or(self.args.len(), |i| i + 1);
            return self.args.get(at..).unwrap_or(&[]);
        }
        &self.args
    }
}

/// Where to insert text right after `word`, if the word's range is exactly its text in the
/// source (not inside an escaped `sh -c` string, say).
pub fn insertion_after(word: &ShellWord, source: &str) -> Option<TextRange> {
    let slice = word.range.slice(source);
    (slice == word.value).then(|| TextRange::empty(word.range.end))
}
