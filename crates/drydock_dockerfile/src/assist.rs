//! Editor help for Dockerfiles: completion of instructions, their flags and the flags' values
//! (stage names for `COPY --from=`, mount types and fields for `RUN --mount=`, networks,
//! platforms), hover documentation, the file's outline, and the stages' names as symbols to go
//! to, find and rename.
//!
//! Completion reads the line being typed (it is rarely a whole instruction yet) and the parsed
//! file for what is around it (the stages). Everything here works on byte offsets, clamps an
//! offset it is given into the text, and is silent (`None`, empty) where it has nothing to say.

use super::semantic::{ReferenceKind, Semantic, Target};
use super::syntax::{Dockerfile, Instruction, Keyword};
use drydock_base::text::TextRange;

/// What a completion inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    Instruction,
    Flag,
    /// A value of a flag or of a mount field.
    Value,
    /// A build stage's name.
    Stage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    /// The text that replaces the word being typed.
    pub insert: String,
    pub kind: CompletionKind,
    /// One line: the flag's value, the stage's base.
    pub detail: String,
    /// Markdown.
    pub documentation: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    /// The word being completed: from its start to the cursor.
    pub range: TextRange,
    pub items: Vec<CompletionItem>,
}

pub use drydock_base::text::Hover;

/// One line of an instruction's documentation.
pub fn instruction_doc(keyword: Keyword) -> &'static str {
    match keyword {
        Keyword::Add => {
            "Adds files, remote URLs or git repositories to the image; local tar archives are extracted. Prefer `COPY` for local files."
        }
        Keyword::Arg => {
            "Declares a build argument, set with `--build-arg`; before the first `FROM` it is global (for `FROM` lines), inside a stage it is visible from here on."
        }
        Keyword::Cmd => {
            "The default command of a container (or the default arguments of `ENTRYPOINT`). Only the last `CMD` counts."
        }
        Keyword::Copy => {
            "Copies files from the build context, or from another stage or image with `--from`, into the image."
        }
        Keyword::Entrypoint => {
            "The executable a container runs; `CMD` and `docker run` arguments are passed to it. Use the exec form (`[\"…\"]`) so that it receives signals."
        }
        Keyword::Env => {
            "Sets environment variables for the following instructions and for the running container."
        }
        Keyword::Expose => {
            "Documents the ports the container listens on (`80`, `53/udp`); it publishes nothing."
        }
        Keyword::From => {
            "Starts a build stage from an image (or `scratch`, or an earlier stage); `AS name` names the stage for `COPY --from` and `--target`."
        }
        Keyword::Healthcheck => {
            "How to test that the container still works (`HEALTHCHECK CMD …`), or `HEALTHCHECK NONE` to disable the base image's."
        }
        Keyword::Label => "Adds metadata to the image as key-value pairs.",
        Keyword::Maintainer => "Deprecated: use `LABEL org.opencontainers.image.authors=…`.",
        Keyword::Onbuild => "An instruction to run when another image is built `FROM` this one.",
        Keyword::Run => {
            "Runs a command in a new layer. `--mount` gives it caches, secrets, SSH agents or other stages' files without keeping them in the image."
        }
        Keyword::Shell => "The shell that runs the shell form of `RUN`, `CMD` and `ENTRYPOINT`.",
        Keyword::Stopsignal => "The signal that stops the container (`SIGTERM` by default).",
        Keyword::User => {
            "The user (and group) the following instructions and the container run as."
        }
        Keyword::Volume => {
            "Marks paths as volumes: their content is not kept by later build steps."
        }
        Keyword::Workdir => {
            "The working directory for the following instructions and the container; created if missing."
        }
    }
}

/// A flag of an instruction: its name, what its value looks like, and what it does.
struct FlagDoc {
    name: &'static str,
    value: &'static str,
    doc: &'static str,
}

const fn flag(name: &'static str, value: &'static str, doc: &'static str) -> FlagDoc {
    FlagDoc { name, value, doc }
}

const FROM_FLAGS: &[FlagDoc] = &[flag(
    "platform",
    "os/arch[/variant]",
    "The platform of the base image, e.g. `linux/amd64` or `$BUILDPLATFORM` (for a stage that cross-compiles).",
)];

const RUN_FLAGS: &[FlagDoc] = &[
    flag(
        "mount",
        "type=cache|bind|secret|ssh|tmpfs,…",
        "Mounts something for this command only: a cache kept between builds, files of another stage, a secret, the SSH agent or a tmpfs.",
    ),
    flag(
        "network",
        "default|none|host",
        "The network the command runs in: `none` for no network access, `host` for the host's (needs an entitlement).",
    ),
    flag(
        "security",
        "sandbox|insecure",
        "`insecure` runs the command without the sandbox (needs an entitlement).",
    ),
];

