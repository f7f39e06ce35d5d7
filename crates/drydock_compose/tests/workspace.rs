//! The projects of a folder as the CLI and the playground check them
//! (`workspace::render_workspace`: the files Compose finds by name, the `.env`), against Docker
//! Compose on `../shared/conformance/compose`:
//! - no project Compose accepts gets an error from a rule of the reference's own checks (corpus
//!   projects of `config/` with `expected.json`, run with the default lookup); errors of the rules
//!   beyond the reference (what fails at `up` although `config` accepts it) only where the
//!   project does fail at `up`, each listed below with why;
//! - no valid hand-written project (`errors/valid-*`) gets any error;
//! - the one-defect projects of `errors/`: of those Compose refuses, and of those it accepts but
//!   that fail at `up`, how many get an error finding, printed;
//! - each refused project's error is on the line of its defect: the line the reference names
//!   (YAML and `.env` errors), else a line that shows what its message names (the property, the
//!   undefined name, the file, the value), else the line given by hand with why.

mod common;

use std::path::Path;

use common::{case, case_dirs, case_name};
use drydock_base::Severity;
use drydock_base::workspace::SourceFile;
use drydock_compose::workspace::render_workspace;

/// The files of `dir` and its subfolders, named as in a workspace of that folder.
fn folder(dir: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((at, prefix)) = pending.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let path = entry.path();
            if path.is_dir() {
                pending.push((path, format!("{name}/")));
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files.push(SourceFile { name, text });
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Rules beyond the reference: an error of theirs is a defect `docker compose config` accepts.
use drydock_compose::rules::BEYOND_THE_REFERENCE;

/// Corpus projects `config` accepts that fail at `up`, and why.
const FAIL_AT_UP: &[(&str, &str)] = &[
    (
        "kubernetes+kompose__script__test__fixtures__env",
        "services namenode and another-namenode both publish host ports 50070 and 8020 (a kompose conversion fixture, never run)",
    ),
    (
        "kubernetes+kompose__script__test__fixtures__env-multiple",
        "the same two services, the same ports",
    ),
];

/// One-defect projects Compose refuses that get no error here, and why.
const NOT_AN_ERROR_HERE: &[(&str, &str)] = &[
    ("interp-required-in-env-file-path", REQUIRED),
    ("interp-required-in-extends-base", REQUIRED),
    ("interp-required-in-include", REQUIRED),
    ("interp-required-in-network-name", REQUIRED),
    ("interp-required-in-override", REQUIRED),
    ("interp-required-missing", REQUIRED),
    ("interp-required-missing-no-colon", REQUIRED),
    ("interp-required-nested-in-default", REQUIRED),
    ("interp-required-no-message", REQUIRED),
    (
        "misc-no-compose-file",
        "no Compose file at all: nothing in the folder is a Compose project (`drydock render` says `no configuration file provided: not found`)",
    ),
];

const REQUIRED: &str = "a `${VAR:?}` that `.env` does not set: a warning on its line, since the environment `docker compose` runs in may set it (the reference ran with none)";

fn beyond(error: &str) -> bool {
    BEYOND_THE_REFERENCE
        .iter()
        .any(|rule| error.starts_with(&format!("{rule}: ")))
}

/// The findings of the projects the folder's named files make, of `severity` or worse.
fn findings(dir: &Path, severity: Severity) -> Vec<String> {
    render_workspace(&folder(dir))
        .iter()
        // The project of the folder itself; its subfolders' are cases of their own.
        .filter(|render| render.name == ".")
        .flat_map(|render| {
            render
                .findings
                .iter()
                .filter(|f| f.severity >= severity)
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn errors(dir: &Path) -> Vec<String> {
    findings(dir, Severity::Error)
}

fn uses_default_lookup(args: &[String]) -> bool {
    !args.iter().any(|a| a == "-f")
}

#[test]
fn accepted_projects_get_no_error_and_refused_ones_are_counted() {
    let mut wrong = Vec::new();
    let (mut accepted, mut clean) = (0, 0);
    for dir in case_dirs("config", "expected.json") {
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        accepted += 1;
        let found = errors(&project);
        let name = case_name(&dir);
        let fails_at_up = FAIL_AT_UP.iter().any(|(case, _)| *case == name);
        if found.is_empty() {
            clean += 1;
        } else if !(fails_at_up && found.iter().all(|e| beyond(e))) {
            wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
        }
    }
    let (mut valid, mut refused, mut caught) = (0, 0, 0);
    let mut missed = Vec::new();
    let (mut up_defects, mut up_caught, mut up_noticed) = (0, 0, 0);
    for dir in case_dirs("errors", "case.json") {
        let name = case_name(&dir);
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        let found = errors(&project);
        let refused_by_compose = dir.join("expected-error.txt").is_file();
        if name.starts_with("valid-") {
            valid += 1;
            if !found.is_empty() {
                wrong.push(format!("{name}: a valid project, yet {found:?}"));
            }
            continue;
        }
        if !refused_by_compose {
            // A defect `config` accepts: it fails at `up`, or later.
            up_defects += 1;
            if found.iter().any(|e| !beyond(e)) {
                wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
            }
            up_caught += usize::from(!found.is_empty());
            up_noticed += usize::from(!findings(&project, Severity::Info).is_empty());
            continue;
        }
        refused += 1;
        caught += usize::from(!found.is_empty());
        let excused = NOT_AN_ERROR_HERE.iter().find(|(case, _)| *case == name);
        match (found.is_empty(), excused) {
            (true, None) => {
                let said =
                    std::fs::read_to_string(dir.join("expected-error.txt")).unwrap_or_default();
                wrong.push(format!(
                    "{name}: Compose refuses it (`{}`), Drydock reports no error",
                    said.lines().next().unwrap_or_default()
                ));
            }
            (true, Some((_, why))) => missed.push(format!("{name}: {why}")),
            (false, Some(_)) => {
                wrong.push(format!(
                    "{name}: reported now, take it off NOT_AN_ERROR_HERE"
                ));
            }
            (false, None) => {}
        }
    }
    println!(
        "projects as a workspace: {clean} of {accepted} accepted corpus projects without an error (the other {} fail at `up`: {FAIL_AT_UP:?}); {valid} of {valid} valid hand-written projects without one; {caught} of {refused} one-defect projects Compose refuses with an error; {up_caught} of {up_defects} one-defect projects it accepts (they fail at `up` or later, or it warns) with one, {up_noticed} with a finding of any severity",
        accepted - clean
    );
    println!("refused by Compose, no error from Drydock, and why:");
    for case in &missed {
        println!("  {case}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        accepted >= 365 && caught >= 207 && up_caught >= 4,
        "{accepted} {caught} {up_caught}"
    );
}

/// An error finding, where it is: the file, its 1-based line, that line's text and the text of
/// the line of the key it sits under.
struct Placed {
    file: String,
    line: usize,
    text: String,
    parent: String,
}

/// The findings of the folder's own project of `severity` or worse, each with its line.
fn placed_findings(files: &[SourceFile], severity: Severity) -> Vec<Placed> {
    let mut out = Vec::new();
    for render in render_workspace(files).iter().filter(|r| r.name == ".") {
        for finding in render.findings.iter().filter(|f| f.severity >= severity) {
            let Some(source) = render
                .sources
                .get(finding.file)
                .and_then(|name| files.iter().find(|file| &file.name == name))
            else {
                continue;
            };
            let at = finding.range.start.min(source.text.len());
            let before = source.text.get(..at).unwrap_or_default();
            let line = before.matches('\n').count();
            out.push(Placed {
                file: source.name.clone(),
                line: line + 1,
                text: source.text.lines().nth(line).unwrap_or_default().to_owned(),
                parent: parent_line(&source.text, line + 1).to_owned(),
            });
        }
    }
    out
}

/// The line the reference names: go-yaml's `L<n>.C`, the last `line <n>` of a YAML construct
/// error or of a `.env` error.
fn line_named(said: &str) -> Option<usize> {
    let after = |marker: &str| {
        said.rmatch_indices(marker).next().and_then(|(at, _)| {
            let digits: String = said[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
    };
    let construct = said.rmatch_indices("line ").find_map(|(at, _)| {
        let rest = &said[at + "line ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        rest[digits.len()..]
            .starts_with(':')
            .then(|| digits.parse().ok())
            .flatten()
    });
    after(" at L").or(construct)
}

/// The words `message` quotes ('x', "x" or `x`; an apostrophe inside a word is no quote).
fn quoted(message: &str) -> Vec<String> {
    let mut words = Vec::new();
    let chars: Vec<char> = message.chars().collect();
    let mut at = 0;
    while at < chars.len() {
        let quote = chars[at];
        let opens = matches!(quote, '\'' | '"' | '`')
            && (at == 0 || matches!(chars[at - 1], ' ' | '(' | '[' | ':'));
        if opens {
            let close = (at + 1..chars.len()).find(|&end| {
                chars[end] == quote
                    && chars
                        .get(end + 1)
                        .is_none_or(|next| matches!(next, ' ' | ',' | ':' | ')' | ']' | '.'))
            });
            if let Some(close) = close {
                words.push(chars[at + 1..close].iter().collect());
                at = close + 1;
                continue;
            }
        }
        at += 1;
    }
    words
}

/// What the line of an error about `said` (or the line of the key it sits under) must show:
/// the words the reference quotes, the keys of the property path it names (past the service's
/// name), the name it says is undefined, the services of a dependency cycle, the file it could
/// not read, the values it could not parse. The service a message is about (`service "web"`,
/// `services.web.`) is no anchor of its own: its line holds none of the defect.
fn anchors(said: &str) -> Vec<String> {
    let message = said.split_whitespace().collect::<Vec<_>>().join(" ");
    let message = message.as_str();
    let mut subject = None;
    let mut words = quoted(message);
    if let Some(rest) = message.strip_prefix("service \"") {
        subject = rest.split('"').next().map(str::to_owned);
    } else if let Some((name, _)) = message
        .strip_prefix("service ")
        .and_then(|rest| rest.split_once(" declares "))
    {
        subject = Some(name.to_owned());
    }
    let tokens: Vec<&str> = message.split([' ', ',']).collect();
    for (index, token) in tokens.iter().enumerate() {
        let token = token.trim_matches(|c| matches!(c, '\'' | '"' | '`' | ':'));
        let next = tokens
            .get(index + 1)
            .map(|word| word.trim_end_matches(':').to_owned());
        // `undefined network back`, `undefined build secret npm_token`, `extends b in …`.
        if matches!(
            token,
            "network" | "volume" | "secret" | "config" | "model" | "service" | "extends"
        ) && index > 0
            && (tokens[index - 1] == "undefined"
                || tokens[index - 1] == "build"
                || token == "extends")
        {
            words.extend(next.clone());
            if token == "extends" {
                words.push("extends".to_owned());
            }
        }
        // `networks must be a mapping`, `version must be a string`, `jobs.backup missing
        // property 'triggers'`: the path's last key.
        if matches!(next.as_deref(), Some("must" | "missing")) && !token.contains('/') {
            words.extend(token.rsplit('.').next().map(str::to_owned));
        }
        // Property names in prose: `can't set container_name and web`, `dockerfile and
        // dockerfile_inline`.
        if token.contains('_') && token.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            words.push(token.to_owned());
        }
        // `service "web" has neither an image nor a build`: the service as a whole.
        if token == "neither" {
            words.extend(subject.as_ref().map(|name| format!("{name}:")));
        }
        if token == "->" {
            words.extend(next);
            words.push("depends_on".to_owned());
        }
        // A file: its name as the project names it.
        if token.contains('/') {
            if let Some(name) = token.rsplit('/').next().filter(|name| !name.is_empty()) {
                words.push(name.to_owned());
            }
            continue;
        }
        // A property path, `services.web.cpus` or `services[web].cpus`.
        let path = token.replace('[', ".").replace(']', "");
        let segments: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
        if segments.len() < 2 || segments.iter().any(|s| s.contains(['(', ' '])) {
            continue;
        }
        let mut keys = segments.as_slice();
        if keys.first() == Some(&"services") && keys.len() > 2 {
            subject.get_or_insert_with(|| keys[1].to_owned());
            keys = &keys[2..];
        }
        words.extend(
            keys.iter()
                .filter(|key| !key.chars().all(|c| c.is_ascii_digit()))
                .map(|key| (*key).to_owned()),
        );
    }
    // The values it could not read: `invalid hostPort: 70000`, `invalid spec: ./a:/a:ro:extra:
    // too many colons`, `80-81 and 8080-8082`.
    for part in message.split(": ").skip(1) {
        // A value Compose found empty is shown as `<empty>`: `no port specified: 8080:<empty>`.
        let part = part.replace("<empty>", "");
        words.push(part.trim().to_owned());
        words.extend(
            part.split(' ')
                .filter(|word| word.chars().any(|c| c.is_ascii_digit()))
                .map(str::to_owned),
        );
    }
    words.retain(|word| !word.is_empty() && subject.as_deref() != Some(word.as_str()));
    words
}

/// The line of the key `line` (1-based) of `text` sits under: the closest line before it that is
/// indented less.
fn parent_line(text: &str, line: usize) -> &str {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '-']).len();
    let Some(own) = lines.get(line.saturating_sub(1)) else {
        return "";
    };
    lines[..line.saturating_sub(1)]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && indent(l) < indent(own))
        .copied()
        .unwrap_or_default()
}

/// Refused one-defect projects whose error belongs on a line the reference's message does not
/// name, with that line (`file:line`) and why.
const PLACED_BY_HAND: &[(&str, &str, &str)] = &[
    (
        "dotenv-unterminated-quote",
        ".env:1",
        "the value's opening quote; the reference counts the line past the end of the file, where it gave up",
    ),
    (
        "envfile-unterminated-quote",
        "web.env:1",
        "the same, in an `env_file`",
    ),
    (
        "merge-reset-image-leaves-nothing",
        "compose.yaml:2",
        "the service; the override's `image: !reset null` that removed its image is not tracked through the merge",
    ),
    (
        "schema-include-item-number",
        "compose.yaml:2",
        "the list item `- 42`; the reference names it only by its index",
    ),
    (
        "value-volume-empty-spec",
        "compose.yaml:5",
        "the empty string `- \"\"`; the reference names neither the service nor the index",
    ),
    (
        "yaml-alias-expansion-bomb",
        "compose.yaml:5",
        "the alias that makes the document expand past 100,000 nodes: Drydock refuses to expand it; the reference expands it and fails on the schema of the result",
    ),
    ("yaml-empty-file", "compose.yaml:1", "an empty file"),
    (
        "yaml-only-comments",
        "compose.yaml:1",
        "a file with only comments",
    ),
    (
        "yaml-recursive-alias",
        "compose.yaml:5",
        "the alias inside the node it names; go-yaml's construct error says `line 1` whatever the line",
    ),
];

#[test]
fn reference_errors_are_reported_on_the_line_of_the_defect() {
    let (mut refused, mut placed) = (0, 0);
    let mut wrong = Vec::new();
    for dir in case_dirs("errors", "case.json") {
        let name = case_name(&dir);
        let Ok(said) = std::fs::read_to_string(dir.join("expected-error.txt")) else {
            continue;
        };
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        refused += 1;
        let mut found = placed_findings(&folder(&project), Severity::Error);
        if found.is_empty() {
            // Refused for a reason Drydock warns of (see `NOT_AN_ERROR_HERE`): the warning's
            // line, then.
            found = placed_findings(&folder(&project), Severity::Warning);
        }
        if found.is_empty() {
            continue;
        }
        let right = |error: &Placed| {
            if let Some((_, at, _)) = PLACED_BY_HAND.iter().find(|(case, _, _)| *case == name) {
                return format!("{}:{}", error.file, error.line) == *at;
            }
            if let Some(line) = line_named(&said) {
                return error.line == line;
            }
            anchors(&said).iter().any(|word| {
                error.text.contains(word.as_str()) || error.parent.contains(word.as_str())
            })
        };
        if found.iter().any(right) {
            placed += 1;
        } else {
            let shown: Vec<String> = found
                .iter()
                .map(|e| format!("{}:{} `{}`", e.file, e.line, e.text.trim()))
                .collect();
            wrong.push(format!(
                "{name}: Compose says `{}`; Drydock's errors are at {}; anchors {:?}",
                said.lines().next().unwrap_or_default(),
                shown.join(", "),
                anchors(&said)
            ));
        }
    }
    println!(
        "{placed} of {refused} refused one-defect projects have an error on the defect's line"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(placed >= 215, "{placed}");
}
