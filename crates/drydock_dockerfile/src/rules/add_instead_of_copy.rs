use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Instruction, Keyword, Word};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/add-instead-of-copy",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`ADD` of local files where `COPY` is enough"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3020",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ADD` whose sources are all local files or folders (not URLs, git repositories or archives to extract), and replaces it with `COPY`.

## Why is this bad?
`ADD` also downloads URLs and unpacks archives. Using it for plain files hides which of these is meant and may unpack a file you wanted to copy as-is; `COPY` does exactly one thing.

## Invalid
```dockerfile
FROM debian:12
ADD app.py /app/
```

## Valid
```dockerfile
FROM debian:12
COPY app.py /app/
ADD https://example.com/data.json /data/
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Add) || !instruction.heredocs.is_empty() {
            continue;
        }
        let words = copy_words(instruction);
        let Some((_, sources)) = words.split_last() else {
            continue;
        };
        if sources.is_empty()
            || sources
                .iter()
                .any(|w| is_remote(&w.value) || is_archive(&w.value))
        {
            continue;
        }
        let replacement = if instruction
            .keyword_text
            .chars()
            .all(|c| c.is_ascii_lowercase())
        {
            "copy"
        } else {
            "COPY"
        };
        out.push(
            Diagnostic::new(
                &RULE,
                "`ADD` of local files: use `COPY`, which copies and nothing else (`ADD` also fetches URLs and unpacks archives)",
                instruction.keyword_range,
            )
            .with_fix(Fix::replace("Use `COPY`", instruction.keyword_range, replacement)),
        );
    }
}

/// The source and destination words of a `COPY`/`ADD` (shell or JSON form).
pub(crate) fn copy_words(instruction: &Instruction) -> Vec<&Word> {
    match &instruction.arguments {
        Arguments::List { words, .. } => words.iter().collect(),
        Arguments::Exec { elements, .. } => elements.iter().collect(),
        _ => Vec::new(),
    }
}

fn is_remote(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@")
}

pub(super) fn is_archive(source: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".tar",
        ".tar.gz",
        ".tgz",
        ".tar.bz2",
        ".tbz",
        ".tbz2",
        ".tb2",
        ".tar.xz",
        ".txz",
        ".tar.lz",
        ".tlz",
        ".tar.lzma",
        ".tar.Z",
        ".tZ",
        ".tar.zst",
        ".tzst",
        ".gz",
        ".bz2",
        ".xz",
        ".lz",
        ".lzma",
        ".Z",
        ".zst",
    ];
    let source = source.trim_matches(|c| c == '"' || c == '\'');
    EXTENSIONS.iter().any(|e| source.ends_with(e))
}
