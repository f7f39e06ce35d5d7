//! What the Compose conformance tests share: where `../shared` is, the cases' JSON files
//! (`case.json`, `variables.json`, `expected.json`), and the files Compose reads for a case.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub use drydock_base::json::Value;

pub fn shared() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A JSON file of the conformance data, read with Drydock's own reader.
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    drydock_base::json::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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
    // `COMPOSE_FILE` in the project's `.env` names the files instead of the default lookup.
    let listed = std::fs::read_to_string(dir.join(".env"))
        .ok()
        .and_then(|text| drydock_compose::dotenv::parse(&text, &|_| None).ok())
        .and_then(|entries| entries.into_iter().rfind(|e| e.key == "COMPOSE_FILE"))
        .map(|entry| entry.value)
        .filter(|value| !value.is_empty());
    if let Some(listed) = listed {
        return listed
            .split(':')
            .filter(|name| !name.is_empty())
            .map(|name| dir.join(name))
            .collect();
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
    let meta = read_json(&dir.join("case.json"));
    let Some(project) = meta.get("project_dir").and_then(Value::as_str) else {
        panic!("{}: no project_dir", dir.display());
    };
    let args = meta
        .get(key)
        .and_then(Value::as_array)
        .unwrap_or_default()
        .iter()
        .filter_map(|a| a.as_str().map(str::to_owned))
        .collect();
    (shared().join(project), args)
}

/// A case's name: its folder's.
pub fn case_name(dir: &Path) -> String {
    dir.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
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
