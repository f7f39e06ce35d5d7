//! Loading a Compose project the way compose-go's loader does, into the dict it hands to its
//! types: each file's documents read (`!reset` and `!override` noted), interpolated (with the
//! reference's type casts), their `include`s imported and their services' `extends` applied, then
//! merged over what came before with Compose's merge rules, de-duplicated, and made canonical
//! (long syntax everywhere); then defaults, paths made absolute, the project named and the model
//! normalized (default network, resource names, dependencies implied by `links`, `volumes_from`
//! and `service:` namespaces), profiles applied, and `env_file` / `label_file` read into
//! `environment` / `labels` — what `docker compose config` prints, once bound by [`crate::model`].
//!
//! Every node keeps its origin (the file and range it was written at), so that what is wrong with
//! the resolved model is reported where it was written. Files are read through a function, so the
//! same loader runs on disk (the CLI) and on a workspace (the playground).
//!
//! Each step costs time linear in the size of what it reads; the tree a file becomes is bounded
//! ([`NODE_BUDGET`]), so an alias bomb is refused instead of expanded.

mod canonical;
mod convert;
mod merge;
mod ports;

use std::collections::BTreeMap;

use drydock_yaml::ScalarKind;
use drydock_yaml::owned::{FileId, Node, Origin, Value};

use crate::{dotenv, project};

pub use ports::parse_port_spec;

/// How many nodes one file may become once its aliases are expanded. The reference's own limit
/// is a number of node visits of the same order; nothing real comes near it.
pub const NODE_BUDGET: usize = 200_000;

/// What to load: the files `docker compose -f` would be given (absolute paths, in order), the
/// working directory (the first file's folder, or the project directory), and the variables
/// (the process environment with the project's `.env` read into it).
pub struct Options<'a> {
    pub files: Vec<String>,
    pub working_dir: String,
    pub environment: BTreeMap<String, String>,
    /// Reads a file by absolute path (`None`: there is no such file).
    pub read: &'a dyn Fn(&str) -> Option<String>,
}

/// A loaded project: its name, the model (compose-go's dict, normalized), and the files it was
/// read from (a [`FileId`] is an index into `sources`).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub name: String,
    pub model: Node,
    pub sources: Vec<String>,
    /// What the reference warns about while loading (`version` is obsolete, …).
    pub warnings: Vec<String>,
}

/// Why a project does not load: the reference's message, and where, when it is somewhere.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub message: String,
    pub origin: Option<Origin>,
    /// The files read so far (an origin's file is an index into these).
    pub sources: Vec<String>,
}

/// A failure inside the loader, before the sources are attached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fail {
    pub message: String,
    pub origin: Option<Origin>,
}

impl Fail {
    pub(crate) fn new(message: impl Into<String>, origin: Option<Origin>) -> Self {
        Fail {
            message: message.into(),
            origin,
        }
    }

    /// The failure, placed at `origin` if it has no place of its own (a file that cannot be read
    /// is reported where it is named).
    fn or_at(mut self, origin: Option<Origin>) -> Self {
        if self.origin.is_none() {
            self.origin = origin;
        }
        self
    }
}

type Result<T, E = Fail> = std::result::Result<T, E>;

/// What a nested load skips (extended files are read raw; included models are not normalized).
#[derive(Clone, Copy, Default)]
struct Skip {
    include: bool,
    extends: bool,
    defaults: bool,
}

struct Loader<'a> {
    read: &'a dyn Fn(&str) -> Option<String>,
    sources: Vec<String>,
    warnings: Vec<String>,
}

/// Loads the project `options` describes.
pub fn load(options: &Options) -> std::result::Result<Loaded, LoadError> {
    let mut loader = Loader {
        read: options.read,
        sources: Vec::new(),
        warnings: Vec::new(),
    };
    match loader.project(options) {
        Ok((name, model)) => Ok(Loaded {
            name,
            model,
            sources: loader.sources,
            warnings: loader.warnings,
        }),
        Err(fail) => Err(LoadError {
            message: fail.message,
            origin: fail.origin,
            sources: loader.sources,
        }),
    }
}

