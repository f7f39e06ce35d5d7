//! The variables of every corpus project, as `docker compose config --variables --format json`
//! lists them (`../shared/conformance/compose/config/*/variables.json`), against
//! `interpolate::variables_in` over the project's files.
//!
//! Compose lists the variables of the loaded model: override files merged in (a value replaced
//! by an override loses its variables), `include`d and `extends`ed files pulled in. Loading a
//! project is not built yet, so this reads each file named (or found by the default lookup) and
//! lists what they hold together; the cases where that differs (four) are printed, and more fail
//! the test. A variable named twice with different defaults is listed
//! by Compose from whichever mention its map saw last (Go's map order is random): any mention
//! is accepted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_compose::interpolate::{Variable, variables_in};

fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A JSON value, read just enough for `case.json` and `variables.json` (strings, booleans,
/// arrays and objects; no escapes beyond `\"`, `\\` and `\/`, which is all these files hold).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    String(String),
    Bool(bool),
    Other,
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

fn parse_json(text: &str) -> Json {
    let mut chars = text.chars().peekable();
    value(&mut chars)
}

fn value(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Json {
    skip_space(chars);
    match chars.peek().copied() {
        Some('"') => Json::String(string(chars)),
        Some('[') => {
            chars.next();
            let mut items = Vec::new();
            loop {
                skip_space(chars);
                if chars.peek() == Some(&']') {
                    chars.next();
                    return Json::Array(items);
                }
                items.push(value(chars));
                skip_space(chars);
                if chars.peek() == Some(&',') {
                    chars.next();
                }
            }
        }
        Some('{') => {
            chars.next();
            let mut map = BTreeMap::new();
            loop {
                skip_space(chars);
                if chars.peek() == Some(&'}') {
                    chars.next();
                    return Json::Object(map);
                }
                let key = string(chars);
                skip_space(chars);
                assert_eq!(chars.next(), Some(':'));
                map.insert(key, value(chars));
                skip_space(chars);
                if chars.peek() == Some(&',') {
                    chars.next();
                }
            }
        }
        _ => {
            let word: String = std::iter::from_fn(|| {
                chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
            })
            .collect();
            match word.as_str() {
                "true" => Json::Bool(true),
                "false" => Json::Bool(false),
                _ => Json::Other,
            }
        }
    }
}

fn skip_space(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars.next_if(|c| c.is_whitespace()).is_some() {}
}

fn string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    assert_eq!(chars.next(), Some('"'));
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return out,
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    if let Some(c) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        out.push(c);
                    }
                }
                Some(other) => out.push(other),
                None => {}
            },
            c => out.push(c),
        }
    }
    out
}

/// The files Compose reads for `args` in `dir`: each `-f`, else the default lookup and its
/// override.
fn project_files(dir: &Path, args: &[String]) -> Vec<PathBuf> {
    let named: Vec<PathBuf> = args
        .windows(2)
        .filter(|pair| pair[0] == "-f")
        .map(|pair| dir.join(&pair[1]))
        .collect();
    if !named.is_empty() {
        return named;
    }
    let mut files = Vec::new();
    if let Some(found) = drydock_compose::FILE_NAMES
        .iter()
        .map(|name| dir.join(name))
        .find(|path| path.is_file())
    {
        files.push(found);
        if let Some(over) = drydock_compose::OVERRIDE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file())
        {
            files.push(over);
        }
    }
    files
}

#[test]
fn variables_are_found_as_docker_compose_finds_them() {
    let root = shared().join("conformance/compose/config");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join("variables.json").is_file())
        .collect();
    cases.sort();
    let (mut same, mut with_variables, mut differ) = (0, 0, Vec::new());
    for case in &cases {
        let Json::Object(meta) =
            parse_json(&std::fs::read_to_string(case.join("case.json")).unwrap())
        else {
            panic!("{}: case.json is not an object", case.display());
        };
        let Some(Json::String(dir)) = meta.get("project_dir") else {
            panic!("{}: no project_dir", case.display());
        };
        let args: Vec<String> = match meta.get("variables_args") {
            Some(Json::Array(items)) => items
                .iter()
                .filter_map(|a| match a {
                    Json::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        let Json::Object(expected) =
            parse_json(&std::fs::read_to_string(case.join("variables.json")).unwrap())
        else {
            // `null`: no variable.
            continue;
        };
        with_variables += usize::from(!expected.is_empty());
        let mut found: Vec<Variable> = Vec::new();
        for file in project_files(&shared().join(dir), &args) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            found.extend(
                variables_in(&drydock_yaml::parse(&text))
                    .into_iter()
                    .map(|(v, _)| v),
            );
        }
        let names: std::collections::BTreeSet<&str> =
            found.iter().map(|v| v.name.as_str()).collect();
        let agrees = names.len() == expected.len()
            && expected.iter().all(|(name, described)| {
                let field = |key: &str| match described {
                    Json::Object(fields) => fields.get(key).cloned(),
                    _ => None,
                };
                found.iter().any(|v| {
                    &v.name == name
                        && field("DefaultValue") == Some(Json::String(v.default_value.clone()))
                        && field("PresenceValue") == Some(Json::String(v.presence_value.clone()))
                        && field("Required") == Some(Json::Bool(v.required))
                })
            });
        if agrees {
            same += 1;
        } else {
            differ.push(format!(
                "{}: expected {:?}, found {:?}",
                case.file_name().unwrap_or_default().to_string_lossy(),
                expected.keys().collect::<Vec<_>>(),
                names
            ));
        }
    }
    println!(
        "variables: {same} of {} cases as Docker Compose lists them ({with_variables} with variables)",
        cases.len()
    );
    for line in &differ {
        println!("  differs: {line}");
    }
    assert!(
        cases.len() > 500,
        "the conformance data has {} cases",
        cases.len()
    );
    // Every case agrees but those whose model needs loading (include, extends: three) and one
    // YAML flow sequence closed at its key's indentation, which go-yaml reads and our parser
    // refuses (open-telemetry's demo).
    assert!(
        differ.len() <= 4,
        "{} cases differ (see the list above)",
        differ.len()
    );
}
