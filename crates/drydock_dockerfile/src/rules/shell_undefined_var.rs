use std::collections::{HashMap, HashSet};

use super::suggest::Suggester;
use super::undefined_var::image_env;
use crate::command::{Command, Script, ShellKind, is_name, shell_form_script, shell_of};
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use crate::semantic::{Base, PLATFORM_ARGS};
use crate::{Arguments, Instruction, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/shell-undefined-var",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A `RUN`, `CMD` or `ENTRYPOINT` script uses a variable nothing sets",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `$NAME` and `${NAME}` in the shell script of a `RUN` (heredocs included), and of a
`CMD` or `ENTRYPOINT` in shell form, when nothing sets `NAME`: no `ARG` or `ENV` before it in
the stage (or its base stage), and no assignment in the script itself (`NAME=…`, `for NAME in`,
`read NAME`, `export`, `local`, `declare`…). When a defined name is close it is suggested, and
the fix renames the variable.

It stays quiet where the script may know better: `${NAME:-default}` and the other forms that
handle an unset variable, variables the shell or Docker always set (`HOME`, `PWD`, `HOSTNAME`,
`OPTARG`…), the proxy variables BuildKit passes, anything after the script sources a file
(`. file`, `source`, `eval`, `set -a`), login shells, and shells that are not POSIX (`SHELL
["powershell", …]`). Exec-form `CMD` and `ENTRYPOINT` run no shell and are not checked.

Without a registry Drydock cannot see what a base image defines. In stages built from `scratch`
or from common official images it reports every undefined name in `RUN`, and every use of a
global `ARG` (or of `TARGETARCH` and the other automatic platform `ARG`s) that the stage did not
declare; for other images, and for `CMD` and `ENTRYPOINT`, which may get variables from
`docker run -e`, it reports only names that look like a typo of a defined one.

## Why is this bad?
BuildKit does not expand variables in `RUN`, `CMD` and `ENTRYPOINT`: it hands the text to the
shell, which expands an unset variable to the empty string without any error. `RUN make -C
$BUILD_DRI` runs `make -C` in the wrong directory; `RUN echo $TARGETARCH` prints nothing unless
the stage says `ARG TARGETARCH`.

## Invalid
```dockerfile
FROM alpine:3.20
ENV BUILD_DIR=/src
RUN make -C $BUILD_DRI
```

## Valid
```dockerfile
FROM alpine:3.20
ENV BUILD_DIR=/src
RUN make -C $BUILD_DIR && echo "${CC:-cc}" && for f in *.c; do echo "$f"; done
```
"#,
    ),
};

/// Variables the shell, the kernel's loader or Docker set in every container.
const ALWAYS_SET: &[&str] = &[
    "HOME",
    "PATH",
    "PWD",
    "OLDPWD",
    "IFS",
    "PS1",
    "PS2",
    "PS3",
    "PS4",
    "SHELL",
    "USER",
    "HOSTNAME",
    "UID",
    "EUID",
    "GROUPS",
    "PPID",
    "RANDOM",
    "LINENO",
    "SECONDS",
    "OPTARG",
    "OPTIND",
    "OPTERR",
    "REPLY",
    "PIPESTATUS",
    "FUNCNAME",
    "HOSTTYPE",
    "MACHTYPE",
    "OSTYPE",
    "TERM",
    "LANG",
    "SHLVL",
    "SRANDOM",
    "EPOCHSECONDS",
    "EPOCHREALTIME",
    "COLUMNS",
    "LINES",
    "HISTFILE",
    "DIRSTACK",
    // `$_`: the last argument of the previous command.
    "_",
];

/// BuildKit's predefined ARGs: passed to `RUN` when given with `--build-arg`, without any `ARG`.
const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Commands whose operands name variables they set.
const SETTERS: &[&str] = &[
    "read",
    "export",
    "local",
    "declare",
    "typeset",
    "readonly",
    "getopts",
    "let",
    "mapfile",
    "readarray",
    "printf",
];

/// The shells whose `-l` or `-i` read profile files, which may set anything.
const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// Which instruction a script comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Run,
    /// `CMD` or `ENTRYPOINT`: the container's environment at run time may hold anything.
    Start,
}

