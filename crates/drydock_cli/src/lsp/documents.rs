//! The workspace the server checks: the files of the workspace folder, read once at initialize
//! with the discovery `drydock check` uses, with the open documents' text over them.
//!
//! Files are named as `drydock check` run in the folder names them (relative to it, `/`
//! separated), so cross-file rules, renders and configured image paths see the same names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use drydock_core::{FileKind, SourceFile, Workspace};
use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, apply_changes};

/// Past this many files the folder is not read (a home directory opened by mistake): the open
/// documents are still checked.
const MAX_FOLDER_FILES: usize = 5_000;

/// A document the client has open.
pub struct Document {
    pub uri: Url,
    /// Its name in the workspace.
    pub name: String,
    pub text: String,
    pub version: i32,
}

#[derive(Default)]
pub struct Documents {
    root: Option<PathBuf>,
    /// The folder's files as last read from the disk, in discovery order.
    disk: Vec<SourceFile>,
    open: BTreeMap<Url, Document>,
}

impl Documents {
    pub fn new(root: Option<PathBuf>) -> Documents {
        Documents {
            root,
            ..Documents::default()
        }
    }

    /// Reads the folder's Dockerfiles and manifests (what `drydock check` in it would check,
    /// less what `ignored` leaves out). Returns the problems met, one line each.
    pub fn read_folder(&mut self, ignored: &dyn Fn(&Path) -> bool) -> Vec<String> {
        let Some(root) = &self.root else {
            return Vec::new();
        };
        let (candidates, mut problems) = match crate::discover::discover(root, ignored) {
            crate::discover::Root::Directory {
                candidates,
                problems,
                ..
            } => (candidates, problems),
            crate::discover::Root::Problem(problem) => return vec![problem],
            _ => return Vec::new(),
        };
        if candidates.len() > MAX_FOLDER_FILES {
            problems.push(format!(
                "{}: more than {MAX_FOLDER_FILES} files to check; only the open documents are",
                root.display()
            ));
            return problems;
        }
        let threads = crate::parallel::default_threads();
        let read = crate::parallel::map(&candidates, threads, crate::discover::read_candidate);
        for (candidate, read) in candidates.iter().zip(read) {
            match read {
                crate::discover::Read::File(file) => self.disk.push(SourceFile {
                    name: name_of_path(root, &candidate.path),
                    text: file.text,
                }),
                crate::discover::Read::NotOurs => {}
                crate::discover::Read::Problem(problem) => problems.push(problem),
            }
        }
        problems
    }

    /// The workspace name of the document at `uri`: its path relative to the folder, or the URI
    /// itself when it names no file (an unsaved buffer).
    pub fn name_of(&self, uri: &Url) -> String {
        match (uri.to_file_path(), &self.root) {
            (Ok(path), Some(root)) => name_of_path(root, &path),
            (Ok(path), None) => crate::discover::display(&path),
            (Err(()), _) => uri.to_string(),
        }
    }

    /// Opens a document. A name that says nothing of its kind (an unsaved buffer, `Dockerfile-dev`)
    /// is checked as the language the editor says it is: the name gets the matching extension.
    pub fn open(&mut self, uri: Url, language: &str, text: String, version: i32) {
        let mut name = self.name_of(&uri);
        if FileKind::detect(&name, &text) == FileKind::Other {
            match language {
                "dockerfile" => name.push_str(".dockerfile"),
                "yaml" | "helm" => name.push_str(".yaml"),
                _ => {}
            }
        }
        self.open.insert(
            uri.clone(),
            Document {
                uri,
                name,
                text,
                version,
            },
        );
    }

    /// Applies changes to an open document; `false` when it is not open.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let Some(document) = self.open.get_mut(uri) else {
            return false;
        };
        apply_changes(&mut document.text, changes, encoding);
        document.version = version;
        true
    }

    /// Closes a document: the workspace has its file as the disk now has it (it may have been
    /// saved), or not at all.
    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        let document = self.open.remove(uri)?;
        let on_disk = uri
            .to_file_path()
            .ok()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| crate::discover::decode(&document.name, bytes).ok());
        let known = self.disk.iter().position(|file| file.name == document.name);
        match (known, on_disk) {
            (Some(index), Some(text)) => {
                if let Some(file) = self.disk.get_mut(index) {
                    file.text = text;
                }
            }
            (Some(index), None) => {
                self.disk.remove(index);
            }
            // A file the folder's discovery did not keep stays out.
            (None, _) => {}
        }
        Some(document)
    }

    /// The URI of the file `name`: the open document's, else the file's in the folder.
    pub fn uri_of(&self, name: &str) -> Option<Url> {
        if let Some(document) = self.open.values().find(|document| document.name == name) {
            return Some(document.uri.clone());
        }
        let path = match &self.root {
            Some(root) => root.join(name),
            None => PathBuf::from(name),
        };
        Url::from_file_path(path).ok()
    }

    /// The name of the document at `uri` in the workspace, open or not.
    pub fn name_for(&self, uri: &Url) -> String {
        match self.open.get(uri) {
            Some(document) => document.name.clone(),
            None => self.name_of(uri),
        }
    }

    /// The folder the workspace is read from.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Reads the folder again (its configuration changed: what it ignores may have).
    pub fn reread_folder(&mut self, ignored: &dyn Fn(&Path) -> bool) -> Vec<String> {
        self.disk.clear();
        self.read_folder(ignored)
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn open_documents(&self) -> impl Iterator<Item = &Document> {
        self.open.values()
    }

    /// The text of the file `name`, open or on the disk.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.open
            .values()
            .find(|document| document.name == name)
            .map(|document| document.text.as_str())
            .or_else(|| {
                self.disk
                    .iter()
                    .find(|file| file.name == name)
                    .map(|file| file.text.as_str())
            })
    }

    /// The folder's files with the open documents over them, then the open documents the folder
    /// does not have.
    pub fn workspace(&self) -> Workspace {
        let mut by_name: BTreeMap<&str, &Document> = self
            .open
            .values()
            .map(|document| (document.name.as_str(), document))
            .collect();
        let mut workspace = Workspace::new();
        for file in &self.disk {
            let text = match by_name.remove(file.name.as_str()) {
                Some(document) => document.text.clone(),
                None => file.text.clone(),
            };
            workspace.files.push(SourceFile {
                name: file.name.clone(),
                text,
            });
        }
        for (name, document) in by_name {
            workspace.files.push(SourceFile {
                name: name.to_owned(),
                text: document.text.clone(),
            });
        }
        workspace
    }
}

/// `path` as `drydock check` run in `root` shows it.
fn name_of_path(root: &Path, path: &Path) -> String {
    crate::discover::display(&crate::discover::relative_from(path, root))
}
