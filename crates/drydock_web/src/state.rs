//! The application state and its one reducer.

use std::rc::Rc;

use drydock_core::Workspace;
use yew::Reducible;

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub workspace: Workspace,
}

pub enum Action {
    /// The text of the file at `index` changed.
    Edit { index: usize, text: String },
}

impl State {
    /// The example the playground opens on: the seed article's files, mistakes included.
    pub fn seed() -> Self {
        let mut workspace = Workspace::new();
        for (name, text) in crate::examples::SEED {
            workspace.insert(*name, *text);
        }
        State { workspace }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit { index, text } => {
                if let Some(file) = next.workspace.files.get_mut(index) {
                    file.text = text;
                }
            }
        }
        Rc::new(next)
    }
}
