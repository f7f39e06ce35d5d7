//! Docker Compose files (`compose.yaml`, `docker-compose.yml`, their overrides), read the way
//! the reference reads them: compose-go v2, which Docker Compose v5 links.
//!
//! So far: which files are Compose files ([`is_compose_file`]); interpolation
//! ([`interpolate`]): `$VAR`, `${VAR}` and their defaults, alternatives and required forms,
//! substituted as compose-go substitutes them, and the variables a file uses, as
//! `docker compose config --variables` lists them; `.env` / `env_file` files ([`dotenv`]); and the
//! project's name ([`project`]); and the references between a project's parts that compose-go's
//! consistency check refuses ([`references`]); the Compose Specification's JSON schema
//! ([`schema`]); and what `config` accepts but `up` refuses or production regrets
//! ([`practices`]). The projects of a workspace, found as Compose finds them and checked with
//! these ([`workspace`]), report under the ids of [`rules`] (what a build asks of its Dockerfile
//! is checked in `drydock_links`, which knows both). Loading the project (merging overrides,
//! `include`, `extends`) and its resolved model build on these.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod assist;
pub mod consistency;
pub mod convert;
pub mod dotenv;
pub mod interpolate;
pub mod load;
pub mod model;
pub mod practices;
pub mod print;
pub mod project;
pub mod references;
pub mod rules;
pub mod schema;
pub mod workspace;

/// The names Docker Compose looks for in a project folder, in its order of preference
/// (compose-go's `DefaultFileNames`: `docker-compose.yml` before `docker-compose.yaml`).
pub const FILE_NAMES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

/// The override files Compose merges over the project file it found, in its order of
/// preference (compose-go's `DefaultOverrideFileNames`): the first one found, whatever the
/// project file's name.
pub const OVERRIDE_NAMES: &[&str] = &[
    "compose.override.yml",
    "compose.override.yaml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// The services a document of a Compose file declares: each one's name and mapping, in order.
pub fn services(document: &drydock_yaml::Document) -> Vec<(&str, drydock_yaml::NodeId)> {
    document
        .root
        .and_then(|root| document.get(root, "services"))
        .and_then(|services| document.entries(services.value))
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| Some((document.key_str(entry)?, entry.value)))
        .collect()
}

/// The text of a scalar node that holds no `$`: what the value is whatever the environment
/// (interpolation would change the others).
pub fn literal(document: &drydock_yaml::Document, node: drydock_yaml::NodeId) -> Option<&str> {
    let scalar = document.scalar(node)?;
    (!scalar.value.contains('$')).then_some(scalar.value.as_str())
}

/// The Dockerfile a service's `build` names, as a workspace path (its `context` and `dockerfile`
/// under the project's `folder`, as Compose resolves them), and the `target` stage it asks for.
/// `None` for a service that builds nothing, an inline Dockerfile, a remote context, an
/// absolute Dockerfile path or a value made with a variable (what it is depends on the
/// environment).
pub fn build_dockerfile(
    document: &drydock_yaml::Document,
    service: drydock_yaml::NodeId,
    folder: &str,
) -> Option<(String, Option<String>)> {
    let build = document.get(service, "build")?.value;
    if document.get(build, "dockerfile_inline").is_some() {
        return None;
    }
    let context = match document.scalar(build) {
        Some(_) => literal(document, build)?,
        None => document
            .get(build, "context")
            .map_or(Some("."), |c| literal(document, c.value))?,
    };
    let dockerfile = document
        .get(build, "dockerfile")
        .map_or(Some("Dockerfile"), |d| literal(document, d.value))?;
    if context.contains("://") || context.starts_with("git@") || dockerfile.starts_with('/') {
        return None;
    }
    let path = if folder.is_empty() {
        drydock_base::workspace::normalize_path(&format!("{context}/{dockerfile}"))
    } else {
        drydock_base::workspace::normalize_path(&format!("{folder}/{context}/{dockerfile}"))
    };
    let target = document
        .get(build, "target")
        .and_then(|t| literal(document, t.value))
        .map(str::to_owned);
    Some((path, target))
}

/// Whether `name` (a path) is a file Compose reads by its name: a project file or an override.
pub fn is_compose_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    FILE_NAMES.contains(&base) || OVERRIDE_NAMES.contains(&base)
}

#[cfg(test)]
mod tests {
    use super::is_compose_file;

    #[test]
    fn compose_files_are_known_by_name() {
        for name in [
            "compose.yaml",
            "app/compose.yml",
            "docker-compose.yml",
            "x/docker-compose.override.yaml",
        ] {
            assert!(is_compose_file(name), "{name}");
        }
        for name in ["compose.yaml.bak", "my-compose.yaml", "kustomization.yaml"] {
            assert!(!is_compose_file(name), "{name}");
        }
    }
}