const COPY_FLAGS: &[FlagDoc] = &[
    flag(
        "from",
        "stage|image|context",
        "Copies from a build stage (by name or index), an image or a named context instead of the build context.",
    ),
    flag(
        "chown",
        "user[:group]",
        "The owner of the copied files (on Linux); they belong to root otherwise.",
    ),
    flag(
        "chmod",
        "mode",
        "The permissions of the copied files, in octal (`755`) or symbolic form (`u+x`).",
    ),
    flag(
        "link",
        "true|false",
        "Copies into an independent layer, so that a change of the base does not invalidate it.",
    ),
    flag(
        "parents",
        "true|false",
        "Keeps the source paths' parent directories.",
    ),
    flag(
        "exclude",
        "pattern",
        "Leaves out files matching the pattern (can be repeated).",
    ),
];

const ADD_FLAGS: &[FlagDoc] = &[
    flag(
        "chown",
        "user[:group]",
        "The owner of the added files (on Linux); they belong to root otherwise.",
    ),
    flag(
        "chmod",
        "mode",
        "The permissions of the added files, in octal (`755`) or symbolic form (`u+x`).",
    ),
    flag(
        "link",
        "true|false",
        "Adds into an independent layer, so that a change of the base does not invalidate it.",
    ),
    flag(
        "checksum",
        "sha256:…",
        "The checksum a remote file must have.",
    ),
    flag(
        "keep-git-dir",
        "true|false",
        "Keeps the `.git` directory of an added git repository.",
    ),
    flag(
        "exclude",
        "pattern",
        "Leaves out files matching the pattern (can be repeated).",
    ),
];

const HEALTHCHECK_FLAGS: &[FlagDoc] = &[
    flag(
        "interval",
        "duration",
        "Time between checks (default `30s`).",
    ),
    flag(
        "timeout",
        "duration",
        "How long a check may take before it counts as failed (default `30s`).",
    ),
    flag(
        "start-period",
        "duration",
        "Time the container gets to start, during which failures do not count (default `0s`).",
    ),
    flag(
        "start-interval",
        "duration",
        "Time between checks during the start period (default `5s`).",
    ),
    flag(
        "retries",
        "number",
        "Consecutive failures before the container is unhealthy (default `3`).",
    ),
];

fn flags_of(keyword: Keyword) -> &'static [FlagDoc] {
    match keyword {
        Keyword::From => FROM_FLAGS,
        Keyword::Run => RUN_FLAGS,
        Keyword::Copy => COPY_FLAGS,
        Keyword::Add => ADD_FLAGS,
        Keyword::Healthcheck => HEALTHCHECK_FLAGS,
        _ => &[],
    }
}

/// A value with its documentation.
type ValueDoc = (&'static str, &'static str);

const MOUNT_TYPES: &[ValueDoc] = &[
    (
        "bind",
        "Mounts files of the build context, a stage (`from=`) or an image, read-only by default (the default type).",
    ),
    (
        "cache",
        "A directory kept between builds, for package managers' and compilers' caches.",
    ),
    (
        "secret",
        "A secret given to the build (`--secret id=…`), as a file (`/run/secrets/<id>`) or `env=`; never stored in the image.",
    ),
    (
        "ssh",
        "The client's SSH agent socket (`--ssh default`), for cloning private repositories.",
    ),
    ("tmpfs", "An empty in-memory file system."),
];

const NETWORKS: &[ValueDoc] = &[
    ("default", "The build's default network."),
    (
        "none",
        "No network access: the command can only use what is already there.",
    ),
    ("host", "The host's network (needs `--allow network.host`)."),
];

const SECURITY: &[ValueDoc] = &[
    (
        "sandbox",
        "The default: the command runs in the build's sandbox.",
    ),
    (
        "insecure",
        "Runs the command without the sandbox (needs `--allow security.insecure`).",
    ),
];

const PLATFORMS: &[ValueDoc] = &[
    (
        "$BUILDPLATFORM",
        "The platform of the machine that builds: for stages that cross-compile.",
    ),
    ("$TARGETPLATFORM", "The platform the image is built for."),
    ("linux/amd64", "64-bit x86."),
    ("linux/arm64", "64-bit ARM."),
    ("linux/arm/v7", "32-bit ARMv7."),
];

const BOOLEANS: &[ValueDoc] = &[("true", ""), ("false", "")];

const CHMODS: &[ValueDoc] = &[
    ("644", "Read and write for the owner, read for the others."),
    (
        "755",
        "Read, write and execute for the owner, read and execute for the others.",
    ),
    ("600", "Read and write for the owner only."),
    ("700", "Everything for the owner only."),
];

const SHARING: &[ValueDoc] = &[
    (
        "shared",
        "Concurrent builds use the cache at the same time (the default).",
    ),
    ("private", "A concurrent build gets a new cache."),
    (
        "locked",
        "A concurrent build waits for the cache to be released.",
    ),
];