/// A project loaded and bound to the model: what `docker compose config` prints.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub loaded: Loaded,
    /// The model as `config --format json` prints it (members in its order).
    pub json: drydock_base::json::Value,
    /// What the reference's consistency check refuses in it (beyond undefined references and
    /// cycles); the reference prints no model when there is any.
    pub problems: Vec<crate::consistency::Problem>,
}

impl Resolved {
    /// The text `docker compose config --format json` prints: Go's indented JSON with every `$`
    /// written `$$`, so that the output loads again as it is.
    pub fn to_json_text(&self) -> String {
        crate::model::write_go_json(&self.json).replace('$', "$$")
    }

    /// The model as YAML (what `docker compose config` prints by default).
    pub fn to_yaml_text(&self) -> String {
        crate::print::yaml(&self.json).replace('$', "$$")
    }
}

/// Loads the project and binds it to the model, as `docker compose config` does.
pub fn resolved(options: &Options) -> std::result::Result<Resolved, LoadError> {
    let loaded = load(options)?;
    match crate::model::to_json(&loaded.model) {
        Ok(json) => {
            let problems = crate::consistency::check(&json, &loaded.model);
            Ok(Resolved {
                loaded,
                json,
                problems,
            })
        }
        Err(error) => Err(LoadError {
            message: error.to_string(),
            origin: error.origin,
            sources: loaded.sources,
        }),
    }
}

/// The folder of an absolute path (`/a/b` → `/a`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) => "/",
        Some(at) => path.get(..at).unwrap_or("/"),
        None => ".",
    }
}

/// Go's `filepath.Join(base, path)` for a relative `path`, or `path` itself when absolute:
/// joined and cleaned.
pub fn join(base: &str, path: &str) -> String {
    if path.starts_with('/') {
        clean(path)
    } else if path.is_empty() {
        clean(base)
    } else {
        clean(&format!("{base}/{path}"))
    }
}

/// Go's `path.Clean`: no `.` segments, `..` resolved, no repeated or trailing slash.
pub fn clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|last| *last != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_owned(),
        (false, false) => joined,
    }
}

