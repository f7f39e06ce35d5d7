use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Flag, Instruction, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

use super::suggest::did_you_mean;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-flag",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A flag the instruction does not accept, given twice, or without the value it needs",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "Unknown flag / Duplicate flag specified / Missing a value on flag / Expecting boolean value",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_ADD_FLAG",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_COPY_FLAG",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_FROM_FLAG",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_HEALTHCHECK_FLAG",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_DUPLICATE",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_MISSING_VALUE",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_EXPECTED_BOOLEAN_VALUE",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Checks every `--flag` the way BuildKit does before it builds anything: the flag must be one the
instruction accepts (`COPY --from --chown --chmod --link --parents --exclude`, `ADD --chown --chmod
--link --checksum --keep-git-dir --unpack --exclude`, `RUN --mount --network --security --device`,
`FROM --platform`, `HEALTHCHECK --interval --timeout --start-period --start-interval --retries`),
spelt exactly (flag names are case-sensitive), given once (only `--mount`, `--exclude` and
`--device` repeat), with a value where one is needed (`--from=stage`, not `--from stage`), `true` or
`false` for the switches (`--link`, `--parents`, `--keep-git-dir`, `--unpack`), and for `RUN` a
known `--network` (`default`, `none`, `host`) and `--security` (`sandbox`, `insecure`).
Misspelt flags come with the closest correct one, and a fix when it is unambiguous.

## Why is this bad?
BuildKit refuses the whole Dockerfile with `unknown flag`, `duplicate flag specified` or
`missing a value on flag`. A flag that belongs to the other copy instruction (`COPY --checksum`,
`ADD --from`) is a common slip.

## Invalid
```dockerfile
FROM golang:1.22 AS build
FROM alpine:3.20
COPY --form=build /go/bin/app /usr/local/bin/app
RUN --network=off ./configure
```

## Valid
```dockerfile
FROM golang:1.22 AS build
FROM alpine:3.20
COPY --from=build /go/bin/app /usr/local/bin/app
RUN --network=none ./configure
```
"#,
    ),
};

/// How BuildKit's `BFlags` reads a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlagKind {
    /// `--link`, `--link=true`, `--link=false`.
    Bool,
    /// `--from=value`, once.
    String,
    /// `--mount=value`, any number of times.
    Strings,
}

const ADD: &[(&str, FlagKind)] = &[
    ("chown", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("keep-git-dir", FlagKind::Bool),
    ("checksum", FlagKind::String),
    ("unpack", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const COPY: &[(&str, FlagKind)] = &[
    ("chown", FlagKind::String),
    ("from", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("parents", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const RUN: &[(&str, FlagKind)] = &[
    ("mount", FlagKind::Strings),
    ("network", FlagKind::String),
    ("security", FlagKind::String),
    ("device", FlagKind::Strings),
];
const FROM: &[(&str, FlagKind)] = &[("platform", FlagKind::String)];
const HEALTHCHECK: &[(&str, FlagKind)] = &[
    ("interval", FlagKind::String),
    ("timeout", FlagKind::String),
    ("start-period", FlagKind::String),
    ("start-interval", FlagKind::String),
    ("retries", FlagKind::String),
];

/// The flags BuildKit registers for `instruction` before it parses them; `None` when it never
/// parses them (`ARG`, `STOPSIGNAL`, `HEALTHCHECK NONE`), so any flag passes.
pub(crate) fn accepted_flags(
    instruction: &Instruction,
) -> Option<&'static [(&'static str, FlagKind)]> {
    Some(match instruction.keyword? {
        Keyword::Add => ADD,
        Keyword::Copy => COPY,
        Keyword::Run => RUN,
        Keyword::From => FROM,
        Keyword::Healthcheck => match &instruction.arguments {
            Arguments::Healthcheck { kind, .. } if !kind.value.eq_ignore_ascii_case("none") => {
                HEALTHCHECK
            }
            _ => return None,
        },
        Keyword::Arg | Keyword::Stopsignal => return None,
        Keyword::Cmd
        | Keyword::Entrypoint
        | Keyword::Env
        | Keyword::Expose
        | Keyword::Label
        | Keyword::Maintainer
        | Keyword::Onbuild
        | Keyword::Shell
        | Keyword::User
        | Keyword::Volume
        | Keyword::Workdir => &[],
    })
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if matches!(instruction.arguments, Arguments::Invalid(_)) {
            continue;
        }
        let Some(accepted) = accepted_flags(instruction) else {
            continue;
        };
        check_instruction(ctx, instruction, accepted, out);
    }
}

fn check_instruction(
    ctx: &DockerfileContext<'_>,
    instruction: &Instruction,
    accepted: &[(&str, FlagKind)],
    out: &mut Vec<Diagnostic>,
) {
    let keyword = instruction.keyword_text.to_uppercase();
    let mut seen: Vec<&Flag> = Vec::new();
    for flag in &instruction.flags {
        let name = flag.name.value.as_str();
        let Some(&(_, kind)) = accepted.iter().find(|(known, _)| *known == name) else {
            out.push(unknown(ctx, instruction, &keyword, flag, accepted));
            seen.push(flag);
            continue;
        };
        if kind != FlagKind::Strings
            && let Some(first) = seen.iter().find(|f| f.name.value == name)
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`--{name}` is given twice, and BuildKit accepts it only once"),
                    flag.range,
                )
                .with_label(first.range, "first given here"),
            );
        }
        seen.push(flag);
        match (kind, &flag.value) {
            (FlagKind::String | FlagKind::Strings, None) => out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`--{name}` needs a value (`--{name}=…`), and BuildKit stops at a flag without one"),
                    flag.range,
                )
                .with_help("a flag's value is joined to it with `=`; a value after a space is read as an argument"),
            ),
            (FlagKind::Bool, Some(value)) if value.value.is_empty() => out.push(
                Diagnostic::new(
                    &RULE,
                    format!("`--{name}=` has an empty value; BuildKit wants `--{name}`, `--{name}=true` or `--{name}=false`"),
                    flag.range,
                ),
            ),
            (FlagKind::Bool, Some(value))
                if !matches!(value.value.to_lowercase().as_str(), "true" | "false") =>
            {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "`--{name}` is a switch: BuildKit expects `true` or `false`, not `{}`",
                        value.value
                    ),
                    value.range,
                ));
            }
            (FlagKind::String, Some(value)) if instruction.keyword == Some(Keyword::Run) => {
                check_run_value(name, value, out);
            }
            _ => {}
        }
    }
}

