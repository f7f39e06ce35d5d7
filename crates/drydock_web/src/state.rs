//! The application state and its one reducer. Every change is saved before anything renders, so
//! even an internal error while checking cannot lose what the user typed.

use std::rc::Rc;

use drydock_core::{Finding, Severity, SourceFile, Workspace};

use yew::Reducible;

pub use crate::saved::{PlaygroundSettings, RuleChoice, Saved, Theme};
use crate::storage;

/// Which findings the panel shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub hide_errors: bool,
    pub hide_warnings: bool,
    pub hide_infos: bool,
    pub rule: Option<String>,
}

impl Filter {
    pub fn shows(&self, finding: &Finding) -> bool {
        let by_severity = match finding.severity {
            Severity::Error => !self.hide_errors,
            Severity::Warning => !self.hide_warnings,
            Severity::Info => !self.hide_infos,
        };
        by_severity && self.rule.as_deref().is_none_or(|rule| rule == finding.rule)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub workspace: Workspace,
    pub active: usize,
    pub settings: PlaygroundSettings,
    pub filter: Filter,
    /// A request to select a range in a file: (file index, byte start, byte end, serial).
    pub reveal: Option<(usize, usize, usize, u64)>,
    /// A message for the user (share link problems, upload errors).
    pub notice: Option<String>,
    /// Whether changes are saved to local storage (not in an embed, which shows someone else's
    /// files and must not touch the reader's own work).
    pub persist: bool,
    /// The last fixes applied, with the texts they replaced: undone in one step, until the next
    /// edit.
    pub undo: Option<Undo>,
}

/// What [`Action::Undo`] restores.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    /// What was done ("Applied 3 fixes to Dockerfile").
    pub what: String,
    /// The files as they were before.
    pub files: Vec<SourceFile>,
}

pub enum Action {
    Edit {
        index: usize,
        text: String,
    },
    Activate(usize),
    AddFile(String),
    Rename {
        index: usize,
        name: String,
    },
    Delete(usize),
    /// Files uploaded or dropped: replaces files of the same name, adds the others.
    Upload(Vec<SourceFile>),
    /// An example's files, replacing the open ones.
    LoadExample(Vec<SourceFile>),
    LoadShared(Saved),
    Reveal {
        path: String,
        start: usize,
        end: usize,
    },
    /// Replaces the texts of files by fixed ones (one fix, or every fix of a file or of the
    /// workspace), keeping the texts they replace for [`Action::Undo`].
    ApplyFixes {
        what: String,
        files: Vec<SourceFile>,
    },
    /// Restores the files the last fixes changed.
    Undo,
    SetTheme(Theme),
    SetKubernetesVersion(Option<String>),
    SetRule {
        rule: String,
        choice: Option<RuleChoice>,
    },
    SetFilter(Filter),
    Notice(Option<String>),
}

impl State {
    pub fn from_saved(saved: Saved) -> Self {
        let mut workspace = Workspace::new();
        for file in saved.files {
            workspace.insert(file.name, file.text);
        }
        let active = saved.active.min(workspace.files.len().saturating_sub(1));
        State {
            workspace,
            active,
            settings: saved.settings,
            filter: Filter::default(),
            reveal: None,
            notice: None,
            persist: true,
            undo: None,
        }
    }

    pub fn example(files: Vec<SourceFile>) -> Self {
        Self::from_saved(Saved {
            files,
            active: 0,
            settings: PlaygroundSettings::default(),
        })
    }

    pub fn saved(&self) -> Saved {
        Saved {
            files: self.workspace.files.clone(),
            active: self.active,
            settings: self.settings.clone(),
        }
    }

