//! Incremental checking of one manifest as it is edited: a YAML stream is split into documents
//! at their markers, each document is checked on its own, and its findings are kept, keyed by
//! the document's text. An edit re-checks only the documents whose text changed; the others'
//! findings are moved to their new offset.
//!
//! Splitting is exact: a `---` or `...` at the start of a line always ends a document (YAML
//! forbids them inside scalars), and [`crate::yaml::parse`] already parses each document of a
//! stream on its own. What a document's rules see is what they would see in the whole file.
//!
//! The rules that look at several documents of one file (a ServiceAccount that turns off the
//! token of the Deployments beside it, an HPA that scales them) are listed in [`FILE_LEVEL`]:
//! they run over the whole stream, assembled from the cached parses, and only when enabled.
//! Everything else the per-file check does per document — the YAML rules, the Kubernetes
//! validation, the ignore annotations (each silences findings inside its own object) — is the
//! same on one document as on the stream. `tests/incremental.rs` holds the proof: on every
//! manifest of the corpus, on bundles of them, and after random edits, the result equals
//! [`crate::check_file_in_workspace`] on the whole text.
//!
//! Dockerfiles and other files are checked whole ([`crate::check_file_in_workspace`]).

use std::collections::HashMap;

use crate::check::run;
use crate::diagnostic::{Diagnostic, Finding};
use crate::k8s::Crds;
use crate::k8s::ignore::Ignores;
use crate::k8s::validate::Violation;
use crate::parsed::ParsedFile;
use crate::rules::RuleMeta;
use crate::settings::{Resolved, Settings};
use crate::text::{LineIndex, TextRange};
use crate::workspace::{FileKind, SourceFile};
use crate::yaml::{Document, Stream};
use drydock_k8s::rules::KubernetesContext;
use drydock_yaml::rules::YamlContext;

/// Rules whose findings in one document depend on the other documents of the file. They run
/// over the whole stream after the per-document rules.
pub const FILE_LEVEL: &[&str] = &[
    // A ServiceAccount of the file with `automountServiceAccountToken: false` quiets the pods
    // that use it.
    "kubernetes/automount-service-account-token",
    // An HPA of the file that scales the Deployment or StatefulSet.
    "kubernetes/single-replica",
];

fn is_file_level(meta: &RuleMeta) -> bool {
    FILE_LEVEL.contains(&meta.id)
}

/// One file's findings, kept per document between edits. Give it the file's successive texts.
#[derive(Debug, Default)]
pub struct IncrementalCheck {
    context: Option<Context>,
    /// The file's documents in order, by text, with their results at their current offset.
    documents: Vec<(String, Checked)>,
    /// How many documents the last [`IncrementalCheck::check`] checked anew.
    rechecked: usize,
}

/// What every cached result depends on besides the document's text.
#[derive(Debug)]
struct Context {
    name: String,
    kind: FileKind,
    settings: Settings,
    /// `settings` resolved once, for every rule of every document checked with them.
    resolved: Resolved,
    crds: Crds,
}

/// One document's parse and per-document results; every range is absolute, for `offset`.
#[derive(Debug)]
struct Checked {
    offset: usize,
    /// `None` for a document the stream leaves out (no content and no error), and while
    /// [`IncrementalCheck::file_level`] has it.
    document: Option<Document>,
    /// Whether the stream keeps the document (`document` is `Some` outside `file_level`).
    in_stream: bool,
    violations: Vec<Violation>,
    objects_validated: usize,
    diagnostics: Vec<Diagnostic>,
}

impl IncrementalCheck {
    pub fn new() -> Self {
        Self::default()
    }

    /// The findings of `file` in a workspace whose CustomResourceDefinitions are `crds`: exactly
    /// [`crate::check_file_in_workspace`]'s, computing anew only the documents that changed
    /// since the last call.
    pub fn check(&mut self, file: &SourceFile, settings: &Settings, crds: &Crds) -> Vec<Finding> {
        let Some(diagnostics) = self.diagnostics(file, settings, crds) else {
            self.rechecked = 1;
            return crate::check_file_in_workspace(file, settings, crds);
        };
        let index = LineIndex::new(&file.text);
        diagnostics
            .into_iter()
            .map(|diagnostic| Finding::new(&file.name, &index, diagnostic))
            .collect()
    }

