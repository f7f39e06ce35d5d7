use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/json-args-recommended",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`CMD` or `ENTRYPOINT` in shell form"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "JSONArgsRecommended",
        },
        Mirror {
            tool: "hadolint",
            id: "DL3025",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `CMD` and `ENTRYPOINT` written as a plain command line instead of a JSON array, unless the
stage set a `SHELL` on purpose.

## Why is this bad?
The shell form runs `/bin/sh -c "…"`: the shell becomes PID 1 and does not pass `SIGTERM` on, so
`docker stop` waits ten seconds and then kills the process without a clean shutdown.

## Invalid
```dockerfile
FROM node:20
CMD node server.js
```

## Valid
```dockerfile
FROM node:20
CMD ["node", "server.js"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let (
            Some(keyword @ (Keyword::Cmd | Keyword::Entrypoint)),
            Arguments::Shell { command, .. },
        ) = (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        let info = ctx.semantic.instructions.get(index);
        if info.is_some_and(|info| info.shell.is_some()) {
            continue;
        }
        let name = keyword.as_str();
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "JSON arguments recommended for {name} to prevent unintended behavior related to OS signals"
            ),
            instruction.range,
        )
        .with_help(
            "the shell form runs under `/bin/sh -c`, which does not forward signals to the process",
        );
        if let Some(json) = exec_form(&command.value)
            && command.range.slice(ctx.text) == command.value
        {
            diagnostic = diagnostic.with_fix(Fix::replace(
                format!("Write `{name} {json}`"),
                command.range,
                json,
            ));
        }
        out.push(diagnostic);
    }
}

/// The JSON form of a command made of plain words only: nothing a shell would interpret
/// (variables, quotes, globs, operators, redirections), so dropping the shell keeps its meaning.
pub(crate) fn exec_form(command: &str) -> Option<String> {
    let plain = |c: char| c.is_alphanumeric() || "_-./:=@%+,".contains(c);
    let words: Vec<&str> = command.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|word| word.chars().all(plain)) {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|word| format!("\"{word}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::exec_form;

    #[test]
    fn only_plain_commands_convert() {
        assert_eq!(
            exec_form("node  server.js --port=80").as_deref(),
            Some(r#"["node", "server.js", "--port=80"]"#)
        );
        for shell in [
            "echo $HOME",
            "a && b",
            "run > log",
            "echo 'x'",
            "ls *.js",
            "a;b",
        ] {
            assert_eq!(exec_form(shell), None, "{shell}");
        }
    }
}