/// The names `ARG` and `ENV` declared so far in one stage: filled as the instructions are visited
/// in order, each binding read once.
#[derive(Default)]
struct StageNames<'a> {
    set: HashSet<&'a str>,
    /// The same, in declaration order (the candidates of "did you mean").
    list: Vec<&'a str>,
    /// How many bindings of the stage's scope have been read.
    seen: usize,
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let semantic = ctx.semantic;
    let mut global_args: Vec<&str> = Vec::new();
    let mut global_set: HashSet<&str> = HashSet::new();
    for binding in semantic.global_args() {
        if global_set.insert(&binding.name) {
            global_args.push(&binding.name);
        }
    }
    // What each stage's base image defines, each stage taking its base stage's answer.
    let mut images: Vec<Option<&[&str]>> = Vec::with_capacity(semantic.stages.len());
    for stage in &semantic.stages {
        let image = match stage.base {
            Base::Stage(base) => images.get(base).copied().flatten(),
            _ => image_env(semantic, stage.index),
        };
        images.push(image);
    }
    // Per `SHELL` instruction: whether it is POSIX, and a login shell.
    let mut shells: HashMap<usize, (bool, bool)> = HashMap::new();
    let mut stages: Vec<StageNames<'_>> = Vec::new();
    stages.resize_with(semantic.stages.len(), StageNames::default);
    let mut runs = ctx.runs.iter().filter(|run| !run.onbuild).peekable();
    let mut suggester = Suggester::new();
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let Some(info) = semantic.instructions.get(index) else {
            continue;
        };
        let Some(stage) = info.stage else {
            continue;
        };
        let (posix, login_shell) = match info.shell {
            Some(shell) => *shells.entry(shell).or_insert_with(|| {
                ctx.tree.instructions.get(shell).map_or((true, false), |s| {
                    (shell_of(s).kind == ShellKind::Posix, is_login_shell(s))
                })
            }),
            None => (true, false),
        };
        let parsed;
        let (script, kind) = match instruction.keyword {
            Some(Keyword::Run) => {
                while runs.peek().is_some_and(|run| run.index < index) {
                    runs.next();
                }
                let Some(run) = runs.peek().filter(|run| run.index == index) else {
                    continue;
                };
                // The exec form runs its own `sh -c` (if any); the shell form runs under `SHELL`.
                let shell_form_checked = posix && run.is_posix() && !login_shell;
                if !(run.exec_form || shell_form_checked) {
                    continue;
                }
                (&run.script, Kind::Run)
            }
            Some(Keyword::Cmd | Keyword::Entrypoint) => {
                if !posix
                    || login_shell
                    || !matches!(instruction.arguments, Arguments::Shell { .. })
                {
                    continue;
                }
                parsed = shell_form_script(instruction, ctx.text);
                (&parsed, Kind::Start)
            }
            _ => continue,
        };
        if script.expansions.is_empty() {
            continue;
        }
        let Some(names) = stages.get_mut(stage) else {
            continue;
        };
        let bindings = semantic.env(index).bindings();
        for binding in bindings.get(names.seen..).unwrap_or_default() {
            if names.set.insert(&binding.name) {
                names.list.push(&binding.name);
            }
        }
        names.seen = names.seen.max(bindings.len());
        let image = images.get(stage).copied().flatten();
        let mut script_names = ScriptNames::of(script);
        if kind == Kind::Run {
            mount_env(instruction, &mut script_names.set);
        }
        let precise: HashSet<&str> = script
            .expansions
            .iter()
            .filter(|e| is_precise(e.range, e.name_range, &e.name, ctx.text))
            .map(|e| e.name.as_str())
            .collect();
        let mut reported: HashSet<TextRange> = HashSet::new();
        for expansion in &script.expansions {
            let name = expansion.name.as_str();
            if expansion.guarded
                || names.set.contains(name)
                || script_names.set.contains(name)
                || script_names
                    .opaque_from
                    .is_some_and(|from| expansion.range.start >= from)
                || is_always_set(name)
                || image.is_some_and(|image| image.contains(&name))
            {
                continue;
            }
            let exact = is_precise(expansion.range, expansion.name_range, name, ctx.text);
            if !exact && precise.contains(name) || !reported.insert(expansion.range) {
                continue;
            }
            let suggestion = suggester.suggest(
                name,
                names
                    .list
                    .iter()
                    .chain(&global_args)
                    .copied()
                    .chain(script_names.list.iter().copied())
                    .chain(image.unwrap_or_default().iter().copied()),
            );
            let global = global_set.contains(name);
            let automatic = PLATFORM_ARGS.iter().any(|(arg, _)| *arg == name);
            let report = suggestion.is_some()
                || kind == Kind::Run && (global || automatic || image.is_some());
            if !report {
                continue;
            }
            let place = match kind {
                Kind::Run => "`RUN`",
                Kind::Start if instruction.keyword == Some(Keyword::Cmd) => "`CMD`",
                Kind::Start => "`ENTRYPOINT`",
            };
            let mut message = format!(
                "`${name}` is not set: the shell expands it to an empty string without any error"
            );
            if let Some(suggestion) = suggestion {
                message.push_str(&format!(" (did you mean `${suggestion}`?)"));
            }
            let help = if global {
                format!(
                    "`{name}` is a global `ARG`: a stage sees it only after its own `ARG {name}`"
                )
            } else if automatic {
                format!(
                    "BuildKit defines `{name}` in the global scope: a stage sees it only after its own `ARG {name}`"
                )
            } else if kind == Kind::Start {
                format!(
                    "BuildKit leaves {place} to the shell; no `ENV` of the stage nor the script sets `{name}`"
                )
            } else {
                format!(
                    "BuildKit leaves {place} to the shell; no `ARG` or `ENV` of the stage nor the script sets `{name}`"
                )
            };
            let mut diagnostic = Diagnostic::new(&RULE, message, expansion.range).with_help(help);
            if let Some(suggestion) = suggestion
                && exact
            {
                diagnostic = diagnostic.with_fix(Fix::replace(
                    format!("Use `${suggestion}`"),
                    expansion.name_range,
                    suggestion,
                ));
            }
            out.push(diagnostic);
        }
    }
}

