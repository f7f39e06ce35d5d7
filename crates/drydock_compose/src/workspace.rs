//! The Compose projects of a workspace, found as Docker Compose finds them, each checked and
//! reported as a [`Rendered`] whose findings are in the files the project reads.
//!
//! In each folder, the project is the first project file of [`crate::FILE_NAMES`] present, with
//! the first override of [`crate::OVERRIDE_NAMES`] merged over it, and the folder's `.env` for
//! interpolation (`docker compose` run in that folder). Files Compose ignores there are reported:
//! a second project or override file, an override without a project file. A YAML file of another
//! name that reads as Compose ([`looks_like_compose`]: the playground's files, or a file named on
//! the CLI's command line) is a project of its own, as `docker compose -f FILE` reads it, unless
//! its folder has a project file: beside one, such files are the extra `-f` files of that project
//! (`compose.prod.yaml`) or fragments, not projects (the conformance data has both kinds). A
//! `COMPOSE_FILE` in the folder's `.env` names the project's files instead, as it does for
//! `docker compose` (a file it names that the workspace lacks is an error on that line).
//!
//! Variables come from the project's `.env` alone: the environment `docker compose` will run in
//! is unknown here, so a variable `.env` does not set is reported where a value depends on it,
//! never silently blank.
//!
//! A project's render has no text yet: the resolved model (`docker compose config`) comes with
//! the loader.

use std::collections::BTreeMap;

use drydock_base::rendered::{RenderFinding, Rendered};
use drydock_base::workspace::{COMPOSE_FILE_NAMES, FileKind, SourceFile, looks_like_compose};
use drydock_base::{Severity, TextRange};

use crate::{
    FILE_NAMES, OVERRIDE_NAMES, dotenv, interpolate, practices, project, references, rules, schema,
};

/// The files of one folder that Compose finds by name.
#[derive(Default)]
struct Folder {
    /// Project files, by their rank in [`FILE_NAMES`]: (rank, file index).
    projects: Vec<(usize, usize)>,
    overrides: Vec<(usize, usize)>,
    env: Option<usize>,
}

/// The folder part of a workspace path (`""` at the top).
fn folder_of(path: &str) -> &str {
    path.rfind('/')
        .map_or("", |at| path.get(..at).unwrap_or_default())
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether any file of `files` is one [`render_workspace`] reads as a Compose file.
pub fn has_compose_files(files: &[SourceFile]) -> bool {
    files.iter().any(is_project_file)
}

fn is_project_file(file: &SourceFile) -> bool {
    // Only a Compose file's name or a Compose-looking YAML text can make one: the file's kind,
    // which reads the whole text again, is detected only for those.
    let base = file.name.rsplit(['/', '\\']).next().unwrap_or(&file.name);
    if !COMPOSE_FILE_NAMES.contains(&base) && !looks_like_compose(&file.text) {
        return false;
    }
    match FileKind::detect(&file.name, &file.text) {
        FileKind::Compose => true,
        FileKind::Yaml => looks_like_compose(&file.text),
        _ => false,
    }
}

/// A Compose project of a workspace: the files `docker compose` reads, by index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Its folder (`.` at the top), or the file's name for a project of one file of another name.
    pub name: String,
    /// Its folder, as in the files' names (`""` at the top).
    pub folder: String,
    /// The project file, then its override when there is one.
    pub files: Vec<usize>,
    /// The folder's `.env`.
    pub env: Option<usize>,
    /// Project and override files of the folder that Compose ignores (it reads the first).
    pub ignored: Vec<usize>,
    /// The files `COMPOSE_FILE` (in the folder's `.env`) names that the workspace lacks: where
    /// each goes among `files`, its path as the workspace would name it, and as written. Read
    /// from elsewhere if they can be (the CLI's disk), else Compose refuses the project.
    pub missing: Vec<(usize, String, String)>,
}

