//! Turning Trunk's output into a site that works from any static host, offline, under a strict
//! Content-Security-Policy:
//!
//! - the inline start-up script Trunk writes is moved into a hashed file, so the policy needs no
//!   `unsafe-inline` for scripts;
//! - a `<meta>` Content-Security-Policy and the web app manifest link are added to every page;
//! - a service worker (`sw.js`) precaches every asset, under a cache named by the build's hash, and
//!   drops older caches when a new build activates;
//! - every asset gets precompressed `.gz` and `.br` siblings, and a size report (raw, gzip,
//!   brotli) is printed and written to `dist/size-report.json`, checked against a budget for what
//!   the first load needs.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::tools::fnv1a;

/// What the first load may cost, gzip-compressed.
pub const FIRST_LOAD_BUDGET_GZIP: u64 = 600 * 1024;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; \
worker-src 'self'; manifest-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

/// Whether going over [`FIRST_LOAD_BUDGET_GZIP`] fails the build (`cargo xtask dist`) or is
/// reported as a warning (`cargo xtask build`, `cargo xtask test`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Budget {
    Enforce,
    Report,
}

/// Post-processes `dist` in place.
pub fn finish(dist: &Path, budget: Budget) -> Result {
    write_rule_docs(dist)?;
    write_gallery(dist)?;
    name_schema(dist)?;
    name_engines(dist)?;
    compact_stylesheet(dist)?;
    let pages = ["index.html", "embed-demo.html"];
    for page in pages {
        let path = dist.join(page);
        if path.exists() {
            harden_page(dist, &path)?;
        }
    }
    for size in [192u32, 512] {
        let png = icon_png(size)?;
        std::fs::write(dist.join(format!("icon-{size}.png")), png).map_err(|e| e.to_string())?;
    }
    write_service_worker(dist)?;
    let report = compress_and_report(dist, budget)?;
    println!("{report}");
    Ok(())
}

/// The stylesheet without its comments and indentation (the source keeps them; the first
/// load's budget counts every byte), and the `integrity` hash Trunk wrote for it in the page
/// recomputed for the new text.
fn compact_stylesheet(dist: &Path) -> Result {
    use sha2::Digest;
    let page = dist.join("index.html");
    let mut html = read(&page)?;
    let names: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style-") && name.ends_with(".css"))
        .collect();
    for name in names {
        let path = dist.join(&name);
        let before = read(&path)?;
        let after = compact_css(&before);
        let hash =
            |text: &str| format!("sha384-{}", base64(&sha2::Sha384::digest(text.as_bytes())));
        let (old, new) = (hash(&before), hash(&after));
        let tag = html
            .find(&name)
            .and_then(|at| Some((html[..at].rfind('<')?, at + html[at..].find('>')?)))
            .map(|(start, end)| html[start..end].to_owned())
            .unwrap_or_default();
        if tag.contains("integrity=") && !tag.contains(&old) {
            return Err(format!(
                "{name}: the page's integrity hash is not the stylesheet's"
            ));
        }
        html = html.replace(&old, &new);
        std::fs::write(&path, after).map_err(|e| e.to_string())?;
    }
    std::fs::write(&page, html).map_err(|e| e.to_string())
}

/// CSS without comments, blank lines and indentation. Strings are kept as they are.
fn compact_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut quote = None;
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => {
                quote = Some(c);
                out.push(c);
                line_start = false;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for next in chars.by_ref() {
                    if last == '*' && next == '/' {
                        break;
                    }
                    last = next;
                }
            }
            '\n' => {
                if !line_start {
                    out.push('\n');
                }
                line_start = true;
            }
            ' ' | '\t' if line_start => {}
            _ => {
                out.push(c);
                line_start = false;
            }
        }
    }
    out
}

