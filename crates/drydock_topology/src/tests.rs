//! The three views of the example workspaces: what they show, and snapshots of their layouts.

use std::fmt::Write;

use super::*;
use drydock_layout::Rect;

fn workspace(files: &[(&str, &str)]) -> Workspace {
    let mut workspace = Workspace::new();
    for (name, text) in files {
        workspace.insert(*name, *text);
    }
    workspace
}

fn seed() -> Workspace {
    workspace(&[
        (
            "Dockerfile",
            include_str!("../../../examples/seed/Dockerfile"),
        ),
        (
            "mysql-deployment.yaml",
            include_str!("../../../examples/seed/mysql-deployment.yaml"),
        ),
        (
            "mysql-service.yaml",
            include_str!("../../../examples/seed/mysql-service.yaml"),
        ),
        (
            "nginx-deployment.yaml",
            include_str!("../../../examples/seed/nginx-deployment.yaml"),
        ),
        (
            "nginx-service.yaml",
            include_str!("../../../examples/seed/nginx-service.yaml"),
        ),
    ])
}

fn microservices() -> Workspace {
    workspace(&[
        (
            "ingress.yaml",
            include_str!("../../../examples/microservices/ingress.yaml"),
        ),
        (
            "web.yaml",
            include_str!("../../../examples/microservices/web.yaml"),
        ),
    ])
}

fn go_multistage() -> Workspace {
    workspace(&[(
        "Dockerfile",
        include_str!("../../../examples/go-multistage/Dockerfile"),
    )])
}

/// Nodes, edges and groups with their coordinates, one per line, for snapshots.
fn render(topology: &Topology, layout: &Layout) -> String {
    let rect = |r: &Rect| format!("({:.0},{:.0} {:.0}x{:.0})", r.x, r.y, r.width, r.height);
    let mut out = format!("{:.0}x{:.0}\n", layout.width, layout.height);
    for (g, r) in topology.groups.iter().zip(&layout.groups) {
        let _ = writeln!(
            out,
            "group {} {}",
            g.label,
            r.as_ref().map_or("-".into(), rect)
        );
    }
    for (n, r) in topology.nodes.iter().zip(&layout.nodes) {
        let _ = writeln!(
            out,
            "node {} [{}] {} findings={} worst={:?} {}",
            n.id,
            n.kind.as_str(),
            rect(r),
            n.findings,
            n.worst,
            n.details.join(" | ")
        );
    }
    for (e, route) in topology.edges.iter().zip(&layout.edges) {
        let points: Vec<String> = route
            .points
            .iter()
            .map(|p| format!("{:.0},{:.0}", p.x, p.y))
            .collect();
        let _ = writeln!(
            out,
            "edge {} -> {} {:?}{} [{}] label at {}",
            topology.nodes[e.from].id,
            topology.nodes[e.to].id,
            e.label.as_deref().unwrap_or(""),
            if e.broken { " BROKEN" } else { "" },
            points.join(" "),
            route.label.as_ref().map_or("-".into(), rect),
        );
    }
    out
}

fn drawing(workspace: &Workspace, view: View) -> (Topology, Layout) {
    let findings = drydock_core::check(workspace);
    let topology = build(workspace, &findings, view);
    let layout = draw(&topology);
    (topology, layout)
}

fn find<'t>(topology: &'t Topology, id: &str) -> (usize, &'t Node) {
    topology
        .nodes
        .iter()
        .enumerate()
        .find(|(_, n)| n.id == id)
        .unwrap_or_else(|| panic!("no node {id} in {:#?}", topology.nodes))
}

fn edge_between(topology: &Topology, from: usize, to: usize) -> &Edge {
    topology
        .edges
        .iter()
        .find(|e| e.from == from && e.to == to)
        .unwrap_or_else(|| panic!("no edge {from} -> {to}"))
}