/// What the folder's `.env` sets `COMPOSE_FILE` to, split as Compose splits it (on
/// `COMPOSE_PATH_SEPARATOR`, `:` unless set): the files it reads instead of looking them up.
fn compose_file_list(env: &SourceFile) -> Option<(Vec<String>, TextRange)> {
    let entries = dotenv::parse(&env.text, &|_| None).ok()?;
    let separator = entries
        .iter()
        .rfind(|e| e.key == "COMPOSE_PATH_SEPARATOR")
        .map_or(":".to_owned(), |e| e.value.clone());
    let entry = entries
        .into_iter()
        .rfind(|e| e.key == "COMPOSE_FILE")
        .filter(|e| !e.value.is_empty())?;
    let names: Vec<String> = if separator.is_empty() {
        vec![entry.value.clone()]
    } else {
        entry
            .value
            .split(separator.as_str())
            .filter(|name| !name.is_empty())
            .map(str::to_owned)
            .collect()
    };
    (!names.is_empty()).then_some((names, entry.range))
}

/// What [`find`] makes of a workspace: its projects, and the folders whose only Compose files
/// are overrides (which Compose never reads).
struct Found {
    projects: Vec<Project>,
    orphans: Vec<(String, Vec<usize>)>,
}

/// Every Compose project of `files`, as `docker compose` run in each folder finds it, in folder
/// order, then the projects of one file of another name.
pub fn projects(files: &[SourceFile]) -> Vec<Project> {
    find(files).projects
}

fn find(files: &[SourceFile]) -> Found {
    let mut folders: BTreeMap<&str, Folder> = BTreeMap::new();
    let mut loose: Vec<usize> = Vec::new();
    for (at, file) in files.iter().enumerate() {
        let name = base_name(&file.name);
        let folder = folder_of(&file.name);
        if let Some(rank) = FILE_NAMES.iter().position(|n| *n == name) {
            folders.entry(folder).or_default().projects.push((rank, at));
        } else if let Some(rank) = OVERRIDE_NAMES.iter().position(|n| *n == name) {
            folders
                .entry(folder)
                .or_default()
                .overrides
                .push((rank, at));
        } else if name == ".env" {
            folders.entry(folder).or_default().env = Some(at);
        } else if is_project_file(file) {
            loose.push(at);
        }
    }
    let mut found = Found {
        projects: Vec::new(),
        orphans: Vec::new(),
    };
    // Files a folder's `COMPOSE_FILE` names: members of its project, not projects of their own.
    let mut claimed: Vec<usize> = Vec::new();
    for (folder, here) in &mut folders {
        here.projects.sort_unstable();
        here.overrides.sort_unstable();
        if let Some((names, _)) = here
            .env
            .and_then(|at| files.get(at))
            .and_then(compose_file_list)
        {
            let (mut members, mut missing) = (Vec::new(), Vec::new());
            for name in names {
                let path = crate::load::join(if folder.is_empty() { "." } else { folder }, &name);
                let path = path.strip_prefix("./").unwrap_or(&path).to_owned();
                match files.iter().position(|file| file.name == path) {
                    Some(at) => members.push(at),
                    None => missing.push((members.len() + missing.len(), path, name)),
                }
            }
            claimed.extend(&members);
            found.projects.push(Project {
                name: display_folder(folder),
                folder: (*folder).to_owned(),
                files: members,
                env: here.env,
                ignored: Vec::new(),
                missing,
            });
            continue;
        }
        let Some(&(_, winner)) = here.projects.first() else {
            // Overrides alone: Compose looks for a project file in the parent folders instead.
            if !here.overrides.is_empty() {
                found.orphans.push((
                    (*folder).to_owned(),
                    here.overrides.iter().map(|&(_, at)| at).collect(),
                ));
            }
            continue;
        };
        let mut members = vec![winner];
        members.extend(here.overrides.first().map(|&(_, at)| at));
        found.projects.push(Project {
            name: display_folder(folder),
            folder: (*folder).to_owned(),
            files: members,
            env: here.env,
            ignored: here
                .projects
                .iter()
                .skip(1)
                .chain(here.overrides.iter().skip(1))
                .map(|&(_, at)| at)
                .collect(),
            missing: Vec::new(),
        });
    }
    for at in loose {
        if claimed.contains(&at) {
            continue;
        }
        let Some(file) = files.get(at) else { continue };
        let folder = folder_of(&file.name);
        // Beside a project file, or below one, such a file is one of its `-f` files (an
        // extension merged over it, `extensions/x/x-compose.yml`) or a fragment it includes
        // or extends.
        let mut above = Some(folder);
        let mut beside_or_below = false;
        while let Some(at) = above {
            if folders.get(at).is_some_and(|f| !f.projects.is_empty()) {
                beside_or_below = true;
                break;
            }
            above = (!at.is_empty()).then(|| folder_of(at));
        }
        if beside_or_below {
            continue;
        }
        found.projects.push(Project {
            name: file.name.clone(),
            folder: folder.to_owned(),
            files: vec![at],
            env: folders.get(folder).and_then(|f| f.env),
            ignored: Vec::new(),
            missing: Vec::new(),
        });
    }
    found
}

