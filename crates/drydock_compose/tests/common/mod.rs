//! What the Compose conformance tests share: where `../shared` is, a small JSON reader for the
//! cases' `case.json` and `variables.json`, and the files Compose reads for a case.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A JSON value, read just enough for `case.json` and `variables.json` (strings, booleans,
/// arrays and objects; no escapes beyond `\"`, `\\` and `\/`, which is all these files hold).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    String(String),
    Bool(bool),
    Other,
    Array(Vec<Json>),
    Object(BTreeMap<String, Json>),
}

pub fn parse_json(text: &str) -> Json {
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
                chars.next_if(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.'))
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
pub fn project_files(dir: &Path, args: &[String]) -> Vec<PathBuf> {
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

/// A case folder's `case.json`: the project's folder (absolute) and the arguments of `key`.
pub fn case(dir: &Path, key: &str) -> (PathBuf, Vec<String>) {
    let Json::Object(meta) = parse_json(&std::fs::read_to_string(dir.join("case.json")).unwrap())
    else {
        panic!("{}: case.json is not an object", dir.display());
    };
    let Some(Json::String(project)) = meta.get("project_dir") else {
        panic!("{}: no project_dir", dir.display());
    };
    let args = match meta.get(key) {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|a| match a {
                Json::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    (shared().join(project), args)
}

/// The case folders under `conformance/compose/<folder>` that hold `marker`, in name order.
pub fn case_dirs(folder: &str, marker: &str) -> Vec<PathBuf> {
    let root = shared().join("conformance/compose").join(folder);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.join(marker).is_file())
        .collect();
    cases.sort();
    cases
}

/// A project as Compose would read it for these tests: its `.env` (read with an empty
/// environment, as the conformance runs were) and its files, parsed.
pub struct Project {
    pub variables: Vec<drydock_compose::dotenv::Entry>,
    /// Why the `.env` could not be read, if it could not.
    pub dotenv_error: Option<drydock_compose::dotenv::Error>,
    pub streams: Vec<drydock_yaml::Stream>,
}

impl Project {
    pub fn read(dir: &Path, args: &[String]) -> Project {
        let (variables, dotenv_error) = match std::fs::read_to_string(dir.join(".env")) {
            Ok(text) => match drydock_compose::dotenv::parse(&text, &|_| None) {
                Ok(entries) => (entries, None),
                Err(error) => (Vec::new(), Some(error)),
            },
            Err(_) => (Vec::new(), None),
        };
        let streams = project_files(dir, args)
            .iter()
            .map(|file| drydock_yaml::parse(&std::fs::read_to_string(file).unwrap_or_default()))
            .collect();
        Project {
            variables,
            dotenv_error,
            streams,
        }
    }

    /// A variable of the `.env` file.
    pub fn lookup(&self, name: &str) -> Option<String> {
        self.variables
            .iter()
            .find(|entry| entry.key == name)
            .map(|entry| entry.value.clone())
    }

    pub fn streams(&self) -> Vec<&drydock_yaml::Stream> {
        self.streams.iter().collect()
    }
}
