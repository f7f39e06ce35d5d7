//! How fast `drydock check` gets through a large repository (`cargo xtask bench check_tree`).
//!
//! A synthetic tree of 100,000 files — Dockerfiles and Kubernetes manifests, clean and broken,
//! in 1,000 directories — is written once under the target directory. The `drydock` binary then
//! checks it end to end (discovery, reading, checking, human output to /dev/null), reported in
//! files/s:
//!
//! - `per_file/one_thread` (`-j 1`, the baseline) and `per_file/all_cores` (`-j 0`): the whole
//!   tree with the cross-file rules switched off, i.e. the work the CLI spreads over cores.
//! - `workspace/all_cores`: the whole tree with every default rule, cross-file ones included.
//!   Those run once over the workspace, single-threaded in the core, on the parses the per-file
//!   checks made (`check_workspace_rules_parsed`); their lookups are indexed, so they grow with
//!   the tree, not with services × workloads.
//!
//! `DRYDOCK_BENCH_FILES=N` changes the tree's size.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DEFAULT_FILES: usize = 100_000;
const PER_DIRECTORY: usize = 100;

fn file_count() -> usize {
    std::env::var("DRYDOCK_BENCH_FILES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_FILES)
}

/// The `n`th file of the tree: its name and text. Every fourth file has a mistake or two.
fn synthetic(n: usize) -> (String, String) {
    let service = format!("svc{n}");
    match n % 4 {
        0 => (
            "Dockerfile".to_owned(),
            format!(
                "# syntax=docker/dockerfile:1\n\
                 FROM golang:1.22 AS build\n\
                 WORKDIR /src\n\
                 COPY go.mod go.sum ./\n\
                 RUN go mod download\n\
                 COPY . .\n\
                 RUN CGO_ENABLED=0 go build -o /out/{service} ./cmd/{service}\n\
                 \n\
                 FROM gcr.io/distroless/static-debian12:nonroot\n\
                 COPY --from=build /out/{service} /{service}\n\
                 USER 65532\n\
                 ENTRYPOINT [\"/{service}\"]\n"
            ),
        ),
        1 => (
            format!("{service}.Dockerfile"),
            format!(
                "FROM ubuntu:latest\n\
                 MAINTAINER team@example.com\n\
                 RUN apt-get update && apt-get install -y curl ca-certificates\n\
                 RUN curl -sSL https://example.com/install.sh | bash\n\
                 COPY. /opt/{service}\n\
                 WORKDIR opt/{service}\n\
                 CMD /opt/{service}/run\n"
            ),
        ),
        2 => (
            format!("{service}-deployment.yaml"),
            format!(
                "apiVersion: apps/v1\n\
                 kind: Deployment\n\
                 metadata:\n\
                 \x20 name: {service}\n\
                 \x20 labels: {{app: {service}}}\n\
                 spec:\n\
                 \x20 replicas: 2\n\
                 \x20 selector:\n\
                 \x20   matchLabels: {{app: {service}}}\n\
                 \x20 template:\n\
                 \x20   metadata:\n\
                 \x20     labels: {{app: {service}}}\n\
                 \x20   spec:\n\
                 \x20     containers:\n\
                 \x20     - name: {service}\n\
                 \x20       image: registry.example.com/{service}:1.4.2\n\
                 \x20       ports:\n\
                 \x20       - containerPort: 8080\n\
                 \x20       resources:\n\
                 \x20         requests: {{cpu: 100m, memory: 128Mi}}\n\
                 \x20         limits: {{memory: 256Mi}}\n\
                 ---\n\
                 apiVersion: v1\n\
                 kind: Service\n\
                 metadata:\n\
                 \x20 name: {service}\n\
                 spec:\n\
                 \x20 selector: {{app: {service}}}\n\
                 \x20 ports:\n\
                 \x20 - port: 80\n\
                 \x20   targetPort: 8080\n"
            ),
        ),
        _ => (
            format!("{service}.yaml"),
            format!(
                "apiVersion: apps/v1\n\
                 kind: Deploymnet\n\
                 metadata:\n\
                 \x20 name: {service}\n\
                 \x20 name: duplicate\n\
                 spec:\n\
                 \x20 replicas: \"two\"\n\
                 \x20 template:\n\
                 \x20   spec:\n\
                 \x20     containers:\n\
                 \x20     - name: {service}\n\
                 \x20       image: {service}\n\
                 \x20       resources:\n\
                 \x20         limits: {{memory: 512MB}}\n"
            ),
        ),
    }
}

/// Writes the tree unless a complete one of the same size is already there.
fn tree(files: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("check_tree_{files}"));
    let done = root.join(".complete");
    if done.exists() {
        return root;
    }
    let started = Instant::now();
    let _ = std::fs::remove_dir_all(&root);
    for n in 0..files {
        let dir = root
            .join(format!("team{:02}", n / PER_DIRECTORY % 10))
            .join(format!("service{:04}", n / PER_DIRECTORY));
        if n % PER_DIRECTORY == 0 {
            std::fs::create_dir_all(&dir).expect("create the bench tree");
        }
        let (name, text) = synthetic(n);
        // Dockerfiles are one per directory by name; give the others a directory of their own.
        let dir = if name == "Dockerfile" {
            let own = dir.join(format!("svc{n}"));
            std::fs::create_dir_all(&own).expect("create the bench tree");
            own
        } else {
            dir
        };
        std::fs::write(dir.join(name), text).expect("write the bench tree");
    }
    std::fs::write(&done, "").expect("mark the bench tree complete");
    eprintln!(
        "check_tree: wrote {files} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    root
}

/// The cross-file rules (`drydock_links`' registry), switched off for the per-file runs.
fn without_cross_file_rules() -> PathBuf {
    let ids = drydock_core::links::rules::RULES
        .iter()
        .map(|(meta, _)| meta.id);
    let mut config = String::from("rules:\n");
    for id in ids {
        config.push_str(&format!("  {id}: off\n"));
    }
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check_tree_per_file.yaml");
    std::fs::write(&path, config).expect("write the bench configuration");
    path
}

/// One `drydock check` with `config` (`None`: the defaults); returns how long it took.
fn run(root: &Path, config: Option<&Path>, threads: &str, path: &str) -> Duration {
    let mut command = Command::new(env!("CARGO_BIN_EXE_drydock"));
    command.arg("check");
    match config {
        Some(config) => command.arg("--config").arg(config),
        None => command.arg("--no-config"),
    };
    let started = Instant::now();
    let status = command
        .args(["-j", threads, path])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run drydock");
    let elapsed = started.elapsed();
    // 1: findings, as the tree is made to have; anything else means the run went wrong.
    assert_eq!(status.code(), Some(1), "drydock check failed: {status}");
    elapsed
}

fn check_tree(c: &mut Criterion) {
    let files = file_count();
    let root = tree(files);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!("check_tree: {files} files, {cores} cores");
    let config = without_cross_file_rules();
    let mut group = c.benchmark_group("per_file");
    group
        .throughput(Throughput::Elements(files as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(20));
    for (name, threads) in [("one_thread", "1"), ("all_cores", "0")] {
        group.bench_function(name, |b| {
            b.iter_custom(|iterations| {
                (0..iterations)
                    .map(|_| run(&root, Some(&config), threads, "."))
                    .sum()
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("workspace");
    group
        .throughput(Throughput::Elements(files as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(20));
    group.bench_function("all_cores", |b| {
        b.iter_custom(|iterations| (0..iterations).map(|_| run(&root, None, "0", ".")).sum());
    });
    group.finish();
}

criterion_group!(benches, check_tree);
criterion_main!(benches);