/// The fields of a `--mount`, and the mount types that take each.
const MOUNT_FIELDS: &[(&str, &str, &[&str])] = &[
    (
        "type",
        "The kind of mount: `bind` (default), `cache`, `secret`, `ssh` or `tmpfs`.",
        &[],
    ),
    (
        "target",
        "Where the mount is in the command's file system (`dst`, `destination`).",
        &["bind", "cache", "secret", "ssh", "tmpfs"],
    ),
    (
        "source",
        "The path in `from` (or the build context) to mount.",
        &["bind", "cache"],
    ),
    (
        "from",
        "The stage, image or context the source comes from.",
        &["bind", "cache"],
    ),
    (
        "id",
        "The cache's id (default: its target), or the secret's or SSH agent's id.",
        &["cache", "secret", "ssh"],
    ),
    (
        "sharing",
        "How concurrent builds share a cache: `shared`, `private` or `locked`.",
        &["cache"],
    ),
    ("readonly", "Mounts read-only (`ro`).", &["bind", "cache"]),
    ("rw", "Mounts read-write (writes are discarded).", &["bind"]),
    (
        "mode",
        "The file mode of the cache directory, secret file or socket.",
        &["cache", "secret", "ssh"],
    ),
    ("uid", "The owner's user id.", &["cache", "secret", "ssh"]),
    ("gid", "The owner's group id.", &["cache", "secret", "ssh"]),
    (
        "required",
        "Fails the build when the secret or SSH agent is not given.",
        &["secret", "ssh"],
    ),
    (
        "env",
        "Exposes the secret as this environment variable instead of a file.",
        &["secret"],
    ),
    ("size", "The tmpfs's size limit.", &["tmpfs"]),
];

fn mount_field_doc(key: &str) -> Option<&'static str> {
    let key = match key {
        "dst" | "destination" => "target",
        "src" => "source",
        "ro" => "readonly",
        "readwrite" => "rw",
        other => other,
    };
    MOUNT_FIELDS
        .iter()
        .find(|(name, _, _)| *name == key)
        .map(|(_, doc, _)| *doc)
}

fn value_docs(keyword: Keyword, flag: &str) -> &'static [ValueDoc] {
    match (keyword, flag) {
        (Keyword::Run, "network") => NETWORKS,
        (Keyword::Run, "security") => SECURITY,
        (Keyword::From, "platform") => PLATFORMS,
        (Keyword::Copy | Keyword::Add, "link")
        | (Keyword::Copy, "parents")
        | (Keyword::Add, "keep-git-dir") => BOOLEANS,
        (Keyword::Copy | Keyword::Add, "chmod") => CHMODS,
        _ => &[],
    }
}

fn mount_value_docs(key: &str) -> &'static [ValueDoc] {
    match key {
        "type" => MOUNT_TYPES,
        "sharing" => SHARING,
        "required" | "readonly" | "ro" | "rw" => BOOLEANS,
        _ => &[],
    }
}

/// `offset` clamped into `text`, on a character boundary.
fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Whether `offset` is in `range` or at its end (a cursor just after a word is on it).
fn touches(range: TextRange, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}

/// The instruction whose text holds `offset` (its end included), if any.
fn instruction_at(tree: &Dockerfile, offset: usize) -> Option<(usize, &Instruction)> {
    // Instructions are in source order: the last one starting at or before the offset.
    let index = tree
        .instructions
        .partition_point(|instruction| instruction.range.start <= offset)
        .checked_sub(1)?;
    let instruction = tree.instructions.get(index)?;
    touches(instruction.range, offset).then_some((index, instruction))
}

/// Whether `offset` is in a heredoc's body or terminator: text of another language.
fn in_heredoc(instruction: &Instruction, offset: usize) -> bool {
    instruction
        .heredocs
        .iter()
        .any(|heredoc| heredoc.body.contains(offset) || touches(heredoc.terminator, offset))
}

/// A character of the word being typed: not a blank, nor the byte order mark before the first.
fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && c != '\u{feff}'
}

