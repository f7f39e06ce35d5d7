//! Generated kustomizations for `cargo xtask kustomize-differential`: a small deterministic
//! generator (a fixed seed, SplitMix64) of bases and overlays that combine, at random, the
//! features kustomizations use most: `namePrefix`/`nameSuffix`, `namespace`,
//! `commonLabels`/`labels`, `commonAnnotations`, `images`, `replicas`, `configMapGenerator` and
//! `secretGenerator` literals (with `behavior: merge` over a base's, and
//! `disableNameSuffixHash`), strategic-merge patches (files, inline, by target, the deprecated
//! `patchesStrategicMerge`) and JSON 6902 patches (inline, from a file, the deprecated
//! `patchesJson6902`). Sometimes a middle overlay stands between the base and the top one.
//!
//! Each case is a folder `case-NNN` holding `base/`, maybe `mid/`, and `overlay/`, the folder
//! that is built. The same seed gives the same files on every machine.

use std::fmt::Write as _;
use std::path::Path;

use crate::Result;

/// SplitMix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        let index = self.below(items.len());
        items.get(index).copied().unwrap_or_else(|| items[0])
    }
}

const WORKLOADS: &[&str] = &["web", "api", "worker", "cache"];
const IMAGES: &[&str] = &[
    "nginx:1.25",
    "redis",
    "ghcr.io/acme/api:v1.2.3",
    "docker.io/library/busybox:1.36",
    "registry.example.com:5000/team/worker",
    "alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1",
];
const NEW_NAMES: &[&str] = &["mirror.example.com/nginx", "quay.io/acme/api", "my-redis"];
const NEW_TAGS: &[&str] = &["1.26", "v2", "latest", "2024.01"];
/// Values that YAML could read as something other than a string: the emitter must quote them.
const VALUES: &[&str] = &[
    "hello",
    "true",
    "0755",
    "1.0",
    "yes",
    "",
    "hello world",
    "x=y",
    "null",
    "~",
    "8080",
    "on",
    "-1",
    "a: b",
    "# not a comment",
    "'quoted'",
    "1e3",
];
const KEYS: &[&str] = &[
    "LOG_LEVEL",
    "MODE",
    "PORT",
    "FEATURE_X",
    "greeting",
    "app.conf",
];
const PREFIXES: &[&str] = &["dev-", "prod-", "team-a-", "x"];
const SUFFIXES: &[&str] = &["-v2", "-blue", "-canary"];
const NAMESPACES: &[&str] = &["staging", "prod", "team-a", "kube-system"];
const LABEL_KEYS: &[&str] = &["env", "tier", "app.kubernetes.io/part-of", "team"];
const LABEL_VALUES: &[&str] = &["prod", "backend", "shop", "a1", "true", "1"];

/// Writes `count` cases under `dir` (emptied first); returns their folder names.
pub fn generate(dir: &Path, count: usize, seed: u64) -> Result<Vec<String>> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let mut rng = Rng(seed);
    let mut names = Vec::with_capacity(count);
    for n in 0..count {
        let name = format!("case-{n:03}");
        for (path, text) in case(&mut rng) {
            let path = dir.join(&name).join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        names.push(name);
    }
    Ok(names)
}