impl Loader<'_> {
    fn source(&mut self, path: &str) -> FileId {
        let id = FileId(u32::try_from(self.sources.len()).unwrap_or(u32::MAX));
        self.sources.push(path.to_owned());
        id
    }

    fn read_file(&mut self, path: &str) -> Result<(String, FileId)> {
        let text = (self.read)(path)
            .ok_or_else(|| Fail::new(format!("open {path}: no such file or directory"), None))?;
        Ok((text, self.source(path)))
    }

    fn project(&mut self, options: &Options) -> Result<(String, Node)> {
        let mut environment = options.environment.clone();
        // The name first: it may be interpolated, and it is a variable of its own then.
        let mut texts = Vec::new();
        for path in &options.files {
            texts.push((self.read)(path).unwrap_or_default());
        }
        let streams: Vec<drydock_yaml::Stream> =
            texts.iter().map(|text| drydock_yaml::parse(text)).collect();
        let stream_refs: Vec<&drydock_yaml::Stream> = streams.iter().collect();
        let folder = options
            .working_dir
            .rsplit('/')
            .next()
            .unwrap_or(&options.working_dir);
        let lookup = |name: &str| environment.get(name).cloned();
        let name = project::name(&stream_refs, &lookup, folder)
            .map_err(|error| Fail::new(error.to_string(), None))?;
        environment.insert("COMPOSE_PROJECT_NAME".to_owned(), name.clone());

        let mut dict = Node::map(None);
        for path in &options.files {
            dict = self.file(
                path,
                &options.working_dir,
                &environment,
                dict,
                &mut Vec::new(),
                Skip::default(),
            )?;
        }
        canonical::set_defaults(&mut dict);
        canonical::validate(&dict)?;
        canonical::resolve_paths(&mut dict, &options.working_dir)?;
        canonical::resolve_environment(&mut dict, &environment);
        if dict.entries().is_none_or(<[_]>::is_empty) {
            return Err(Fail::new("empty compose file", None));
        }
        if name.is_empty() {
            return Err(Fail::new("project name must not be empty", None));
        }
        dict.set("name", Node::string(name.clone(), None));
        canonical::normalize(&mut dict, &environment);
        canonical::apply_profiles(&mut dict, &environment);
        canonical::prune_resources(&mut dict);
        self.resolve_env_files(&mut dict, &environment)?;
        Ok((name, dict))
    }

    /// compose-go's `loadYamlFile`: each document of `path` merged over `dict`.
    fn file(
        &mut self,
        path: &str,
        working_dir: &str,
        environment: &BTreeMap<String, String>,
        mut dict: Node,
        included: &mut Vec<String>,
        skip: Skip,
    ) -> Result<Node> {
        let (text, file) = self.read_file(path)?;
        let stream = drydock_yaml::parse(&text);
        for document in &stream.documents {
            if let Some(error) = document.errors.first() {
                let origin = Some(Origin {
                    file,
                    range: error.range,
                });
                return Err(Fail::new(
                    format!("failed to parse {path}: yaml: {}", error.message),
                    origin,
                ));
            }
            let Some(root) = document.root else {
                continue;
            };
            if document.is_empty() {
                continue;
            }
            let (mut cfg, resets) = convert::document(document, root, file)?;
            if !cfg.is_map() {
                return Err(Fail::new("top-level object must be a mapping", cfg.origin));
            }
            let lookup = |name: &str| environment.get(name).cloned();
            convert::interpolate(&mut cfg, &lookup)?;
            if !skip.include {
                included.push(path.to_owned());
                self.include(&mut cfg, working_dir, environment, included, &resets)?;
            }
            merge::apply_resets(&mut dict, &resets);
            if !skip.extends {
                self.extends(&mut cfg, path, working_dir, &resets, &[])?;
            }
            merge::merge(&mut dict, cfg, &mut Vec::new())?;
            merge::enforce_unicity(&mut dict)?;
            if dict.remove("version").is_some() {
                self.warnings.push(format!(
                    "{path}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
                ));
            }
            canonical::canonical(&mut dict)?;
            canonical::omit_empty(&mut dict);
            merge::enforce_unicity(&mut dict)?;
        }
        let _ = skip.defaults;
        Ok(dict)
    }

    /// compose-go's `ApplyInclude`: each included project loaded on its own and its resources
    /// imported (what this file defines itself wins, merged over the imported one).
    fn include(
        &mut self,
        cfg: &mut Node,
        working_dir: &str,
        environment: &BTreeMap<String, String>,
        included: &[String],
        resets: &[Vec<String>],
    ) -> Result<()> {
        let Some(list) = cfg.remove("include") else {
            return Ok(());
        };
        let Some(items) = list.items() else {
            return Err(Fail::new(
                "`include` must be a list".to_owned(),
                list.origin,
            ));
        };
        for (index, item) in items.iter().enumerate() {
            let (paths, project_directory, env_files) = match &item.value {
                Value::Scalar(scalar)
                    if matches!(
                        scalar.kind,
                        ScalarKind::Bool(_) | ScalarKind::Int(_) | ScalarKind::Float(_)
                    ) =>
                {
                    // Decoded into a string or a struct: a number or a boolean is neither.
                    let go_type = match scalar.kind {
                        ScalarKind::Bool(_) => "bool",
                        ScalarKind::Int(_) => "int",
                        _ => "float64",
                    };
                    return Err(Fail::new(
                        format!(
                            "decoding failed due to the following error(s):\n\n'[{index}]' expected a map or struct, got \"{go_type}\""
                        ),
                        item.origin,
                    ));
                }
                Value::Scalar(scalar) => (vec![scalar.text.clone()], None, Vec::new()),
                Value::Map(_) => {
                    let paths = string_or_list(item.get("path"));
                    let directory = item.get_str("project_directory").map(str::to_owned);
                    (paths, directory, string_or_list(item.get("env_file")))
                }
                Value::Seq(_) => {
                    return Err(Fail::new("invalid include", item.origin));
                }
            };
            let Some(first) = paths.first() else {
                continue;
            };
            let paths: Vec<String> = paths.iter().map(|p| join(working_dir, p)).collect();
            let main = join(working_dir, first);
            let project_dir = match &project_directory {
                None => parent(&main).to_owned(),
                Some(dir) => join(working_dir, dir),
            };
            if included.contains(&main) {
                let mut chain = included.to_vec();
                chain.push(main.clone());
                let head = chain.first().cloned().unwrap_or_default();
                let rest: Vec<String> = chain.iter().skip(1).cloned().collect();
                return Err(Fail::new(
                    format!(
                        "include cycle detected:\n{head}\n include {}",
                        rest.join("\n include ")
                    ),
                    item.origin,
                ));
            }
            // The included project's variables: ours first, then its `.env` (or env_file).
            let mut env = environment.clone();
            let env_paths: Vec<String> = if env_files.is_empty() {
                let default = join(&project_dir, ".env");
                if (self.read)(&default).is_some() {
                    vec![default]
                } else {
                    Vec::new()
                }
            } else {
                env_files
                    .iter()
                    .filter(|f| *f != "/dev/null")
                    .map(|f| join(working_dir, f))
                    .collect()
            };
            for env_path in env_paths {
                let Some(text) = (self.read)(&env_path) else {
                    return Err(Fail::new(
                        format!("stat {env_path}: no such file or directory"),
                        item.get("env_file")
                            .and_then(|node| node.origin)
                            .or(item.origin),
                    ));
                };
                let lookup = |name: &str| env.get(name).cloned();
                let entries = dotenv::parse(&text, &lookup).map_err(|error| {
                    Fail::new(format!("failed to read {env_path}: {error}"), None)
                })?;
                for entry in entries {
                    env.entry(entry.key).or_insert(entry.value);
                }
            }
            let mut imported = Node::map(None);
            let mut chain = included.to_vec();
            for path in &paths {
                imported = self
                    .file(
                        path,
                        &project_dir,
                        &env,
                        imported,
                        &mut chain,
                        Skip::default(),
                    )
                    .map_err(|fail| fail.or_at(item.origin))?;
            }
            canonical::set_defaults(&mut imported);
            canonical::validate(&imported)?;
            canonical::resolve_paths(&mut imported, &project_dir)?;
            canonical::resolve_environment(&mut imported, &env);
            merge::import_resources(cfg, imported, resets)?;
        }
        Ok(())
    }

    /// compose-go's `ApplyExtends` over the services of one file's document.
    fn extends(
        &mut self,
        cfg: &mut Node,
        path: &str,
        working_dir: &str,
        resets: &[Vec<String>],
        tracker: &[(String, String)],
    ) -> Result<()> {
        let names: Vec<String> = match cfg.get("services") {
            Some(services) if services.is_map() => services
                .entries()
                .unwrap_or_default()
                .iter()
                .map(|entry| entry.key.clone())
                .collect(),
            Some(services) if services.is_null() => return Ok(()),
            Some(services) => {
                return Err(Fail::new("services must be a mapping", services.origin));
            }
            None => return Ok(()),
        };
        let Some(services) = cfg.get_mut("services") else {
            return Ok(());
        };
        for name in names {
            let mut branch = tracker.to_vec();
            self.extend_service(&name, services, path, working_dir, resets, &mut branch)?;
        }
        Ok(())
    }

    /// Applies the `extends` of service `name` of `services` (a file's `services` mapping),
    /// recursively; the service is replaced by the merged one.
    fn extend_service(
        &mut self,
        name: &str,
        services: &mut Node,
        path: &str,
        working_dir: &str,
        resets: &[Vec<String>],
        tracker: &mut Vec<(String, String)>,
    ) -> Result<()> {
        let Some(service) = services.get(name) else {
            return Ok(());
        };
        if service.is_null() {
            return Ok(());
        }
        if !service.is_map() {
            return Err(Fail::new(
                format!("services.{name} must be a mapping"),
                service.origin,
            ));
        }
        let Some(extends) = service.get("extends") else {
            return Ok(());
        };
        let extends_origin = extends.origin;
        let (reference, file) = match &extends.value {
            Value::Scalar(scalar) => (scalar.text.clone(), None),
            Value::Map(_) => {
                let Some(reference) = extends.get_str("service") else {
                    return Err(Fail::new(
                        format!("extends.{name}.service is required"),
                        extends_origin,
                    ));
                };
                (
                    reference.to_owned(),
                    extends.get_str("file").map(str::to_owned),
                )
            }
            Value::Seq(_) => {
                return Err(Fail::new(
                    format!("services.{name}.extends must be a string or a mapping"),
                    extends_origin,
                ));
            }
        };
        let add = |tracker: &mut Vec<(String, String)>, file: &str| -> Result<()> {
            let entry = (file.to_owned(), name.to_owned());
            if tracker.contains(&entry) {
                let mut lines = vec!["Circular reference:".to_owned()];
                if let Some((file, service)) = tracker.first() {
                    lines.push(format!("  {service} in {file}"));
                }
                for (file, service) in tracker.iter().skip(1).chain([&entry]) {
                    lines.push(format!("  extends {service} in {file}"));
                }
                return Err(Fail::new(lines.join("\n"), extends_origin));
            }
            tracker.push(entry);
            Ok(())
        };
        let base = match file {
            Some(file) => {
                let other = join(working_dir, &file);
                let other_dir = parent(&other).to_owned();
                let file_origin = extends
                    .get("file")
                    .and_then(|node| node.origin)
                    .or(extends_origin);
                let mut loaded = self
                    .file(
                        &other,
                        &other_dir,
                        &BTreeMap::new(),
                        Node::map(None),
                        &mut Vec::new(),
                        Skip {
                            include: true,
                            extends: true,
                            defaults: true,
                        },
                    )
                    .map_err(|fail| fail.or_at(file_origin))?;
                let Some(other_services) = loaded.get("services") else {
                    return Err(Fail::new(
                        format!("cannot extend service {name:?} in {other}: no services section"),
                        extends_origin,
                    ));
                };
                if other_services.entries().is_none() {
                    return Err(Fail::new(
                        format!(
                            "cannot extend service {name:?} in {other}: services must be a mapping"
                        ),
                        file_origin,
                    ));
                }
                if other_services.get(&reference).is_none() {
                    return Err(Fail::new(
                        format!(
                            "cannot extend service {name:?} in {path}: service {reference:?} not found in {file}"
                        ),
                        extends_origin,
                    ));
                }
                canonical::resolve_paths(&mut loaded, &other_dir)?;
                add(tracker, &other)?;
                let Some(other_services) = loaded.get_mut("services") else {
                    return Ok(());
                };
                self.extend_service(&reference, other_services, &other, &other_dir, &[], tracker)?;
                other_services.get(&reference).cloned()
            }
            None => {
                if services.get(&reference).is_none() {
                    return Err(Fail::new(
                        format!(
                            "cannot extend service {name:?} in {path}: service {reference:?} not found"
                        ),
                        extends_origin,
                    ));
                }
                add(tracker, path)?;
                self.extend_service(&reference, services, path, working_dir, resets, tracker)?;
                services.get(&reference).cloned()
            }
        };
        let Some(mut base) = base else {
            return Ok(());
        };
        if base.is_null() {
            return Ok(());
        }
        // What this file resets applies to the copy of the base too.
        let prefix = ["services".to_owned(), name.to_owned()];
        merge::apply_resets_under(&mut base, &prefix, resets);
        let Some(service) = services.remove(name) else {
            return Ok(());
        };
        let mut merged = base;
        merge::merge_at(
            &mut merged,
            service,
            &mut vec!["services".to_owned(), "x".to_owned()],
        )?;
        merged.remove("extends");
        services.set(name, merged);
        Ok(())
    }

    /// `env_file` read into `environment` and `label_file` into `labels`, as
    /// `WithServicesEnvironmentResolved` and `WithServicesLabelsResolved` do; both keys go.
    fn resolve_env_files(
        &mut self,
        dict: &mut Node,
        environment: &BTreeMap<String, String>,
    ) -> Result<()> {
        let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) else {
            return Ok(());
        };
        for entry in services.iter_mut() {
            let service = &mut entry.value;
            if !service.is_map() {
                continue;
            }
            // A name with a trailing space (`- "MODE =dev"`) is refused when the list is decoded.
            for item in service
                .get("environment")
                .and_then(Node::items)
                .unwrap_or_default()
            {
                let text = item
                    .as_scalar()
                    .map(|s| s.text.as_str())
                    .unwrap_or_default();
                let key = text.split_once('=').map_or(text, |(key, _)| key);
                if key.ends_with(char::is_whitespace) {
                    return Err(Fail::new(
                        format!(
                            "decoding failed due to the following error(s):\n\n'services[{}].environment' environment variable {key} is declared with a trailing space",
                            entry.key
                        ),
                        item.origin,
                    ));
                }
            }
            let explicit = canonical::mapping_with_equals(service.get("environment"));
            // Variables without a value take the project's.
            let explicit: Vec<(String, Option<String>, Option<Origin>)> = explicit
                .into_iter()
                .map(|(key, value, origin)| {
                    let value = value.or_else(|| environment.get(&key).cloned());
                    (key, value, origin)
                })
                .collect();
            let mut given = Variables::default();
            for (key, value, origin) in &explicit {
                given.set(key.clone(), value.clone(), *origin);
            }
            let mut merged = Variables::default();
            for (key, value, origin) in explicit.iter().filter(|(_, value, _)| value.is_some()) {
                merged.set(key.clone(), value.clone(), *origin);
            }
            if let Some(files) = service.remove("env_file") {
                for file in files.items().unwrap_or_default() {
                    let (path, required) = match &file.value {
                        Value::Scalar(scalar) => (scalar.text.clone(), true),
                        _ => (
                            file.get_str("path").unwrap_or_default().to_owned(),
                            file.get("required")
                                .and_then(|r| r.as_scalar())
                                .is_none_or(|r| r.kind != ScalarKind::Bool(false)),
                        ),
                    };
                    let format = file.get_str("format").unwrap_or_default().to_owned();
                    if !matches!(format.as_str(), "" | ".env" | "raw") {
                        return Err(Fail::new(
                            format!("unsupported env_file format {}", dotenv::go_quote(&format)),
                            file.get("format").and_then(|f| f.origin),
                        ));
                    }
                    let Some(text) = (self.read)(&path) else {
                        if required {
                            return Err(Fail::new(
                                format!(
                                    "env file {path} not found: stat {path}: no such file or directory"
                                ),
                                file.origin,
                            ));
                        }
                        continue;
                    };
                    let id = self.source(&path);
                    let lookup =
                        |name: &str| environment.get(name).cloned().or_else(|| given.get(name));
                    let entries = if format == "raw" {
                        raw_entries(&text)
                    } else {
                        dotenv::parse(&text, &lookup).map_err(|error| {
                            Fail::new(
                                format!("failed to read {path}: {error}"),
                                Some(Origin {
                                    file: id,
                                    range: error.range(),
                                }),
                            )
                        })?
                    };
                    for read in entries {
                        let origin = Some(Origin {
                            file: id,
                            range: read.range,
                        });
                        merged.set(read.key, Some(read.value), origin);
                    }
                }
            }
            if service.get("environment").is_some() || !merged.items.is_empty() {
                for (key, value, origin) in explicit {
                    merged.set(key, value, origin);
                }
                let entries = merged
                    .items
                    .into_iter()
                    .map(|(key, value, origin)| {
                        let node = match value {
                            Some(value) => Node::string(value, origin),
                            None => Node::null(origin),
                        };
                        (key, node)
                    })
                    .collect();
                let map =
                    merge::mapping(entries, service.get("environment").and_then(|e| e.origin));
                if map.entries().is_some_and(|e| !e.is_empty()) {
                    service.set("environment", map);
                } else {
                    service.remove("environment");
                }
            }
            if let Some(files) = service.remove("label_file") {
                let mut labels = Variables::default();
                for file in files.items().unwrap_or_default() {
                    let Some(path) = file.as_str() else { continue };
                    let path = path.to_owned();
                    let Some(text) = (self.read)(&path) else {
                        return Err(Fail::new(
                            format!(
                                "label file {path} not found: stat {path}: no such file or directory"
                            ),
                            file.origin,
                        ));
                    };
                    let id = self.source(&path);
                    let known = labels.clone();
                    let lookup = |name: &str| known.get(name);
                    let entries = dotenv::parse(&text, &lookup).map_err(|error| {
                        Fail::new(format!("failed to read {path}: {error}"), None)
                    })?;
                    for read in entries {
                        let origin = Some(Origin {
                            file: id,
                            range: read.range,
                        });
                        labels.set(read.key, Some(read.value), origin);
                    }
                }
                for (key, value, origin) in canonical::mapping_with_equals(service.get("labels")) {
                    labels.set(key, value, origin);
                }
                if !labels.items.is_empty() {
                    let entries = labels
                        .items
                        .into_iter()
                        .map(|(key, value, origin)| {
                            (key, Node::string(value.unwrap_or_default(), origin))
                        })
                        .collect();
                    service.set("labels", merge::mapping(entries, None));
                }
            }
        }
        Ok(())
    }
}

