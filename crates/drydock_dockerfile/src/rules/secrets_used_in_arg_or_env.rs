use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/secrets-used-in-arg-or-env",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An `ARG` or `ENV` name suggests it holds a secret"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "SecretsUsedInArgOrEnv",
        },
        Mirror {
            tool: "hadolint",
            id: "DL3064",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ARG` and `ENV` names with a word such as `password`, `secret`, `token`, `key`, `auth` or
`credentials` (between underscores or at either end), unless a word such as `public`, `file` or
`version` says it is not the secret itself. `GPG_KEY` and the like (`gpg`, `pgp`, `fingerprint`)
hold the fingerprint of a public signing key, used to verify downloads, and are not reported
(BuildKit reports them; hadolint does not).

## Why is this bad?
`ENV` values are stored in the image configuration and `ARG` values in its history: anyone who can
pull the image can read them. Use a secret mount: `RUN --mount=type=secret,id=token …`.

## Invalid
```dockerfile
FROM alpine
ARG GITHUB_TOKEN
```

## Valid
```dockerfile
FROM alpine
RUN --mount=type=secret,id=github_token cat /run/secrets/github_token
```
"#,
    ),
};

const SECRET_WORDS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOW_WORDS: &[&str] = &["public", "file", "version", "gpg", "pgp", "fingerprint"];

/// BuildKit's `(?i)(?:_|^)(?:word)(?:_|$)`: the word between underscores or the ends.
fn has_word(name: &str, words: &[&str]) -> bool {
    let lower = name.to_lowercase();
    words.iter().any(|word| {
        lower.match_indices(word).any(|(at, _)| {
            let before_ok = at == 0 || lower.as_bytes().get(at - 1) == Some(&b'_');
            let end = at + word.len();
            let after_ok = end == lower.len() || lower.as_bytes().get(end) == Some(&b'_');
            before_ok && after_ok
        })
    })
}

pub(crate) fn is_secret_name(name: &str) -> bool {
    has_word(name, SECRET_WORDS) && !has_word(name, ALLOW_WORDS)
}

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        let names: Vec<_> = match (&instruction.keyword, &instruction.arguments) {
            (Some(Keyword::Arg), Arguments::Declarations(declarations)) => {
                declarations.iter().map(|d| &d.name).collect()
            }
            (Some(Keyword::Env), Arguments::Pairs(pairs)) => pairs.iter().map(|p| &p.key).collect(),
            _ => continue,
        };
        let keyword = instruction.keyword.map_or("", |k| k.as_str());
        for name in names.into_iter().filter(|n| is_secret_name(&n.value)) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "Do not use ARG or ENV instructions for sensitive data ({keyword} {:?})",
                        name.value
                    ),
                    name.range,
                )
                .with_help(
                    "pass secrets with `RUN --mount=type=secret` so they stay out of the image",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn words_between_underscores() {
        for name in [
            "api_key",
            "DATABASE_PASSWORD",
            "GITHUB_TOKEN",
            "secret_MESSAGE",
            "AUTH",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "MONKEY",
            "PUBLIC_KEY",
            "KEY_FILE",
            "TOKEN_VERSION",
            "AUTHOR",
            "PASSWORDS",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }
}
