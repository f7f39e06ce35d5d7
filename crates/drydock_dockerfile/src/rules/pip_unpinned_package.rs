use crate::command::{Command, ShellWord, is_flag, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/pip-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A pip package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3013",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `pip install` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means a version specifier (`==`, `>=`, `~=`…), a VCS URL with `@ref`, a local path or a wheel/sdist file. Installing from requirements files (`-r`) or constraints (`-c`) is fine.

## Why is this bad?
Without a version pip installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM python:3.12
RUN pip install --no-cache-dir requests
```

## Valid
```dockerfile
FROM python:3.12
RUN pip install --no-cache-dir requests==2.31.0
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        let Some((_, packages)) = pip_install(command) else {
            continue;
        };
        let args = command.pip_args();
        let from_files = args.iter().any(|w| {
            ["-r", "--requirement", "-c", "--constraint", "."].contains(&w.value.as_str())
                || w.value.starts_with("--requirement=")
                || w.value.starts_with("--constraint=")
                || (w.value.starts_with("-r") && !w.value.starts_with("--"))
        });
        if from_files {
            continue;
        }
        let unpinned: Vec<_> = packages
            .into_iter()
            // `ludwig[full]` is extras, not a glob: only a variable or a command substitution
            // makes the package unknown.
            .filter(|p| (!p.dynamic || !p.value.contains(['$', '`'])) && !is_pinned(&p.value))
            .collect();
        super::unpinned::report(
            &RULE,
            &unpinned,
            "==",
            ", or install from a requirements file",
            out,
        );
    }
}

/// A `pip install` and the words after `install`, or `None` for another command.
pub(super) fn pip_install(command: &Command) -> Option<(&ShellWord, Vec<&ShellWord>)> {
    if !command.is_pip() {
        return None;
    }
    let mut words = Vec::new();
    let mut install = None;
    let mut skip_next = false;
    for word in command.pip_args() {
        if skip_next {
            skip_next = false;
            continue;
        }
        if is_flag(word) {
            let name = word.value.trim_start_matches('-');
            skip_next = !name.contains('=') && value_flags::PIP.contains(&name);
            continue;
        }
        if install.is_none() {
            if word.value != "install" {
                return None;
            }
            install = Some(word);
        } else {
            words.push(word);
        }
    }
    install.map(|install| (install, words))
}

fn is_pinned(package: &str) -> bool {
    const VCS: &[&str] = &["git+", "git:", "hg+", "svn+", "svn:", "bzr+"];
    let vcs = VCS.iter().any(|p| package.starts_with(p));
    ["==", ">=", "<=", ">", "<", "!=", "~=", "==="]
        .iter()
        .any(|s| package.contains(s))
        || (vcs && package.contains('@'))
        || package.ends_with(".whl")
        || package.ends_with(".tar.gz")
        || package.ends_with(".zip")
        || (!vcs && package.contains('/'))
        || package.starts_with('.')
}
