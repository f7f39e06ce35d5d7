//! A kustomization's `openapi:` field: the schema whose merge keys strategic merges use.
//!
//! Facts from kustomize v5.7.1 (`api/krusty/kustomizer.go`, `api/internal/target/kusttarget.go`,
//! `kyaml/openapi.SetSchema`): the schema is one for the whole build. The top kustomization's
//! `openapi` sets it first; otherwise the first kustomization or component read (in build order)
//! whose `openapi` names one sets it, and later ones are ignored, so an overlay's schema wins
//! over its bases'. `path` names a JSON or YAML Swagger document, read even when another schema
//! is already set (a missing file fails the build); `version` names a built-in Kubernetes schema,
//! of which kustomize has only `v1.21.2`; giving both fails the build.

use super::Builder;
use crate::files::join;
use crate::kustomization::{self, Kustomization};
use crate::patch::CustomSchema;
use crate::value::Node;

/// The only built-in schema version kustomize v5.7.1 embeds.
const BUILTIN_VERSION: &str = "v1.21.2";

/// The schema of a build.
#[derive(Debug, Clone, Default)]
pub(super) struct OpenApi {
    /// Set by some kustomization already (later ones are ignored).
    set: bool,
    pub(super) custom: Option<CustomSchema>,
}

impl Builder<'_> {
    /// Reads `k`'s `openapi:`; `top` for the kustomization being built (which always sets it).
    pub(super) fn openapi(&mut self, k: &Kustomization, top: bool) {
        let Some(field) = k.root.get("openapi").filter(|n| !n.is_null()) else {
            return;
        };
        let origin = field.origin.unwrap_or_else(|| k.origin_of("openapi"));
        if !field.is_map() {
            self.error(
                "kustomize/invalid-field",
                "`openapi` is a mapping with `path` or `version`".to_owned(),
                origin,
            );
            return;
        }
        let text = |key: &str| {
            field
                .get(key)
                .and_then(Node::as_scalar)
                .filter(|s| !s.is_null())
                .map(|s| (s.text.clone(), field.get(key).and_then(|n| n.origin)))
        };
        let path = text("path");
        let version = text("version");
        let mut document = None;
        if let Some((name, at)) = &path {
            let at = at.unwrap_or(origin);
            let full = join(&k.dir, name);
            let Some(source) = self.files.read(&full) else {
                self.error(
                    "kustomize/missing-resource",
                    format!("the OpenAPI schema `{name}` does not exist (no file `{full}`): kustomize stops"),
                    at,
                );
                return;
            };
            if !self.options.unrestricted && !crate::files::is_within(&full, &k.dir) {
                self.error(
                    "kustomize/outside-root",
                    format!(
                        "`{full}` is not in or below `{}`: kustomize refuses to read files outside the kustomization's folder",
                        k.dir
                    ),
                    at,
                );
                return;
            }
            let file = self.sources.add(&full, source);
            let documents = kustomization::read_documents(&self.sources, file, &mut self.findings);
            match documents.first().and_then(CustomSchema::read) {
                Some(schema) => document = Some(schema),
                None => {
                    self.error(
                        "kustomize/invalid-field",
                        format!("`{name}` is not an OpenAPI document with `definitions`: kustomize cannot use it"),
                        at,
                    );
                    return;
                }
            }
        }
        if self.openapi_state.set && !top {
            return;
        }
        match (document, version) {
            (Some(_), Some((_, at))) => self.error(
                "kustomize/invalid-field",
                "`openapi` has a `path` and a `version`: kustomize refuses both (`builtin version and custom schema provided, cannot use both`)".to_owned(),
                at.unwrap_or(origin),
            ),
            (Some(schema), None) => {
                self.openapi_state.set = true;
                self.openapi_state.custom = Some(schema);
            }
            (None, Some((version, at))) => {
                if version.is_empty() {
                    return;
                }
                if version != BUILTIN_VERSION {
                    self.error(
                        "kustomize/invalid-field",
                        format!("the OpenAPI version `{version}` is not built in: kustomize knows only `{BUILTIN_VERSION}`"),
                        at.unwrap_or(origin),
                    );
                    return;
                }
                self.openapi_state.set = true;
                self.openapi_state.custom = None;
            }
            (None, None) => {}
        }
    }
}