#[test]
fn seed_kubernetes_view_shows_exposure_services_and_marked_deployments() {
    let (topology, layout) = drawing(&seed(), View::Kubernetes);
    let (internet, _) = find(&topology, "internet");
    for app in ["mysql", "nginx"] {
        let (service, _) = find(&topology, &format!("k8s:default/Service/{app}-service"));
        let (deployment, node) = find(
            &topology,
            &format!("k8s:default/Deployment/{app}-deployment"),
        );
        let exposure = edge_between(&topology, internet, service);
        assert!(
            exposure
                .label
                .as_deref()
                .unwrap()
                .starts_with("LoadBalancer :")
        );
        let backend = edge_between(&topology, service, deployment);
        let port = if app == "mysql" { "3306" } else { "80" };
        assert_eq!(
            backend.label.as_deref(),
            Some(format!("{port} → {port}/TCP").as_str())
        );
        assert!(!backend.broken);
        // `apiVersion: v1` for a Deployment is an error, and the node carries it.
        assert_eq!(node.worst, Some(Severity::Error), "{node:?}");
        assert!(node.kind_label.ends_with("v1"));
        // Left to right: Internet, then the Service, then the Deployment.
        assert!(layout.nodes[internet].right() < layout.nodes[service].x);
        assert!(layout.nodes[service].right() < layout.nodes[deployment].x);
    }
    insta::assert_snapshot!("seed_kubernetes", render(&topology, &layout));
}

#[test]
fn seed_dockerfile_view_and_together() {
    let (topology, layout) = drawing(&seed(), View::Dockerfile);
    let (stage, node) = find(&topology, "docker:Dockerfile/stage/0");
    assert_eq!(node.badge.as_deref(), Some("final"));
    assert!(node.findings > 0);
    let (image, _) = find(&topology, "image:ubuntu:latest");
    assert_eq!(
        edge_between(&topology, image, stage).label.as_deref(),
        Some("FROM")
    );
    insta::assert_snapshot!("seed_dockerfile", render(&topology, &layout));

    let (together, layout) = drawing(&seed(), View::Together);
    let (mysql_image, node) = find(&together, "image:mysql:8.0");
    assert_eq!(node.kind_label, "registry image");
    let (deployment, _) = find(&together, "k8s:default/Deployment/mysql-deployment");
    assert_eq!(
        edge_between(&together, mysql_image, deployment)
            .label
            .as_deref(),
        Some("runs")
    );
    insta::assert_snapshot!("seed_together", render(&together, &layout));
}

#[test]
fn microservices_ingress_chain_and_namespace_group() {
    let (topology, layout) = drawing(&microservices(), View::Kubernetes);
    let (internet, _) = find(&topology, "internet");
    let (ingress, _) = find(&topology, "k8s:shop/Ingress/shop");
    let (service, _) = find(&topology, "k8s:shop/Service/web");
    let (deployment, _) = find(&topology, "k8s:shop/Deployment/web");
    edge_between(&topology, internet, ingress);
    assert_eq!(
        edge_between(&topology, ingress, service).label.as_deref(),
        Some("port http")
    );
    assert_eq!(
        edge_between(&topology, service, deployment)
            .label
            .as_deref(),
        Some("80 → http/TCP")
    );
    let shop = topology
        .groups
        .iter()
        .position(|g| g.label == "namespace shop")
        .unwrap();
    let group = layout.groups[shop].unwrap();
    assert!(group.contains_rect(&layout.nodes[deployment]));
    insta::assert_snapshot!("microservices_kubernetes", render(&topology, &layout));
}

#[test]
fn broken_references_go_to_ghost_nodes() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web:1\n          envFrom:\n            - configMapRef:\n                name: settings\n";
    let (topology, layout) = drawing(&workspace(&[("app.yaml", text)]), View::Kubernetes);
    let ghosts: Vec<&Node> = topology
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Ghost)
        .collect();
    assert_eq!(ghosts.len(), 2, "{ghosts:#?}");
    let broken: Vec<&Edge> = topology.edges.iter().filter(|e| e.broken).collect();
    assert_eq!(broken.len(), 2);
    for e in broken {
        assert_eq!(topology.nodes[e.to].kind, NodeKind::Ghost);
    }
    insta::assert_snapshot!("broken_references", render(&topology, &layout));
}

#[test]
fn multistage_dockerfile_edges() {
    let (topology, layout) = drawing(&go_multistage(), View::Dockerfile);
    let stages = topology
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Stage)
        .count();
    assert!(stages >= 2);
    assert!(
        topology
            .edges
            .iter()
            .any(|e| e.label.as_deref() == Some("COPY --from"))
    );
    insta::assert_snapshot!("go_multistage_dockerfile", render(&topology, &layout));
}