/// The names a script sets itself, and from where on it may set anything.
struct ScriptNames<'s> {
    set: HashSet<&'s str>,
    /// In first-assignment order, for suggestions.
    list: Vec<&'s str>,
    /// Where the script first sources a file, `eval`s, exports all (`set -a`) or starts a login
    /// shell: expansions from here on are not checked.
    opaque_from: Option<usize>,
}

impl<'s> ScriptNames<'s> {
    fn of(script: &'s Script) -> Self {
        let mut names = ScriptNames {
            set: HashSet::new(),
            list: Vec::new(),
            opaque_from: None,
        };
        for name in &script.assigned {
            names.add(name);
        }
        for command in &script.commands {
            for assignment in &command.assignments {
                if let Some(name) = assignment_name(&assignment.value) {
                    names.add(name);
                }
            }
            let base = command.base_name();
            if SETTERS.contains(&base) {
                for arg in &command.args {
                    if arg.value.starts_with(['-', '+']) {
                        continue;
                    }
                    if arg.dynamic && arg.value.starts_with('$') {
                        // `export $(cat .env | xargs)`: any name.
                        names.opaque(command);
                    } else if let Some(name) = assignment_name(&arg.value) {
                        names.add(name);
                    } else if is_name(&arg.value) {
                        names.add(&arg.value);
                    }
                }
            }
            let opaque = matches!(base, "." | "source" | "eval")
                || base == "set"
                    && (command.has_flag("a")
                        || command.args.iter().any(|a| a.value == "allexport"))
                || SHELLS.contains(&base) && command.has_any_flag(&["l", "login", "i"]);
            if opaque {
                names.opaque(command);
            }
        }
        names
    }

    fn add(&mut self, name: &'s str) {
        if self.set.insert(name) {
            self.list.push(name);
        }
    }

    fn opaque(&mut self, command: &Command) {
        let start = command.range.start;
        self.opaque_from = Some(self.opaque_from.map_or(start, |from| from.min(start)));
    }
}

/// `RUN --mount=type=secret,id=token,env=TOKEN` sets `TOKEN` for the command.
fn mount_env<'s>(instruction: &'s Instruction, set: &mut HashSet<&'s str>) {
    for flag in &instruction.flags {
        if !flag.name.value.eq_ignore_ascii_case("mount") {
            continue;
        }
        let Some(value) = &flag.value else {
            continue;
        };
        // Fields are comma-separated `key=value` pairs.
        for field in value.value.split(',') {
            if let Some((key, name)) = field.split_once('=')
                && key.trim().eq_ignore_ascii_case("env")
            {
                set.insert(name.trim());
            }
        }
    }
}

