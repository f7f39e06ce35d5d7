use crate::Keyword;
use crate::command::{Command, base_name, is_flag};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

use super::add_instead_of_copy::copy_words;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-archive-then-extract",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A local tar archive is copied, then extracted by a later `RUN`",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3010",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `COPY` of a local tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.tar.zst`, …) that a later `RUN` of the same stage extracts with `tar -x` (or `gunzip`, `unxz`, …).

## Why is this bad?
`ADD` unpacks a local tar archive into the destination in one step. Copying it first keeps the
archive in a layer of the image for ever, even when a later `RUN` deletes it, and takes a step more.
Zip files are not reported: `ADD` does not unpack them.

## Invalid
```dockerfile
FROM debian:12
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt
```

## Valid
```dockerfile
FROM debian:12
ADD app.tar.gz /opt/
COPY data.zip /tmp/
RUN unzip /tmp/data.zip -d /opt
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        // The archives the stage's local COPYs so far put in place: by base name, each word's
        // range (looked up by name, so the rule stays linear in the file).
        let mut archives: std::collections::HashMap<String, Vec<drydock_base::text::TextRange>> =
            std::collections::HashMap::new();
        let mut reported: std::collections::HashSet<drydock_base::text::TextRange> =
            std::collections::HashSet::new();
        let instructions = ctx
            .tree
            .instructions
            .iter()
            .enumerate()
            .take(stage.end)
            .skip(stage.from);
        for (index, instruction) in instructions {
            match instruction.keyword {
                Some(Keyword::Copy)
                    if instruction.heredocs.is_empty()
                        && !instruction
                            .flags
                            .iter()
                            .any(|f| f.name.value.eq_ignore_ascii_case("from")) =>
                {
                    let words = copy_words(instruction);
                    let Some((target, sources)) = words.split_last() else {
                        continue;
                    };
                    // `COPY x /tmp/app.tar` keeps the archive under the target's name.
                    if is_tar_archive(&target.value) {
                        archives
                            .entry(base(&target.value).to_owned())
                            .or_default()
                            .push(target.range);
                    } else {
                        for source in sources.iter().filter(|s| is_tar_archive(&s.value)) {
                            archives
                                .entry(base(&source.value).to_owned())
                                .or_default()
                                .push(source.range);
                        }
                    }
                }
                Some(Keyword::Run) => {
                    // The runs are in the file's order: found by a binary search.
                    let at = ctx.runs.partition_point(|r| r.index < index);
                    let Some(run) = ctx
                        .runs
                        .get(at..)
                        .unwrap_or_default()
                        .iter()
                        .take_while(|r| r.index == index)
                        .find(|r| !r.onbuild)
                    else {
                        continue;
                    };
                    for command in run.script.commands.iter().filter(|c| extracts(c)) {
                        let named = command
                            .args
                            .iter()
                            .filter(|w| !is_flag(w) && !w.dynamic)
                            .filter_map(|w| archives.get_key_value(base(&w.value)));
                        let mut found = Vec::new();
                        for (name, ranges) in named {
                            for range in ranges {
                                if reported.insert(*range) {
                                    found.push((name.clone(), *range));
                                }
                            }
                        }
                        found.sort_by_key(|(_, range)| range.start);
                        for (name, range) in &found {
                            out.push(
                                Diagnostic::new(
                                    &RULE,
                                    format!(
                                        "`{name}` is copied and then extracted by `{}`: `ADD` unpacks a local tar archive in one step, without keeping the archive in a layer",
                                        command.base_name()
                                    ),
                                    *range,
                                )
                                .with_label(command.range, "extracted here"),
                            );
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// `tar -x…`, `tar --extract`, `tar --get`, and the decompressors.
fn extracts(command: &Command) -> bool {
    if command.is("tar") {
        return command.args.iter().any(|w| {
            let flag = w.value.as_str();
            flag == "--extract"
                || flag == "--get"
                || (flag.starts_with('-') && !flag.starts_with("--") && flag.contains('x'))
        });
    }
    [
        "gunzip",
        "bunzip2",
        "unxz",
        "unlzma",
        "unzstd",
        "zcat",
        "gzcat",
        "uncompress",
    ]
    .contains(&command.base_name())
}

/// What `ADD` unpacks: tar, uncompressed or compressed with gzip, bzip2, xz or zstd.
fn is_tar_archive(path: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tb2", ".tar.xz", ".txz",
        ".tar.zst", ".tzst",
    ];
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    !path.contains("://") && EXTENSIONS.iter().any(|e| path.ends_with(e))
}

fn base(path: &str) -> &str {
    base_name(
        path.trim_matches(|c| c == '"' || c == '\'')
            .trim_end_matches('/'),
    )
}
