//! Go to definition, find references and rename: a Dockerfile's stages within the file
//! (`drydock_core::dockerfile::assist`), a Compose file's services, networks, volumes, secrets
//! and configs and what names them, and the Dockerfile a service builds
//! (`drydock_core::compose::language::assist`), the files and folders a kustomization names
//! (`drydock_core::kustomize::language::assist`), and across files what the core's relation
//! graph and image links say (`drydock_core::links::navigate`: selectors and the workloads they
//! select, ConfigMaps, Secrets and claims and what names them, an image and the Dockerfile that
//! builds it), as protocol locations and edits.

use std::collections::HashMap;

use drydock_core::compose::language::assist as compose;
use drydock_core::dockerfile::Semantic;
use drydock_core::dockerfile::assist as dockerfile;
use drydock_core::kustomize::language::assist as kustomize;
use drydock_core::kustomize::language::files::{join, parent};
use drydock_core::kustomize::language::kustomization::FILE_NAMES;
use drydock_core::links::navigate::{Navigation, Place};
use drydock_core::{FileKind, Settings, TextRange, Workspace};
use lsp_types::{Location, PrepareRenameResponse, TextEdit, Url, WorkspaceEdit};

use super::documents::Documents;
use super::position::{Encoding, Lines};

/// The workspace as of the last change, and what its references point at; built when a
/// request first needs it, dropped on the next change.
pub struct Navigator {
    workspace: Workspace,
    navigation: Navigation,
}

impl Navigator {
    pub fn new(workspace: Workspace, settings: &Settings) -> Navigator {
        let navigation = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Navigation::new(&workspace, &settings.images)
        }))
        .unwrap_or_default();
        Navigator {
            workspace,
            navigation,
        }
    }

    /// Markdown about the image at `offset` of the file `name`, when a Dockerfile of the
    /// workspace builds it: which, why, and what its final stage declares.
    pub fn image_hover(&self, name: &str, offset: usize) -> Option<(TextRange, String)> {
        let file = self.workspace.files.iter().position(|f| f.name == name)?;
        let (range, image_link, facts) = self.navigation.image_at(file, offset)?;
        let mut out = format!(
            "**Built by `{}`** (linked {})",
            facts.path,
            image_link.reason.describe()
        );
        if let Some(base) = &facts.base_image {
            out.push_str(&format!("\n\n- final stage from `{base}`"));
        } else if facts.scratch {
            out.push_str("\n\n- final stage from `scratch`");
        }
        if let Some(user) = &facts.user {
            out.push_str(&format!("\n- `USER {}`", user.value));
        }
        if !facts.exposes.is_empty() {
            let ports: Vec<String> = facts
                .exposes
                .iter()
                .map(|e| format!("{}/{}", e.port, e.protocol.to_ascii_lowercase()))
                .collect();
            out.push_str(&format!("\n- `EXPOSE {}`", ports.join(" ")));
        }
        for (keyword, command) in [("ENTRYPOINT", &facts.entrypoint), ("CMD", &facts.cmd)] {
            if let Some(command) = command {
                out.push_str(&format!("\n- `{keyword} {}`", command.display()));
            }
        }
        Some((range, out))
    }
}

/// A request about one position of one document, with what answers it.
pub struct At<'a> {
    pub navigator: &'a Navigator,
    pub documents: &'a Documents,
    pub encoding: Encoding,
    pub uri: &'a Url,
    /// The document's name in the workspace.
    pub name: &'a str,
    pub position: lsp_types::Position,
}

