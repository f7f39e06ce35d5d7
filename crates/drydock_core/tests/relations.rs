//! The relation graph: objects across files, typed edges, broken edges with both ends' ranges,
//! and cross-file findings placed in the file they are about.

use drydock_core::k8s::relations::{EdgeKind, EdgeStatus};
use drydock_core::{Settings, Workspace, check, check_file_with, check_workspace_rules, relations};

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let mut workspace = Workspace::new();
    for (name, text) in files {
        workspace.insert(*name, *text);
    }
    workspace
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      serviceAccountName: web
      containers:
      - name: web
        image: registry.example.com/web:1.2
        ports:
        - name: http
          containerPort: 8080
        envFrom:
        - secretRef:
            name: web-secrets
";

const SERVICE: &str = "apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
  - port: 81
    targetPort: metrics
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
";

#[test]
fn edges_resolve_across_files_and_namespaces() {
    let ws = workspace(&[("deploy.yaml", DEPLOYMENT), ("svc.yaml", SERVICE)]);
    let graph = relations(&ws);
    assert_eq!(graph.nodes.len(), 3);
    let deploy = &graph.nodes[0];
    assert_eq!(deploy.namespace.as_deref(), Some("shop"));
    assert_eq!(deploy.containers[0].ports[0].name.as_deref(), Some("http"));
    let selectors: Vec<_> = graph.edges_of(EdgeKind::ServiceSelector).collect();
    assert_eq!(selectors.len(), 2);
    assert_eq!(
        (selectors[0].from, selectors[0].to, selectors[0].status),
        (1, Some(0), EdgeStatus::Resolved)
    );
    // Both ends carry their ranges: the `selector` key, the template's labels.
    assert_eq!(selectors[0].from_range.slice(SERVICE), "selector");
    assert!(
        selectors[0]
            .to_range
            .unwrap()
            .slice(DEPLOYMENT)
            .starts_with("app: web")
    );
    // The Service of `default` only matches pods of `shop`.
    assert_eq!(
        (selectors[1].from, selectors[1].to, selectors[1].status),
        (2, Some(0), EdgeStatus::OtherNamespace)
    );
    let ports: Vec<_> = graph.edges_of(EdgeKind::TargetPort).collect();
    assert_eq!(ports.len(), 2);
    assert_eq!(ports[0].status, EdgeStatus::Resolved);
    assert_eq!(ports[0].to_range.unwrap().slice(DEPLOYMENT), "8080");
    assert_eq!(ports[1].status, EdgeStatus::Missing);
    assert_eq!(ports[1].from_range.slice(SERVICE), "metrics");
    let secret = graph.edges_of(EdgeKind::Secret).next().unwrap();
    assert_eq!(
        (secret.status, secret.target.as_str()),
        (EdgeStatus::Missing, "Secret web-secrets")
    );
    assert_eq!(secret.namespace.as_deref(), Some("shop"));
    let account = graph.edges_of(EdgeKind::ServiceAccount).next().unwrap();
    assert_eq!(account.status, EdgeStatus::Missing);
    // Plain data: serializable for the playground's diagram.
    let json = serde_json::to_string(&graph).unwrap();
    assert!(json.contains("\"kind\":\"service-selector\""));
}

#[test]
fn cross_file_findings_land_in_their_file_and_split_from_per_file_results() {
    let ws = workspace(&[("deploy.yaml", DEPLOYMENT), ("svc.yaml", SERVICE)]);
    let settings = Settings::default();
    let all = check(&ws);
    let cross = check_workspace_rules(&ws, &settings);
    let per_file: Vec<_> = ws
        .files
        .iter()
        .flat_map(|f| check_file_with(f, &settings))
        .collect();
    assert_eq!(all.len(), cross.len() + per_file.len());
    let found: Vec<(&str, &str, u32)> = cross
        .iter()
        .map(|f| (f.path.as_str(), f.rule, f.start.line))
        .collect();
    assert!(found.contains(&("svc.yaml", "kubernetes/unknown-target-port", 13)));
    assert!(found.contains(&("svc.yaml", "kubernetes/service-selects-nothing", 20)));
    assert!(found.contains(&("deploy.yaml", "kubernetes/missing-config-reference", 25)));
    assert!(found.contains(&("deploy.yaml", "kubernetes/missing-service-account", 16)));
    // No cross-file rule runs per file.
    assert!(
        per_file
            .iter()
            .all(|f| !cross.iter().any(|c| c.rule == f.rule))
    );
    // Findings stay ordered by file, then position.
    let order: Vec<(usize, usize)> = all
        .iter()
        .map(|f| {
            (
                ws.files.iter().position(|w| w.name == f.path).unwrap(),
                f.range.start,
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn annotations_silence_findings_of_their_object() {
    let annotated = SERVICE.replacen(
        "  namespace: shop\n",
        "  namespace: shop\n  annotations:\n    ignore-check.kube-linter.io/dangling-service: \"pods come from an operator\"\n    drydock.dev/ignore: unknown-target-port\n",
        1,
    );
    let ws = workspace(&[("deploy.yaml", DEPLOYMENT), ("svc.yaml", &annotated)]);
    let cross = check_workspace_rules(&ws, &Settings::default());
    let in_service: Vec<_> = cross.iter().filter(|f| f.path == "svc.yaml").collect();
    // The first Service's findings are gone; the second (unannotated) one keeps its own.
    assert_eq!(in_service.len(), 1, "{in_service:#?}");
    assert_eq!(in_service[0].rule, "kubernetes/service-selects-nothing");
    let mut settings = Settings::default();
    settings.disable("kube-linter:dangling-service");
    assert!(
        check_workspace_rules(&ws, &settings)
            .iter()
            .all(|f| f.rule != "kubernetes/service-selects-nothing")
    );
}
