//! Fixes applied from the findings panel: one finding's, every one of a file, or every one of the
//! workspace, always shown first as a diff of what will change (a dialog for "fix all", a popover
//! on the "Apply fix" button, both drawn by the editor module from [`plan_json`]), applied as one
//! change that one "Undo" restores.

use drydock_base::diff::{self, LineKind};
use drydock_core::{Finding, Fix, SourceFile, Workspace};

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
#[inline(never)]
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
        Scope::Workspace if files.len() == 1 => "1 file".to_owned(),
        Scope::Workspace => format!("{} files", files.len()),
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
#[inline(never)]
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

/// The plan as the editor module's dialog and preview draw it (DOM calls there, where a few
/// lines of JavaScript replace what Yew's markup would add to the page's module):
/// `{"title","note","files":[{"name","lines":[[class, text]…]}]}`, each line a hunk header,
/// or an unchanged, removed or added line with its sign.
pub fn plan_json(plan: &Plan) -> String {
    use drydock_base::json::write_string;
    let mut out = String::from("{\"title\":");
    write_string(&mut out, &plan.title);
    out.push_str(",\"note\":");
    let note = if plan.waiting > 0 {
        format!(
            "{} overlapping an earlier one {} for the next round: they are checked again on the fixed text.",
            count_fixes(plan.waiting),
            if plan.waiting == 1 { "waits" } else { "wait" },
        )
    } else {
        String::new()
    };
    write_string(&mut out, &note);
    out.push_str(",\"files\":[");
    for (i, change) in plan.files.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"name\":");
        write_string(&mut out, &change.name);
        out.push_str(",\"lines\":[");
        let mut lines = Vec::new();
        for hunk in diff::hunks(&change.before, &change.after, CONTEXT) {
            lines.push(("diff-hunk", hunk.header()));
            for line in &hunk.lines {
                let (class, sign) = match line.kind {
                    LineKind::Same => ("diff-same", ' '),
                    LineKind::Removed => ("diff-removed", '-'),
                    LineKind::Added => ("diff-added", '+'),
                };
                let mut text = String::with_capacity(line.text.len() + 1);
                text.push(sign);
                text.push_str(line.text);
                lines.push((class, text));
            }
        }
        for (i, (class, text)) in lines.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("[\"");
            out.push_str(class);
            out.push_str("\",");
            write_string(&mut out, text);
            out.push(']');
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
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
    fn the_plan_as_json_holds_each_file_s_diff() {
        let workspace = workspace(&[("Dockerfile", "FROM alpine:3.20\nCOPY. /app\n")]);
        let findings = drydock_core::check(&workspace);
        let plan = plan(&workspace, &findings, &Scope::Workspace).unwrap();
        let json = drydock_base::json::parse(&plan_json(&plan)).unwrap();
        let text = format!("{json:?}");
        assert!(
            text.contains("diff-removed") && text.contains("-COPY. /app"),
            "{text}"
        );
        assert!(text.contains("+COPY . /app"), "{text}");
        assert!(text.contains("@@ -1,2 +1,2 @@"), "{text}");
    }

    #[test]
    fn nothing_to_fix_is_no_plan() {
        let workspace = workspace(&[("Dockerfile", "FROM alpine:3.20\n")]);
        let findings = drydock_core::check(&workspace);
        assert_eq!(plan(&workspace, &findings, &Scope::Workspace), None);
    }
}