    /// [`IncrementalCheck::check`]'s diagnostics, ordered by position, for a YAML file; `None`
    /// for any other, which is not checked here.
    pub(crate) fn diagnostics(
        &mut self,
        file: &SourceFile,
        settings: &Settings,
        crds: &Crds,
    ) -> Option<Vec<Diagnostic>> {
        let kind = FileKind::detect(&file.name, &file.text);
        let same = self.context.as_ref().is_some_and(|c| {
            c.kind == kind && c.name == file.name && &c.settings == settings && &c.crds == crds
        });
        if !same {
            self.documents.clear();
            self.context = Some(Context {
                name: file.name.clone(),
                kind,
                settings: settings.clone(),
                resolved: settings.resolve(),
                crds: crds.clone(),
            });
        }
        let resolved = self
            .context
            .as_ref()
            .map(|c| c.resolved.clone())
            .unwrap_or_default();
        if !matches!(
            kind,
            FileKind::Kubernetes | FileKind::Yaml | FileKind::Kustomization
        ) {
            self.documents.clear();
            return None;
        }

        // The previous documents by text; equal documents queue up, first come first served.
        let mut previous: HashMap<String, Vec<Checked>> = HashMap::new();
        for (text, checked) in self.documents.drain(..).rev() {
            previous.entry(text).or_default().push(checked);
        }
        self.rechecked = 0;
        for slice in crate::yaml::split_documents(&file.text) {
            let text = slice.range.slice(&file.text);
            let checked = match previous.get_mut(text).and_then(Vec::pop) {
                Some(mut checked) => {
                    checked.move_to(slice.range.start);
                    checked
                }
                None => {
                    self.rechecked += 1;
                    let mut checked = check_document(kind, text, settings, &resolved, crds);
                    checked.move_to(slice.range.start);
                    checked
                }
            };
            self.documents.push((text.to_owned(), checked));
        }

        let mut diagnostics: Vec<Diagnostic> = self
            .documents
            .iter()
            .flat_map(|(_, checked)| checked.diagnostics.iter().cloned())
            .collect();
        self.file_level(kind, &file.text, &resolved, &mut diagnostics);
        diagnostics.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        Some(diagnostics)
    }

    /// Runs `f` on the file last given to [`IncrementalCheck::diagnostics`] as parsed, its stream
    /// assembled from the documents' cached parses (moved out and back, not copied): what the
    /// cross-file rules read, without parsing the file again.
    pub(crate) fn with_parsed<R>(&mut self, f: impl FnOnce(&ParsedFile) -> R) -> R {
        let kind = self.context.as_ref().map_or(FileKind::Other, |c| c.kind);
        let mut stream = Stream::default();
        for (_, checked) in &mut self.documents {
            if let Some(document) = checked.document.take() {
                stream.documents.push(document);
            }
        }
        let parsed = ParsedFile::from_stream(kind, stream);
        let result = f(&parsed);
        let mut documents = parsed.into_stream().documents.into_iter();
        for (_, checked) in &mut self.documents {
            if checked.in_stream {
                checked.document = documents.next();
            }
        }
        result
    }

    /// How many documents the last [`IncrementalCheck::check`] checked anew (1 for a file
    /// checked whole).
    pub fn rechecked(&self) -> usize {
        self.rechecked
    }

    /// The [`FILE_LEVEL`] rules that are enabled, over the stream assembled from the documents'
    /// parses (moved out and back, not copied).
    fn file_level(
        &mut self,
        kind: FileKind,
        text: &str,
        resolved: &Resolved,
        out: &mut Vec<Diagnostic>,
    ) {
        let yaml: Vec<_> = drydock_yaml::rules::RULES
            .iter()
            .filter(|(meta, _)| is_file_level(meta) && resolved.effective(meta).enabled)
            .collect();
        let kubernetes: Vec<_> = drydock_k8s::rules::RULES
            .iter()
            .filter(|(meta, _)| {
                kind == FileKind::Kubernetes
                    && is_file_level(meta)
                    && resolved.effective(meta).enabled
            })
            .collect();
        if yaml.is_empty() && kubernetes.is_empty() {
            return;
        }
        let mut stream = Stream::default();
        let mut analysis = crate::k8s::Analysis::default();
        for (_, checked) in &mut self.documents {
            if let Some(document) = checked.document.take() {
                stream.documents.push(document);
            }
            analysis
                .violations
                .extend(checked.violations.iter().cloned());
            analysis.objects_validated += checked.objects_validated;
        }
        let ctx = YamlContext {
            text,
            stream: &stream,
        };
        for (meta, rule) in yaml {
            run(meta, resolved, out, |out| rule(&ctx, out), |_, _| true);
        }
        if !kubernetes.is_empty() {
            let ctx = KubernetesContext {
                text,
                stream: &stream,
                analysis: &analysis,
            };
            let ignores = Ignores::from_objects(crate::k8s::object::objects(&stream));
            for (meta, rule) in kubernetes {
                run(
                    meta,
                    resolved,
                    out,
                    |out| rule(&ctx, out),
                    |meta, d| !ignores.suppresses(meta, d),
                );
            }
        }
        // Give the parses back to the documents they came from.
        let mut documents = stream.documents.into_iter();
        for (_, checked) in &mut self.documents {
            if checked.in_stream {
                checked.document = documents.next();
            }
        }
    }
}