/// One case's files, by path relative to its folder.
fn case(rng: &mut Rng) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let workloads: Vec<&str> = WORKLOADS
        .iter()
        .copied()
        .take(1 + rng.below(WORKLOADS.len()))
        .collect();
    let mut images = Vec::new();
    let base_config = rng.chance(40);

    // The base: one Deployment per workload, a Service for the first, maybe a ConfigMap made by
    // a generator, every Deployment reading the ConfigMap `app-config` (a name reference).
    let mut base = String::from(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n",
    );
    for workload in &workloads {
        let image = rng.pick(IMAGES);
        images.push(image);
        let replicas = rng.below(4);
        let file = format!("{workload}.yaml");
        let _ = writeln!(base, "- {file}");
        files.push((
            format!("base/{file}"),
            deployment(workload, image, replicas),
        ));
    }
    if let Some(first) = workloads.first() {
        let _ = writeln!(base, "- service.yaml");
        files.push(("base/service.yaml".to_owned(), service(first)));
    }
    if rng.chance(20) {
        let _ = writeln!(base, "namePrefix: base-");
    }
    if rng.chance(30) {
        let _ = writeln!(base, "commonLabels:\n  app: shop");
    }
    if base_config {
        base.push_str("configMapGenerator:\n- name: app-config\n  literals:\n");
        literals(rng, &mut base, "  ");
    }
    files.push(("base/kustomization.yaml".to_owned(), base));

    let below = if rng.chance(25) {
        let mut mid = String::from("resources:\n- ../base\n");
        if rng.chance(60) {
            let _ = writeln!(mid, "namePrefix: {}", rng.pick(PREFIXES));
        }
        if rng.chance(40) {
            let _ = writeln!(mid, "namespace: {}", rng.pick(NAMESPACES));
        }
        if rng.chance(40) {
            let _ = writeln!(
                mid,
                "commonLabels:\n  {}: {}",
                rng.pick(LABEL_KEYS),
                rng.pick(LABEL_VALUES)
            );
        }
        files.push(("mid/kustomization.yaml".to_owned(), mid));
        "../mid"
    } else {
        "../base"
    };

    let mut top = String::new();
    if rng.chance(50) {
        top.push_str("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n");
    }
    let _ = writeln!(top, "resources:\n- {below}");
    if rng.chance(50) {
        let _ = writeln!(top, "namePrefix: {}", rng.pick(PREFIXES));
    }
    if rng.chance(30) {
        let _ = writeln!(top, "nameSuffix: {}", rng.pick(SUFFIXES));
    }
    if rng.chance(50) {
        let _ = writeln!(top, "namespace: {}", rng.pick(NAMESPACES));
    }
    match rng.below(3) {
        0 => {
            let _ = writeln!(
                top,
                "commonLabels:\n  {}: {}",
                rng.pick(LABEL_KEYS),
                quoted(rng.pick(LABEL_VALUES))
            );
        }
        1 => {
            let _ = writeln!(
                top,
                "labels:\n- pairs:\n    {}: {}\n  includeSelectors: {}\n  includeTemplates: {}",
                rng.pick(LABEL_KEYS),
                quoted(rng.pick(LABEL_VALUES)),
                rng.chance(50),
                rng.chance(50)
            );
        }
        _ => {}
    }
    if rng.chance(30) {
        let _ = writeln!(
            top,
            "commonAnnotations:\n  note: {}",
            quoted(rng.pick(VALUES))
        );
    }
    if rng.chance(50) {
        top.push_str("images:\n");
        for _ in 0..1 + rng.below(2) {
            let image = images
                .get(rng.below(images.len()))
                .copied()
                .unwrap_or("nginx");
            let name = image_name(image);
            let _ = writeln!(top, "- name: {name}");
            match rng.below(4) {
                0 => {
                    let _ = writeln!(top, "  newTag: {}", quoted(rng.pick(NEW_TAGS)));
                }
                1 => {
                    let _ = writeln!(top, "  newName: {}", rng.pick(NEW_NAMES));
                }
                2 => {
                    let _ = writeln!(
                        top,
                        "  newName: {}\n  newTag: {}",
                        rng.pick(NEW_NAMES),
                        quoted(rng.pick(NEW_TAGS))
                    );
                }
                _ => {
                    let _ = writeln!(top, "  digest: sha256:{}", "0123456789abcdef".repeat(4));
                }
            }
        }
    }
    if rng.chance(40) {
        let _ = writeln!(
            top,
            "replicas:\n- name: {}\n  count: {}",
            rng.pick(&workloads),
            rng.below(6)
        );
    }
    if rng.chance(50) {
        top.push_str("configMapGenerator:\n- name: app-config\n");
        // Over the base's ConfigMap a generator must say how (kustomize refuses otherwise).
        if base_config {
            let behavior = if rng.chance(70) { "merge" } else { "replace" };
            let _ = writeln!(top, "  behavior: {behavior}");
        }
        top.push_str("  literals:\n");
        literals(rng, &mut top, "  ");
        if rng.chance(20) {
            top.push_str("  options:\n    disableNameSuffixHash: true\n");
        }
    }
    if rng.chance(20) {
        top.push_str("secretGenerator:\n- name: credentials\n  literals:\n");
        literals(rng, &mut top, "  ");
    }
    let target = rng.pick(&workloads);
    let mut patches = String::new();
    if rng.chance(50) {
        // A strategic-merge patch: from a file (named in its body) or inline with a target.
        let body = smp(rng, target);
        if rng.chance(50) {
            files.push(("overlay/patch-smp.yaml".to_owned(), body));
            patches.push_str("- path: patch-smp.yaml\n");
        } else {
            let _ = writeln!(
                patches,
                "- target:\n    kind: Deployment\n    name: {target}\n  patch: |-\n{}",
                indent(&body, "    ")
            );
        }
    }
    if rng.chance(50) {
        let ops = json6902(rng);
        if rng.chance(30) {
            files.push(("overlay/patch-json.yaml".to_owned(), ops));
            let _ = writeln!(
                patches,
                "- path: patch-json.yaml\n  target:\n    kind: Deployment\n    name: {target}"
            );
        } else {
            let _ = writeln!(
                patches,
                "- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: {target}\n  patch: |-\n{}",
                indent(&ops, "    ")
            );
        }
    }
    if rng.chance(10) {
        // Every Deployment at once, by kind alone.
        let _ = writeln!(
            patches,
            "- target:\n    kind: Deployment\n  patch: |-\n    - op: add\n      path: /metadata/annotations\n      value:\n        patched: \"yes\""
        );
    }
    if !patches.is_empty() {
        let _ = write!(top, "patches:\n{patches}");
    }
    if rng.chance(10) {
        let name = rng.pick(&workloads);
        files.push(("overlay/legacy-smp.yaml".to_owned(), smp(rng, name)));
        top.push_str("patchesStrategicMerge:\n- legacy-smp.yaml\n");
    }
    if rng.chance(10) {
        files.push(("overlay/legacy-json.yaml".to_owned(), json6902(rng)));
        let name = rng.pick(&workloads);
        let _ = writeln!(
            top,
            "patchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: {name}\n  path: legacy-json.yaml"
        );
    }
    files.push(("overlay/kustomization.yaml".to_owned(), top));
    files
}