/// Completions at `offset` of the Dockerfile `text` (`tree` and `semantic` are its parse).
pub fn complete(
    text: &str,
    tree: &Dockerfile,
    semantic: &Semantic,
    offset: usize,
) -> Option<Completions> {
    let offset = clamp(text, offset);
    let before = text.get(..offset)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(line_start..)?;
    let word_start = line
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map_or(offset, |(i, _)| line_start + i);
    let word = text.get(word_start..offset)?;
    let range = TextRange::new(word_start, offset);
    let at = instruction_at(tree, offset);
    if at.is_some_and(|(_, instruction)| in_heredoc(instruction, offset)) {
        return None;
    }

    // A keyword: the first word of a line that is not inside another instruction's arguments.
    let starts_line = line
        .get(..word_start - line_start)?
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty();
    let on_keyword = match at {
        Some((_, instruction)) => instruction.keyword_range.start == word_start && starts_line,
        None => starts_line,
    };
    if on_keyword {
        return keyword_completions(word, range, &Keyword::ALL);
    }

    let (index, instruction) = at?;
    let keyword = instruction.keyword?;
    // Flags come before every argument: what lies between the keyword and the word is flags.
    let between = text.get(instruction.keyword_range.end..word_start)?;
    let escape = tree.escape;
    let in_flags = between
        .split_whitespace()
        .filter(|token| *token != escape.to_string())
        .all(|token| token.starts_with("--"));
    if !in_flags {
        return None;
    }
    // `ONBUILD <instruction>`: any but those BuildKit refuses there.
    if keyword == Keyword::Onbuild {
        let allowed: Vec<Keyword> = Keyword::ALL
            .into_iter()
            .filter(|k| !matches!(k, Keyword::Onbuild | Keyword::From | Keyword::Maintainer))
            .collect();
        return keyword_completions(word, range, &allowed);
    }
    if let Some(flag_text) = word.strip_prefix("--") {
        let stage_of_cursor = semantic.instructions.get(index).and_then(|i| i.stage);
        return Some(match flag_text.split_once('=') {
            None => Completions {
                range,
                items: flags_of(keyword)
                    .iter()
                    .filter(|doc| doc.name.starts_with(flag_text))
                    .filter(|doc| {
                        // A flag already given is not offered again (`--mount` and `--exclude`
                        // can be repeated).
                        matches!(doc.name, "mount" | "exclude")
                            || !instruction.flags.iter().any(|f| {
                                f.name.value.eq_ignore_ascii_case(doc.name)
                                    && !touches(f.range, offset)
                            })
                    })
                    .map(|doc| CompletionItem {
                        label: format!("--{}", doc.name),
                        insert: format!("--{}=", doc.name),
                        kind: CompletionKind::Flag,
                        detail: doc.value.to_owned(),
                        documentation: doc.doc.to_owned(),
                    })
                    .collect(),
            },
            Some((name, value)) => {
                let value_start = offset - value.len();
                let name = name.to_ascii_lowercase();
                match (keyword, name.as_str()) {
                    (Keyword::Copy | Keyword::Add, "from") => Completions {
                        range: TextRange::new(value_start, offset),
                        items: stage_items(semantic, stage_of_cursor, value, usize::MAX),
                    },
                    (Keyword::Run, "mount") => {
                        mount_completions(semantic, stage_of_cursor, value, offset)
                    }
                    _ => Completions {
                        range: TextRange::new(value_start, offset),
                        items: value_items(value_docs(keyword, &name), value),
                    },
                }
            }
        });
    }
    // `FROM <earlier stage>`: the first argument.
    if keyword == Keyword::From && !word.starts_with('-') {
        let stage = semantic.instructions.get(index).and_then(|i| i.stage);
        return Some(Completions {
            range,
            items: stage_items(semantic, stage, word, stage.unwrap_or(usize::MAX)),
        });
    }
    None
}

/// The instructions among `keywords` that `word` starts.
fn keyword_completions(word: &str, range: TextRange, keywords: &[Keyword]) -> Option<Completions> {
    if !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    // Instructions are written in capitals by convention; a lower-case word keeps its case.
    let lower = word.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let items = keywords
        .iter()
        .filter(|keyword| {
            keyword
                .as_str()
                .get(..word.len())
                .is_some_and(|prefix| prefix.eq_ignore_ascii_case(word))
        })
        .map(|&keyword| {
            let label = if lower {
                keyword.as_str().to_ascii_lowercase()
            } else {
                keyword.as_str().to_owned()
            };
            CompletionItem {
                insert: format!("{label} "),
                label,
                kind: CompletionKind::Instruction,
                detail: String::new(),
                documentation: instruction_doc(keyword).to_owned(),
            }
        })
        .collect();
    Some(Completions { range, items })
}

/// The named stages other than `current` (and before `before`) whose name starts with `prefix`.
fn stage_items(
    semantic: &Semantic,
    current: Option<usize>,
    prefix: &str,
    before: usize,
) -> Vec<CompletionItem> {
    let prefix = prefix.to_lowercase();
    semantic
        .stages
        .iter()
        .filter(|stage| Some(stage.index) != current && stage.index < before)
        .filter_map(|stage| {
            let name = stage.name_word.as_ref()?;
            stage.name.as_deref()?.starts_with(&prefix).then(|| {
                let base = stage
                    .base_word
                    .as_ref()
                    .map(|word| word.value.as_str())
                    .unwrap_or_default();
                CompletionItem {
                    label: name.value.clone(),
                    insert: name.value.clone(),
                    kind: CompletionKind::Stage,
                    detail: format!("stage {} (FROM {base})", stage.index),
                    documentation: format!("Build stage `{}`, from `{base}`.", name.value),
                }
            })
        })
        .collect()
}

fn value_items(values: &[ValueDoc], prefix: &str) -> Vec<CompletionItem> {
    values
        .iter()
        .filter(|(value, _)| value.starts_with(prefix))
        .map(|(value, doc)| CompletionItem {
            label: (*value).to_owned(),
            insert: (*value).to_owned(),
            kind: CompletionKind::Value,
            detail: String::new(),
            documentation: (*doc).to_owned(),
        })
        .collect()
}