#[test]
fn dockerfile_references_that_do_not_resolve_are_broken() {
    let text = "FROM alpine AS base\nFROM base\nCOPY --from=7 /a /b\nRUN --mount=type=cache,from=base,target=/c true\n";
    let (topology, _) = drawing(&workspace(&[("Dockerfile", text)]), View::Dockerfile);
    let broken: Vec<&Edge> = topology.edges.iter().filter(|e| e.broken).collect();
    assert_eq!(broken.len(), 1, "{:#?}", topology.edges);
    assert_eq!(topology.nodes[broken[0].from].kind, NodeKind::Ghost);
    assert!(
        topology
            .edges
            .iter()
            .any(|e| e.label.as_deref() == Some("RUN --mount"))
    );
}

#[test]
fn cursor_finds_the_innermost_node() {
    let (topology, _) = drawing(&seed(), View::Kubernetes);
    let file = "nginx-service.yaml";
    let offset = include_str!("../../../examples/seed/nginx-service.yaml")
        .find("LoadBalancer")
        .unwrap();
    let node = topology.node_at(file, offset).unwrap();
    assert_eq!(topology.nodes[node].id, "k8s:default/Service/nginx-service");
    assert_eq!(topology.node_at("nowhere.yaml", 0), None);
}

#[test]
fn exports_name_every_node_and_edge() {
    let (topology, layout) = drawing(&seed(), View::Together);
    let mermaid = to_mermaid(&topology);
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(
        mermaid.contains("subgraph g0[\"namespace default\"]")
            || mermaid.contains("[\"namespace default\"]")
    );
    assert_eq!(
        mermaid.matches("-->").count() + mermaid.matches("-.->").count(),
        topology.edges.len()
    );
    let dot = to_dot(&topology);
    assert_eq!(dot.matches(" -> n").count(), topology.edges.len());
    assert!(dot.contains("subgraph cluster_"));
    let svg = to_svg(&topology, &layout, SvgTheme::Dark);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title id=\"title\">"));
    assert_eq!(svg.matches("marker-end=").count(), topology.edges.len());
    assert!(svg.contains("mysql-deployment"));
    // Text from the files is escaped.
    let hostile = workspace(&[("Dockerfile", "FROM alpine AS <b>\"x\n")]);
    let (topology, layout) = drawing(&hostile, View::Dockerfile);
    let svg = to_svg(&topology, &layout, SvgTheme::Light);
    assert!(!svg.contains("<b>"));
}

#[test]
fn views_parse_by_name() {
    for view in View::ALL {
        assert_eq!(View::parse(view.as_str()), Some(view));
    }
    assert_eq!(View::parse("k8s"), None);
}

#[test]
fn the_compose_view_draws_services_what_they_publish_depend_on_and_mount() {
    let mut workspace = Workspace::new();
    workspace.insert(
        "shop/compose.yaml",
        "services:\n  web:\n    build: .\n    secrets:\n      - api_key\n      - source: tls\n        target: /etc/tls.pem\n    ports:\n      - \"8080:8000\"\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n    volumes:\n      - static:/srv/static\n      - ./conf:/etc/conf\n  db:\n    image: postgres:17\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  static: {}\nsecrets:\n  api_key:\n    file: ./api_key.txt\n",
    );
    workspace.insert(
        "shop/compose.override.yaml",
        "services:\n  db:\n    ports:\n      - \"5432:5432\"\n",
    );
    let topology = build(&workspace, &[], View::Compose);
    let label = |i: usize| {
        topology
            .nodes
            .get(i)
            .map(|n| format!("{}:{}", n.kind.as_str(), n.label))
            .unwrap_or_default()
    };
    let mut edges: Vec<String> = topology
        .edges
        .iter()
        .map(|e| {
            format!(
                "{} -{}{}-> {}",
                label(e.from),
                e.label.as_deref().unwrap_or(""),
                if e.broken { " (broken)" } else { "" },
                label(e.to)
            )
        })
        .collect();
    edges.sort();
    assert_eq!(
        edges,
        [
            "internet:Internet -5432:5432-> workload:db",
            "internet:Internet -8080:8000-> workload:web",
            "workload:db -/var/lib/postgresql/data (broken)-> ghost:pgdata",
            "workload:web -/srv/static-> volume:static",
            "workload:web -healthy-> workload:db",
            "workload:web -secret (broken)-> ghost:tls",
            "workload:web -secret-> secret:api_key",
            "workload:web -started (broken)-> ghost:cache",
        ]
    );
    assert_eq!(topology.groups.len(), 1);
    assert_eq!(topology.groups[0].label, "compose project shop");
    // The service's node is where its name is written, in the project file.
    let db = topology.nodes.iter().find(|n| n.label == "db").unwrap();
    let source = db.source.as_ref().unwrap();
    assert_eq!(source.path, "shop/compose.yaml");
    assert_eq!(db.details, ["postgres:17"]);
}