/// Every Compose project of `files`, checked: one [`Rendered`] per project (and one per folder
/// whose files Compose ignores), in folder order.
pub fn render_workspace(files: &[SourceFile]) -> Vec<Rendered> {
    render_workspace_with(files, &|_| None)
}

/// [`render_workspace`], where the files a project reads beyond the workspace's (an `env_file`,
/// an extended file) may come from `read` too (the CLI reads them from the disk; the playground
/// has only its workspace). `read` takes a path as the workspace names its files.
pub fn render_workspace_with(
    files: &[SourceFile],
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Rendered> {
    let found = find(files);
    let mut out = Vec::new();
    for (folder, overrides) in &found.orphans {
        out.push(orphans(files, folder, overrides));
    }
    for project in &found.projects {
        let mut members: Vec<&SourceFile> = project
            .files
            .iter()
            .filter_map(|&at| files.get(at))
            .collect();
        // Files `COMPOSE_FILE` names beyond the workspace, read if they can be.
        let read_elsewhere: Vec<(usize, SourceFile)> = project
            .missing
            .iter()
            .filter_map(|(at, path, _)| {
                read(path).map(|text| {
                    let name = path.clone();
                    (*at, SourceFile { name, text })
                })
            })
            .collect();
        for (at, file) in &read_elsewhere {
            members.insert((*at).min(members.len()), file);
        }
        let unreadable: Vec<&str> = project
            .missing
            .iter()
            .filter(|(at, _, _)| !read_elsewhere.iter().any(|(read, _)| read == at))
            .map(|(_, _, name)| name.as_str())
            .collect();
        let env = project.env.and_then(|at| files.get(at));
        let mut render = if members.is_empty() {
            Rendered {
                name: project.name.clone(),
                ..Rendered::default()
            }
        } else {
            check_project(&project.folder, &members, env, files, read)
        };
        render.name.clone_from(&project.name);
        if let Some(env) = env.filter(|_| !unreadable.is_empty()) {
            let range = compose_file_list(env).map_or(first_line(&env.text), |(_, range)| range);
            let file = match render.sources.iter().position(|name| *name == env.name) {
                Some(at) => at,
                None => {
                    render.sources.push(env.name.clone());
                    render.sources.len() - 1
                }
            };
            for name in unreadable {
                render.findings.push(RenderFinding {
                    rule: rules::load::RULE.id.to_owned(),
                    severity: Severity::Error,
                    message: format!(
                        "compose file {} set by COMPOSE_FILE environment variable is invalid: stat {name}: no such file or directory",
                        dotenv::go_quote(name)
                    ),
                    file,
                    range,
                    fix: None,
                });
            }
        }
        for &at in &project.ignored {
            let Some(file) = files.get(at) else { continue };
            let is_override = OVERRIDE_NAMES.contains(&base_name(&file.name));
            let used = if is_override {
                members.get(1)
            } else {
                members.first()
            };
            let used = used.map_or("", |f| base_name(&f.name));
            render.findings.push(RenderFinding {
                rule: rules::several_project_files::RULE.id.to_owned(),
                severity: Severity::Warning,
                message: format!(
                    "Compose reads `{used}` in this folder and ignores `{}`: it takes the first of {} it finds",
                    base_name(&file.name),
                    if is_override {
                        "the override files"
                    } else {
                        "`compose.yaml`, `compose.yml`, `docker-compose.yml` and `docker-compose.yaml`"
                    }
                ),
                file: render.sources.len(),
                range: first_line(&file.text),
                fix: None,
            });
            render.sources.push(file.name.clone());
        }
        out.push(render);
    }
    out
}

/// The range of a text's first line (where a finding about the whole file goes).
fn first_line(text: &str) -> TextRange {
    TextRange::new(0, text.find('\n').unwrap_or(text.len()))
}

fn orphans(files: &[SourceFile], folder: &str, overrides: &[usize]) -> Rendered {
    let mut render = Rendered {
        name: display_folder(folder),
        ..Rendered::default()
    };
    for &at in overrides {
        let Some(file) = files.get(at) else { continue };
        render.findings.push(RenderFinding {
            rule: rules::override_without_project::RULE.id.to_owned(),
            severity: Severity::Warning,
            message: format!(
                "`{}` has no `compose.yaml` (or `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`) beside it: Compose merges an override only over the project file of its own folder, so it never reads this one",
                base_name(&file.name)
            ),
            file: render.sources.len(),
            range: first_line(&file.text),
            fix: None,
        });
        render.sources.push(file.name.clone());
    }
    render
}

fn display_folder(folder: &str) -> String {
    if folder.is_empty() {
        ".".to_owned()
    } else {
        folder.to_owned()
    }
}

/// Checks the project made of `files` (in the order `docker compose -f` is given them) in
/// `folder`, with `env` (its `.env`), as [`render_workspace_with`] checks a folder's project:
/// the CLI's `drydock render FILE...`.
pub fn render_files(
    folder: &str,
    files: &[&SourceFile],
    env: Option<&SourceFile>,
    read: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    let all: Vec<SourceFile> = files.iter().map(|file| (*file).clone()).collect();
    check_project(folder, files, env, &all, read)
}

/// Checks the project made of `members` (the project file, then its override) in `folder`,
/// with `env` (its `.env`) for variables.
fn check_project(
    folder: &str,
    members: &[&SourceFile],
    env: Option<&SourceFile>,
    all: &[SourceFile],
    read: &dyn Fn(&str) -> Option<String>,
) -> Rendered {
    let mut render = Rendered {
        name: display_folder(folder),
        root: Some(0),
        sources: members.iter().map(|f| f.name.clone()).collect(),
        ..Rendered::default()
    };
    let env_index = render.sources.len();
    let mut variables: Vec<dotenv::Entry> = Vec::new();
    if let Some(env) = env {
        render.sources.push(env.name.clone());
        match dotenv::parse(&env.text, &|_| None) {
            Ok(entries) => variables = entries,
            Err(error) => {
                let rule = match error {
                    dotenv::Error::Syntax { .. } => rules::dotenv_syntax::RULE.id,
                    dotenv::Error::Interpolation { .. } => rules::interpolation::RULE.id,
                };
                render.findings.push(RenderFinding {
                    rule: rule.to_owned(),
                    severity: Severity::Error,
                    message: format!("failed to read {}: {error}", base_name(&env.name)),
                    file: env_index,
                    range: error.range(),
                    fix: None,
                });
            }
        }
    }
    let lookup = |name: &str| {
        variables
            .iter()
            .rfind(|entry| entry.key == name)
            .map(|entry| entry.value.clone())
    };
    let streams: Vec<drydock_yaml::Stream> = members
        .iter()
        .map(|file| drydock_yaml::parse(&file.text))
        .collect();
    let stream_refs: Vec<&drydock_yaml::Stream> = streams.iter().collect();

    if let Err(project::NameError::Invalid(name)) = project::name(
        &stream_refs,
        &lookup,
        folder.rsplit('/').next().unwrap_or(folder),
    ) && let Some(entry) = variables
        .iter()
        .rfind(|entry| entry.key == "COMPOSE_PROJECT_NAME")
    {
        render.findings.push(RenderFinding {
            rule: rules::invalid_project_name::RULE.id.to_owned(),
            severity: Severity::Error,
            message: format!(
                "{}: Compose takes `COMPOSE_PROJECT_NAME` as it stands",
                project::NameError::Invalid(name)
            ),
            file: env_index,
            range: trimmed(env.map_or("", |e| e.text.as_str()), entry.range),
            fix: None,
        });
    }

    for (file, stream) in streams.iter().enumerate() {
        for document in &stream.documents {
            for violation in schema::validate(document, file == 0) {
                render.findings.push(RenderFinding {
                    rule: rules::schema::RULE.id.to_owned(),
                    severity: Severity::Error,
                    message: violation.message,
                    file,
                    range: violation.range,
                    fix: violation.fix,
                });
            }
        }
    }

    for (file, (stream, member)) in streams.iter().zip(members).enumerate() {
        for error in interpolate::errors_in(stream, &lookup) {
            let unset_required = matches!(
                &error.error,
                interpolate::Error::MissingRequired { variable, .. } if lookup(variable).is_none()
            );
            let (severity, message) = if unset_required {
                (
                    Severity::Warning,
                    format!(
                        "{error}: the project's `.env` does not set it, so Compose refuses the project unless the environment it runs in does"
                    ),
                )
            } else {
                (Severity::Error, error.to_string())
            };
            render.findings.push(RenderFinding {
                rule: rules::interpolation::RULE.id.to_owned(),
                severity,
                message,
                file,
                range: error.range,
                fix: None,
            });
        }
        let mut reported: Vec<String> = Vec::new();
        for (variable, range) in interpolate::variables_in(stream) {
            if reported.contains(&variable.name)
                || lookup(&variable.name).is_some()
                || !used_plainly(
                    member.text.get(range.start..range.end).unwrap_or_default(),
                    &variable.name,
                )
            {
                continue;
            }
            render.findings.push(RenderFinding {
                rule: rules::unset_variable::RULE.id.to_owned(),
                severity: Severity::Info,
                message: format!(
                    "`{0}` is not set in the project's `.env` and this value gives it no default: Compose takes it from the environment it runs in, or substitutes an empty string (`The \"{0}\" variable is not set. Defaulting to a blank string.`)",
                    variable.name
                ),
                file,
                range,
                fix: None,
            });
            reported.push(variable.name);
        }
    }

    let texts: Vec<&str> = members.iter().map(|file| file.text.as_str()).collect();
    render
        .findings
        .extend(practices::check(&stream_refs, &texts));

    for problem in references::check(&stream_refs, &lookup) {
        let rule = if problem.cycle {
            rules::dependency_cycle::RULE.id
        } else {
            rules::undefined_reference::RULE.id
        };
        render.findings.push(RenderFinding {
            rule: rule.to_owned(),
            severity: Severity::Error,
            message: problem.message,
            file: problem.file,
            range: problem.range,
            fix: None,
        });
    }
    if !render
        .findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
    {
        load_project(&mut render, folder, members, &variables, all, read);
    }
    render
}

/// Where the workspace's files are for the loader, which works with absolute paths.
const ROOT: &str = "/~workspace";

/// Loads the project as the reference would, and reports why it does not load when nothing
/// else explained it: what only the loader finds (an `extends` of a service that does not
/// exist, an included file that is not there, a port or a volume that does not parse…).
/// How the loader sees a project of the workspace: its files under [`ROOT`] (workspace names
/// are relative in the playground, absolute in the CLI when it was given such paths), the
/// workspace's files readable there, and `beyond` for the others.
struct Seen<'a> {
    members: &'a [&'a SourceFile],
    all: &'a [SourceFile],
    beyond: &'a dyn Fn(&str) -> Option<String>,
    absolute_names: bool,
}