/// `--mount=` is a comma-separated list of fields: completes the last one, its key or its value.
fn mount_completions(
    semantic: &Semantic,
    current: Option<usize>,
    value: &str,
    offset: usize,
) -> Completions {
    let field = value.rsplit(',').next().unwrap_or(value);
    let field_start = offset - field.len();
    let kind = value
        .split(',')
        .find_map(|field| field.strip_prefix("type="))
        .unwrap_or("bind");
    match field.split_once('=') {
        None => {
            let present: Vec<&str> = value
                .split(',')
                .filter_map(|field| field.split('=').next())
                .collect();
            let items = MOUNT_FIELDS
                .iter()
                .filter(|(name, _, types)| {
                    name.starts_with(field)
                        && (types.is_empty() || types.contains(&kind))
                        && !present
                            .iter()
                            .take(present.len().saturating_sub(1))
                            .any(|p| p == name)
                })
                .map(|(name, doc, _)| {
                    let bare = matches!(*name, "readonly" | "rw");
                    CompletionItem {
                        label: (*name).to_owned(),
                        insert: if bare {
                            (*name).to_owned()
                        } else {
                            format!("{name}=")
                        },
                        kind: CompletionKind::Flag,
                        detail: String::new(),
                        documentation: (*doc).to_owned(),
                    }
                })
                .collect();
            Completions {
                range: TextRange::new(field_start, offset),
                items,
            }
        }
        Some((key, prefix)) => {
            let range = TextRange::new(offset - prefix.len(), offset);
            let items = if key == "from" {
                stage_items(semantic, current, prefix, usize::MAX)
            } else {
                value_items(mount_value_docs(key), prefix)
            };
            Completions { range, items }
        }
    }
}

/// Documentation of what is at `offset`: an instruction, a flag, a flag's or a mount field's
/// value, a stage's name or a reference to a stage.
pub fn hover(text: &str, tree: &Dockerfile, semantic: &Semantic, offset: usize) -> Option<Hover> {
    let offset = clamp(text, offset);
    if let Some((stage, range)) = stage_at(semantic, offset) {
        let stage = semantic.stages.get(stage)?;
        let base = stage
            .base_word
            .as_ref()
            .map(|word| word.value.as_str())
            .unwrap_or_default();
        let name = stage
            .name_word
            .as_ref()
            .map_or_else(|| stage.index.to_string(), |word| word.value.clone());
        let from = tree
            .instructions
            .get(stage.from)
            .map(|instruction| instruction.range.slice(text))
            .unwrap_or_default();
        let used = stage_references(semantic, stage.index).len();
        return Some(Hover {
            range,
            markdown: format!(
                "**Stage `{name}`** (stage {}), from `{base}`\n\n```dockerfile\n{from}\n```\n\nReferenced {used} time{}.",
                stage.index,
                if used == 1 { "" } else { "s" }
            ),
        });
    }
    let (_, instruction) = instruction_at(tree, offset)?;
    let keyword = instruction.keyword?;
    if in_heredoc(instruction, offset) {
        return None;
    }
    if touches(instruction.keyword_range, offset) {
        return Some(Hover {
            range: instruction.keyword_range,
            markdown: format!("**{}**\n\n{}", keyword.as_str(), instruction_doc(keyword)),
        });
    }
    let flag = instruction
        .flags
        .iter()
        .find(|flag| touches(flag.range, offset))?;
    let name = flag.name.value.to_ascii_lowercase();
    let name_range = TextRange::new(flag.range.start, flag.name.range.end);
    if touches(name_range, offset) {
        let doc = flags_of(keyword).iter().find(|doc| doc.name == name)?;
        return Some(Hover {
            range: name_range,
            markdown: format!("**--{}={}**\n\n{}", doc.name, doc.value, doc.doc),
        });
    }
    if keyword == Keyword::Run && name == "mount" {
        let mount = super::mount::Mount::from_flag(flag, text)?;
        let field = mount
            .fields
            .iter()
            .find(|field| touches(field.range, offset))?;
        if touches(field.value_range, offset) && field.value_range != field.range {
            let value = field.value.as_deref()?;
            let (_, doc) = mount_value_docs(&field.key)
                .iter()
                .find(|(known, _)| *known == value)?;
            return (!doc.is_empty()).then(|| Hover {
                range: field.value_range,
                markdown: format!("**{}={value}**\n\n{doc}", field.key),
            });
        }
        return Some(Hover {
            range: field.range,
            markdown: format!(
                "**{}** (mount field)\n\n{}",
                field.key,
                mount_field_doc(&field.key)?
            ),
        });
    }
    let value = flag.value.as_ref()?;
    let (_, doc) = value_docs(keyword, &name)
        .iter()
        .find(|(known, _)| *known == value.value)?;
    (!doc.is_empty()).then(|| Hover {
        range: value.range,
        markdown: format!("**--{name}={}**\n\n{doc}", value.value),
    })
}

