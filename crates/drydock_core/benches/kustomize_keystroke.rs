//! A keystroke in a 50-file overlay tree (`cargo xtask bench kustomize_keystroke`): one base of
//! 27 resources with generated configuration, a component, and three overlays (prefixes,
//! namespaces, image tags, strategic-merge and JSON 6902 patches, generators), one character
//! typed in a base Deployment and deleted again. Everything the playground computes between that
//! keystroke and its findings, stage by stage:
//!
//! - `keystroke/render`: the Kustomize engine's whole job — the request read from JSON, every
//!   kustomization rendered, the answer written — and the page reading the answer back;
//! - `keystroke/check`: the page checking what the kustomizations deploy, with the files outside
//!   them (`check_workspace_rules_with_renders`);
//! - `keystroke/per_file`: the edited file's own findings (`IncrementalCheck`);
//! - `keystroke/total`: the three, one after another, as one keystroke costs them.
//!
//! The goal is a frame (16 ms) for `total`. These are native figures; the playground runs the
//! same code as wasm, which the browser runs within about twice of them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::incremental::IncrementalCheck;
use drydock_core::k8s::Crds;
use drydock_core::rendered::Rendered;
use drydock_core::{Settings, SourceFile, Workspace, check_workspace_rules_with_renders};
use drydock_engine::{Engine, Output, Request, Response, Task};

const SERVICES: usize = 8;

fn file(files: &mut Vec<SourceFile>, name: &str, text: String) {
    files.push(SourceFile {
        name: name.to_owned(),
        text,
    });
}

/// The tree; `tag` is the image tag of the first base Deployment (what the keystroke edits).
fn tree(tag: &str) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut resources = Vec::new();
    for n in 0..SERVICES {
        let image_tag = if n == 3 {
            tag.to_owned()
        } else {
            format!("1.{n}")
        };
        file(
            &mut files,
            &format!("base/deploy-{n}.yaml"),
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\n  labels:\n    app: app-{n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{n}\n  template:\n    metadata:\n      labels:\n        app: app-{n}\n    spec:\n      serviceAccountName: app\n      containers:\n        - name: app\n          image: registry.example.com/app-{n}:{image_tag}\n          ports:\n            - containerPort: 8080\n          envFrom:\n            - configMapRef:\n                name: app-config\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n            limits:\n              memory: 256Mi\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n"
            ),
        );
        file(
            &mut files,
            &format!("base/svc-{n}.yaml"),
            format!(
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: app-{n}\nspec:\n  selector:\n    app: app-{n}\n  ports:\n    - port: 80\n      targetPort: 8080\n"
            ),
        );
        resources.push(format!("deploy-{n}.yaml"));
        resources.push(format!("svc-{n}.yaml"));
    }
    for n in 0..4 {
        file(
            &mut files,
            &format!("base/ingress-{n}.yaml"),
            format!(
                "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-{n}\nspec:\n  rules:\n    - host: app-{n}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: app-{n}\n                port:\n                  number: 80\n"
            ),
        );
        file(
            &mut files,
            &format!("base/pdb-{n}.yaml"),
            format!(
                "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: app-{n}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      app: app-{n}\n"
            ),
        );
        resources.push(format!("ingress-{n}.yaml"));
        resources.push(format!("pdb-{n}.yaml"));
    }
    for n in 0..2 {
        file(
            &mut files,
            &format!("base/hpa-{n}.yaml"),
            format!(
                "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app-{n}\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: app-{n}\n  minReplicas: 2\n  maxReplicas: 6\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n"
            ),
        );
        resources.push(format!("hpa-{n}.yaml"));
    }
    file(
        &mut files,
        "base/sa.yaml",
        "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n".to_owned(),
    );
    resources.push("sa.yaml".to_owned());
    file(
        &mut files,
        "base/config/app.properties",
        "greeting=hello\nmode=base\n".to_owned(),
    );
    file(
        &mut files,
        "base/config/logging.properties",
        "level=info\n".to_owned(),
    );
    let list: String = resources.iter().map(|r| format!("  - {r}\n")).collect();
    file(
        &mut files,
        "base/kustomization.yaml",
        format!(
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n{list}labels:\n  - pairs:\n      team: shop\nconfigMapGenerator:\n  - name: app-config\n    files:\n      - config/app.properties\n      - config/logging.properties\n"
        ),
    );
    file(
        &mut files,
        "components/monitoring/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - path: annotate.yaml\n    target:\n      kind: Deployment\n".to_owned(),
    );
    file(
        &mut files,
        "components/monitoring/annotate.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: any\n  annotations:\n    prometheus.io/scrape: \"true\"\n".to_owned(),
    );
    for (overlay, replicas) in [("dev", 1), ("staging", 2), ("prod", 4)] {
        let dir = format!("overlays/{overlay}");
        file(
            &mut files,
            &format!("{dir}/kustomization.yaml"),
            format!(
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-{overlay}\nnamePrefix: {overlay}-\nresources:\n  - ../../base\ncomponents:\n  - ../../components/monitoring\nimages:\n  - name: registry.example.com/app-0\n    newTag: \"2.0-{overlay}\"\npatches:\n  - path: replicas.yaml\n  - path: resources.yaml\n  - path: env.yaml\n  - path: ingress.json\n    target:\n      kind: Ingress\n      name: web-0\nconfigMapGenerator:\n  - name: app-config\n    behavior: merge\n    literals:\n      - mode={overlay}\nsecretGenerator:\n  - name: app-secrets\n    envs:\n      - secrets.env\n"
            ),
        );
        file(
            &mut files,
            &format!("{dir}/replicas.yaml"),
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-1\nspec:\n  replicas: {replicas}\n"
            ),
        );
        file(
            &mut files,
            &format!("{dir}/resources.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-2\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          resources:\n            limits:\n              memory: 512Mi\n".to_owned(),
        );
        file(
            &mut files,
            &format!("{dir}/env.yaml"),
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-3\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          envFrom:\n            - secretRef:\n                name: app-secrets\n".to_owned(),
        );
        file(
            &mut files,
            &format!("{dir}/ingress.json"),
            format!(
                "[{{\"op\": \"replace\", \"path\": \"/spec/rules/0/host\", \"value\": \"{overlay}.example.com\"}}]\n"
            ),
        );
        file(
            &mut files,
            &format!("{dir}/secrets.env"),
            format!("DB_PASSWORD={overlay}-secret\n"),
        );
    }
    files
}