#[test]
fn the_compose_view_links_a_built_service_to_the_stage_it_builds() {
    let mut workspace = Workspace::new();
    workspace.insert(
        "shop/compose.yaml",
        "services:\n  web:\n    build: .\n  worker:\n    build:\n      context: .\n      target: deps\n  remote:\n    build: https://example.com/repo.git\n",
    );
    workspace.insert(
        "shop/Dockerfile",
        "FROM python:3.12 AS deps\nRUN pip install flask\nFROM deps AS app\nCOPY . /app\n",
    );
    let topology = build(&workspace, &[], View::Compose);
    let label = |i: usize| {
        topology
            .nodes
            .get(i)
            .map(|n| format!("{}:{}", n.kind.as_str(), n.label))
            .unwrap_or_default()
    };
    let builds: Vec<String> = topology
        .edges
        .iter()
        .filter(|e| e.label.as_deref() == Some("builds"))
        .map(|e| format!("{} -> {}", label(e.from), label(e.to)))
        .collect();
    assert_eq!(
        builds,
        ["stage:app -> workload:web", "stage:deps -> workload:worker"]
    );
    // The edge is where `build` is written.
    let edge = topology
        .edges
        .iter()
        .find(|e| e.label.as_deref() == Some("builds"))
        .unwrap();
    assert_eq!(edge.source.as_ref().unwrap().path, "shop/compose.yaml");
    // The Dockerfile is drawn once, as its own group beside the project.
    assert_eq!(topology.groups.len(), 2);
}

#[test]
fn the_compose_view_groups_services_by_the_networks_they_join() {
    let mut workspace = Workspace::new();
    workspace.insert(
        "shop/compose.yaml",
        "services:\n  proxy:\n    image: nginx:1.27\n    networks: [front]\n  api:\n    image: shop/api:1\n    networks:\n      back: {}\n      front:\n        aliases: [api.local]\n  db:\n    image: postgres:17\n    networks: [back]\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n  metrics:\n    image: prom/node-exporter:v1.8.2\n    network_mode: host\n  cron:\n    image: alpine:3.20\nnetworks:\n  front: {}\n  back: {}\nvolumes:\n  pgdata: {}\n",
    );
    workspace.insert(
        "shop/compose.override.yaml",
        "services:\n  db:\n    networks: [back]\n",
    );
    let topology = build(&workspace, &[], View::Compose);
    let group_of = |name: &str| {
        let node = topology.nodes.iter().find(|n| n.label == name).unwrap();
        topology.groups[node.group.unwrap()].label.clone()
    };
    assert_eq!(group_of("proxy"), "shop · network front");
    assert_eq!(group_of("api"), "shop · networks back, front");
    // The override names the same network again: one group still.
    assert_eq!(group_of("db"), "shop · network back");
    assert_eq!(group_of("metrics"), "shop · network_mode host");
    assert_eq!(group_of("cron"), "shop · network default");
    // Volumes, secrets and configs stay in the project's group.
    assert_eq!(group_of("pgdata"), "compose project shop");
}

#[test]
fn a_compose_project_on_the_default_network_alone_is_one_group() {
    let mut workspace = Workspace::new();
    workspace.insert(
        "compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n  db:\n    image: postgres:17\n",
    );
    let topology = build(&workspace, &[], View::Compose);
    let labels: Vec<&str> = topology.groups.iter().map(|g| g.label.as_str()).collect();
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!(labels[0].starts_with("compose project"), "{labels:?}");
}
