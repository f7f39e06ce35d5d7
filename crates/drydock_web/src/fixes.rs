//! Fixes applied from the findings panel: one finding's, every one of a file, or every one of the
//! workspace, always shown first as a diff of what will change (a dialog for "fix all", a popover
//! on the "Apply fix" button), applied as one change that one "Undo" restores.

use std::rc::Rc;

use drydock_base::diff::{self, LineKind};
use drydock_core::{Finding, Fix, SourceFile, Workspace};
use yew::prelude::*;

/// Which findings "fix all" takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The findings of one file.
    File(String),
    /// Every finding of the workspace.
    Workspace,
}

/// What applying fixes will do: each file's text before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// "Fix 3 problems in Dockerfile", the dialog's title.
    pub title: String,
    /// What the undo bar says once it is applied.
    pub what: String,
    /// Fixes that overlap one taken before them: left for another round (they are checked again
    /// on the fixed text).
    pub waiting: usize,
    pub files: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub name: String,
    pub before: String,
    pub after: String,
}

impl Plan {
    /// The fixed files, as [`crate::state::Action::ApplyFixes`] takes them.
    pub fn fixed_files(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .map(|change| SourceFile {
                name: change.name.clone(),
                text: change.after.clone(),
            })
            .collect()
    }
}

/// The fixes of `scope`'s findings, per file in the order the workspace lists its files; in each
/// file, every fix that overlaps no earlier one (as `drydock check --fix` takes them). `None`
/// when no finding of the scope has a fix.
pub fn plan(workspace: &Workspace, findings: &[Finding], scope: &Scope) -> Option<Plan> {
    let mut files = Vec::new();
    let (mut taken, mut waiting) = (0, 0);
    for file in &workspace.files {
        if matches!(scope, Scope::File(name) if *name != file.name) {
            continue;
        }
        let fixes: Vec<&Fix> = findings
            .iter()
            .filter(|finding| finding.path == file.name)
            .filter_map(|finding| finding.fix.as_ref())
            .collect();
        if fixes.is_empty() {
            continue;
        }
        let accepted = drydock_core::compatible_fixes(fixes.iter().copied());
        taken += accepted.len();
        waiting += fixes.len() - accepted.len();
        let after = drydock_core::diagnostic::apply_edits(
            &file.text,
            accepted.iter().flat_map(|fix| &fix.edits),
        );
        if after != file.text {
            files.push(Change {
                name: file.name.clone(),
                before: file.text.clone(),
                after,
            });
        }
    }
    if files.is_empty() {
        return None;
    }
    let fixes = count_fixes(taken);
    let place = match scope {
        Scope::File(name) => name.clone(),
        Scope::Workspace => crate::findings::plural(files.len(), "file"),
    };
    Some(Plan {
        title: format!("Apply {fixes} to {place}"),
        what: format!("Applied {fixes} to {place}."),
        waiting,
        files,
    })
}

/// "1 fix", "3 fixes".
fn count_fixes(n: usize) -> String {
    if n == 1 {
        "1 fix".to_owned()
    } else {
        format!("{n} fixes")
    }
}

/// One finding's fix, applied to its file.
pub fn plan_one(workspace: &Workspace, finding: &Finding) -> Option<Plan> {
    let fix = finding.fix.as_ref()?;
    let file = workspace.get(&finding.path)?;
    let after = fix.apply(&file.text);
    (after != file.text).then(|| Plan {
        title: fix.title.clone(),
        what: format!("Applied the fix to {}: {}", finding.path, fix.title),
        waiting: 0,
        files: vec![Change {
            name: finding.path.clone(),
            before: file.text.clone(),
            after,
        }],
    })
}

/// Lines of context around each change in a preview.
const CONTEXT: usize = 2;