/// What the engine answers for `files`, read back as the page reads it.
fn render(files: &[SourceFile]) -> Vec<Rendered> {
    let request = Request {
        id: 1,
        files: files.to_vec(),
        task: Task::Kustomize,
    };
    let answer = drydock_engine::respond(Engine::Kustomize, &request.to_json());
    match Response::from_wire(&answer).map(|response| response.result) {
        Some(Ok(Output::Kustomize { renders })) => {
            Rendered::from_wire(&renders).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn keystroke(c: &mut Criterion) {
    // Two trees that differ by one character, alternated as typing and deleting it.
    let trees = [tree("1.3"), tree("1.33")];
    assert_eq!(trees[0].len(), 50, "the tree is 50 files");
    let workspaces = trees.clone().map(|files| Workspace { files });
    let renders = trees.clone().map(|files| render(&files));
    assert_eq!(renders[0].len(), 3, "the three overlays render");
    let edited = trees.clone().map(|files| {
        files
            .into_iter()
            .find(|f| f.name == "base/deploy-3.yaml")
            .unwrap_or_else(|| SourceFile {
                name: String::new(),
                text: String::new(),
            })
    });
    let (settings, crds) = (Settings::default(), Crds::default());

    let mut group = c.benchmark_group("keystroke");
    group.sample_size(20);
    group.bench_function("render", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(render(&trees[i % 2]))
        })
    });
    group.bench_function("check", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(check_workspace_rules_with_renders(
                &workspaces[i % 2],
                &settings,
                &renders[i % 2],
            ))
        })
    });
    group.bench_function("per_file", |b| {
        let mut checker = IncrementalCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(checker.check(&edited[i % 2], &settings, &crds))
        })
    });
    group.bench_function("total", |b| {
        let mut checker = IncrementalCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            let k = i % 2;
            let rendered = render(&trees[k]);
            let cross = check_workspace_rules_with_renders(&workspaces[k], &settings, &rendered);
            black_box((cross, checker.check(&edited[k], &settings, &crds)))
        })
    });
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