impl Seen<'_> {
    fn absolute(name: &str) -> String {
        if name.starts_with('/') {
            format!("{ROOT}{name}")
        } else {
            format!("{ROOT}/{name}")
        }
    }

    /// The workspace name of a loader's path, when it is a workspace file.
    fn name_of(&self, path: &str) -> Option<String> {
        let rest = path.strip_prefix(ROOT)?;
        self.all
            .iter()
            .find(|file| file.name == rest || Some(file.name.as_str()) == rest.strip_prefix('/'))
            .map(|file| file.name.clone())
    }

    fn read(&self, path: &str) -> Option<String> {
        match self.name_of(path) {
            Some(name) => self
                .all
                .iter()
                .find(|file| file.name == name)
                .map(|file| file.text.clone()),
            None => {
                let rest = path.strip_prefix(ROOT)?;
                (self.beyond)(if self.absolute_names {
                    rest
                } else {
                    rest.strip_prefix('/')?
                })
            }
        }
    }

    /// The project loaded and bound, as `docker compose config` would in `folder`.
    fn resolve(
        &self,
        folder: &str,
        variables: &[dotenv::Entry],
    ) -> Result<crate::load::Resolved, crate::load::LoadError> {
        let read = |path: &str| self.read(path);
        let working_dir = if folder.is_empty() {
            ROOT.to_owned()
        } else {
            Self::absolute(folder)
        };
        let options = crate::load::Options {
            files: self
                .members
                .iter()
                .map(|file| Self::absolute(&file.name))
                .collect(),
            working_dir,
            environment: variables
                .iter()
                .map(|entry| (entry.key.clone(), entry.value.clone()))
                .collect(),
            read: &read,
        };
        crate::load::resolved(&options)
    }
}

