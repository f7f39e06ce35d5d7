use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/unknown-instruction",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A line starts with a word that is not a Dockerfile instruction",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "unknown instruction (parse error)",
        },
        Mirror {
            tool: "hadolint",
            id: "DL1000",
        },
        Mirror {
            tool: "dockerfile-utils",
            id: "UNKNOWN_INSTRUCTION",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a line whose first word is not one of the 18 Dockerfile instructions, and suggests the
instruction that was probably meant: a missing space (`COPY.` → `COPY .`) or a typo (`RUNN` → `RUN`).

## Why is this bad?
BuildKit refuses the whole Dockerfile with `unknown instruction`, so nothing gets built. A missing
space after the instruction is an easy slip, and hard to see.

## Invalid
```dockerfile
FROM node:20
COPY. /app
```

## Valid
```dockerfile
FROM node:20
COPY . /app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in ctx.tree.instructions.iter().filter(|i| i.keyword.is_none()) {
        let word = instruction.keyword_text.as_str();
        let range = instruction.keyword_range;
        let diagnostic = match suggest(word) {
            Some(Suggestion::MissingSpace(keyword)) => {
                let split = range.start + keyword.as_str().len();
                let fixed = format!("{} {}", word.get(..keyword.as_str().len()).unwrap_or(word), word.get(keyword.as_str().len()..).unwrap_or(""));
                let rest = ctx.text.get(range.end..instruction.range.end).unwrap_or("").trim_end();
                let preview = one_line(&format!("{fixed}{rest}"));
                Diagnostic::new(
                    &RULE,
                    format!(
                        "`{word}` is not a Dockerfile instruction, so the build stops here: did you mean `{preview}`?"
                    ),
                    range,
                )
                .with_help(format!("`{}` needs a space before its arguments", keyword.as_str()))
                .with_fix(Fix::replace(
                    format!("Insert a space after `{}`", keyword.as_str()),
                    TextRange::empty(split),
                    " ",
                ))
            }
            Some(Suggestion::Typo(keyword)) => Diagnostic::new(
                &RULE,
                format!(
                    "`{word}` is not a Dockerfile instruction, so the build stops here: did you mean `{}`?",
                    keyword.as_str()
                ),
                range,
            )
            .with_fix(Fix::replace(format!("Replace with `{}`", keyword.as_str()), range, keyword.as_str())),
            None => Diagnostic::new(
                &RULE,
                format!("`{word}` is not a Dockerfile instruction, so the build stops here"),
                range,
            )
            .with_help(format!(
                "instructions are {}",
                Keyword::ALL.map(Keyword::as_str).join(", ")
            )),
        };
        out.push(diagnostic);
    }
}

enum Suggestion {
    /// `COPY.`: a keyword run into its arguments.
    MissingSpace(Keyword),
    /// `RUNN`, `EXPOS`, `WORKDIRR`.
    Typo(Keyword),
}

fn suggest(word: &str) -> Option<Suggestion> {
    let glued = Keyword::ALL
        .into_iter()
        .filter(|keyword| {
            let name = keyword.as_str();
            word.get(..name.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(name))
                && word
                    .get(name.len()..)
                    .and_then(|tail| tail.chars().next())
                    .is_some_and(|c| !c.is_alphanumeric())
        })
        .max_by_key(|keyword| keyword.as_str().len());
    if let Some(keyword) = glued {
        return Some(Suggestion::MissingSpace(keyword));
    }
    // Words much longer than any keyword (template lines, shell commands) are not typos; the
    // distance is at least the difference in length, so skip them before computing it.
    let length = word.chars().take("HEALTHCHECK".len() + 3).count();
    if length > "HEALTHCHECK".len() + 2 {
        return None;
    }
    let upper = word.to_ascii_uppercase();
    Keyword::ALL
        .into_iter()
        .filter(|keyword| length.abs_diff(keyword.as_str().len()) <= 2)
        .map(|keyword| (edit_distance(&upper, keyword.as_str()), keyword))
        .filter(|(distance, keyword)| *distance <= 2 && *distance < keyword.as_str().len() / 2 + 1)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, keyword)| Suggestion::Typo(keyword))
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

fn one_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    if line.chars().count() > 60 {
        format!("{}…", line.chars().take(60).collect::<String>())
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("RUNN", "RUN"), 1);
        assert_eq!(edit_distance("EXPSOE", "EXPOSE"), 2);
        assert_eq!(edit_distance("", "ADD"), 3);
    }

    #[test]
    fn suggestions() {
        assert!(matches!(
            suggest("COPY."),
            Some(Suggestion::MissingSpace(Keyword::Copy))
        ));
        assert!(matches!(
            suggest("cmd[\"a\"]"),
            Some(Suggestion::MissingSpace(Keyword::Cmd))
        ));
        assert!(matches!(
            suggest("RUNN"),
            Some(Suggestion::Typo(Keyword::Run))
        ));
        assert!(matches!(
            suggest("workdirr"),
            Some(Suggestion::Typo(Keyword::Workdir))
        ));
        assert!(suggest("apt-get").is_none());
        assert!(suggest("X").is_none());
    }
}
