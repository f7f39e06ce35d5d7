//! Example workspaces, from the repository's `examples/` folder.

/// The seed article's Dockerfile and manifests, with their mistakes.
pub const SEED: &[(&str, &str)] = &[
    (
        "Dockerfile",
        include_str!("../../../examples/seed/Dockerfile"),
    ),
    (
        "nginx-service.yaml",
        include_str!("../../../examples/seed/nginx-service.yaml"),
    ),
    (
        "nginx-deployment.yaml",
        include_str!("../../../examples/seed/nginx-deployment.yaml"),
    ),
    (
        "mysql-service.yaml",
        include_str!("../../../examples/seed/mysql-service.yaml"),
    ),
    (
        "mysql-deployment.yaml",
        include_str!("../../../examples/seed/mysql-deployment.yaml"),
    ),
];