/// Standard base64 with padding (as `integrity` attributes write hashes).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The rules' Markdown docs, which the playground's wasm is built without (see the `docs` feature
/// of `drydock_core`): written by a native build of the core as `rule-docs-<hash>.json`, named in a
/// `<meta name="drydock-rule-docs">` of `index.html`, fetched by the rules reference when it is
/// opened and precached by the service worker with every other asset.
fn write_rule_docs(dist: &Path) -> Result {
    let output = crate::cargo()
        .args([
            "run",
            "--quiet",
            "--package",
            "drydock_core",
            "--example",
            "rule_docs",
        ])
        .current_dir(crate::root())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() || !output.stdout.starts_with(b"{") {
        return Err(format!(
            "the rule docs (cargo run -p drydock_core --example rule_docs) failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let name = format!("rule-docs-{:016x}.json", fnv1a(&output.stdout));
    std::fs::write(dist.join(&name), &output.stdout)
        .map_err(|e| format!("cannot write {name}: {e}"))?;
    name_in_page(dist, "drydock-rule-docs", &name)
}

/// The gallery's examples but the seed (the first view's, which the app carries): every file under
/// `examples/<id>/`, as a JSON object from its path below `examples/` to its text, written as
/// `gallery-<hash>.json` and named in `<meta name="drydock-gallery">`. The app fetches it when an
/// example is first chosen, so examples cost the first load nothing.
fn write_gallery(dist: &Path) -> Result {
    let examples = crate::root().join("examples");
    let mut files: Vec<(String, String)> = Vec::new();
    let mut pending = vec![examples.clone()];
    while let Some(dir) = pending.pop() {
        let entries =
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&examples)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if relative.starts_with("seed/") {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            files.push((relative, text));
        }
    }
    files.sort();
    let mut json = String::from("{");
    for (at, (name, text)) in files.iter().enumerate() {
        if at > 0 {
            json.push(',');
        }
        json.push_str(&json_string(name));
        json.push(':');
        json.push_str(&json_string(text));
    }
    json.push('}');
    let name = format!("gallery-{:016x}.json", fnv1a(json.as_bytes()));
    std::fs::write(dist.join(&name), &json).map_err(|e| format!("cannot write {name}: {e}"))?;
    name_in_page(dist, "drydock-gallery", &name)
}

/// `text` as a JSON string literal (what the xtask writes JSON with: it has no serde).
pub(crate) fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Kubernetes schema, which the playground's wasm is built without (see the `embedded-schema`
/// feature of `drydock_core`): Trunk copies `kubernetes.schema`; it is renamed by its contents'
/// hash to `kubernetes-<hash>.schema`, named in a `<meta name="drydock-schema">` of `index.html`,
/// fetched by the app right after its first render (so not part of the first load: the app is
/// interactive without it) and precached by the service worker with every other asset.
fn name_schema(dist: &Path) -> Result {
    let copied = dist.join("kubernetes.schema");
    let bytes = std::fs::read(&copied).map_err(|e| {
        format!(
            "cannot read {} (index.html copies it): {e}",
            copied.display()
        )
    })?;
    let name = format!("kubernetes-{:016x}.schema", fnv1a(&bytes));
    std::fs::rename(&copied, dist.join(&name))
        .map_err(|e| format!("cannot rename kubernetes.schema to {name}: {e}"))?;
    name_in_page(dist, "drydock-schema", &name)
}

/// The engines' workers (see `crates/drydock_engine`): Trunk writes each as `engine_<name>.js`,
/// `engine_<name>_bg.wasm` and a loader `engine_<name>_loader.js`, unhashed (a worker's name is
/// given at run time). Each file is renamed by its contents' hash, so that a new build never
/// meets an old engine in a cache; the loader is written anew, to import the renamed files and to
/// tell the page when the module cannot be fetched or compiled (a rejected promise in a worker
/// reaches no handler of the page); and it is named in `<meta name="drydock-engine-<name>">` of
/// `index.html`, where the page looks for it.
fn name_engines(dist: &Path) -> Result {
    for name in engines(dist)? {
        let base = format!("engine_{name}");
        let renamed = |suffix: &str| -> Result<String> {
            let from = format!("{base}{suffix}");
            let bytes = std::fs::read(dist.join(&from)).map_err(|e| {
                format!("cannot read {from} (index.html builds the {name} engine): {e}")
            })?;
            let to = format!("{base}-{:016x}{suffix}", fnv1a(&bytes));
            std::fs::rename(dist.join(&from), dist.join(&to))
                .map_err(|e| format!("cannot rename {from} to {to}: {e}"))?;
            Ok(to)
        };
        let script = renamed(".js")?;
        let wasm = renamed("_bg.wasm")?;
        let quoted =
            |text: &str| format!("\"./{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
        let loader = format!(
            "// Written by `cargo xtask dist`: the {name} engine's worker (crates/drydock_worker).\n\
             function failed(what) {{ self.postMessage(JSON.stringify({{ failed: String(what && what.message || what) }})); }}\n\
             try {{ importScripts({script}); }} catch (error) {{ failed(error); throw error; }}\n\
             wasm_bindgen({wasm}).catch(failed);\n",
            script = quoted(&script),
            wasm = quoted(&wasm),
        );
        std::fs::remove_file(dist.join(format!("{base}_loader.js")))
            .map_err(|e| format!("cannot remove Trunk's loader of {base}: {e}"))?;
        let loader_name = format!("{base}-{:016x}_loader.js", fnv1a(loader.as_bytes()));
        std::fs::write(dist.join(&loader_name), loader)
            .map_err(|e| format!("cannot write {loader_name}: {e}"))?;
        name_in_page(dist, &format!("drydock-engine-{name}"), &loader_name)?;
    }
    Ok(())
}

/// The engines Trunk built: `engine_<name>_loader.js` in `dist`, by name.
fn engines(dist: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = assets(dist)?
        .into_iter()
        .filter_map(|file| {
            let name = file.strip_prefix("engine_")?.strip_suffix("_loader.js")?;
            (!name.contains(['-', '/'])).then(|| name.to_owned())
        })
        .collect();
    names.sort();
    Ok(names)
}

/// The engine a built file belongs to (`engine_<name>-<hash>…`), if any.
fn engine_of(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("engine_")?;
    let name = rest.split('-').next()?;
    (!name.is_empty() && rest.len() > name.len()).then_some(name)
}

/// Names `file` (in `dist`) in a `<meta name="{meta}">` of `index.html`, where the app looks
/// for it.
fn name_in_page(dist: &Path, meta: &str, file: &str) -> Result {
    let page = dist.join("index.html");
    let mut html = read(&page)?;
    let tag = format!("<meta name=\"{meta}\" content=\"./{file}\" />\n    ");
    let at = html.find("<title>").ok_or("index.html has no <title>")?;
    html.insert_str(at, &tag);
    std::fs::write(&page, html).map_err(|e| format!("cannot write index.html: {e}"))
}

/// Moves inline scripts into files and adds the policy and the manifest link.
fn harden_page(dist: &Path, page: &Path) -> Result {
    let mut html = read(page)?;
    let mut counter = 0;
    while let Some(start) = find_inline_script(&html) {
        let open_end = html[start..]
            .find('>')
            .map(|i| start + i + 1)
            .ok_or("unclosed <script>")?;
        let close = html[open_end..]
            .find("</script>")
            .map(|i| open_end + i)
            .ok_or("unclosed <script>")?;
        let open_tag = &html[start..open_end];
        let body = &html[open_end..close];
        let module = open_tag.contains("type=\"module\"");
        let name = format!("start-{:016x}.js", fnv1a(body.as_bytes()));
        std::fs::write(dist.join(&name), body.trim())
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        let tag = if module {
            format!("<script type=\"module\" src=\"./{name}\"></script>")
        } else {
            format!("<script src=\"./{name}\"></script>")
        };
        html.replace_range(start..close + "</script>".len(), &tag);
        counter += 1;
        if counter > 16 {
            return Err("too many inline scripts".into());
        }
    }
    if !html.contains("Content-Security-Policy") {
        let meta = format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\" />\n    \
             <link rel=\"manifest\" href=\"./manifest.webmanifest\" />\n    \
             <link rel=\"icon\" href=\"./icon.svg\" type=\"image/svg+xml\" />\n    "
        );
        let at = html
            .find("<meta charset=\"utf-8\" />")
            .map_or(0, |i| i + "<meta charset=\"utf-8\" />".len());
        html.insert_str(at, &format!("\n    {meta}"));
    }
    if page.ends_with("index.html") {
        preload_editor_chunks(dist, &mut html)?;
        compile_wasm_early(dist, &mut html)?;
    }
    std::fs::write(page, html).map_err(|e| format!("cannot write {}: {e}", page.display()))
}

/// Trunk preloads the editor's entry module; the chunks it imports (see `is_lazy_editor_chunk`)
/// would only be requested once it has arrived and been parsed. Preloading them too saves that
/// round trip on the first load; the lazy chunk is left to load when it is asked for.
fn preload_editor_chunks(dist: &Path, html: &mut String) -> Result {
    let mut links = String::new();
    for name in assets(dist)? {
        let chunk = name.starts_with("snippets/")
            && name.ends_with(".js")
            && !is_lazy_editor_chunk(&name)
            && !html.contains(&format!("\"./{name}\""));
        if chunk {
            let _ = write!(
                links,
                "<link rel=\"modulepreload\" href=\"./{name}\" crossorigin=\"anonymous\">"
            );
        }
    }
    let at = html.find("</head>").ok_or("index.html has no </head>")?;
    html.insert_str(at, &links);
    Ok(())
}

/// Trunk's start-up module compiles the wasm once every JavaScript module it imports (the editor
/// among them) has arrived and run, although the wasm itself arrived long before (it is
/// preloaded). A small classic script, `boot-<hash>.js`, loaded `async` from the top of the page,
/// starts compiling it as soon as it runs (streaming, off the main thread, the preloaded response
/// reused), and the start-up module instantiates that compiled module. Should anything in the
/// early path fail (an old browser, a host serving wasm under another MIME type), the start-up
/// module fetches the wasm itself as before.
fn compile_wasm_early(dist: &Path, html: &mut String) -> Result {
    let preload = html
        .split("<link ")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .find(|tag| tag.contains("rel=\"preload\"") && tag.contains("_bg.wasm\""))
        .ok_or("index.html has no preload of the wasm")?;
    let attribute = |name: &str| {
        let key = format!(" {name}=\"");
        let from = preload.find(&key)? + key.len();
        Some(preload[from..].split('"').next()?.to_owned())
    };
    // The preload's request, so that the fetch below is served by it: Chromium ignores the
    // integrity of `as="fetch"` preloads, and a fetch with one would not match (nor does
    // wasm-bindgen's own fetch give one).
    let wasm = attribute("href").ok_or("the wasm preload has no href")?;
    let quoted = |text: &str| format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""));
    let script = format!(
        "// Written by `cargo xtask dist`: compiles the app's wasm while its JavaScript modules load.\n\
         window.__drydockWasm = (function () {{\n\
         \x20 var url = {url}, init = {{ mode: \"cors\", credentials: \"same-origin\" }};\n\
         \x20 if (!window.WebAssembly || !WebAssembly.compileStreaming || !window.fetch) return null;\n\
         \x20 return WebAssembly.compileStreaming(fetch(url, init)).catch(function () {{ return fetch(url); }});\n\
         }})();\n",
        url = quoted(&wasm),
    );
    let name = format!("boot-{:016x}.js", fnv1a(script.as_bytes()));
    std::fs::write(dist.join(&name), &script).map_err(|e| format!("cannot write {name}: {e}"))?;

    // The start-up module: instantiate what the boot script compiled (or, failing that, the
    // response it fetched), else fetch the wasm as Trunk wrote it.
    let start = html
        .split("src=\"./")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|src| src.starts_with("start-"))
        .ok_or("index.html has no start-up module")?
        .to_owned();
    let module = read(&dist.join(&start))?;
    let trunk_call = format!("init({{ module_or_path: '{wasm}' }})");
    if !module.contains(&trunk_call) {
        return Err(format!(
            "{start} does not call `{trunk_call}`; Trunk's start-up script changed"
        ));
    }
    let module = module.replace(
        &trunk_call,
        &format!("init({{ module_or_path: window.__drydockWasm || '{wasm}' }})"),
    );
    let renamed = format!("start-{:016x}.js", fnv1a(module.as_bytes()));
    std::fs::remove_file(dist.join(&start)).map_err(|e| format!("cannot remove {start}: {e}"))?;
    std::fs::write(dist.join(&renamed), module)
        .map_err(|e| format!("cannot write {renamed}: {e}"))?;
    *html = html.replace(&format!("./{start}"), &format!("./{renamed}"));

    // Right after the policy (which must come first) and before the stylesheet.
    let tag = format!("<script async src=\"./{name}\"></script>\n    ");
    let at = html
        .find("<link rel=\"manifest\"")
        .ok_or("index.html has no manifest link")?;
    html.insert_str(at, &tag);
    Ok(())
}