/// Checks one document (`text`, its slice of the file) as the per-file check would inside the
/// whole stream, with ranges relative to the document's start.
fn check_document(
    kind: FileKind,
    text: &str,
    settings: &Settings,
    resolved: &Resolved,
    crds: &Crds,
) -> Checked {
    // One document: `split_documents` finds no other marker in it.
    let stream = crate::yaml::parse(text);
    let mut diagnostics = Vec::new();
    let ctx = YamlContext {
        text,
        stream: &stream,
    };
    for (meta, rule) in drydock_yaml::rules::RULES {
        if !is_file_level(meta) {
            run(
                meta,
                resolved,
                &mut diagnostics,
                |out| rule(&ctx, out),
                |_, _| true,
            );
        }
    }
    let mut analysis = crate::k8s::Analysis::default();
    if kind == FileKind::Kubernetes {
        let target = settings.kubernetes_version.unwrap_or_default();
        analysis = crate::k8s::analyze(text, &stream, target, crds);
        let ctx = KubernetesContext {
            text,
            stream: &stream,
            analysis: &analysis,
        };
        let ignores = Ignores::from_objects(crate::k8s::object::objects(&stream));
        for (meta, rule) in drydock_k8s::rules::RULES {
            if !is_file_level(meta) {
                run(
                    meta,
                    resolved,
                    &mut diagnostics,
                    |out| rule(&ctx, out),
                    |meta, d| !ignores.suppresses(meta, d),
                );
            }
        }
    }
    let document = stream.documents.into_iter().next();
    Checked {
        offset: 0,
        in_stream: document.is_some(),
        document,
        violations: analysis.violations,
        objects_validated: analysis.objects_validated,
        diagnostics,
    }
}

impl Checked {
    /// Moves every range to a document starting at `offset`.
    fn move_to(&mut self, offset: usize) {
        if offset == self.offset {
            return;
        }
        let shift = Shift {
            from: self.offset,
            to: offset,
        };
        self.offset = offset;
        if let Some(document) = &mut self.document {
            shift.range(&mut document.range);
            for node in &mut document.nodes {
                shift.range(&mut node.range);
            }
            for error in &mut document.errors {
                shift.range(&mut error.range);
                if let Some((range, _)) = &mut error.label {
                    shift.range(range);
                }
            }
        }
        for violation in &mut self.violations {
            shift.range(&mut violation.range);
            if let Some((range, _)) = &mut violation.label {
                shift.range(range);
            }
            if let Some(fix) = &mut violation.fix {
                for edit in &mut fix.edits {
                    shift.range(&mut edit.range);
                }
            }
        }
        for diagnostic in &mut self.diagnostics {
            shift.range(&mut diagnostic.range);
            for label in &mut diagnostic.labels {
                shift.range(&mut label.range);
            }
            if let Some(fix) = &mut diagnostic.fix {
                for edit in &mut fix.edits {
                    shift.range(&mut edit.range);
                }
            }
        }
    }
}

/// Moves offsets from a document at `from` to the same document at `to`. Every offset of a
/// document's results is at least its start, so the arithmetic never leaves `usize`; wrapping
/// keeps it panic-free even if one were not.
#[derive(Clone, Copy)]
struct Shift {
    from: usize,
    to: usize,
}

impl Shift {
    fn range(self, range: &mut TextRange) {
        range.start = range.start.wrapping_sub(self.from).wrapping_add(self.to);
        range.end = range.end.wrapping_sub(self.from).wrapping_add(self.to);
    }
}