/// `RUN --network` and `--security` take one of a few words; BuildKit checks them as written.
fn check_run_value(name: &str, value: &crate::Word, out: &mut Vec<Diagnostic>) {
    let allowed: &[&str] = match name {
        "network" => &["default", "none", "host"],
        "security" => &["sandbox", "insecure"],
        _ => return,
    };
    if value.value.contains('$') || allowed.contains(&value.value.as_str()) {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        &RULE,
        format!(
            "`--{name}={}` is not a {name} mode BuildKit knows; it accepts {}",
            value.value,
            allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        value.range,
    );
    if let Some(suggestion) = did_you_mean(&value.value, allowed.iter().copied(), true) {
        diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
    }
    out.push(diagnostic);
}

fn unknown(
    ctx: &DockerfileContext<'_>,
    instruction: &Instruction,
    keyword: &str,
    flag: &Flag,
    accepted: &[(&str, FlagKind)],
) -> Diagnostic {
    let name = flag.name.value.as_str();
    // The name alone when it is exact in the source; the whole flag otherwise (`--`, quotes).
    let range = if flag.name.range.is_empty() {
        flag.range
    } else {
        drydock_base::text::TextRange::new(flag.range.start, flag.name.range.end)
    };
    let accepted_list = || {
        accepted
            .iter()
            .map(|(n, _)| format!("`--{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let sibling = match instruction.keyword {
        Some(Keyword::Copy) => Some(("ADD", ADD)),
        Some(Keyword::Add) => Some(("COPY", COPY)),
        _ => None,
    };
    if let Some((other, flags)) = sibling
        && flags.iter().any(|(n, _)| *n == name)
    {
        return Diagnostic::new(
            &RULE,
            format!("`--{name}` is a flag of `{other}`, not of `{keyword}`: BuildKit stops with `unknown flag: {name}`"),
            range,
        )
        .with_help(format!("`{keyword}` accepts {}", accepted_list()));
    }
    if accepted.is_empty() {
        return Diagnostic::new(
            &RULE,
            format!("`{keyword}` takes no flags: BuildKit stops with `unknown flag: {name}`"),
            range,
        )
        .with_help("a word starting with `--` right after the instruction is read as a flag");
    }
    let mut diagnostic = Diagnostic::new(
        &RULE,
        format!("`{keyword}` has no flag `--{name}`: BuildKit stops with `unknown flag: {name}`"),
        range,
    );
    match did_you_mean(name, accepted.iter().map(|(n, _)| *n), true) {
        Some(suggestion) => {
            diagnostic = diagnostic.with_help(format!("did you mean `--{suggestion}`?"));
            let kind = accepted
                .iter()
                .find(|(n, _)| *n == suggestion)
                .map(|&(_, kind)| kind);
            let value_fits = match (kind, &flag.value) {
                (Some(FlagKind::Bool), None) => true,
                (Some(FlagKind::Bool), Some(v)) => {
                    matches!(v.value.to_lowercase().as_str(), "true" | "false")
                }
                (Some(FlagKind::String | FlagKind::Strings), value) => value.is_some(),
                (None, _) => false,
            };
            let repeated = kind != Some(FlagKind::Strings)
                && instruction.flags.iter().any(|f| f.name.value == suggestion);
            if value_fits && !repeated && flag.name.range.slice(ctx.text) == name {
                diagnostic = diagnostic.with_fix(Fix::replace(
                    format!("Replace with `--{suggestion}`"),
                    flag.name.range,
                    suggestion,
                ));
            }
        }
        None => {
            diagnostic = diagnostic.with_help(format!("`{keyword}` accepts {}", accepted_list()));
        }
    }
    diagnostic
}