/// Variables in the order they were first set, each with its latest value and where it was
/// set; linear to fill.
#[derive(Default, Clone)]
struct Variables {
    items: Vec<(String, Option<String>, Option<Origin>)>,
    index: std::collections::HashMap<String, usize>,
}

impl Variables {
    fn set(&mut self, key: String, value: Option<String>, origin: Option<Origin>) {
        match self.index.get(&key).and_then(|&at| self.items.get_mut(at)) {
            Some(slot) => *slot = (key, value, origin),
            None => {
                self.index.insert(key.clone(), self.items.len());
                self.items.push((key, value, origin));
            }
        }
    }

    fn get(&self, key: &str) -> Option<String> {
        let at = *self.index.get(key)?;
        self.items.get(at).and_then(|(_, value, _)| value.clone())
    }
}

/// The variables of an env file in Docker Compose's `raw` format: each `KEY=VALUE` line as it
/// stands, quotes and `$` kept; blank lines and comments skipped.
fn raw_entries(text: &str) -> Vec<dotenv::Entry> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if let Some((key, value)) = content.split_once('=') {
            out.push(dotenv::Entry {
                key: key.trim().to_owned(),
                value: value.to_owned(),
                range: drydock_base::TextRange::new(start, start + content.len()),
            });
        }
    }
    out
}

/// A value that is a string or a list of strings, as a list.
fn string_or_list(node: Option<&Node>) -> Vec<String> {
    match node {
        Some(node) => match &node.value {
            Value::Scalar(scalar) if !scalar.is_null() => vec![scalar.text.clone()],
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| item.as_scalar().map(|s| s.text.clone()))
                .collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_joined_and_cleaned_as_go_does() {
        assert_eq!(join("/a/b", "../c/./d/"), "/a/c/d");
        assert_eq!(join("/a", "/x//y"), "/x/y");
        assert_eq!(join("/a", "."), "/a");
        assert_eq!(clean("/.."), "/");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
    }
}
