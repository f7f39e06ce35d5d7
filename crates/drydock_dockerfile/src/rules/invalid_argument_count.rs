use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Instruction, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-argument-count",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An instruction without the arguments it requires"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "requires at least one argument / requires exactly one argument / requires at least two arguments / FROM requires either one or three arguments",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ARGUMENT_MISSING",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ARGUMENT_REQUIRES_AT_LEAST_TWO",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ARGUMENT_REQUIRES_ONE_OR_THREE",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "INVALID_AS",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "SYNTAX_MISSING_NAMES",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports what BuildKit rejects for its number of arguments: an empty `ENV`, `LABEL`, `ARG`,
`EXPOSE`, `VOLUME`, `USER`, `WORKDIR`, `MAINTAINER`, `STOPSIGNAL`, `ONBUILD` or `HEALTHCHECK`;
`COPY` or `ADD` without a destination; `FROM` with other than one word or `image AS name`; an empty
`VOLUME` path; an `ARG` without a name.

## Why is this bad?
BuildKit stops before building anything, with `requires at least one argument`, `requires at least
two arguments` or `FROM requires either one or three arguments`.

## Invalid
```dockerfile
FROM node:20 build
COPY package.json
WORKDIR
```

## Valid
```dockerfile
FROM node:20 AS build
COPY package.json ./
WORKDIR /app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let Some(keyword) = instruction.keyword else {
            continue;
        };
        check_instruction(instruction, keyword, out);
    }
}

fn check_instruction(instruction: &Instruction, keyword: Keyword, out: &mut Vec<Diagnostic>) {
    let name = keyword.as_str();
    let whole = instruction.range;
    let empty = matches!(instruction.arguments, Arguments::Empty);
    match keyword {
        Keyword::Env
        | Keyword::Label
        | Keyword::Arg
        | Keyword::Expose
        | Keyword::Volume
        | Keyword::Onbuild
        | Keyword::Healthcheck
            if empty =>
        {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{name}` requires at least one argument, and BuildKit stops here"),
                whole,
            ));
        }
        Keyword::User | Keyword::Workdir | Keyword::Maintainer | Keyword::Stopsignal if empty => {
            out.push(Diagnostic::new(
                &RULE,
                format!("`{name}` requires exactly one argument, and BuildKit stops here"),
                whole,
            ));
        }
        Keyword::Add | Keyword::Copy => {
            let count = match &instruction.arguments {
                Arguments::Empty => 0,
                Arguments::List { words, .. } => words.len(),
                Arguments::Exec { elements, .. } => elements.len(),
                _ => return,
            };
            if count < 2 {
                let range = match &instruction.arguments {
                    Arguments::List { words, .. } => words.first().map_or(whole, |word| word.range),
                    Arguments::Exec { range, .. } => *range,
                    _ => whole,
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "`{name}` requires at least two arguments, a source and a destination: BuildKit cannot tell where to copy"
                        ),
                        range,
                    )
                    .with_help("add the destination, e.g. `./` for the working directory"),
                );
            }
        }
        Keyword::From => check_from(instruction, out),
        Keyword::Volume => {
            if let Arguments::Exec { elements, .. } = &instruction.arguments {
                for element in elements.iter().filter(|e| e.value.trim().is_empty()) {
                    out.push(Diagnostic::new(
                        &RULE,
                        "`VOLUME` with an empty path: BuildKit stops with `VOLUME specified can not be an empty string`",
                        element.range,
                    ));
                }
            }
        }
        Keyword::Arg => {
            if let Arguments::Declarations(declarations) = &instruction.arguments {
                for declaration in declarations.iter().filter(|d| d.name.value.is_empty()) {
                    out.push(Diagnostic::new(
                        &RULE,
                        "`ARG` without a name before `=`: BuildKit stops with `ARG names can not be blank`",
                        declaration.word.range,
                    ));
                }
            }
        }
        _ => {}
    }
}

fn check_from(instruction: &Instruction, out: &mut Vec<Diagnostic>) {
    let words = match &instruction.arguments {
        Arguments::List { words, .. } => words.as_slice(),
        Arguments::Empty => &[],
        _ => return,
    };
    match words {
        [_] => {}
        [_, as_word, _] if as_word.value.eq_ignore_ascii_case("as") => {}
        [_, middle, _] => out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "`FROM image {} name`: the second word must be `AS`, so BuildKit stops with `FROM requires either one or three arguments`",
                    middle.value
                ),
                middle.range,
            )
            .with_help("name a stage with `FROM image AS name`"),
        ),
        [] => out.push(Diagnostic::new(
            &RULE,
            "`FROM` requires an image, and BuildKit stops here",
            instruction.range,
        )),
        [first, .., last] => {
            let range = first.range.cover(last.range);
            let help = if words.len() == 2 {
                "name a stage with `FROM image AS name`"
            } else {
                "`FROM` takes an image, optionally followed by `AS name`"
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "`FROM` has {} arguments: BuildKit stops with `FROM requires either one or three arguments`",
                        words.len()
                    ),
                    range,
                )
                .with_help(help),
            );
        }
    }
}
