use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-expose",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An `EXPOSE` port, range or protocol BuildKit cannot read"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "invalid containerPort / invalid proto / invalid range specified for port",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "INVALID_PORT",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "INVALID_PROTO",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reads each `EXPOSE` word as BuildKit does (`port`, `start-end`, with `/tcp`, `/udp` or `/sctp`):
ports are numbers from 0 to 65535, a range does not run backwards, and the protocol is one of the
three. Words with variables are judged only when their value is known. A host part (`8080:80`) is
reported by `dockerfile/expose-invalid-format`; this rule reports it only when it cannot be read.

## Why is this bad?
BuildKit stops the build with `invalid containerPort` or `invalid proto`.

## Invalid
```dockerfile
FROM nginx:1.27
EXPOSE 80/http 70000 9000-8000
```

## Valid
```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp 443 53/udp 9000-9100
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let (Some(Keyword::Expose), Arguments::List { words, .. }) =
            (instruction.keyword, &instruction.arguments)
        else {
            continue;
        };
        let expanded = ctx
            .semantic
            .instructions
            .get(index)
            .map_or(&[][..], |info| info.words.as_slice());
        for word in words {
            // The value after expansion and quote removal, when it does not depend on variables.
            let Some(value) = expanded
                .iter()
                .find(|e| e.range == word.range)
                .filter(|e| e.references.is_empty() && e.error.is_none())
                .map(|e| e.value.as_str())
            else {
                continue;
            };
            if value.is_empty() {
                continue;
            }
            if let Err(problem) = parse_port_spec(value) {
                // Point at the protocol alone when the word is written as it reads.
                let range = match problem.proto_at {
                    Some(at) if word.range.slice(ctx.text) == value => {
                        TextRange::new(word.range.start + at, word.range.end)
                    }
                    _ => word.range,
                };
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    format!(
                        "`{value}` is not a port BuildKit can expose: it stops with `{}`",
                        problem.message
                    ),
                    range,
                );
                if problem.proto_at.is_some() {
                    diagnostic =
                        diagnostic.with_help("protocols are `tcp` (the default), `udp` and `sctp`");
                }
                out.push(diagnostic);
            }
        }
    }
}

struct Problem {
    message: String,
    /// Where the protocol starts in the word, when the protocol is the problem.
    proto_at: Option<usize>,
}

fn problem(message: String) -> Problem {
    Problem {
        message,
        proto_at: None,
    }
}

/// Docker's `nat.ParsePortSpec`: `[ip:[hostPort]:]containerPort[/proto]`.
fn parse_port_spec(raw: &str) -> Result<(), Problem> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let container = parts.last().copied().unwrap_or("");
    let (ip, host) = match n {
        1 => (String::new(), ""),
        2 => (String::new(), parts.first().copied().unwrap_or("")),
        _ => (
            parts.get(..n - 2).map(|p| p.join(":")).unwrap_or_default(),
            parts.get(n - 2).copied().unwrap_or(""),
        ),
    };
    let container_start = raw.len() - container.len();
    let (proto, port) = split_proto_port(container);
    if !ip.is_empty() {
        let bare = match ip.strip_prefix('[') {
            Some(inner) => inner.strip_suffix(']').unwrap_or("\u{0}"),
            None => ip.as_str(),
        };
        if bare.parse::<core::net::IpAddr>().is_err() {
            return Err(problem(format!("invalid IP address: {ip}")));
        }
    }
    if port.is_empty() {
        return Err(problem(format!("no port specified: {raw}<empty>")));
    }
    let (start, end) =
        parse_port_range(port).ok_or_else(|| problem(format!("invalid containerPort: {port}")))?;
    if !host.is_empty() {
        let (host_start, host_end) =
            parse_port_range(host).ok_or_else(|| problem(format!("invalid hostPort: {host}")))?;
        if end - start != host_end - host_start && end != start {
            return Err(problem(format!(
                "invalid ranges specified for container and host Ports: {port} and {host}"
            )));
        }
    }
    if !matches!(proto.to_lowercase().as_str(), "tcp" | "udp" | "sctp") {
        return Err(Problem {
            message: format!("invalid proto: {proto}"),
            proto_at: Some(container_start + port.len() + 1),
        });
    }
    Ok(())
}

/// `nat.SplitProtoPort`: `(proto, port)`; the protocol defaults to `tcp`.
fn split_proto_port(raw: &str) -> (&str, &str) {
    let mut parts = raw.split('/');
    let port = parts.next().unwrap_or("");
    if port.is_empty() {
        return ("", "");
    }
    match parts.next() {
        None | Some("") => ("tcp", port),
        Some(proto) => (proto, port),
    }
}

/// `nat.ParsePortRange`: `port` or `start-end`, 16-bit, not backwards.
fn parse_port_range(ports: &str) -> Option<(u32, u32)> {
    let number = |s: &str| -> Option<u32> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse::<u16>().ok().map(u32::from)
    };
    if !ports.contains('-') {
        let port = number(ports)?;
        return Some((port, port));
    }
    let mut parts = ports.split('-');
    let start = number(parts.next().unwrap_or(""))?;
    let end = number(parts.next().unwrap_or(""))?;
    (end >= start).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_specs_like_docker() {
        for ok in [
            "80",
            "80/tcp",
            "80/TCP",
            "53/udp",
            "9000-9100",
            "0",
            "65535",
            "8080:80",
            "127.0.0.1:8080:80",
            "[::1]:80:80",
            "80/",
            "80/tcp/extra",
            "1-2:80",
        ] {
            assert!(parse_port_spec(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http",
            "70000",
            "80/http",
            "9000-8000",
            "80-",
            "-80",
            ":80:x",
            "x:80",
            "1.2.3:80:80",
            "/tcp",
            "1-3:5-6",
        ] {
            assert!(parse_port_spec(bad).is_err(), "{bad}");
        }
    }
}
