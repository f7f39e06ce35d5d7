//! The examples gallery: workspaces from the repository's `examples/` folder. The seed (the first
//! view) is part of the app; the others are fetched the first time one is chosen (the build
//! writes them to `gallery-<hash>.json`, named in `<meta name="drydock-gallery">`), so the gallery
//! costs the first load only its titles.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use drydock_core::SourceFile;
use wasm_bindgen::JsCast;

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Each file's tab name and its path below `examples/`, in tab order.
    pub files: &'static [(&'static str, &'static str)],
}

impl Example {
    pub fn by_id(id: &str) -> Option<&'static Example> {
        GALLERY.iter().find(|example| example.id == id)
    }

    /// The example's files: the seed's at once, the others once the gallery file is fetched.
    pub async fn load(&self) -> Result<Vec<SourceFile>, String> {
        if self.id == SEED_ID {
            return Ok(seed_files());
        }
        let texts = gallery().await?;
        self.files
            .iter()
            .map(|(name, path)| {
                texts
                    .get(*path)
                    .map(|text| SourceFile {
                        name: (*name).to_owned(),
                        text: text.clone(),
                    })
                    .ok_or_else(|| format!("the gallery file has no {path}"))
            })
            .collect()
    }
}

thread_local! {
    /// The gallery's texts, once fetched.
    static GALLERY_TEXTS: RefCell<Option<Rc<HashMap<String, String>>>> = const { RefCell::new(None) };
}

async fn gallery() -> Result<Rc<HashMap<String, String>>, String> {
    if let Some(texts) = GALLERY_TEXTS.with(|g| g.borrow().clone()) {
        return Ok(texts);
    }
    let url = crate::assets::named_in_page("drydock-gallery", "./gallery.json");
    let unreachable = || format!("the examples ({url}) could not be fetched");
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(&url))
        .await
        .map_err(|_| unreachable())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| unreachable())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?
        .as_string()
        .ok_or_else(unreachable)?;
    let texts =
        crate::assets::string_map(&text).map_err(|e| format!("{url} is not the gallery: {e}"))?;
    let texts = Rc::new(texts);
    GALLERY_TEXTS.with(|g| *g.borrow_mut() = Some(texts.clone()));
    Ok(texts)
}

const SEED_ID: &str = "seed";

macro_rules! seed_file {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../../examples/seed/", $name)),
        )
    };
}

/// The seed's files, carried by the app: the first view shows them.
static SEED: &[(&str, &str)] = &[
    seed_file!("Dockerfile"),
    seed_file!("nginx-service.yaml"),
    seed_file!("nginx-deployment.yaml"),
    seed_file!("mysql-service.yaml"),
    seed_file!("mysql-deployment.yaml"),
];

pub fn seed_files() -> Vec<SourceFile> {
    SEED.iter()
        .map(|(name, text)| SourceFile {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

macro_rules! file {
    ($name:literal, $path:literal) => {
        ($name, $path)
    };
}

pub static GALLERY: &[Example] = &[
    Example {
        id: "seed",
        title: "Node.js on Ubuntu, nginx and MySQL",
        description: "The tutorial this project grew from, mistakes kept: COPY. with no space, apiVersion v1 on a Deployment, path: in a Service port.",
        files: &[
            file!("Dockerfile", "seed/Dockerfile"),
            file!("nginx-service.yaml", "seed/nginx-service.yaml"),
            file!("nginx-deployment.yaml", "seed/nginx-deployment.yaml"),
            file!("mysql-service.yaml", "seed/mysql-service.yaml"),
            file!("mysql-deployment.yaml", "seed/mysql-deployment.yaml"),
        ],
    },
    Example {
        id: "go-multistage",
        title: "Multi-stage Go build",
        description: "Cache mounts, cross-compilation arguments and a distroless, non-root final stage.",
        files: &[file!("Dockerfile", "go-multistage/Dockerfile")],
    },
    Example {
        id: "python-heredocs",
        title: "Python with heredocs",
        description: "Heredoc files and scripts, pip cache and bind mounts, a health check.",
        files: &[file!("Dockerfile", "python-heredocs/Dockerfile")],
    },
    Example {
        id: "microservices",
        title: "A service with Ingress, HPA, PDB and NetworkPolicy",
        description: "A hardened Deployment behind a Service and an Ingress, autoscaled, with a disruption budget and a network policy.",
        files: &[
            file!("web.yaml", "microservices/web.yaml"),
            file!("ingress.yaml", "microservices/ingress.yaml"),
        ],
    },
    Example {
        id: "statefulset-database",
        title: "A StatefulSet database done right",
        description: "PostgreSQL with a headless Service, a volume claim template, a secret for the password and a readiness probe.",
        files: &[file!("postgres.yaml", "statefulset-database/postgres.yaml")],
    },
    Example {
        id: "kustomize",
        title: "Kustomize: a base and two overlays",
        description: "Rendered in the tab as kustomize renders it; findings on the line that set each value: the overlay's image tag, the patch's memory limit, a patch target that matches nothing.",
        files: &[
            file!(
                "base/kustomization.yaml",
                "kustomize/base/kustomization.yaml"
            ),
            file!("base/deployment.yaml", "kustomize/base/deployment.yaml"),
            file!("base/service.yaml", "kustomize/base/service.yaml"),
            file!(
                "overlays/staging/kustomization.yaml",
                "kustomize/overlays/staging/kustomization.yaml"
            ),
            file!(
                "overlays/production/kustomization.yaml",
                "kustomize/overlays/production/kustomization.yaml"
            ),
            file!(
                "overlays/production/scale.yaml",
                "kustomize/overlays/production/scale.yaml"
            ),
        ],
    },
    Example {
        id: "compose",
        title: "Docker Compose: a web app, a worker and a database",
        description: "Checked as Docker Compose loads it, with its .env: a dependency on a service that does not exist, a misspelt network, volume, restart policy and healthcheck, a password nothing sets; and a pip cache left in the image.",
        files: &[
            file!("compose.yaml", "compose/compose.yaml"),
            file!(".env", "compose/.env"),
            file!("Dockerfile", "compose/Dockerfile"),
        ],
    },
    Example {
        id: "helm",
        title: "Helm: a small web chart",
        description: "Rendered in the tab as helm template renders it, every line linked to the template line that wrote it and a printed value to its values.yaml line: a misspelt .Values.replicaCout, and a securityContext printed with toYaml that makes the container privileged.",
        files: &[
            file!("web/Chart.yaml", "helm/web/Chart.yaml"),
            file!("web/values.yaml", "helm/web/values.yaml"),
            file!(
                "web/templates/_helpers.tpl",
                "helm/web/templates/_helpers.tpl"
            ),
            file!(
                "web/templates/deployment.yaml",
                "helm/web/templates/deployment.yaml"
            ),
            file!(
                "web/templates/service.yaml",
                "helm/web/templates/service.yaml"
            ),
            file!("web/templates/NOTES.txt", "helm/web/templates/NOTES.txt"),
        ],
    },
    Example {
        id: "custom-resource",
        title: "A CustomResourceDefinition and a custom resource",
        description: "A Backup kind defined in the workspace, and a Backup that uses it.",
        files: &[
            file!("crd.yaml", "custom-resource/crd.yaml"),
            file!("backup.yaml", "custom-resource/backup.yaml"),
        ],
    },
    Example {
        id: "windows",
        title: "Windows container with the backtick escape",
        description: "The escape directive switches line continuations to ` so Windows paths keep their backslashes.",
        files: &[file!("Dockerfile", "windows/Dockerfile")],
    },
];