impl At<'_> {
    fn file(&self) -> Option<(usize, &str)> {
        self.navigator
            .workspace
            .files
            .iter()
            .enumerate()
            .find(|(_, file)| file.name == self.name)
            .map(|(index, file)| (index, file.text.as_str()))
    }

    fn offset(&self) -> Option<(usize, usize, &str)> {
        let (index, text) = self.file()?;
        Some((
            index,
            Lines::new(text, self.encoding).offset(self.position),
            text,
        ))
    }

    /// The meaning of this document when it is a Dockerfile, for its stages.
    fn stages(&self, text: &str) -> Option<Semantic> {
        (FileKind::detect(self.name, text) == FileKind::Dockerfile).then(|| {
            let tree = drydock_core::dockerfile::parse(text);
            drydock_core::dockerfile::analyze(text, &tree)
        })
    }

    /// Whether this document is a Compose file (by name, or a YAML file that reads as one).
    fn is_compose(&self, text: &str) -> bool {
        match FileKind::detect(self.name, text) {
            FileKind::Compose => true,
            FileKind::Yaml => drydock_core::workspace::looks_like_compose(text),
            _ => false,
        }
    }

    /// The start of the file at `path` (relative to this document's folder), in the workspace
    /// or on the disk; a folder leads to its kustomization file when `folders`.
    fn file_at(&self, path: &str, folders: bool) -> Option<Location> {
        let name = join(&parent(self.name), path);
        let start = |uri: Url| Location {
            uri,
            range: lsp_types::Range::default(),
        };
        let known = |name: &str| {
            self.navigator
                .workspace
                .files
                .iter()
                .any(|file| file.name == name)
                .then(|| self.documents.uri_of(name))
                .flatten()
        };
        if let Some(uri) = known(&name) {
            return Some(start(uri));
        }
        let on_disk = self.documents.root().map(|root| root.join(&name));
        if on_disk.as_ref().is_some_and(|path| path.is_file()) {
            return self.documents.uri_of(&name).map(start);
        }
        if !folders {
            return None;
        }
        FILE_NAMES
            .iter()
            .find_map(|file| {
                let name = join(&name, file);
                known(&name).or_else(|| {
                    let path = self.documents.root()?.join(&name);
                    path.is_file()
                        .then(|| self.documents.uri_of(&name))
                        .flatten()
                })
            })
            .map(start)
    }

    /// The location of a range in this document.
    fn here(&self, text: &str, range: TextRange) -> Location {
        Location {
            uri: self.uri.clone(),
            range: Lines::new(text, self.encoding).range(range),
        }
    }

    fn locations(&self, places: &[Place]) -> Vec<Location> {
        places
            .iter()
            .filter_map(|place| location(self.navigator, self.documents, self.encoding, *place))
            .collect()
    }

    pub fn definition(&self) -> Vec<Location> {
        let Some((file, offset, text)) = self.offset() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(stages) = self.stages(text)
            && let Some((stage, _)) = dockerfile::stage_at(&stages, offset)
            && let Some(range) = dockerfile::stage_definition(&stages, stage)
        {
            out.push(self.here(text, range));
        }
        if self.is_compose(text) {
            if let Some(range) = compose::definition(text, offset) {
                out.push(self.here(text, range));
            }
            if let Some(location) =
                compose::dockerfile_at(text, offset).and_then(|path| self.file_at(&path, false))
            {
                out.push(location);
            }
        }
        if FileKind::detect(self.name, text) == FileKind::Kustomization
            && let Some((path, _)) = kustomize::path_at(text, offset)
            && let Some(location) = self.file_at(&path, true)
        {
            out.push(location);
        }
        out.extend(self.locations(&self.navigator.navigation.definition(file, offset)));
        out
    }

    pub fn references(&self, declaration: bool) -> Vec<Location> {
        let Some((file, offset, text)) = self.offset() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(stages) = self.stages(text)
            && let Some((stage, _)) = dockerfile::stage_at(&stages, offset)
        {
            let mut ranges = dockerfile::stage_references(&stages, stage);
            if declaration
                && let Some(named) = stages.stages.get(stage).and_then(|s| s.name_word.as_ref())
            {
                ranges.insert(0, named.range);
            }
            out.extend(ranges.into_iter().map(|range| self.here(text, range)));
        }
        if self.is_compose(text) {
            out.extend(
                compose::references(text, offset, declaration)
                    .into_iter()
                    .map(|range| self.here(text, range)),
            );
        }
        out.extend(
            self.locations(
                &self
                    .navigator
                    .navigation
                    .references(file, offset, declaration),
            ),
        );
        out
    }

    pub fn prepare_rename(&self) -> Option<PrepareRenameResponse> {
        let (file, offset, text) = self.offset()?;
        let lines = Lines::new(text, self.encoding);
        if let Some(stages) = self.stages(text) {
            let (stage, range) = dockerfile::stage_at(&stages, offset)?;
            let name = stages.stages.get(stage)?.name_word.as_ref()?;
            // A reference by index (`--from=0`) or through a variable is not the name.
            if !range.slice(text).eq_ignore_ascii_case(&name.value) {
                return None;
            }
            return Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: lines.range(range),
                placeholder: range.slice(text).to_owned(),
            });
        }
        let target = self.navigator.navigation.renamable(file, offset)?;
        let range = unquoted(text, target.place.range);
        Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: lines.range(range),
            placeholder: target.name,
        })
    }

    pub fn rename(&self, new_name: &str) -> Result<Option<WorkspaceEdit>, String> {
        let Some((file, offset, text)) = self.offset() else {
            return Ok(None);
        };
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        if let Some(stages) = self.stages(text) {
            let Some((stage, _)) = dockerfile::stage_at(&stages, offset) else {
                return Ok(None);
            };
            let edits = dockerfile::rename_stage(text, &stages, stage, new_name)?;
            let lines = Lines::new(text, self.encoding);
            changes.insert(
                self.uri.clone(),
                edits
                    .into_iter()
                    .map(|(range, new_text)| TextEdit {
                        range: lines.range(range),
                        new_text,
                    })
                    .collect(),
            );
            return Ok(Some(WorkspaceEdit::new(changes)));
        }
        let navigation = &self.navigator.navigation;
        let Some(target) = navigation.renamable(file, offset) else {
            return Ok(None);
        };
        let edits = navigation.rename(&self.navigator.workspace, target.node, new_name)?;
        for (place, new_text) in edits {
            if let Some(location) = location(self.navigator, self.documents, self.encoding, place) {
                changes.entry(location.uri).or_default().push(TextEdit {
                    range: location.range,
                    new_text,
                });
            }
        }
        Ok(Some(WorkspaceEdit::new(changes)))
    }
}

/// A place of the workspace as the client names it.
fn location(
    navigator: &Navigator,
    documents: &Documents,
    encoding: Encoding,
    place: Place,
) -> Option<Location> {
    let file = navigator.workspace.files.get(place.file)?;
    Some(Location {
        uri: documents.uri_of(&file.name)?,
        range: Lines::new(&file.text, encoding).range(place.range),
    })
}

/// A name's range without the quotes around it.
fn unquoted(text: &str, range: TextRange) -> TextRange {
    let written = range.slice(text);
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('\'') && written.ends_with('\'')));
    if quoted {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}
