use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-healthcheck",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A `HEALTHCHECK` BuildKit rejects: unknown type, missing command, bad duration or retries",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "Unknown type in HEALTHCHECK / HEALTHCHECK NONE takes no arguments / Missing command after HEALTHCHECK CMD / time: invalid duration / Interval cannot be less than 1ms / --retries cannot be negative",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_TYPE",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "ARGUMENT_UNNECESSARY",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "HEALTHCHECK_CMD_ARGUMENT_MISSING",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_INVALID_DURATION",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_MISSING_DURATION",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_UNKNOWN_UNIT",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "FLAG_LESS_THAN_1MS",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "INVALID_SYNTAX",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Checks `HEALTHCHECK` as BuildKit parses it: the type is `CMD` (followed by a command) or `NONE`
(followed by nothing); `--interval`, `--timeout`, `--start-period` and `--start-interval` are Go
durations (`30s`, `1m30s`, `500ms`) of at least 1ms, or 0; `--retries` is a whole number, not
negative.

## Why is this bad?
BuildKit stops before building anything. A duration without a unit (`--interval=30`) is a
frequent slip: Go durations always need one.

## Invalid
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=30 --retries=-1 CMD curl -f http://localhost/ || exit 1
```

## Valid
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=30s --retries=3 CMD curl -f http://localhost/ || exit 1
```
"#,
    ),
};

const DURATIONS: [&str; 4] = ["interval", "timeout", "start-period", "start-interval"];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Healthcheck) {
            continue;
        }
        let Arguments::Healthcheck { kind, command } = &instruction.arguments else {
            continue;
        };
        let upper = kind.value.to_uppercase();
        match upper.as_str() {
            "NONE" => {
                // BuildKit does not read the flags of `HEALTHCHECK NONE`.
                if !matches!(**command, Arguments::Empty) {
                    let after = TextRange::new(kind.range.end, instruction.range.end);
                    let rest = after.slice(ctx.text);
                    let start = after.start + (rest.len() - rest.trim_start().len());
                    out.push(Diagnostic::new(
                        &RULE,
                        "`HEALTHCHECK NONE` takes no arguments: BuildKit stops here",
                        TextRange::new(start, after.end),
                    ));
                }
                continue;
            }
            "CMD" => {
                let missing = match &**command {
                    Arguments::Empty => true,
                    Arguments::Exec { elements, .. } => elements.is_empty(),
                    _ => false,
                };
                if missing {
                    out.push(Diagnostic::new(
                        &RULE,
                        "`HEALTHCHECK CMD` without a command: BuildKit stops with `Missing command after HEALTHCHECK CMD`",
                        kind.range,
                    ));
                }
            }
            _ => out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "`{}` is not a `HEALTHCHECK` type: BuildKit accepts `CMD` and `NONE`",
                        kind.value
                    ),
                    kind.range,
                )
                .with_help("write `HEALTHCHECK [options] CMD command`"),
            ),
        }
        for flag in &instruction.flags {
            let Some(value) = &flag.value else {
                continue;
            };
            let name = flag.name.value.as_str();
            if value.value.is_empty() {
                continue;
            }
            if DURATIONS.contains(&name) {
                match go_duration(&value.value) {
                    Err(message) => out.push(
                        Diagnostic::new(
                            &RULE,
                            format!("`--{name}={}`: {message}", value.value),
                            value.range,
                        )
                        .with_help("durations need a unit: `ns`, `us`, `ms`, `s`, `m` or `h`, e.g. `30s` or `1m30s`"),
                    ),
                    Ok(nanos) if nanos != 0 && nanos < 1_000_000 => out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "`--{name}={}` is shorter than 1ms: BuildKit stops with `Interval \"{name}\" cannot be less than 1ms`",
                            value.value
                        ),
                        value.range,
                    )),
                    Ok(_) => {}
                }
            } else if name == "retries" {
                match go_parse_i32(&value.value) {
                    None => out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "`--retries={}` is not a whole number that fits in 32 bits, and BuildKit stops here",
                            value.value
                        ),
                        value.range,
                    )),
                    Some(n) if n < 0 => out.push(Diagnostic::new(
                        &RULE,
                        format!("`--retries cannot be negative ({n})`: BuildKit stops here"),
                        value.range,
                    )),
                    Some(_) => {}
                }
            }
        }
    }
}

/// Go's `strconv.ParseInt(value, 10, 32)`.
fn go_parse_i32(value: &str) -> Option<i32> {
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// Go's `time.ParseDuration`, in nanoseconds, with its error message.
pub(crate) fn go_duration(input: &str) -> Result<i128, String> {
    let quoted = format!("{input:?}");
    let invalid = || format!("time: invalid duration {quoted}");
    let (negative, mut s) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input.strip_prefix('+').unwrap_or(input)),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: i128 = 0;
    while !s.is_empty() {
        if !s.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let int_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (int_part, rest) = s.split_at(int_end);
        let (frac_part, rest) = match rest.strip_prefix('.') {
            Some(after) => {
                let end = after
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(after.len());
                after.split_at(end)
            }
            None => ("", rest),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(invalid());
        }
        let unit_end = rest
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (unit, rest) = rest.split_at(unit_end);
        if unit.is_empty() {
            return Err(format!("time: missing unit in duration {quoted}"));
        }
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {unit:?} in duration {quoted}")),
        };
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse::<i128>().map_err(|_| invalid())?
        };
        let mut value = whole.checked_mul(scale).ok_or_else(invalid)?;
        let mut unit_scale = scale;
        for digit in frac_part.bytes().take(30) {
            unit_scale /= 10;
            value += i128::from(digit - b'0') * unit_scale;
        }
        total = total.checked_add(value).ok_or_else(invalid)?;
        if total > i128::from(i64::MAX) + i128::from(negative) {
            return Err(invalid());
        }
        s = rest;
    }
    Ok(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration("30s"), Ok(30_000_000_000));
        assert_eq!(go_duration("1m30s"), Ok(90_000_000_000));
        assert_eq!(go_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(go_duration(".5s"), Ok(500_000_000));
        assert_eq!(go_duration("0"), Ok(0));
        assert_eq!(go_duration("-1s"), Ok(-1_000_000_000));
        assert_eq!(go_duration("500us"), Ok(500_000));
        assert_eq!(
            go_duration("30"),
            Err("time: missing unit in duration \"30\"".into())
        );
        assert_eq!(
            go_duration("1d"),
            Err("time: unknown unit \"d\" in duration \"1d\"".into())
        );
        assert!(go_duration("s").is_err());
        assert!(go_duration(".s").is_err());
        assert!(go_duration("").is_err());
        assert!(go_duration("3000000h").is_err());
    }

    #[test]
    fn retries_like_go() {
        assert_eq!(go_parse_i32("3"), Some(3));
        assert_eq!(go_parse_i32("-1"), Some(-1));
        assert_eq!(go_parse_i32("+2"), Some(2));
        assert_eq!(go_parse_i32("1.5"), None);
        assert_eq!(go_parse_i32("2147483648"), None);
    }
}
