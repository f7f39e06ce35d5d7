use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Keyword, Mount, MountField};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

use super::suggest::did_you_mean;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/invalid-mount",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A `RUN --mount` with an unknown type, key or value, or a key its type does not take",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "unsupported mount type / unexpected key / invalid value / not allowed for type mounts",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks each `RUN --mount=…` as BuildKit reads it: the type is `bind` (the default), `cache`,
`tmpfs`, `secret` or `ssh`; every field is a known key (`type`, `from`, `source`/`src`,
`target`/`dst`/`destination`, `readonly`/`ro`, `readwrite`/`rw`, `id`, `sharing`, `required`,
`mode`, `uid`, `gid`, `size`, `env`); `sharing` is `shared`, `private` or `locked` and only on
cache mounts; `mode` is octal and `uid`/`gid` decimal, only on cache, secret and ssh mounts;
`required` only on secret and ssh mounts; `size` only on tmpfs; a secret mount names its secret
and has no `from`.

## Why is this bad?
BuildKit stops before building anything, with `unsupported mount type`, `unexpected key` or
`invalid value`. A misspelt key does not fall back to a default: the build fails.

## Invalid
```dockerfile
FROM golang:1.22
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
RUN --mount=type=cache,target=/go/pkg/mod,sharing=exclusive go mod download
```

## Valid
```dockerfile
FROM golang:1.22
RUN --mount=type=cache,target=/root/.cache/go-build go build ./...
RUN --mount=type=cache,target=/go/pkg/mod,sharing=locked go mod download
```
"#,
    ),
};

const TYPES: [&str; 5] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const KEYS: [&str; 19] = [
    "type",
    "from",
    "source",
    "target",
    "readonly",
    "id",
    "sharing",
    "required",
    "mode",
    "uid",
    "gid",
    "src",
    "dst",
    "destination",
    "ro",
    "rw",
    "readwrite",
    "size",
    "env",
];

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if instruction.keyword != Some(Keyword::Run) {
            continue;
        }
        // Flag names are case-sensitive in BuildKit; `--Mount` is an unknown flag.
        for flag in instruction
            .flags
            .iter()
            .filter(|flag| flag.name.value == "mount")
        {
            if let Some(mount) = Mount::from_flag(flag, ctx.text) {
                check_mount(&mount, out);
            }
        }
    }
}

/// The mount's type as far as the fields so far tell; `None` once it comes from a variable.
#[derive(Clone, Copy)]
struct State<'m> {
    kind: Option<&'m str>,
}

fn check_mount(mount: &Mount, out: &mut Vec<Diagnostic>) {
    let mut state = State { kind: Some("bind") };
    let mut seen: Vec<(&str, &MountField)> = Vec::new();
    // BuildKit reads the fields in order: `required` or `size` before `type=` meet a bind mount.
    for field in &mount.fields {
        let key = field.key.as_str();
        let Some(value) = &field.value else {
            match key {
                "readonly" | "ro" | "readwrite" | "rw" => {}
                "required" => type_only(&state, key, field, &["secret", "ssh"], out),
                _ => out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "mount field `{key}` has no value: BuildKit stops with `invalid field '{key}' must be a key=value pair`"
                        ),
                        field.range,
                    )
                    .with_help("only `readonly`, `ro`, `readwrite`, `rw` and `required` stand alone"),
                ),
            }
            continue;
        };
        let variable = value.contains('$');
        match key {
            "type" => {
                let lower = value.to_ascii_lowercase();
                if variable {
                    state.kind = None;
                } else if let Some(kind) = TYPES.iter().find(|t| **t == lower) {
                    state.kind = Some(kind);
                } else {
                    let mut diagnostic = Diagnostic::new(
                        &RULE,
                        format!(
                            "unsupported mount type `{value}`: BuildKit knows `bind`, `cache`, `tmpfs`, `secret` and `ssh`"
                        ),
                        field.value_range,
                    );
                    if let Some(suggestion) = did_you_mean(&lower, TYPES, true) {
                        diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                    }
                    out.push(diagnostic);
                    state.kind = None;
                }
            }
            "from" | "source" | "src" | "target" | "dst" | "destination" | "id" | "env" => {}
            "readonly" | "ro" | "readwrite" | "rw" => {
                if !variable && go_parse_bool(value).is_none() {
                    out.push(invalid_value(key, value, field, "`true` or `false`"));
                }
            }
            "required" => {
                type_only(&state, key, field, &["secret", "ssh"], out);
                if !variable && go_parse_bool(value).is_none() {
                    out.push(invalid_value(key, value, field, "`true` or `false`"));
                }
            }
            "size" => {
                type_only(&state, key, field, &["tmpfs"], out);
                if !variable && !is_ram_size(value) {
                    out.push(invalid_value(
                        key,
                        value,
                        field,
                        "a size such as `64m` or `1g`",
                    ));
                }
            }
            "sharing" => {
                if !variable
                    && !matches!(
                        value.to_ascii_lowercase().as_str(),
                        "shared" | "private" | "locked"
                    )
                {
                    out.push(invalid_value(
                        key,
                        value,
                        field,
                        "`shared`, `private` or `locked`",
                    ));
                }
            }
            "mode" => {
                if !variable && !parses_u32(value, 8) {
                    out.push(invalid_value(
                        key,
                        value,
                        field,
                        "an octal file mode such as `0600`",
                    ));
                }
            }
            "uid" | "gid" => {
                if !variable && !parses_u32(value, 10) {
                    out.push(invalid_value(key, value, field, "a decimal number"));
                }
            }
            _ => {
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    format!("`{key}` is not a mount key BuildKit knows, and it stops here"),
                    field.range,
                );
                if let Some(suggestion) = did_you_mean(key, KEYS, true) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
                }
                out.push(diagnostic);
                continue;
            }
        }
        seen.push((key, field));
    }
    let Some(kind) = state.kind else {
        return;
    };
    let has = |keys: &[&str]| seen.iter().find(|(k, _)| keys.contains(k)).map(|(_, f)| *f);
    if !matches!(kind, "secret" | "ssh" | "cache") {
        for key in ["mode", "uid", "gid"] {
            if let Some(field) = has(&[key]) {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "`{key}` is not allowed on a `{kind}` mount: only cache, secret and ssh mounts set file ownership and mode"
                    ),
                    field.range,
                ));
            }
        }
    }
    if kind != "cache"
        && let Some(field) = has(&["sharing"])
    {
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "`sharing` is only for cache mounts, not a `{kind}` mount: BuildKit stops here"
            ),
            field.range,
        ));
    }
    if kind == "secret" {
        if let Some(field) = has(&["from"]) {
            out.push(Diagnostic::new(
                &RULE,
                "a secret mount has no `from`: secrets come from the build's `--secret`, not from a stage",
                field.range,
            ));
        }
        let source = has(&["source", "src"]);
        let id = has(&["id"]);
        if source.is_none()
            && id.is_none()
            && has(&["target", "dst", "destination", "env"]).is_none()
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    "a secret mount must name its secret: BuildKit stops with `invalid secret mount. one of source, target required`",
                    mount.range,
                )
                .with_help("add `id=<secret id>` (the id given to `docker build --secret id=…`)"),
            );
        }
        if let (Some(source), Some(id)) = (source, id) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    "a secret mount with both `source` and `id`: BuildKit stops with `both source and id can't be set`",
                    source.range,
                )
                .with_label(id.range, "`id` given here"),
            );
        }
    }
}