fn deployment(name: &str, image: &str, replicas: usize) -> String {
    format!(
        "apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  labels:
    app: {name}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels:
        app: {name}
    spec:
      containers:
      - name: {name}
        image: {image}
        ports:
        - containerPort: 8080
        envFrom:
        - configMapRef:
            name: app-config
        volumeMounts:
        - name: config
          mountPath: /etc/{name}
      volumes:
      - name: config
        configMap:
          name: app-config
"
    )
}

fn service(name: &str) -> String {
    format!(
        "apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector:
    app: {name}
  ports:
  - port: 80
    targetPort: 8080
"
    )
}

/// `KEY=value` lines of a generator, one to three.
fn literals(rng: &mut Rng, out: &mut String, indent: &str) {
    let mut keys: Vec<&str> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let key = rng.pick(KEYS);
        if keys.contains(&key) {
            continue;
        }
        keys.push(key);
        let value = rng.pick(VALUES);
        let _ = writeln!(out, "{indent}- {}", quoted(&format!("{key}={value}")));
    }
}

/// A strategic-merge patch of Deployment `name`.
fn smp(rng: &mut Rng, name: &str) -> String {
    let mut out = format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n");
    match rng.below(4) {
        0 => {
            let _ = writeln!(out, "spec:\n  replicas: {}", rng.below(9));
        }
        1 => {
            let _ = writeln!(
                out,
                "spec:\n  template:\n    spec:\n      containers:\n      - name: {name}\n        env:\n        - name: {}\n          value: {}",
                rng.pick(KEYS).replace('.', "_"),
                quoted(rng.pick(VALUES))
            );
        }
        2 => {
            let _ = writeln!(
                out,
                "spec:\n  template:\n    spec:\n      containers:\n      - name: sidecar\n        image: {}",
                rng.pick(IMAGES)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "spec:\n  template:\n    spec:\n      containers:\n      - name: {name}\n        resources:\n          limits:\n            memory: 256Mi\n            cpu: {}",
                quoted(rng.pick(&["500m", "1", "0.5"]))
            );
        }
    }
    out
}

/// A JSON 6902 patch (YAML form) of a Deployment.
fn json6902(rng: &mut Rng) -> String {
    let mut out = String::new();
    let first = rng.below(5);
    // Two different operations: the same one twice (a second `remove`) would fail.
    let second = (first + 1 + rng.below(4)) % 5;
    let ops = if rng.chance(50) {
        vec![first]
    } else {
        vec![first, second]
    };
    for op in ops {
        match op {
            0 => {
                let _ = writeln!(
                    out,
                    "- op: replace\n  path: /spec/replicas\n  value: {}",
                    rng.below(7)
                );
            }
            1 => {
                let _ = writeln!(
                    out,
                    "- op: add\n  path: /metadata/labels/patched\n  value: {}",
                    quoted(rng.pick(LABEL_VALUES))
                );
            }
            2 => {
                let _ = writeln!(
                    out,
                    "- op: add\n  path: /spec/template/spec/containers/0/env\n  value:\n  - name: FROM_JSON_PATCH\n    value: {}",
                    quoted(rng.pick(VALUES))
                );
            }
            3 => {
                let _ = writeln!(
                    out,
                    "- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: {}",
                    rng.pick(IMAGES)
                );
            }
            _ => {
                out.push_str("- op: remove\n  path: /spec/template/spec/containers/0/ports\n");
            }
        }
    }
    out
}

/// An image's name without its tag or digest, as `images:` names it.
fn image_name(image: &str) -> &str {
    let image = image.split('@').next().unwrap_or(image);
    match image.rfind(':') {
        Some(colon) if !image[colon..].contains('/') => &image[..colon],
        _ => image,
    }
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::{Rng, case, image_name};

    #[test]
    fn the_same_seed_makes_the_same_cases() {
        let (mut a, mut b) = (Rng(7), Rng(7));
        for _ in 0..20 {
            assert_eq!(case(&mut a), case(&mut b));
        }
    }

    #[test]
    fn image_names_lose_tag_and_digest() {
        assert_eq!(image_name("nginx:1.25"), "nginx");
        assert_eq!(
            image_name("registry.example.com:5000/team/worker"),
            "registry.example.com:5000/team/worker"
        );
        assert_eq!(image_name("alpine@sha256:00"), "alpine");
        assert_eq!(image_name("ghcr.io/acme/api:v1.2.3"), "ghcr.io/acme/api");
    }
}
