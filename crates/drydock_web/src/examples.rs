//! The examples gallery: workspaces from the repository's `examples/` folder.

use drydock_core::SourceFile;

pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

impl Example {
    pub fn files(&self) -> Vec<SourceFile> {
        self.files
            .iter()
            .map(|(name, text)| SourceFile {
                name: (*name).to_owned(),
                text: (*text).to_owned(),
            })
            .collect()
    }

    pub fn by_id(id: &str) -> Option<&'static Example> {
        GALLERY.iter().find(|example| example.id == id)
    }
}

macro_rules! file {
    ($name:literal, $path:literal) => {
        ($name, include_str!(concat!("../../../examples/", $path)))
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

pub fn seed() -> &'static Example {
    GALLERY.first().unwrap_or(&SEED_FALLBACK)
}

static SEED_FALLBACK: Example = Example {
    id: "empty",
    title: "Empty",
    description: "",
    files: &[],
};