/// The first `<script>` without a `src` attribute.
fn find_inline_script(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html[from..].find("<script") {
        let start = from + i;
        let open_end = start + html[start..].find('>')?;
        if !html[start..open_end].contains(" src=") {
            return Some(start);
        }
        from = open_end;
    }
    None
}

/// Every file below `dist` (relative, `/`-separated), sorted, without compressed siblings.
fn assets(dist: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dist.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dist) {
                let name = relative.to_string_lossy().replace('\\', "/");
                let derived =
                    name.ends_with(".gz") || name.ends_with(".br") || name == "size-report.json";
                if !derived {
                    out.push(name);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

fn write_service_worker(dist: &Path) -> Result {
    let template = read(&crate::root().join("www/sw.js"))?;
    let files: Vec<String> = assets(dist)?
        .into_iter()
        .filter(|name| name != "sw.js")
        .collect();
    // The cache is named after the contents of the build: a new build gets a new cache, and the
    // old one is deleted when the new worker activates.
    let mut fingerprint = String::new();
    for name in &files {
        let bytes = std::fs::read(dist.join(name)).map_err(|e| e.to_string())?;
        let _ = write!(fingerprint, "{name}:{:016x};", fnv1a(&bytes));
    }
    let version = format!("{:016x}", fnv1a(fingerprint.as_bytes()));
    let list = files
        .iter()
        .map(|name| format!("  \"./{name}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    let script = template
        .replace("\"__BUILD__\"", &format!("\"{version}\""))
        .replace("/*__ASSETS__*/", &format!("\n{list}\n"));
    std::fs::write(dist.join("sw.js"), script).map_err(|e| format!("cannot write sw.js: {e}"))
}

struct Row {
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
    first_load: bool,
}

fn compress_and_report(dist: &Path, budget: Budget) -> Result<String> {
    let mut rows = Vec::new();
    for name in assets(dist)? {
        let path = dist.join(&name);
        let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {name}: {e}"))?;
        // What the playground's first load fetches: the page, its start-up script, the app, the
        // editor, the styles. The docs demo, the embed script, the icon, the worker, the rule
        // docs and the field descriptions are not (they are fetched when first needed), nor is
        // the Kubernetes schema (`kubernetes-<hash>.schema`): the app fetches it after its first
        // render, and is interactive without it (see `crates/drydock_web/src/schema.rs`).
        let first_load = name == "index.html"
            || name.starts_with("start-")
            || name.starts_with("boot-")
            || name.starts_with("drydock_web-")
            || name.starts_with("style-")
            || (name.starts_with("snippets/") && !is_lazy_editor_chunk(&name));
        let gzip = gzip(&bytes, first_load)?;
        let brotli = brotli(&bytes)?;
        std::fs::write(with_suffix(&path, "gz"), &gzip).map_err(|e| e.to_string())?;
        std::fs::write(with_suffix(&path, "br"), &brotli).map_err(|e| e.to_string())?;
        rows.push(Row {
            name,
            raw: bytes.len() as u64,
            gzip: gzip.len() as u64,
            brotli: brotli.len() as u64,
            first_load,
        });
    }
    let mut report = String::from("xtask: size report (bytes)\n");
    let _ = writeln!(
        report,
        "  {:<64} {:>9} {:>9} {:>9}  first load",
        "asset", "raw", "gzip", "brotli"
    );
    for row in &rows {
        let _ = writeln!(
            report,
            "  {:<64} {:>9} {:>9} {:>9}  {}",
            row.name,
            row.raw,
            row.gzip,
            row.brotli,
            if row.first_load { "yes" } else { "" }
        );
    }
    // Each engine apart: its worker's script, module and loader, fetched when first needed.
    let mut engines: std::collections::BTreeMap<&str, (u64, u64, u64)> = Default::default();
    for row in &rows {
        if let Some(engine) = engine_of(&row.name) {
            let sums = engines.entry(engine).or_default();
            *sums = (sums.0 + row.raw, sums.1 + row.gzip, sums.2 + row.brotli);
        }
    }
    for (engine, (raw, gzip, brotli)) in &engines {
        let _ = writeln!(
            report,
            "  engine {engine}: {raw} raw, {gzip} gzip, {brotli} brotli (fetched when first needed)"
        );
    }
    let sum = |f: fn(&Row) -> u64| rows.iter().filter(|r| r.first_load).map(f).sum::<u64>();
    let (raw, gz, br) = (sum(|r| r.raw), sum(|r| r.gzip), sum(|r| r.brotli));
    let _ = writeln!(
        report,
        "  first load: {raw} raw, {gz} gzip, {br} brotli; budget {FIRST_LOAD_BUDGET_GZIP} gzip ({:.0}% used)",
        gz as f64 * 100.0 / FIRST_LOAD_BUDGET_GZIP as f64
    );
    let engines_json = engines
        .iter()
        .map(|(engine, (raw, gzip, brotli))| {
            format!(
                "    \"{engine}\": {{ \"raw\": {raw}, \"gzip\": {gzip}, \"brotli\": {brotli} }}"
            )
        })
        .collect::<Vec<_>>()
        .join(",\n");
    let json = format!(
        "{{\n  \"first_load\": {{ \"raw\": {raw}, \"gzip\": {gz}, \"brotli\": {br}, \"budget_gzip\": {FIRST_LOAD_BUDGET_GZIP} }},\n  \"engines\": {{\n{engines_json}\n  }},\n  \"assets\": [\n{}\n  ]\n}}\n",
        rows.iter()
            .map(|r| format!(
                "    {{ \"name\": \"{}\", \"raw\": {}, \"gzip\": {}, \"brotli\": {}, \"first_load\": {} }}",
                r.name, r.raw, r.gzip, r.brotli, r.first_load
            ))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    std::fs::write(dist.join("size-report.json"), json).map_err(|e| e.to_string())?;
    if gz > FIRST_LOAD_BUDGET_GZIP && budget == Budget::Report {
        return Ok(format!(
            "{report}xtask: WARNING: the first load is {gz} bytes gzip, over the budget of {FIRST_LOAD_BUDGET_GZIP} \
             (`cargo xtask dist` fails on this)"
        ));
    }
    if gz > FIRST_LOAD_BUDGET_GZIP {
        return Err(format!(
            "{report}the first load is {gz} bytes gzip, over the budget of {FIRST_LOAD_BUDGET_GZIP}"
        ));
    }
    Ok(report)
}

/// The editor's keymaps, search and completion (`editor/src/extras.js`): esbuild's chunk for the
/// module that `editor.js` imports dynamically after the first paint.
fn is_lazy_editor_chunk(name: &str) -> bool {
    name.rsplit('/')
        .next()
        .is_some_and(|file| file.starts_with("extras-") && file.ends_with(".js"))
}

/// The `.gz` a static host serves in place of the file: Zopfli's encoding, which any gzip reader
/// reads, about 5% smaller than zlib's best (it searches longer; only the build pays for that).
fn gzip(bytes: &[u8], first_load: bool) -> Result<Vec<u8>> {
    let mut options = zopfli::Options::default();
    // Fewer passes over what the first load does not need (the field descriptions are 1.4 MB).
    if !first_load {
        options.iteration_count = std::num::NonZeroU64::MIN.saturating_add(4);
    }
    let mut out = Vec::new();
    zopfli::compress(options, zopfli::Format::Gzip, bytes, &mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// The app icon as a PNG (installable web apps need raster icons): the same drawing as
/// `www/icon.svg`, rasterised by hand — a rounded blue square, a white hull and three containers.
fn icon_png(size: u32) -> Result<Vec<u8>> {
    let scale = size as f32 / 64.0;
    let inside = |x: f32, y: f32, (left, top, width, height): (f32, f32, f32, f32)| {
        x >= left && x < left + width && y >= top && y < top + height
    };
    let mut raw = Vec::with_capacity((size * (size * 4 + 1)) as usize);
    for py in 0..size {
        raw.push(0); // filter: none
        for px in 0..size {
            let (x, y) = ((px as f32 + 0.5) / scale, (py as f32 + 0.5) / scale);
            // Rounded corners of radius 14.
            let corner = |cx: f32, cy: f32| (x - cx).powi(2) + (y - cy).powi(2) > 14.0 * 14.0;
            let outside = (x < 14.0 && y < 14.0 && corner(14.0, 14.0))
                || (x > 50.0 && y < 14.0 && corner(50.0, 14.0))
                || (x < 14.0 && y > 50.0 && corner(14.0, 50.0))
                || (x > 50.0 && y > 50.0 && corner(50.0, 50.0));
            let hull = (40.0..50.0).contains(&y)
                && x > 10.0 + (y - 40.0) * 0.6
                && x < 54.0 - (y - 40.0) * 0.6;
            let light =
                inside(x, y, (18.0, 24.0, 10.0, 12.0)) || inside(x, y, (42.0, 26.0, 8.0, 10.0));
            let white = hull || inside(x, y, (30.0, 18.0, 10.0, 18.0));
            let pixel: [u8; 4] = if outside {
                [0, 0, 0, 0]
            } else if white {
                [255, 255, 255, 255]
            } else if light {
                [0x9f, 0xd0, 0xff, 255]
            } else {
                [0x0b, 0x5c, 0xad, 255]
            };
            raw.extend_from_slice(&pixel);
        }
    }
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    zlib.write_all(&raw).map_err(|e| e.to_string())?;
    let data = zlib.finish().map_err(|e| e.to_string())?;
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8; 4], body: &[u8]| {
        png.extend_from_slice(&(body.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(body);
        png.extend_from_slice(kind);
        png.extend_from_slice(body);
        png.extend_from_slice(&crc.sum().to_be_bytes());
    };
    let mut header = Vec::new();
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&size.to_be_bytes());
    header.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    chunk(b"IHDR", &header);
    chunk(b"IDAT", &data);
    chunk(b"IEND", &[]);
    Ok(png)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stylesheets_lose_comments_and_indentation_but_not_strings() {
        assert_eq!(
            compact_css("/* a */\n.a {\n  content: \"/* b */\";\n\n  color: red; /* c */\n}\n"),
            ".a {\ncontent: \"/* b */\";\ncolor: red; \n}\n"
        );
        // RFC 4648's test vectors.
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn engine_files_are_told_apart() {
        assert_eq!(
            engine_of("engine_diagram-0123456789abcdef.js"),
            Some("diagram")
        );
        assert_eq!(engine_of("engine_diagram-0123_bg.wasm"), Some("diagram"));
        assert_eq!(engine_of("engine_helm-89ab_loader.js"), Some("helm"));
        assert_eq!(engine_of("engine_diagram"), None);
        assert_eq!(engine_of("drydock_web-0123.js"), None);
    }

    #[test]
    fn inline_scripts_are_found_and_external_ones_skipped() {
        let html = "<script src=\"./a.js\"></script><script type=\"module\">import x from './x.js';</script>";
        assert_eq!(
            find_inline_script(html),
            Some(html.find("<script type").unwrap())
        );
        assert_eq!(find_inline_script("<script src=\"a\"></script>"), None);
    }
}
