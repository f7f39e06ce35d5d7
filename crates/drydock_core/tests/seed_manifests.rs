//! The seed article's four manifests (and its Dockerfile), checked as one workspace: every real
//! defect is reported, each at its exact range.

use std::path::Path;

use drydock_core::{Workspace, check};

#[test]
fn every_real_defect_of_the_seed_at_its_range() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/seed");
    let mut workspace = Workspace::new();
    for name in [
        "Dockerfile",
        "mysql-deployment.yaml",
        "mysql-service.yaml",
        "nginx-deployment.yaml",
        "nginx-service.yaml",
    ] {
        workspace.insert(name, std::fs::read_to_string(dir.join(name)).unwrap());
    }
    let findings = check(&workspace);
    let found: Vec<(String, &str, String, u32, u32)> = findings
        .iter()
        .map(|f| {
            let text = &workspace.get(&f.path).unwrap().text;
            (
                f.path.clone(),
                f.rule,
                f.range.slice(text).to_owned(),
                f.start.line,
                f.start.column,
            )
        })
        .collect();
    let expect = |path: &str, rule: &str, source: &str, line: u32, column: u32| {
        assert!(
            found.contains(&(path.into(), rule, source.into(), line, column)),
            "missing {path}:{line}:{column} {rule} on {source:?}; found {found:#?}"
        );
    };
    // What the API server rejects.
    for deployment in ["mysql-deployment.yaml", "nginx-deployment.yaml"] {
        expect(deployment, "kubernetes/wrong-api-version", "v1", 1, 13);
    }
    for service in ["mysql-service.yaml", "nginx-service.yaml"] {
        expect(service, "kubernetes/unknown-field", "path", 10, 7);
    }
    // What a reviewer says: a database in three replicas without storage, behind a public
    // LoadBalancer.
    expect(
        "mysql-deployment.yaml",
        "kubernetes/database-without-volume",
        "mysql:8.0",
        17,
        16,
    );
    expect(
        "mysql-service.yaml",
        "kubernetes/public-database",
        "LoadBalancer",
        6,
        9,
    );
    // And what is right is not reported: the Services do select the Deployments' pods, on ports
    // the containers declare; nginx is no database.
    for rule in [
        "kubernetes/service-selects-nothing",
        "kubernetes/undeclared-target-port",
        "kubernetes/unknown-target-port",
        "kubernetes/selector-mismatch",
    ] {
        assert!(
            found.iter().all(|f| f.1 != rule),
            "unexpected {rule}: {found:#?}"
        );
    }
    assert!(
        !found
            .iter()
            .any(|f| f.0.starts_with("nginx") && f.1.contains("database"))
    );
}
