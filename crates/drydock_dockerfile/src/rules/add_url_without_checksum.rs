use crate::Keyword;
use crate::rules::add_instead_of_copy::copy_words;
use crate::rules::{DockerfileContext, FixKind, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/add-url-without-checksum",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`ADD` of an HTTP(S) URL without `--checksum`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ADD` of a file from an `http://` or `https://` URL without `--checksum=sha256:…`
(Dockerfile syntax 1.6 and later), at the URL. Git repositories (`.git` URLs, `git@`) are left
alone: they are pinned by a commit, not a checksum.

## Why is this bad?
The build takes whatever the server returns that day, unverified: a compromised or changed file
ends up in the image without any step failing, and the same Dockerfile builds different images.
With `--checksum` BuildKit refuses a download that is not the one the author checked.

## Invalid
```dockerfile
FROM debian:12
ADD https://example.com/tool-1.2.tar.gz /opt/
```

## Valid
```dockerfile
FROM debian:12
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool-1.2.tar.gz /opt/
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Add) || !instruction.heredocs.is_empty() {
            continue;
        }
        if instruction
            .flags
            .iter()
            .any(|f| f.name.value.eq_ignore_ascii_case("checksum"))
        {
            continue;
        }
        let words = copy_words(instruction);
        let Some((_, sources)) = words.split_last() else {
            continue;
        };
        for source in sources.iter().filter(|w| is_http_file(&w.value)) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "`{}` is downloaded without `--checksum`: the build takes whatever the server returns, unverified",
                        source.value
                    ),
                    source.range,
                )
                .with_help("add `--checksum=sha256:<the file's SHA-256>` to the `ADD`"),
            );
        }
    }
}

/// An HTTP(S) URL of a file, not of a git repository.
fn is_http_file(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !lower
            .split(['#', '?'])
            .next()
            .unwrap_or_default()
            .ends_with(".git")
}