/// `NAME=value`, `NAME+=value`, `NAME[i]=value`: the name.
fn assignment_name(value: &str) -> Option<&str> {
    let (left, _) = value.split_once('=')?;
    let left = left.strip_suffix('+').unwrap_or(left);
    let left = left.split_once('[').map_or(left, |(name, _)| name);
    is_name(left).then_some(left)
}

/// Whether the shell always sets `name` or it is one of its families (`BASH_…`, `LC_…`).
fn is_always_set(name: &str) -> bool {
    ALWAYS_SET.contains(&name)
        || PROXY_ARGS.contains(&name)
        || name.starts_with("BASH")
        || name.starts_with("LC_")
}

/// Whether the expansion's ranges are its own text in the source (not a whole `sh -c` word).
fn is_precise(range: TextRange, name_range: TextRange, name: &str, text: &str) -> bool {
    range.slice(text).starts_with('$') && name_range.slice(text) == name
}

/// `SHELL ["/bin/bash", "-l", "-c"]`, `["bash", "--login", "-c"]`, `["bash", "-lc"]`, or `-i`:
/// the shell reads profile files first.
fn is_login_shell(shell: &Instruction) -> bool {
    let Arguments::Exec { elements, .. } = &shell.arguments else {
        return false;
    };
    elements.iter().skip(1).any(|e| {
        e.value == "--login"
            || e.value.starts_with('-')
                && !e.value.starts_with("--")
                && e.value.contains(['l', 'i'])
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::DockerfileContext;
    use drydock_base::diagnostic::Diagnostic;
    use drydock_base::text::TextRange;

    fn findings(text: &str) -> Vec<Diagnostic> {
        let tree = crate::parse(text);
        let semantic = crate::analyze(text, &tree);
        let runs = crate::command::runs(&tree, text);
        let ctx = DockerfileContext {
            text,
            tree: &tree,
            semantic: &semantic,
            runs: &runs,
            trusted_registries: &[],
        };
        let mut out = Vec::new();
        super::check(&ctx, &mut out);
        out
    }

    /// The shared corpus of real Dockerfiles (854 files): no finding (every one would have to be
    /// explained), and a typo in a `RUN` is found: for each `RUN` that uses an `ARG` or `ENV`
    /// variable of five letters or more, the first such use loses its last letter, and the
    /// mutated file must be reported there.
    #[test]
    fn corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpus/dockerfiles");
        // The corpus is part of the test setup (as for the other corpus tests): without it the
        // test fails rather than passes on nothing.
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("the shared corpus at {}: {e}", dir.display()));
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        let mut unexpected = Vec::new();
        let (mut tried, mut missed) = (0, Vec::new());
        for path in &paths {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            for d in findings(&text) {
                unexpected.push(format!("{name}: {:?} {}", d.range.slice(&text), d.message));
            }
            let tree = crate::parse(&text);
            let semantic = crate::analyze(&text, &tree);
            let typos: Vec<TextRange> = crate::command::runs(&tree, &text)
                .iter()
                .filter_map(|run| {
                    let env = semantic.env(run.index);
                    run.script
                        .expansions
                        .iter()
                        .find(|e| {
                            !e.guarded
                                && e.name.len() >= 5
                                && env.is_declared(&e.name)
                                && e.name_range.slice(&text) == e.name
                        })
                        .map(|e| e.name_range)
                })
                .collect();
            for range in typos {
                let mut mutated = text.clone();
                mutated.replace_range(range.end - 1..range.end, "");
                tried += 1;
                let found = findings(&mutated)
                    .iter()
                    .any(|d| d.range.start < range.end && range.start <= d.range.end);
                if !found {
                    missed.push(format!("{name}: {:?}", range.slice(&text)));
                }
            }
        }
        println!(
            "{} files, {} findings, {} of {tried} typos found",
            paths.len(),
            unexpected.len(),
            tried - missed.len()
        );
        assert!(
            unexpected.is_empty(),
            "findings:\n{}",
            unexpected.join("\n")
        );
        assert!(missed.is_empty(), "typos missed:\n{}", missed.join("\n"));
        assert!(
            tried > 500,
            "expected the corpus to have typos to try, got {tried}"
        );
    }
}
