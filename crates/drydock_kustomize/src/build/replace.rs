//! `replacements` (the last builtin transformer of each kustomization) and legacy `vars` (bound
//! in each kustomization, expanded once at the top).

use super::Builder;
use crate::files::{is_within, join};
use crate::kustomization::{self, Kustomization};
use crate::resource::Resource;
use crate::transform::replacements::{self, Problem, Replacement};
use crate::transform::vars;
use crate::value::{Node, Origin};

impl Builder<'_> {
    /// `replacements`: inline entries and `path:` files (one replacement or a list), run in
    /// order on the kustomization's resources.
    pub(super) fn replacements(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        let items: Vec<Node> = k
            .list("replacements", &mut self.findings)
            .into_iter()
            .cloned()
            .collect();
        self.run_replacements(k, &items, acc);
    }

    /// Runs replacement entries (inline, or `path:` files relative to `k`'s folder) in order: the
    /// `replacements` field, or a `ReplacementTransformer` plugin configuration's.
    pub(super) fn run_replacements(
        &mut self,
        k: &Kustomization,
        items: &[Node],
        acc: &mut [Resource],
    ) {
        for item in items {
            for replacement in self.read_replacements(k, item) {
                if let Err(problem) = replacements::replace(acc, &replacement) {
                    self.problem("kustomize/invalid-field", problem);
                }
            }
        }
    }

    fn problem(&mut self, rule: &'static str, problem: Problem) {
        self.error(rule, problem.message, problem.origin);
    }

    fn read_replacements(&mut self, k: &Kustomization, item: &Node) -> Vec<Replacement> {
        let origin = item.origin.unwrap_or_else(|| k.origin_of("replacements"));
        let path = item.get("path").filter(|p| !p.is_null());
        let Some(path) = path else {
            return match replacements::parse(item, origin) {
                Ok(replacement) => vec![replacement],
                Err(problem) => {
                    self.problem("kustomize/invalid-field", problem);
                    Vec::new()
                }
            };
        };
        let path_origin = path.origin.unwrap_or(origin);
        let inline = item.get("source").is_some_and(|s| !s.is_null())
            || item
                .get("targets")
                .and_then(Node::items)
                .is_some_and(|t| !t.is_empty());
        if inline {
            self.error(
                "kustomize/invalid-field",
                "a replacement has a `path` or is written inline (`source`, `targets`), not both: kustomize refuses it".to_owned(),
                origin,
            );
            return Vec::new();
        }
        let Some(name) = path.as_str().filter(|n| !n.is_empty()) else {
            self.error(
                "kustomize/invalid-field",
                "a replacement's `path` is the name of a file".to_owned(),
                path_origin,
            );
            return Vec::new();
        };
        let Some(document) = self.replacement_file(k, name, path_origin) else {
            return Vec::new();
        };
        let entries: Vec<&Node> = match document.items() {
            Some(items) => items.iter().collect(),
            None if document.is_map() => vec![&document],
            None => {
                self.error(
                    "kustomize/invalid-field",
                    format!("`{name}` holds neither a replacement (a mapping) nor a list of them"),
                    document.origin.unwrap_or(path_origin),
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            match replacements::parse(entry, document.origin.unwrap_or(path_origin)) {
                Ok(replacement) => out.push(replacement),
                Err(problem) => self.problem("kustomize/invalid-field", problem),
            }
        }
        out
    }

    /// The first document of a replacement file named in `k` (kustomize reads one).
    fn replacement_file(&mut self, k: &Kustomization, name: &str, origin: Origin) -> Option<Node> {
        let path = join(&k.dir, name);
        let Some(text) = self.files.read(&path) else {
            self.error(
                "kustomize/missing-resource",
                format!(
                    "the replacement file `{name}` does not exist (no file `{path}`): kustomize stops"
                ),
                origin,
            );
            return None;
        };
        if !self.options.unrestricted && !is_within(&path, &k.dir) {
            self.error(
                "kustomize/outside-root",
                format!(
                    "`{path}` is not in or below `{}`: kustomize refuses to read a replacement file outside the kustomization's folder",
                    k.dir
                ),
                origin,
            );
            return None;
        }
        let file = self.sources.add(&path, text);
        self.patch_files.push(file);
        kustomization::read_documents(&self.sources, file, &mut self.findings)
            .into_iter()
            .next()
    }

    /// kustomize's `MergeVars`: the kustomization's `vars`, bound to the objects they name as
    /// they are now; a name already declared anywhere in the build is refused.
    pub(super) fn merge_vars(&mut self, k: &Kustomization, acc: &mut [Resource]) {
        for item in k.list("vars", &mut self.findings) {
            let origin = item.origin.unwrap_or_else(|| k.origin_of("vars"));
            let var = match vars::parse(item, origin) {
                Ok(var) => var,
                Err(problem) => {
                    self.problem("kustomize/invalid-field", problem);
                    continue;
                }
            };
            if let Err(problem) = vars::bind(acc, &var) {
                self.problem("kustomize/invalid-field", problem);
            }
            if self.vars.iter().any(|v| v.name == var.name) {
                self.error(
                    "kustomize/invalid-field",
                    format!(
                        "var `{}` is declared twice in this build (a base's vars are visible in its overlays): kustomize refuses it (var already encountered)",
                        var.name
                    ),
                    var.origin,
                );
                continue;
            }
            self.vars.push(var);
        }
    }

    /// kustomize's `ResolveVars`, once at the top: `$(NAME)` in the var reference fields.
    pub(super) fn resolve_vars(&mut self, acc: &mut [Resource]) {
        if self.vars.is_empty() {
            return;
        }
        let vars = std::mem::take(&mut self.vars);
        for problem in vars::resolve(acc, &vars, &self.config.var_reference) {
            self.problem("kustomize/invalid-field", problem);
        }
        self.vars = vars;
    }
}