/// The stage named or referred to at `offset`: its index, and the name's or reference's range.
pub fn stage_at(semantic: &Semantic, offset: usize) -> Option<(usize, TextRange)> {
    for stage in &semantic.stages {
        if let Some(word) = &stage.name_word
            && touches(word.range, offset)
        {
            return Some((stage.index, word.range));
        }
    }
    semantic
        .references
        .iter()
        .find_map(|reference| match reference.target {
            Target::Stage(stage) if touches(reference.range, offset) => {
                Some((stage, reference.range))
            }
            _ => None,
        })
}

/// Where a stage is defined: its name after `AS`, or its `FROM` image for a stage without one.
pub fn stage_definition(semantic: &Semantic, stage: usize) -> Option<TextRange> {
    let stage = semantic.stages.get(stage)?;
    stage
        .name_word
        .as_ref()
        .or(stage.base_word.as_ref())
        .map(|word| word.range)
}

/// Every reference to a stage: `FROM <stage>`, `COPY --from=`, `RUN --mount=from=`, by name or
/// by index.
pub fn stage_references(semantic: &Semantic, stage: usize) -> Vec<TextRange> {
    semantic
        .references
        .iter()
        .filter(|reference| reference.target == Target::Stage(stage))
        .map(|reference| reference.range)
        .collect()
}

/// Whether BuildKit accepts `name` as a stage name: a letter, then letters, digits, `-`, `_`
/// and `.`.
pub fn is_valid_stage_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The edits that rename a stage: its name after `AS` and every reference that spells it out
/// (one through a variable, `--from=$STAGE`, or by index, `--from=0`, is left as it is).
pub fn rename_stage(
    text: &str,
    semantic: &Semantic,
    stage: usize,
    new_name: &str,
) -> Result<Vec<(TextRange, String)>, String> {
    let target = semantic.stages.get(stage).ok_or("no such stage")?;
    let (Some(word), Some(old)) = (&target.name_word, &target.name) else {
        return Err("this stage has no name (`FROM image AS name` names it)".to_owned());
    };
    if !is_valid_stage_name(new_name) {
        return Err(format!(
            "`{new_name}` is not a stage name: a letter, then letters, digits, `-`, `_` or `.`"
        ));
    }
    let lower = new_name.to_lowercase();
    if semantic
        .stages
        .iter()
        .any(|other| other.index != stage && other.name.as_deref() == Some(lower.as_str()))
    {
        return Err(format!("a stage is already named `{new_name}`"));
    }
    let mut edits = vec![(word.range, new_name.to_owned())];
    for reference in &semantic.references {
        let spelled = reference.range.slice(text);
        if reference.target == Target::Stage(stage)
            && spelled.to_lowercase() == *old
            && matches!(
                reference.kind,
                ReferenceKind::From | ReferenceKind::CopyFrom | ReferenceKind::MountFrom
            )
        {
            edits.push((reference.range, new_name.to_owned()));
        }
    }
    Ok(edits)
}

/// An entry of a Dockerfile's outline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    /// The base image of a stage; the arguments of an instruction, shortened.
    pub detail: String,
    /// A stage (its instructions are its children) or an instruction.
    pub stage: bool,
    pub range: TextRange,
    /// What to select when the symbol is chosen: the stage's name, the instruction's keyword.
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

