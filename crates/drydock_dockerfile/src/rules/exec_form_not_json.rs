use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use crate::{Arguments, Instruction, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/exec-form-not-json",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An argument list meant as JSON that is not JSON"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports the arguments of `RUN`, `CMD`, `ENTRYPOINT`, `HEALTHCHECK CMD`, `ADD`, `COPY` and
`VOLUME` (also after `ONBUILD`) that start with `[` but are not a JSON array of strings, says
why they are not JSON (single quotes, a trailing comma, a missing quote or comma), and rewrites
them as JSON when the intended list is clear. Whatever `SHELL` says: BuildKit reads the
arguments as JSON first.

## Why is this bad?
BuildKit does not stop: it silently takes the text as the shell form. `CMD ['python', 'app.py']`
becomes `/bin/sh -c "['python', 'app.py']"`, so the container fails at start with
`/bin/sh: 1: [python,: not found`; `RUN` fails the build the same way, and `COPY ['a', 'b']`
looks for files named `['a',` and `'b']`.

## Invalid
```dockerfile
FROM python:3.12
CMD ['python', 'app.py']
```

```dockerfile
FROM debian:12
ENTRYPOINT ["/bin/run", "--serve",]
```

## Valid
```dockerfile
FROM python:3.12
CMD ["python", "app.py"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let instruction = match &instruction.arguments {
            Arguments::Onbuild(inner) => inner.as_ref(),
            _ => instruction,
        };
        check_instruction(ctx, instruction, out);
    }
}

fn check_instruction(
    ctx: &DockerfileContext<'_>,
    instruction: &Instruction,
    out: &mut Vec<Diagnostic>,
) {
    let Some(keyword) = instruction.keyword else {
        return;
    };
    let (arguments, name) = match (&instruction.arguments, keyword) {
        // `SHELL` has no shell form: `dockerfile/shell-requires-json` reports it.
        (_, Keyword::Shell) => return,
        (Arguments::Healthcheck { command, .. }, Keyword::Healthcheck) => {
            (command.as_ref(), "HEALTHCHECK CMD")
        }
        (arguments, keyword) => (arguments, keyword.as_str()),
    };
    let (range, written, reason) = match arguments {
        Arguments::Shell {
            command,
            json_fallback: Some(reason),
        } => (command.range, command.value.as_str(), reason),
        Arguments::List {
            words,
            json_fallback: Some(reason),
        } => {
            let (Some(first), Some(last)) = (words.first(), words.last()) else {
                return;
            };
            let range = TextRange::new(first.range.start, last.range.end);
            (range, range.slice(ctx.text), reason)
        }
        _ => return,
    };
    if !meant_as_json(written) {
        return;
    }
    let consequence = match keyword {
        Keyword::Run => {
            "BuildKit runs the text through `/bin/sh -c` as one command line, and the build fails there"
        }
        Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck => {
            "BuildKit silently takes it as the shell form: `/bin/sh -c` runs the text as one command line, and the container fails at start with a confusing error"
        }
        _ => {
            "BuildKit silently reads it as paths separated by spaces, quotes and brackets included"
        }
    };
    let mut diagnostic = Diagnostic::new(
        &RULE,
        format!(
            "The arguments of `{name}` start with `[` but are not JSON ({}): {consequence}",
            why(written).unwrap_or(reason)
        ),
        range,
    );
    if let Some(json) = repaired(written)
        && range.slice(ctx.text) == written
    {
        diagnostic = diagnostic.with_fix(Fix::replace("Write the list as JSON", range, json));
    } else {
        diagnostic = diagnostic.with_help(
            "write a JSON array of strings: double quotes, commas between the elements, none after the last",
        );
    }
    out.push(diagnostic);
}

/// Whether `text` was meant as a JSON list: it is bracketed whole, and its elements are
/// separated by commas, or it is one element hugged by its brackets (`['app']`). The shell's
/// `[ "$A" = b ] && …` and PowerShell's `[Net.ServicePointManager]::…` are not.
fn meant_as_json(text: &str) -> bool {
    let text = text.trim();
    let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) else {
        return false;
    };
    // A comma outside quotes separates elements.
    let mut quote = None;
    let mut escaped = false;
    for c in inner.chars() {
        match (quote, c) {
            (_, _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, ',') => return true,
            _ => {}
        }
    }
    let hugged = !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace);
    hugged && !inner.is_empty() && !inner.contains(char::is_whitespace)
}

/// Why a list written as `text` is not JSON, in the words of the usual mistakes.
fn why(text: &str) -> Option<&'static str> {
    let inner = text.trim().strip_prefix('[')?;
    if inner.contains('\'') && !inner.contains('"') {
        return Some("single quotes: JSON strings are written in double quotes");
    }
    if inner
        .trim_end()
        .strip_suffix(']')
        .is_some_and(|list| list.trim_end().ends_with(','))
    {
        return Some("a comma after the last element");
    }
    let first = inner.trim_start().chars().next()?;
    if first != '"' && first != ']' {
        return Some("an element without double quotes");
    }
    None
}

/// The JSON array the text was meant as, when its elements are clear: each quoted with `'` or
/// `"`, or a bare word, separated by commas (a trailing comma is dropped), nothing after `]`.
fn repaired(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('[')?.strip_suffix(']')?;
    let mut elements: Vec<String> = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let element = match first {
            '\'' | '"' => {
                chars.next();
                let mut value = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => value.push(chars.next()?),
                        c if c == first => {
                            closed = true;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                if !closed {
                    return None;
                }
                value
            }
            ',' => return None,
            _ => {
                let mut value = String::new();
                while let Some(&c) = chars.peek() {
                    if c == ',' || c.is_whitespace() {
                        break;
                    }
                    if matches!(c, '\'' | '"' | '[' | ']') {
                        return None;
                    }
                    value.push(c);
                    chars.next();
                }
                value
            }
        };
        elements.push(element);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => break,
            Some(',') => {}
            Some(_) => return None,
        }
    }
    if elements.is_empty() {
        return None;
    }
    let quoted: Vec<String> = elements.iter().map(|e| json_string(e)).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

/// `value` as a JSON string.
fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::{meant_as_json, repaired, why};

    #[test]
    fn only_lists_meant_as_json() {
        for (text, meant) in [
            ("['python', 'app.py']", true),
            (r#"["/bin/run", "--serve",]"#, true),
            ("['app']", true),
            (r#"[ "${A}" = "true" ] && exit 0; wget x"#, false),
            (r#"[ "$(uname -m)" = "x86_64" ]"#, false),
            ("[Net.ServicePointManager]::SecurityProtocol = 1", false),
            ("[ -f x ]", false),
            (r#"[ "$a" = "b,c" ]"#, false),
        ] {
            assert_eq!(meant_as_json(text), meant, "{text}");
        }
    }

    #[test]
    fn why_it_is_not_json() {
        assert_eq!(
            why("['a', 'b']"),
            Some("single quotes: JSON strings are written in double quotes")
        );
        assert_eq!(
            why(r#"["a", "b",]"#),
            Some("a comma after the last element")
        );
        assert_eq!(why("[a, b]"), Some("an element without double quotes"));
        assert_eq!(why(r#"["a" "b"]"#), None);
    }

    #[test]
    fn the_list_meant_is_written_as_json() {
        for (text, json) in [
            ("['python', 'app.py']", Some(r#"["python", "app.py"]"#)),
            (
                r#"["/bin/run", "--serve",]"#,
                Some(r#"["/bin/run", "--serve"]"#),
            ),
            ("[npm, start]", Some(r#"["npm", "start"]"#)),
            (r#"['it\'s', "a \"b\""]"#, Some(r#"["it's", "a \"b\""]"#)),
            ("['a' 'b']", None),
            ("['a', ", None),
            ("[,]", None),
            ("[]", None),
        ] {
            assert_eq!(repaired(text).as_deref(), json, "{text}");
        }
    }
}
