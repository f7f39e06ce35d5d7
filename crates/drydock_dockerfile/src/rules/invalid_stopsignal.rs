use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

use super::suggest::did_you_mean;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-stopsignal",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A `STOPSIGNAL` that is not a signal name or number"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "invalid signal",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "INVALID_SIGNAL",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Checks that `STOPSIGNAL` names a Linux signal (`SIGTERM`, `TERM`, `SIGRTMIN+3`; any case) or is a
non-zero number, the way BuildKit's `signal.ParseSignal` reads it. Misspelt names come with the
closest signal and a fix.

## Why is this bad?
BuildKit stops the build with `invalid signal`.

## Invalid
```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUITT
```

## Valid
```dockerfile
FROM nginx:1.27
STOPSIGNAL SIGQUIT
```
"#,
    ),
};

/// Linux signal names without `SIG`, as in moby's `signal.SignalMap`.
const SIGNALS: [&str; 35] = [
    "ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL",
    "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP",
    "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "UNUSED",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let (Some(Keyword::Stopsignal), Arguments::Shell { command, .. }) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        let Some(expanded) = ctx
            .semantic
            .instructions
            .get(index)
            .and_then(|info| info.words.iter().find(|w| w.range == command.range))
        else {
            continue;
        };
        if !expanded.references.is_empty() || expanded.error.is_some() {
            continue;
        }
        let value = expanded.value.as_str();
        if is_signal(value) {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!("`{value}` is not a signal: BuildKit stops with `invalid signal: {value}`"),
            command.range,
        );
        let upper = value.to_uppercase();
        let name = upper.strip_prefix("SIG").unwrap_or(&upper);
        match did_you_mean(name, SIGNALS, true) {
            Some(suggestion) if suggestion != "UNUSED" => {
                let fixed = format!("SIG{suggestion}");
                diagnostic = diagnostic.with_help(format!("did you mean `{fixed}`?"));
                if command.range.slice(ctx.text) == value {
                    diagnostic = diagnostic.with_fix(Fix::replace(
                        format!("Replace with `{fixed}`"),
                        command.range,
                        fixed,
                    ));
                }
            }
            _ => {
                diagnostic = diagnostic.with_help(
                    "use a signal name such as `SIGTERM`, `SIGINT` or `SIGQUIT`, or its number",
                );
            }
        }
        out.push(diagnostic);
    }
}

/// moby's `signal.ParseSignal` on Linux: a non-zero integer, or a name with or without `SIG`.
fn is_signal(raw: &str) -> bool {
    let digits = raw.strip_prefix(['+', '-']).unwrap_or(raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return raw.parse::<i64>().is_ok_and(|n| n != 0);
    }
    let upper = raw.to_uppercase();
    let name = upper.strip_prefix("SIG").unwrap_or(&upper);
    SIGNALS.contains(&name) || is_realtime(name)
}

/// `RTMIN`, `RTMIN+1`…`RTMIN+15`, `RTMAX-14`…`RTMAX-1`, `RTMAX`.
fn is_realtime(name: &str) -> bool {
    let offset_ok = |s: &str| {
        s.parse::<u8>()
            .is_ok_and(|n| (1..=15).contains(&n) && !s.starts_with('0'))
    };
    match name {
        "RTMIN" | "RTMAX" => true,
        _ => {
            name.strip_prefix("RTMIN+").is_some_and(offset_ok)
                || name
                    .strip_prefix("RTMAX-")
                    .is_some_and(|n| offset_ok(n) && n != "15")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_like_moby() {
        for ok in [
            "SIGTERM",
            "TERM",
            "sigquit",
            "9",
            "-1",
            "SIGRTMIN+3",
            "RTMAX-1",
            "SIGRTMAX",
            "SIGWINCH",
        ] {
            assert!(is_signal(ok), "{ok}");
        }
        for bad in [
            "0",
            "SIGFOO",
            "SIGRTMIN+16",
            "RTMAX-15",
            "SIGTERM ",
            "9 ",
            "",
            "99999999999999999999",
        ] {
            assert!(!is_signal(bad), "{bad}");
        }
    }
}