/// The change as a unified diff: hunk headers, removed and added lines marked (by a sign, for
/// screen readers and for colour-blind readers, and by colour).
pub fn diff_view(change: &Change) -> Html {
    let hunks = diff::hunks(&change.before, &change.after, CONTEXT);
    html! {
        <pre class="diff" data-file={change.name.clone()}>
            { for hunks.iter().map(|hunk| html! {
                <>
                    <span class="diff-hunk">{ hunk.header() }{ "\n" }</span>
                    { for hunk.lines.iter().map(|line| {
                        let (class, sign) = match line.kind {
                            LineKind::Same => ("diff-same", ' '),
                            LineKind::Removed => ("diff-removed", '-'),
                            LineKind::Added => ("diff-added", '+'),
                        };
                        html! { <span class={class}>{ format!("{sign}{}\n", line.text) }</span> }
                    }) }
                </>
            }) }
        </pre>
    }
}

#[derive(Properties, PartialEq)]
pub struct PreviewProps {
    pub plan: Rc<Plan>,
    pub on_apply: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// The "fix all" dialog: every file's diff, Apply or Cancel (Escape).
#[function_component(FixPreview)]
pub fn fix_preview(props: &PreviewProps) -> Html {
    let apply_ref = use_node_ref();
    {
        // The dialog takes the focus; Apply is the default.
        let apply_ref = apply_ref.clone();
        use_effect_with(props.plan.clone(), move |_| {
            if let Some(button) = apply_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let plan = &props.plan;
    let on_apply = {
        let on_apply = props.on_apply.clone();
        Callback::from(move |_: MouseEvent| on_apply.emit(()))
    };
    let on_cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let on_key = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                on_cancel.emit(());
            }
        })
    };
    html! {
        <div class="fix-dialog-backdrop">
            <div class="fix-dialog" role="dialog" aria-modal="true" aria-labelledby="fix-dialog-title" onkeydown={on_key}>
                <h2 id="fix-dialog-title">{ plan.title.clone() }</h2>
                if plan.waiting > 0 {
                    <p class="muted">{ format!(
                        "{} overlapping an earlier one {} for the next round: they are checked again on the fixed text.",
                        count_fixes(plan.waiting),
                        if plan.waiting == 1 { "waits" } else { "wait" },
                    ) }</p>
                }
                <div class="fix-dialog-body">
                    { for plan.files.iter().map(|change| html! {
                        <section class="fix-file" key={change.name.clone()}>
                            <h3>{ change.name.clone() }</h3>
                            { diff_view(change) }
                        </section>
                    }) }
                </div>
                <div class="fix-dialog-actions">
                    <button type="button" class="primary" ref={apply_ref} onclick={on_apply}>{ "Apply" }</button>
                    <button type="button" onclick={on_cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut workspace = Workspace::new();
        for (name, text) in files {
            workspace.insert((*name).to_owned(), (*text).to_owned());
        }
        workspace
    }

    #[test]
    fn fix_all_takes_every_fix_of_the_file_that_overlaps_no_other() {
        let text = "from alpine:3.20 as build\nRUNN true\nCOPY. /app\n";
        let workspace = workspace(&[("Dockerfile", text), ("other/Dockerfile", "RUNN x\n")]);
        let findings = drydock_core::check(&workspace);
        let plan = plan(&workspace, &findings, &Scope::File("Dockerfile".into())).unwrap();
        assert_eq!(plan.files.len(), 1);
        let after = &plan.files[0].after;
        assert!(after.contains("RUN true\n"), "{after}");
        assert!(after.contains("COPY . /app\n"), "{after}");
        assert!(
            plan.title.starts_with("Apply ") && plan.title.ends_with(" fixes to Dockerfile"),
            "{}",
            plan.title
        );
        assert!(plan.title.ends_with(" to Dockerfile"), "{}", plan.title);

        let all = plan_all(&workspace, &findings);
        assert_eq!(all.files.len(), 2);
        assert!(all.title.ends_with("to 2 files"), "{}", all.title);
    }

    fn plan_all(workspace: &Workspace, findings: &[Finding]) -> Plan {
        plan(workspace, findings, &Scope::Workspace).unwrap()
    }

    #[test]
    fn nothing_to_fix_is_no_plan() {
        let workspace = workspace(&[("Dockerfile", "FROM alpine:3.20\n")]);
        let findings = drydock_core::check(&workspace);
        assert_eq!(plan(&workspace, &findings, &Scope::Workspace), None);
    }
}
