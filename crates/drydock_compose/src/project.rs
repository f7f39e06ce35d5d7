//! What Docker Compose decides about a project before it loads its files: its name.
//!
//! In compose-go's order: `COMPOSE_PROJECT_NAME` from the environment (with the project's `.env`
//! read into it) wins, and must already be a valid name; else, when a file has a top-level
//! `name`, the last non-empty one of all the files' documents, interpolated and normalized; else
//! the project folder's name, normalized (lowercase, only `a-z 0-9 _ -`, no leading `_` or `-`).

use std::fmt;

use crate::interpolate::{self, PathError};

/// Why a project cannot be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// `COMPOSE_PROJECT_NAME` that is not a project name as it stands.
    Invalid(String),
    /// The `name` field's interpolation failed.
    Interpolation(PathError),
}

impl fmt::Display for NameError {
    /// Docker Compose's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Invalid(name) => write!(
                f,
                "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
                crate::dotenv::go_quote(name)
            ),
            NameError::Interpolation(error) => error.fmt(f),
        }
    }
}

/// compose-go's `NormalizeProjectName`.
pub fn normalize(name: &str) -> String {
    let kept: String = name
        .to_lowercase()
        .chars()
        .filter(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
        .collect();
    kept.trim_start_matches(['_', '-']).to_owned()
}

/// The top-level `name` of a document, as a string (Go decodes a scalar into a string field).
fn name_of(document: &drydock_yaml::Document) -> Option<&str> {
    let root = document.root?;
    let entry = document.get(root, "name")?;
    document
        .scalar(entry.value)
        .filter(|scalar| scalar.kind != drydock_yaml::ScalarKind::Null)
        .map(|scalar| scalar.value.as_str())
}

/// The name of the project whose files are `files` (parsed, in the order Compose reads them),
/// in the folder named `folder`, with `environment` holding the process's variables and the
/// project's `.env`.
pub fn name(
    files: &[&drydock_yaml::Stream],
    environment: &dyn Fn(&str) -> Option<String>,
    folder: &str,
) -> Result<String, NameError> {
    if let Some(name) = environment("COMPOSE_PROJECT_NAME").filter(|name| !name.is_empty()) {
        return if normalize(&name) == name {
            Ok(name)
        } else {
            Err(NameError::Invalid(name))
        };
    }
    // Named when the first document of a file has a non-empty `name`.
    let named = files.iter().any(|stream| {
        stream
            .documents
            .first()
            .and_then(name_of)
            .is_some_and(|name| !name.is_empty())
    });
    if !named {
        return Ok(normalize(folder));
    }
    let written = files
        .iter()
        .flat_map(|stream| stream.documents.iter())
        .filter_map(name_of)
        .rfind(|name| !name.is_empty())
        .unwrap_or_default();
    let interpolated = interpolate::substitute(written, environment).map_err(|error| {
        NameError::Interpolation(PathError {
            path: "name".to_owned(),
            range: drydock_base::TextRange::default(),
            error,
        })
    })?;
    Ok(normalize(&interpolated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalized_as_compose_normalizes_them() {
        assert_eq!(normalize("deviantony+docker-elk"), "deviantonydocker-elk");
        assert_eq!(normalize("_My App-1"), "myapp-1");
        assert_eq!(normalize("--"), "");
    }

    #[test]
    fn the_environment_wins_then_the_files_then_the_folder() {
        let none = |_: &str| None;
        let stream = drydock_yaml::parse("name: Shop-${ENV:-dev}\nservices: {}\n");
        let unnamed = drydock_yaml::parse("services: {}\n");
        assert_eq!(
            name(&[&unnamed], &none, "My Folder"),
            Ok("myfolder".to_owned())
        );
        assert_eq!(
            name(&[&unnamed, &stream], &none, "x"),
            Ok("shop-dev".to_owned())
        );
        let env = |v: &str| (v == "COMPOSE_PROJECT_NAME").then(|| "My Project!".to_owned());
        assert_eq!(
            name(&[&stream], &env, "x").map_err(|e| e.to_string()),
            Err("invalid project name \"My Project!\": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number".to_owned())
        );
    }
}