    fn unique_name(&self, wanted: &str) -> String {
        let wanted = wanted.trim();
        let wanted = if wanted.is_empty() {
            "untitled.yaml"
        } else {
            wanted
        };
        if self.workspace.get(wanted).is_none() {
            return wanted.to_owned();
        }
        let (stem, extension) = match wanted.rsplit_once('.') {
            Some((stem, extension)) if !stem.is_empty() => (stem, format!(".{extension}")),
            _ => (wanted, String::new()),
        };
        (2..)
            .map(|n| format!("{stem}-{n}{extension}"))
            .find(|name| self.workspace.get(name).is_none())
            .unwrap_or_else(|| wanted.to_owned())
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.reveal = None;
        // An edit of the files ends what an undo could restore (the view's own actions do not).
        if !matches!(
            action,
            Action::Activate(_)
                | Action::Reveal { .. }
                | Action::SetTheme(_)
                | Action::SetFilter(_)
                | Action::Notice(_)
        ) {
            next.undo = None;
        }
        match action {
            Action::Edit { index, text } => {
                if let Some(file) = next.workspace.files.get_mut(index) {
                    file.text = text;
                }
            }
            Action::Activate(index) => {
                next.active = index.min(next.workspace.files.len().saturating_sub(1))
            }
            Action::AddFile(name) => {
                let name = next.unique_name(&name);
                next.workspace.insert(name, "");
                next.active = next.workspace.files.len() - 1;
            }
            Action::Rename { index, name } => {
                let name = name.trim().to_owned();
                let taken = next
                    .workspace
                    .files
                    .iter()
                    .enumerate()
                    .any(|(i, f)| i != index && f.name == name);
                if name.is_empty() || taken {
                    next.notice = Some(format!(
                        "Cannot rename to `{name}`: the name is empty or taken."
                    ));
                } else if let Some(file) = next.workspace.files.get_mut(index) {
                    file.name = name;
                }
            }
            Action::Delete(index) => {
                if index < next.workspace.files.len() {
                    next.workspace.files.remove(index);
                }
                next.active = next
                    .active
                    .min(next.workspace.files.len().saturating_sub(1));
            }
            Action::Upload(files) => {
                for file in files {
                    next.workspace.insert(file.name.clone(), file.text);
                    if let Some(index) = next
                        .workspace
                        .files
                        .iter()
                        .position(|f| f.name == file.name)
                    {
                        next.active = index;
                    }
                }
            }
            Action::LoadExample(files) => {
                let (settings, persist) = (next.settings.clone(), next.persist);
                next = State::example(files);
                next.settings = settings;
                next.persist = persist;
            }
            Action::LoadShared(saved) => {
                let (theme, persist) = (next.settings.theme, next.persist);
                next = State::from_saved(saved);
                next.settings.theme = theme;
                next.persist = persist;
            }
            Action::Reveal { path, start, end } => {
                if let Some(index) = next.workspace.files.iter().position(|f| f.name == path) {
                    next.active = index;
                    let serial = self.reveal.map_or(0, |r| r.3) + 1;
                    next.reveal = Some((index, start, end, serial));
                }
            }
            Action::ApplyFixes { what, files } => {
                let mut before = Vec::new();
                for fixed in files {
                    if let Some(file) = next
                        .workspace
                        .files
                        .iter_mut()
                        .find(|f| f.name == fixed.name)
                        && file.text != fixed.text
                    {
                        before.push(SourceFile {
                            name: fixed.name,
                            text: std::mem::replace(&mut file.text, fixed.text),
                        });
                    }
                }
                if !before.is_empty() {
                    next.undo = Some(Undo {
                        what,
                        files: before,
                    });
                }
            }
            Action::Undo => {
                if let Some(undo) = &self.undo {
                    for old in &undo.files {
                        if let Some(file) =
                            next.workspace.files.iter_mut().find(|f| f.name == old.name)
                        {
                            file.text.clone_from(&old.text);
                        }
                    }
                }
            }
            Action::SetTheme(theme) => next.settings.theme = theme,
            Action::SetKubernetesVersion(version) => next.settings.kubernetes_version = version,
            Action::SetRule { rule, choice } => match choice {
                Some(choice) => {
                    next.settings.rules.insert(rule, choice);
                }
                None => {
                    next.settings.rules.remove(&rule);
                }
            },
            Action::SetFilter(filter) => next.filter = filter,
            Action::Notice(notice) => next.notice = notice,
        }
        // Saved before the next render runs the checks.
        if next.persist && !storage::save(&next.saved()) && next.notice.is_none() {
            next.notice = Some(
                "Your browser refused to save this workspace (storage full or disabled): download it as a zip to keep it."
                    .to_owned(),
            );
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names() {
        let state = State::from_saved(Saved {
            files: vec![SourceFile {
                name: "a.yaml".into(),
                text: String::new(),
            }],
            active: 0,
            settings: PlaygroundSettings::default(),
        });
        assert_eq!(state.unique_name("a.yaml"), "a-2.yaml");
        assert_eq!(state.unique_name("Dockerfile"), "Dockerfile");
        assert_eq!(state.unique_name(" "), "untitled.yaml");
    }
}
