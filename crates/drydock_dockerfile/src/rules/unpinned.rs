//! One finding per install command for the packages it installs without a version.

use crate::command::ShellWord;
use crate::rules::RuleMeta;
use drydock_base::diagnostic::Diagnostic;

/// Reports `packages` (the unpinned ones of one install command) as one finding: the first
/// package is its range and each other one a label, so that a 30-package `apt-get install` is one
/// finding, as in hadolint, while every package is still pointed at. `pin` joins a name and a
/// version in this package manager (`=`, `==`, `@`…); `advice` ends the message.
pub(super) fn report(
    rule: &'static RuleMeta,
    packages: &[&ShellWord],
    pin: &str,
    advice: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some((first, rest)) = packages.split_first() else {
        return;
    };
    let name = first.value.as_str();
    let message = if rest.is_empty() {
        format!(
            "`{name}` is installed without a version, so every build may get a different one: pin it, as in `{name}{pin}<version>`{advice}"
        )
    } else {
        let shown: Vec<String> = packages
            .iter()
            .take(3)
            .map(|p| format!("`{}`", p.value))
            .collect();
        let list = match packages.len() {
            2 | 3 => format!(
                "{} and {}",
                shown.get(..shown.len() - 1).unwrap_or_default().join(", "),
                shown.last().map_or("", String::as_str)
            ),
            n => format!("{} and {} more", shown.join(", "), n - 3),
        };
        format!(
            "{list} are installed without a version, so every build may get different ones: pin each, as in `{name}{pin}<version>`{advice}"
        )
    };
    let mut diagnostic = Diagnostic::new(rule, message, first.range);
    for package in rest {
        diagnostic = diagnostic.with_label(package.range, "also without a version");
    }
    out.push(diagnostic);
}