/// Every Compose project of the workspace that loads, converted to Kubernetes manifests
/// ([`crate::convert`]): one new file per project, `kubernetes.yaml` in its folder, the notes on
/// what could not be converted as comments in it.
pub fn convert_workspace(files: &[SourceFile]) -> Vec<SourceFile> {
    let mut out = Vec::new();
    for project in find(files).projects {
        let members: Vec<&SourceFile> = project
            .files
            .iter()
            .filter_map(|&at| files.get(at))
            .collect();
        let variables = project
            .env
            .and_then(|at| files.get(at))
            .and_then(|env| dotenv::parse(&env.text, &|_| None).ok())
            .unwrap_or_default();
        let seen = Seen {
            members: &members,
            all: files,
            beyond: &|_| None,
            absolute_names: members.iter().any(|file| file.name.starts_with('/')),
        };
        let Ok(resolved) = seen.resolve(&project.folder, &variables) else {
            continue;
        };
        let conversion = crate::convert::convert(&resolved.json);
        let name = if project.folder.is_empty() {
            "kubernetes.yaml".to_owned()
        } else {
            format!("{}/kubernetes.yaml", project.folder)
        };
        out.push(SourceFile {
            name,
            text: conversion.yaml,
        });
    }
    out
}

fn load_project(
    render: &mut Rendered,
    folder: &str,
    members: &[&SourceFile],
    variables: &[dotenv::Entry],
    all: &[SourceFile],
    beyond: &dyn Fn(&str) -> Option<String>,
) {
    let absolute_names = members.iter().any(|file| file.name.starts_with('/'));
    let seen = Seen {
        members,
        all,
        beyond,
        absolute_names,
    };
    let name_of = |path: &str| seen.name_of(path);
    let (error, problems, loaded_sources) = match seen.resolve(folder, variables) {
        Ok(resolved) => (None, resolved.problems, resolved.loaded.sources),
        Err(error) => (Some(error), Vec::new(), Vec::new()),
    };
    // The Compose files the project read beyond its own (included, extended) are validated
    // too, as the reference validates them when it loads them.
    let read_files = error.as_ref().map_or(&loaded_sources, |e| &e.sources);
    let mut extra_errors = false;
    for path in read_files {
        let Some(rest) = path.strip_prefix(ROOT) else {
            continue;
        };
        let (name, text) = match name_of(path) {
            Some(name) => {
                let text = all.iter().find(|f| f.name == name).map(|f| f.text.clone());
                (name, text)
            }
            None => {
                let name = if absolute_names {
                    rest.to_owned()
                } else {
                    rest.trim_start_matches('/').to_owned()
                };
                let text = beyond(&name);
                (name, text)
            }
        };
        let Some(text) = text else { continue };
        if members.iter().any(|m| m.name == name)
            || !(name.ends_with(".yml") || name.ends_with(".yaml"))
            || render.sources.contains(&name)
        {
            continue;
        }
        let file = SourceFile { name, text };
        let stream = drydock_yaml::parse(&file.text);
        let index = render.sources.len();
        let mut found = false;
        for document in &stream.documents {
            for violation in schema::validate(document, false) {
                found = true;
                render.findings.push(RenderFinding {
                    rule: rules::schema::RULE.id.to_owned(),
                    severity: Severity::Error,
                    message: violation.message,
                    file: index,
                    range: violation.range,
                    fix: violation.fix,
                });
            }
        }
        if found {
            render.sources.push(file.name.clone());
            extra_errors = true;
        }
    }
    if extra_errors {
        return;
    }
    let strip = |message: &str| {
        if absolute_names {
            message.replace(ROOT, "")
        } else {
            message.replace(&format!("{ROOT}/"), "")
        }
    };
    // A node's place among the render's sources (added when the loader read another file).
    let place =
        |render: &mut Rendered, sources: &[String], origin: Option<drydock_yaml::owned::Origin>| {
            let Some(origin) = origin else {
                return (
                    0,
                    first_line(members.first().map_or("", |file| file.text.as_str())),
                );
            };
            let path = sources
                .get(origin.file.0 as usize)
                .and_then(|path| {
                    name_of(path).or_else(|| {
                        let rest = path.strip_prefix(ROOT)?;
                        Some(if absolute_names {
                            rest.to_owned()
                        } else {
                            rest.trim_start_matches('/').to_owned()
                        })
                    })
                })
                .unwrap_or_default();
            // The range on whole characters of the file (a parser's error may point inside
            // one).
            let range = match seen.read(&Seen::absolute(&path)) {
                Some(text) => on_char_boundaries(&text, origin.range),
                None => origin.range,
            };
            let index = match render.sources.iter().position(|name| *name == path) {
                Some(index) => index,
                None => {
                    render.sources.push(path);
                    render.sources.len() - 1
                }
            };
            (index, range)
        };
    if let Some(error) = error {
        // Variables the environment may still set were reported as such; a file outside the
        // workspace may well exist; the reference's JSON printer cannot print `build.ssh`
        // paths, which is no fault of the project (its YAML prints them).
        if error.message.starts_with("error while interpolating")
            || error.message.contains("json: error calling MarshalJSON")
            || (error.message.starts_with("open ")
                && !error.message.starts_with(&format!("open {ROOT}/")))
        {
            return;
        }
        let (file, range) = place(render, &error.sources, error.origin);
        render.findings.push(RenderFinding {
            rule: rules::load::RULE.id.to_owned(),
            severity: Severity::Error,
            message: strip(&error.message),
            file,
            range,
            fix: None,
        });
        return;
    }
    for problem in problems {
        let (file, range) = place(render, &loaded_sources, problem.origin);
        // A value made of variables the environment may set was reported as such.
        let written = all
            .iter()
            .chain(members.iter().copied())
            .find(|f| render.sources.get(file).is_some_and(|name| *name == f.name))
            .and_then(|f| f.text.get(range.start..range.end));
        if written.is_some_and(|text| text.contains('$')) {
            continue;
        }
        let rule = if problem.reference {
            rules::undefined_reference::RULE.id
        } else {
            rules::consistency::RULE.id
        };
        render.findings.push(RenderFinding {
            rule: rule.to_owned(),
            severity: Severity::Error,
            message: strip(&problem.message),
            file,
            range,
            fix: None,
        });
    }
}