/// The workspace pass of a workspace with kustomizations, kept between edits: what
/// [`crate::check_workspace_rules_with_renders`] finds, with each workspace file parsed again
/// only when its text changed, and each render's output checked per document by an
/// [`IncrementalCheck`] kept under the render's name. A keystroke in a base changes one document
/// of each overlay's output: that document is checked again, the others' findings are reused;
/// the cross-file rules run over every object, as they must.
///
/// It assumes, as [`IncrementalCheck`] does, that the Kubernetes schema does not change between
/// calls: after [`crate::k8s::schema::Schema::install`], start a new one.
#[derive(Debug, Default)]
pub struct WorkspaceCheck {
    /// Each file's name and text, and what the cross-file pass reads of it
    /// ([`ParsedFile::for_workspace`]), in the workspace's order of the last call.
    files: Vec<(String, String, ParsedFile)>,
    /// Each render's check, by the render's name.
    renders: Vec<KeptRender>,
}

impl WorkspaceCheck {
    pub fn new() -> Self {
        Self::default()
    }

    /// [`crate::check_workspace_rules_with_renders`] of `workspace` and its `renders`.
    pub fn check(
        &mut self,
        workspace: &crate::workspace::Workspace,
        settings: &Settings,
        renders: &[drydock_base::rendered::Rendered],
    ) -> Vec<Finding> {
        // The last call's parses, taken by name (found at once while the files keep their
        // order); what no file of this call takes is dropped.
        let mut previous = std::mem::take(&mut self.files);
        for (at, file) in workspace.files.iter().enumerate() {
            let same = |(name, text, _): &(String, String, ParsedFile)| {
                name == &file.name && text == &file.text
            };
            let kept = match previous.get(at) {
                Some(entry) if same(entry) => Some(at),
                _ => previous.iter().position(same),
            }
            // Swapped with a placeholder, so that the other positions stay.
            .and_then(|i| previous.get_mut(i))
            .map(|slot| {
                std::mem::replace(slot, (String::new(), String::new(), ParsedFile::nothing()))
            });
            self.files.push(kept.unwrap_or_else(|| {
                let parsed = ParsedFile::new(file).for_workspace(file);
                (file.name.clone(), file.text.clone(), parsed)
            }));
        }
        let mut checks = std::mem::take(&mut self.renders);
        self.renders = renders
            .iter()
            .map(|render| {
                checks
                    .iter()
                    .position(|kept| kept.name == render.name)
                    .map(|i| checks.swap_remove(i))
                    .unwrap_or_else(|| KeptRender {
                        name: render.name.clone(),
                        check: IncrementalCheck::new(),
                        last: None,
                    })
            })
            .collect();
        let parsed: Vec<&ParsedFile> = self.files.iter().map(|(_, _, parsed)| parsed).collect();
        crate::check::workspace_rules_with(
            workspace,
            &parsed,
            settings,
            renders,
            &mut KeptRenders(&mut self.renders),
        )
    }
}

/// What [`WorkspaceCheck`] keeps of one render between calls.
#[derive(Debug)]
struct KeptRender {
    name: String,
    /// The check of the render's output, per document.
    check: IncrementalCheck,
    /// What the last call found in the render's output, and everything that depended on.
    last: Option<Box<LastFound>>,
}

/// A render's diagnostics (per object and across objects, at the render's own positions), with
/// what they were found for.
#[derive(Debug)]
struct LastFound {
    text: String,
    plain: Vec<SourceFile>,
    settings: Settings,
    crds: Crds,
    found: Vec<Diagnostic>,
}

/// The renders of the last call, each checked by what was kept for it.
struct KeptRenders<'k>(&'k mut [KeptRender]);

impl crate::check::CheckRender for KeptRenders<'_> {
    fn check_render(
        &mut self,
        name: &str,
        file: &SourceFile,
        context: &crate::check::RenderContext<'_>,
        across: &dyn Fn(&ParsedFile) -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let Some(kept) = self.0.iter_mut().find(|kept| kept.name == name) else {
            return Vec::new();
        };
        // The same output beside the same plain files, judged the same way: what was found
        // last time (a keystroke in another overlay leaves this render as it was).
        let same = |last: &LastFound| {
            last.text == file.text
                && last.plain == context.plain
                && &last.settings == context.settings
                && &last.crds == context.crds
        };
        if let Some(last) = kept.last.as_deref().filter(|last| same(last)) {
            return last.found.clone();
        }
        let checker = &mut kept.check;
        let found = match checker.diagnostics(file, context.settings, context.crds) {
            Some(mut found) if FileKind::detect(&file.name, &file.text) == FileKind::Kubernetes => {
                found.extend(checker.with_parsed(across));
                found
            }
            _ => Vec::new(),
        };
        kept.last = Some(Box::new(LastFound {
            text: file.text.clone(),
            plain: context.plain.to_vec(),
            settings: context.settings.clone(),
            crds: context.crds.clone(),
            found: found.clone(),
        }));
        found
    }
}