/// Reports `key` when the mount's type so far is known and not one of `kinds`.
fn type_only(
    state: &State<'_>,
    key: &str,
    field: &MountField,
    kinds: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    let Some(kind) = state.kind else {
        return;
    };
    if kinds.contains(&kind) {
        return;
    }
    let place = if kinds.len() == 1 {
        format!("`type={}`", kinds.join(""))
    } else {
        kinds
            .iter()
            .map(|k| format!("`type={k}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    out.push(
        Diagnostic::new(
            &RULE,
            format!(
                "`{key}` is not a key of a `{kind}` mount: BuildKit stops with `unexpected key '{key}' for mount type '{kind}'`"
            ),
            field.range,
        )
        .with_help(format!(
            "`{key}` needs {place}, given before it (BuildKit reads the fields in order)"
        )),
    );
}

fn invalid_value(key: &str, value: &str, field: &MountField, expected: &str) -> Diagnostic {
    let range: TextRange = field.value_range;
    Diagnostic::new(
        &RULE,
        format!("`{key}={value}`: BuildKit expects {expected}, and stops here"),
        range,
    )
}

/// Go's `strconv.ParseBool`.
fn go_parse_bool(value: &str) -> Option<bool> {
    match value {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseUint(value, radix, 32)` succeeds.
fn parses_u32(value: &str, radix: u32) -> bool {
    !value.is_empty()
        && value.chars().all(|c| c.is_digit(radix))
        && u32::from_str_radix(value, radix).is_ok()
}

/// `units.RAMInBytes`: a number (decimals allowed), an optional space, then an optional
/// `k m g t p` with optional `i` and `b`, case-insensitive.
fn is_ram_size(value: &str) -> bool {
    let digits_end = value
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(digits_end);
    let number_ok = !number.is_empty()
        && !number.starts_with('.')
        && !number.ends_with('.')
        && !number.contains("..");
    let unit = unit.strip_prefix(' ').unwrap_or(unit).to_ascii_lowercase();
    let mut rest = unit.as_str();
    if let Some(r) = rest.strip_prefix(['k', 'm', 'g', 't', 'p']) {
        rest = r;
    }
    rest = rest.strip_prefix('i').unwrap_or(rest);
    rest = rest.strip_prefix('b').unwrap_or(rest);
    number_ok && rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_number_parsing() {
        assert!(parses_u32("0755", 8));
        assert!(!parses_u32("0789", 8));
        assert!(!parses_u32("", 8));
        assert!(!parses_u32("-1", 10));
        assert!(parses_u32("4294967295", 10));
        assert!(!parses_u32("4294967296", 10));
        assert!(is_ram_size("64m"));
        assert!(is_ram_size("1.5 GiB"));
        assert!(is_ram_size("1024"));
        assert!(!is_ram_size("lots"));
        assert!(!is_ram_size("1x"));
        assert_eq!(go_parse_bool("True"), Some(true));
        assert_eq!(go_parse_bool("yes"), None);
    }
}