/// `range` widened to whole characters of `text`, and kept inside it.
fn on_char_boundaries(text: &str, range: TextRange) -> TextRange {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    TextRange::new(start, end)
}

/// `range` of `text` without the line break and spaces it ends with.
fn trimmed(text: &str, range: TextRange) -> TextRange {
    let kept = text
        .get(range.start..range.end)
        .map_or(0, |piece| piece.trim_end().len());
    TextRange::new(range.start, range.start + kept)
}

/// Whether `value` uses `name` without a default, an alternative or a requirement: `${name}`, or
/// `$name` not followed by a character of a name (and not escaped as `$$`).
fn used_plainly(value: &str, name: &str) -> bool {
    let braced = format!("${{{name}}}");
    if value.contains(&braced) {
        return true;
    }
    let plain = format!("${name}");
    value.match_indices(&plain).any(|(at, _)| {
        let escaped = value
            .get(..at)
            .is_some_and(|before| before.chars().rev().take_while(|c| *c == '$').count() % 2 == 1);
        let next = value
            .get(at + plain.len()..)
            .and_then(|rest| rest.chars().next());
        !escaped && !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_parse_error_inside_a_character_is_reported_on_whole_characters() {
        // Found by the fuzzer: an unclosed quote followed by replacement characters.
        let text = "services:\n  client:\n    image: busybox\n    command: ['sleep', 'infinity'\u{fffd}\u{fffd}\n";
        let files = [SourceFile {
            name: "compose.yaml".to_owned(),
            text: text.to_owned(),
        }];
        for render in render_workspace(&files) {
            for finding in &render.findings {
                assert!(
                    text.get(finding.range.start..finding.range.end).is_some(),
                    "{finding:?}"
                );
            }
        }
    }

    #[test]
    fn ranges_are_widened_to_whole_characters() {
        let text = "a\u{fffd}b";
        assert_eq!(
            on_char_boundaries(text, TextRange::new(2, 3)),
            TextRange::new(1, 4)
        );
        assert_eq!(
            on_char_boundaries(text, TextRange::new(9, 12)),
            TextRange::new(5, 5)
        );
    }

    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }

    fn rules_of(render: &Rendered) -> Vec<(&str, &str)> {
        render
            .findings
            .iter()
            .map(|f| {
                (
                    f.rule.as_str(),
                    render.sources.get(f.file).map_or("", String::as_str),
                )
            })
            .collect()
    }

    #[test]
    fn projects_are_found_as_compose_finds_them() {
        let files = [
            file(
                "app/docker-compose.yaml",
                "services:\n  a:\n    image: x:1\n",
            ),
            file(
                "app/docker-compose.yml",
                "services:\n  a:\n    image: y:1\n",
            ),
            file(
                "app/compose.override.yaml",
                "services:\n  a:\n    networks: [back]\n",
            ),
            file("lonely/compose.override.yml", "services: {}\n"),
            file(
                "stack.yml",
                "services:\n  b:\n    image: z:1\n    depends_on: [c]\n",
            ),
            file("values.yaml", "replicas: 2\n"),
            // Beside a project file: an extra `-f` file of that project, not a project.
            file(
                "app/compose.prod.yaml",
                "services:\n  a:\n    depends_on: [d]\n",
            ),
        ];
        let renders = render_workspace(&files);
        assert_eq!(renders.len(), 3);
        let named = |name: &str| renders.iter().find(|r| r.name == name).unwrap();
        let app = named("app");
        assert_eq!(app.name, "app");
        // `docker-compose.yml` comes before `docker-compose.yaml` in compose-go's order.
        assert_eq!(
            app.sources,
            [
                "app/docker-compose.yml",
                "app/compose.override.yaml",
                "app/docker-compose.yaml"
            ]
        );
        assert_eq!(
            rules_of(app),
            [
                ("compose/undefined-reference", "app/compose.override.yaml"),
                ("compose/several-project-files", "app/docker-compose.yaml"),
            ]
        );
        assert_eq!(
            rules_of(named("lonely")),
            [(
                "compose/override-without-project",
                "lonely/compose.override.yml"
            )]
        );
        assert_eq!(
            rules_of(named("stack.yml")),
            [("compose/undefined-reference", "stack.yml")]
        );
    }

    #[test]
    fn variables_come_from_the_projects_env() {
        let files = [
            file(
                "compose.yaml",
                "services:\n  a:\n    image: \"x:${TAG}\"\n    environment:\n      - A=$USER_ID\n      - B=${B:-x}\n      - C=$$HOME\n      - D=${D:?set D}\n      - E=${E:?}\n",
            ),
            file(".env", "TAG=1\nE=2\nCOMPOSE_PROJECT_NAME=Shop\n"),
        ];
        let renders = render_workspace(&files);
        let render = &renders[0];
        let found: Vec<(&str, Severity, &str)> = render
            .findings
            .iter()
            .map(|f| {
                let file = render.sources.get(f.file).map_or("", String::as_str);
                let text = if file == ".env" {
                    &files[1].text
                } else {
                    &files[0].text
                };
                (
                    f.rule.as_str(),
                    f.severity,
                    text.get(f.range.start..f.range.end).unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "compose/invalid-project-name",
                    Severity::Error,
                    "COMPOSE_PROJECT_NAME=Shop"
                ),
                ("compose/interpolation", Severity::Warning, "D=${D:?set D}"),
                ("compose/unset-variable", Severity::Info, "A=$USER_ID"),
            ]
        );
        assert!(render.findings[1].message.starts_with(
            "error while interpolating services.a.environment.[]: required variable D is missing a value: set D"
        ));
    }

    #[test]
    fn a_broken_env_is_reported_on_its_line() {
        let files = [
            file("compose.yaml", "services:\n  a:\n    image: x:1\n"),
            file(".env", "A=1\nB=\"2\n"),
        ];
        let render = &render_workspace(&files)[0];
        assert_eq!(rules_of(render), [("compose/dotenv-syntax", ".env")]);
        // compose-go's words, its line count included (it has read past the line break).
        assert_eq!(
            render.findings[0].message,
            "failed to read .env: line 3: unterminated quoted value \"2"
        );
        assert_eq!(render.findings[0].range.start, 4);
    }

    #[test]
    fn plain_uses_are_told_from_defaults() {
        assert!(used_plainly("${A}", "A"));
        assert!(used_plainly("x-$A-y", "A"));
        assert!(used_plainly("$A", "A"));
        assert!(!used_plainly("$AB", "A"));
        assert!(!used_plainly("$$A", "A"));
        assert!(used_plainly("$$$A", "A"));
        assert!(!used_plainly("${A:-x}", "A"));
        assert!(!used_plainly("${A+x}", "A"));
    }
}
