//! Builds of nested kustomizations kept and used again: a base that three overlays read is built
//! once, and again only when a file it read changes.
//!
//! kustomize builds a base anew for each overlay that reads it; what comes out depends only on
//! what the build asked of its files and on the state it started in. So a build is kept with
//! every question it asked (text read, folder listed, path found to be a folder or not), and with
//! everything it did to the builder (files added to the table, findings, patch files, vars, the
//! field specs of `configurations:`, the OpenAPI schema); another build of the same folder that
//! starts in the same state and gets the same answers takes a copy of the kept resources instead
//! (each overlay then transforms its own copy, as it would its own build) and replays the rest.
//!
//! The state a build starts in is compared, not assumed: the same files read before it (so the
//! ids of the files it adds are the same), the same field specs (the builtin ones, shared), the
//! same vars, no `buildMetadata` tracking and no OpenAPI schema set yet, none of the folders it
//! built being built already (that would be a cycle) and room left under the nesting bound. A
//! build that found a cycle is not kept. Anything else is built as before.
//!
//! Builds are kept only within [`with_builds_kept`] (the workspace renders: a keystroke in the
//! playground), on this thread; those a call did not use are dropped after it.

use std::cell::RefCell;
use std::sync::Arc;

use super::schema::OpenApi;
use super::{Builder, MAX_NESTING, Options};
use crate::Finding;
use crate::files::Asked;
use crate::resource::Resource;
use crate::transform::Configurations;
use crate::transform::vars::Var;
use crate::value::FileId;

/// One nested kustomization's build, with what it depended on.
struct Kept {
    dir: String,
    options: Options,
    /// The paths of the files read before it, in their order (their ids).
    before: Vec<String>,
    /// The field specs and vars it started with.
    config_before: Arc<Configurations>,
    vars_before: Vec<Var>,
    /// Every folder it built (each was on the stack meanwhile).
    visited: Vec<String>,
    /// How much deeper than where it started its stack went.
    depth: usize,
    asked: Vec<Asked>,
    /// What it did: files added (path and text, in the order of their ids), findings, patch
    /// files and vars declared, the field specs and schema it left, and its resources.
    added: Vec<(String, String)>,
    findings: Vec<Finding>,
    patch_files: Vec<FileId>,
    vars: Vec<Var>,
    config_after: Arc<Configurations>,
    openapi_after: OpenApi,
    resources: Vec<Resource>,
    used: bool,
}

thread_local! {
    /// `None` outside [`with_builds_kept`]: nothing is kept then.
    static KEPT: RefCell<Option<Vec<Kept>>> = const { RefCell::new(None) };
}

/// Runs `work` with the nested builds of the last call at hand; those `work` did not use are
/// dropped after it.
pub fn with_builds_kept<T>(work: impl FnOnce() -> T) -> T {
    // A call within another shares the outer one's builds; the outer one keeps them.
    if active() {
        return work();
    }
    KEPT.with(|kept| {
        for kept in kept.borrow_mut().get_or_insert_with(Vec::new) {
            kept.used = false;
        }
    });
    let out = work();
    KEPT.with(|kept| {
        if let Some(kept) = kept.borrow_mut().as_mut() {
            kept.retain(|k| k.used);
        }
    });
    out
}

/// True within [`with_builds_kept`].
pub(super) fn active() -> bool {
    KEPT.with(|kept| kept.borrow().is_some())
}

/// Where a build started: how much of the builder's state was there before it.
pub(super) struct Mark {
    sources: usize,
    findings: usize,
    vars: usize,
    patch_files: usize,
    asked: usize,
    pushed: usize,
    deepest: usize,
    config: Arc<Configurations>,
}

