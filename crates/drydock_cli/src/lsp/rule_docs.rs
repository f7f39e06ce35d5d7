//! A diagnostic's code links to its rule's documentation (`codeDescription.href`). Nothing is
//! hosted, so the documentation `drydock rules ID` prints is written to a cache folder the first
//! time a finding of the rule is reported (`$XDG_CACHE_HOME/drydock/rules/<version>/<id>.md`,
//! else `~/.cache/…`), and linked as a `file://` URI: an editor opens it beside the code.
//!
//! A file is written only when missing, to a temporary name and then renamed, so that two
//! servers (two editor windows) never leave a half-written page. When the folder cannot be
//! written, diagnostics have no link rather than a dead one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;

/// Where rule pages are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleDocsDir {
    /// Under the user's cache folder, per version of drydock.
    Cache,
    /// Here (tests).
    #[cfg(test)]
    At(PathBuf),
    /// Nowhere: diagnostics carry no link (tests that are not about links).
    #[cfg(test)]
    Off,
}

/// The links made so far, by rule id (`None`: the page could not be written).
pub struct RuleDocs {
    dir: Option<PathBuf>,
    links: RefCell<HashMap<&'static str, Option<Url>>>,
}

impl RuleDocs {
    pub fn new(dir: &RuleDocsDir) -> RuleDocs {
        let dir = match dir {
            RuleDocsDir::Cache => {
                cache_dir().map(|cache| cache.join("drydock/rules").join(env!("CARGO_PKG_VERSION")))
            }
            #[cfg(test)]
            RuleDocsDir::At(dir) => Some(dir.clone()),
            #[cfg(test)]
            RuleDocsDir::Off => None,
        };
        RuleDocs {
            dir,
            links: RefCell::new(HashMap::new()),
        }
    }

    /// The `file://` URI of the rule's page, written now if it is not there yet.
    pub fn link(&self, rule: &'static str) -> Option<Url> {
        let dir = self.dir.as_ref()?;
        if let Some(link) = self.links.borrow().get(rule) {
            return link.clone();
        }
        let link = drydock_core::rules::all()
            .find(|meta| meta.id == rule)
            .and_then(|meta| {
                let path = dir.join(format!("{}.md", meta.id));
                write_once(&path, &format!("{}\n", crate::rules::markdown(meta))).ok()?;
                Url::from_file_path(&path).ok()
            });
        self.links.borrow_mut().insert(rule, link.clone());
        link
    }
}

/// `$XDG_CACHE_HOME` when it is an absolute path, else `$HOME/.cache`.
fn cache_dir() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
                .map(|home| home.join(".cache"))
        })
}

/// Writes `text` to `path` unless a file is there: to a temporary file beside it, then renamed
/// over (atomic on one file system), so a reader never sees half of it.
fn write_once(path: &Path, text: &str) -> std::io::Result<()> {
    if path.is_file() {
        return Ok(());
    }
    let parent = path
        .parent()
        .ok_or_else(|| std::io::Error::other("no folder"))?;
    std::fs::create_dir_all(parent)?;
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("rule.md");
    let temporary = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_written_once_and_linked() {
        let dir = std::env::temp_dir().join(format!("drydock-rule-docs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let docs = RuleDocs::new(&RuleDocsDir::At(dir.clone()));
        let link = docs.link("dockerfile/unknown-instruction").unwrap();
        let path = dir.join("dockerfile/unknown-instruction.md");
        assert_eq!(link, Url::from_file_path(&path).unwrap());
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(
            written.starts_with("# dockerfile/unknown-instruction\n"),
            "{written}"
        );
        // Present: left as it is, even by another server.
        std::fs::write(&path, "kept").unwrap();
        let again = RuleDocs::new(&RuleDocsDir::At(dir.clone()));
        assert_eq!(again.link("dockerfile/unknown-instruction"), Some(link));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "kept");
        // No temporary file left behind.
        let names: Vec<_> = std::fs::read_dir(dir.join("dockerfile"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // An unknown rule, no folder: no link.
        assert_eq!(docs.link("nope/nothing"), None);
        assert_eq!(RuleDocs::new(&RuleDocsDir::Off).link("yaml/syntax"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_folder_that_cannot_be_written_gives_no_link() {
        let file =
            std::env::temp_dir().join(format!("drydock-rule-docs-file-{}", std::process::id()));
        std::fs::write(&file, "a file, not a folder").unwrap();
        let docs = RuleDocs::new(&RuleDocsDir::At(file.join("rules")));
        assert_eq!(docs.link("dockerfile/unknown-instruction"), None);
        let _ = std::fs::remove_file(&file);
    }
}