/// The outline: instructions before the first `FROM` (global `ARG`s), then each stage with its
/// instructions.
pub fn symbols(text: &str, tree: &Dockerfile, semantic: &Semantic) -> Vec<Symbol> {
    let instruction_symbol = |instruction: &Instruction| {
        // The rest of the instruction's first line (flags included, a heredoc's body not).
        let rest = text
            .get(instruction.keyword_range.end..instruction.range.end)
            .unwrap_or_default();
        let first_line = rest.split('\n').next().unwrap_or_default();
        let mut detail: String = first_line.split_whitespace().collect::<Vec<_>>().join(" ");
        if detail.chars().count() > 60 {
            detail = detail.chars().take(59).collect::<String>() + "…";
        }
        Symbol {
            name: instruction.keyword_text.to_ascii_uppercase(),
            detail,
            stage: false,
            range: instruction.range,
            selection: instruction.keyword_range,
            children: Vec::new(),
        }
    };
    let first_stage = semantic
        .stages
        .first()
        .map_or(tree.instructions.len(), |s| s.from);
    let mut out: Vec<Symbol> = tree
        .instructions
        .iter()
        .take(first_stage)
        .map(instruction_symbol)
        .collect();
    for stage in &semantic.stages {
        let instructions = tree
            .instructions
            .get(stage.from..stage.end.max(stage.from))
            .unwrap_or_default();
        let (Some(first), Some(last)) = (instructions.first(), instructions.last()) else {
            continue;
        };
        let name = stage.name_word.as_ref().map_or_else(
            || format!("stage {}", stage.index),
            |word| word.value.clone(),
        );
        out.push(Symbol {
            name,
            detail: stage
                .base_word
                .as_ref()
                .map(|word| word.range.slice(text).to_owned())
                .unwrap_or_default(),
            stage: true,
            range: first.range.cover(last.range),
            selection: stage
                .name_word
                .as_ref()
                .map_or(first.keyword_range, |word| word.range),
            children: instructions.iter().map(instruction_symbol).collect(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (Dockerfile, Semantic) {
        let tree = crate::parse(text);
        let semantic = crate::analyze(text, &tree);
        (tree, semantic)
    }

    /// The labels offered at `|`, and the text they replace.
    fn labels(text: &str) -> (Vec<String>, String) {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let (tree, semantic) = parsed(&text);
        match complete(&text, &tree, &semantic, offset) {
            Some(c) => (
                c.items.into_iter().map(|i| i.label).collect(),
                c.range.slice(&text).to_owned(),
            ),
            None => (Vec::new(), String::new()),
        }
    }

    const STAGES: &str = "FROM golang:1.23 AS build\nRUN go build\nFROM node:22 AS Assets\nRUN npm ci\nFROM alpine:3.20\n";

    #[test]
    fn instructions_at_the_start_of_a_line() {
        assert_eq!(
            labels("FROM alpine\nCO|"),
            (vec!["COPY".to_owned()], "CO".to_owned())
        );
        assert_eq!(labels("FROM alpine\nex|").0, ["expose"]);
        assert_eq!(labels("|").0.len(), Keyword::ALL.len());
        // Not inside an instruction's arguments, nor in a comment.
        assert!(labels("FROM alpine\nRUN echo CO|").0.is_empty());
        assert!(labels("# CO|").0.is_empty());
        // After `ONBUILD`, the instructions it can hold.
        assert_eq!(labels("FROM alpine\nONBUILD R|").0, ["RUN"]);
        assert!(labels("FROM alpine\nONBUILD F|").0.is_empty());
    }

    #[test]
    fn flags_and_their_values() {
        let (run, _) = labels("FROM alpine\nRUN --|");
        assert_eq!(run, ["--mount", "--network", "--security"]);
        let (copy, replaced) = labels("FROM alpine\nCOPY --ch|");
        assert_eq!(
            (copy, replaced.as_str()),
            (vec!["--chown".to_owned(), "--chmod".to_owned()], "--ch")
        );
        // A flag already given is not offered again; `--mount` is.
        assert_eq!(
            labels("FROM alpine\nRUN --network=none --mount=type=cache,target=/x --|").0,
            ["--mount", "--security"]
        );
        assert_eq!(
            labels("FROM alpine\nRUN --network=|").0,
            ["default", "none", "host"]
        );
        assert_eq!(
            labels("FROM --platform=linux/a|").0,
            ["linux/amd64", "linux/arm64", "linux/arm/v7"]
        );
        // Flags come before the arguments only.
        assert!(labels("FROM alpine\nCOPY a --|").0.is_empty());
    }

    #[test]
    fn copy_from_offers_the_other_stages_by_name() {
        let text = format!("{STAGES}COPY --from=|");
        assert_eq!(labels(&text).0, ["build", "Assets"]);
        let text = format!("{STAGES}COPY --from=as|");
        assert_eq!(labels(&text), (vec!["Assets".to_owned()], "as".to_owned()));
        // `FROM` offers the stages before it.
        assert_eq!(
            labels("FROM golang AS build\nFROM node AS web\nFROM b|").0,
            ["build"]
        );
    }

    #[test]
    fn mount_fields_and_values() {
        let mount = |value: &str| labels(&format!("{STAGES}RUN --mount={value}|"));
        assert_eq!(
            mount("type=").0,
            ["bind", "cache", "secret", "ssh", "tmpfs"]
        );
        assert_eq!(mount("type=c"), (vec!["cache".to_owned()], "c".to_owned()));
        let (fields, replaced) = mount("type=cache,s");
        assert_eq!(
            (fields, replaced.as_str()),
            (vec!["source".to_owned(), "sharing".to_owned()], "s")
        );
        assert_eq!(mount("type=secret,id=npm,r").0, ["required"]);
        assert_eq!(
            mount("type=cache,sharing=").0,
            ["shared", "private", "locked"]
        );
        assert_eq!(mount("type=bind,from=").0, ["build", "Assets"]);
        // `type` once.
        assert!(!mount("type=cache,t").0.contains(&"type".to_owned()));
    }

    fn hover_at(text: &str) -> Option<Hover> {
        let offset = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let (tree, semantic) = parsed(&text);
        hover(&text, &tree, &semantic, offset)
    }

    #[test]
    fn hover_documents_instructions_flags_values_and_stages() {
        let keyword = hover_at("FROM alpine\nRU|N echo\n").unwrap();
        assert!(
            keyword.markdown.starts_with("**RUN**"),
            "{}",
            keyword.markdown
        );
        assert_eq!(keyword.range, TextRange::new(12, 15));
        let flag = hover_at("FROM alpine\nRUN --net|work=none echo\n").unwrap();
        assert!(flag.markdown.starts_with("**--network=default|none|host**"));
        let value = hover_at("FROM alpine\nRUN --network=no|ne echo\n").unwrap();
        assert!(value.markdown.contains("No network access"));
        let mount =
            hover_at("FROM alpine\nRUN --mount=type=ca|che,target=/root/.cache echo\n").unwrap();
        assert!(
            mount.markdown.starts_with("**type=cache**"),
            "{}",
            mount.markdown
        );
        let field =
            hover_at("FROM alpine\nRUN --mount=type=cache,tar|get=/root/.cache echo\n").unwrap();
        assert!(field.markdown.starts_with("**target** (mount field)"));
        let stage = hover_at(&format!("{STAGES}COPY --from=bu|ild /out /\n")).unwrap();
        assert!(
            stage
                .markdown
                .starts_with("**Stage `build`** (stage 0), from `golang:1.23`"),
            "{}",
            stage.markdown
        );
        assert!(stage.markdown.contains("Referenced 1 time."));
    }

    #[test]
    fn stages_are_found_referenced_and_renamed() {
        let text = "FROM golang AS Build\nRUN --mount=type=cache,from=build,target=/x go build\nFROM build AS test\nFROM alpine\nCOPY --from=BUILD /a /\nCOPY --from=0 /b /\nARG S=build\nCOPY --from=$S /c /\n";
        let (_, semantic) = parsed(text);
        let copy = text.find("BUILD").unwrap();
        let (stage, range) = stage_at(&semantic, copy + 2).unwrap();
        assert_eq!((stage, range.slice(text)), (0, "BUILD"));
        assert_eq!(
            stage_definition(&semantic, stage).unwrap().slice(text),
            "Build"
        );
        let references: Vec<&str> = stage_references(&semantic, 0)
            .iter()
            .map(|r| r.slice(text))
            .collect();
        assert_eq!(references, ["build", "build", "BUILD", "0", "$S"]);
        let mut edits = rename_stage(text, &semantic, 0, "compile").unwrap();
        edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        let mut renamed = text.to_owned();
        for (range, new) in edits {
            renamed.replace_range(range.start..range.end, &new);
        }
        assert_eq!(
            renamed,
            "FROM golang AS compile\nRUN --mount=type=cache,from=compile,target=/x go build\nFROM compile AS test\nFROM alpine\nCOPY --from=compile /a /\nCOPY --from=0 /b /\nARG S=build\nCOPY --from=$S /c /\n"
        );
        assert!(rename_stage(text, &semantic, 0, "test").is_err(), "taken");
        assert!(
            rename_stage(text, &semantic, 0, "9lives").is_err(),
            "invalid"
        );
        assert!(rename_stage(text, &semantic, 2, "x").is_err(), "unnamed");
    }

    #[test]
    fn the_outline_has_stages_and_their_instructions() {
        let text =
            "ARG V=1\nFROM golang AS build\nRUN go build\nFROM alpine\nCOPY --from=build /a /\n";
        let (tree, semantic) = parsed(text);
        let outline = symbols(text, &tree, &semantic);
        let names: Vec<(&str, &str, usize)> = outline
            .iter()
            .map(|s| (s.name.as_str(), s.detail.as_str(), s.children.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("ARG", "V=1", 0),
                ("build", "golang", 2),
                ("stage 1", "alpine", 2)
            ]
        );
        assert_eq!(outline[1].selection.slice(text), "build");
        assert_eq!(outline[2].children[1].detail, "--from=build /a /");
    }

    #[test]
    fn odd_input_is_silent_not_a_panic() {
        for text in [
            "",
            "FROM",
            "RUN --",
            "RUN --mount=",
            "RUN --mount=,,=,type=",
            "COPY --from= --from=x",
            "FROM é AS ü\nCOPY --from=ü x y\n",
            "RUN <<EOF\nCO\nEOF\n",
            "RUN a \\\n  --mo\n",
            "# escape=`\nRUN a `\n --x",
            "\u{feff}FROM x\r\nRUN --network=\r\n",
        ] {
            let (tree, semantic) = parsed(text);
            for offset in 0..=text.len() + 2 {
                let _ = complete(text, &tree, &semantic, offset);
                let _ = hover(text, &tree, &semantic, offset);
                let _ = stage_at(&semantic, offset);
            }
            let _ = symbols(text, &tree, &semantic);
        }
        // A byte order mark is not part of the first instruction.
        assert_eq!(labels("\u{feff}FR|").0, ["FROM"]);
        // Nothing inside a heredoc's body.
        assert!(labels("FROM x\nRUN <<EOF\nCO|\nEOF\n").0.is_empty());
    }
}