impl Builder<'_> {
    /// True when a build starting now may be kept or taken from what is kept: the state it
    /// depends on beyond what is compared is the initial one.
    fn keepable(&self) -> bool {
        self.log.is_some() && self.tracking.is_none() && self.openapi_state.is_unset()
    }

    /// The build of the kustomization in `dir` as kept, when it starts in the same state and its
    /// files answer as they did: the builder is left as the build would have left it.
    pub(super) fn kept_build(&mut self, dir: &str) -> Option<Vec<Resource>> {
        if !self.keepable() {
            return None;
        }
        KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            let found = kept
                .as_mut()?
                .iter_mut()
                .find(|k| k.dir == dir && k.options == self.options)?;
            let same_start = Arc::ptr_eq(&found.config_before, &self.config)
                && found.vars_before == self.vars
                && found.before.len() == self.sources.len()
                && found
                    .before
                    .iter()
                    .zip(self.sources.iter())
                    .all(|(path, (_, file))| *path == file.path)
                && !found.visited.iter().any(|d| self.stack.contains(d))
                && self.stack.len().saturating_add(found.depth) < MAX_NESTING;
            // The questions are asked again through the builder's files, so that whatever
            // records them (an enclosing kept build, the workspace's kept renders) sees them as a
            // fresh build would have asked them.
            if !same_start || !found.asked.iter().all(|a| a.still_holds(self.files)) {
                return None;
            }
            for (path, text) in &found.added {
                self.sources.add(path, text.clone());
            }
            self.findings.extend(found.findings.iter().cloned());
            self.patch_files.extend_from_slice(&found.patch_files);
            self.vars.extend(found.vars.iter().cloned());
            self.config = Arc::clone(&found.config_after);
            self.openapi_state = found.openapi_after.clone();
            self.pushed.extend(found.visited.iter().cloned());
            self.deepest = self.deepest.max(self.stack.len() + found.depth);
            for asked in &found.asked {
                if let Asked::Read(_, Some(text)) = asked {
                    crate::kustomization::keep_parsed(text);
                }
            }
            found.used = true;
            Some(found.resources.clone())
        })
    }

    /// Marks the start of a build that may be kept.
    pub(super) fn mark(&mut self) -> Option<Mark> {
        if !self.keepable() {
            return None;
        }
        let mark = Mark {
            sources: self.sources.len(),
            findings: self.findings.len(),
            vars: self.vars.len(),
            patch_files: self.patch_files.len(),
            asked: self.log.map_or(0, |log| log.len()),
            pushed: self.pushed.len(),
            deepest: self.deepest,
            config: Arc::clone(&self.config),
        };
        self.deepest = self.stack.len();
        Some(mark)
    }

    /// Keeps the build of `dir` that started at `mark` and made `resources`.
    pub(super) fn keep_build(&mut self, dir: &str, mark: Mark, resources: &[Resource]) {
        let depth = self.deepest.saturating_sub(self.stack.len());
        self.deepest = self.deepest.max(mark.deepest);
        let findings = self.findings.get(mark.findings..).unwrap_or_default();
        if findings
            .iter()
            .any(|f| f.rule == "kustomize/resource-cycle")
            || self.tracking.is_some()
        {
            return;
        }
        let Some(log) = self.log else { return };
        let kept = Kept {
            dir: dir.to_owned(),
            options: self.options,
            before: self
                .sources
                .iter()
                .take(mark.sources)
                .map(|(_, file)| file.path.clone())
                .collect(),
            config_before: mark.config,
            vars_before: self.vars.get(..mark.vars).unwrap_or_default().to_vec(),
            visited: self.pushed.get(mark.pushed..).unwrap_or_default().to_vec(),
            depth,
            asked: log.since(mark.asked),
            added: self
                .sources
                .iter()
                .skip(mark.sources)
                .map(|(_, file)| (file.path.clone(), file.text.clone()))
                .collect(),
            findings: findings.to_vec(),
            patch_files: self
                .patch_files
                .get(mark.patch_files..)
                .unwrap_or_default()
                .to_vec(),
            vars: self.vars.get(mark.vars..).unwrap_or_default().to_vec(),
            config_after: Arc::clone(&self.config),
            openapi_after: self.openapi_state.clone(),
            resources: resources.to_vec(),
            used: true,
        };
        KEPT.with(|all| {
            if let Some(all) = all.borrow_mut().as_mut() {
                all.retain(|k| k.dir != kept.dir || k.options != kept.options);
                all.push(kept);
            }
        });
    }
}
