//! Shipping: the built site works offline after one visit, sends nothing to other origins, runs
//! under a strict Content-Security-Policy, cannot be made to run markup from file contents, and
//! embeds into documentation pages.

use std::time::Duration;

use e2e::{PREFIX, base64url, open, serve, wait_ready};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn works_offline_after_one_visit() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    // The service worker installs and precaches the build.
    browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             navigator.serviceWorker.ready.then(() => caches.keys()).then(keys => done(keys))",
            json!([]),
        )
        .unwrap();
    let cached = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             (async () => { for (let i = 0; i < 100; i++) { \
                const keys = await caches.keys(); const key = keys.find(k => k.startsWith('drydock-')); \
                if (key) { const c = await caches.open(key); const n = (await c.keys()).length; if (n > 5) return done(n); } \
                await new Promise(r => setTimeout(r, 100)); } done(0); })()",
            json!([]),
        )
        .unwrap();
    assert!(cached.as_u64().unwrap() > 5, "assets precached: {cached}");

    go_offline_and_reload(&browser, &server);
    assert_eq!(
        browser
            .execute("return navigator.onLine", json!([]))
            .unwrap(),
        json!(false),
        "the page sees itself offline"
    );
    browser
        .wait_for(
            "findings, offline",
            "return document.querySelectorAll('.finding-button').length",
            WAIT,
        )
        .unwrap();
    // And it still checks what you type.
    browser.execute("document.querySelector(\".editor-host[data-file='Dockerfile']\").drydockEditor.reveal(0, 0)", json!([])).unwrap();
    browser.type_keys("RUNN offline\n").unwrap();
    browser
        .wait_for(
            "a new finding, offline",
            "return document.querySelector(\".finding-button[data-rule='dockerfile/unknown-instruction'][data-line='1']\")",
            WAIT,
        )
        .unwrap();
}

/// Offline as a plane is: the browser's own offline emulation, and the host gone too (so that no
/// request the emulation might not cover, a worker's own, could reach it); then the page again.
fn go_offline_and_reload(browser: &e2e::webdriver::Browser, server: &e2e::server::StaticServer) {
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .unwrap();
    server.stop();
    browser.refresh().unwrap();
    wait_ready(browser);
}

/// Opens the Topology tab and waits until the seed's Kubernetes diagram is drawn.
fn open_seed_diagram(browser: &e2e::webdriver::Browser, what: &str) {
    browser
        .click(&browser.find("#side-topology").unwrap())
        .unwrap();
    browser
        .wait_for(
            what,
            "return document.querySelector(\".diagram-node[data-id='k8s:default/Deployment/nginx-deployment']\")",
            WAIT,
        )
        .unwrap();
}

/// A new deployment replaces the old one cleanly: the next visit installs the new worker, which
/// precaches the new build under its own name and deletes the old build's cache; offline, the new
/// build is what loads.
#[test]
fn a_new_build_replaces_the_old_one() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    let caches_now = "const done = arguments[arguments.length - 1]; \
         navigator.serviceWorker.ready.then(() => caches.keys()).then(keys => done(keys.filter(k => k.startsWith('drydock-'))))";
    let old = browser.execute_async(caches_now, json!([])).unwrap();
    let old_build = std::fs::read_to_string(e2e::dist_dir().join("sw.js")).unwrap();
    let version = old_build
        .lines()
        .find_map(|line| line.strip_prefix("const BUILD = \"")?.strip_suffix("\";"))
        .expect("the worker names its build")
        .to_owned();
    assert_eq!(
        old,
        json!([format!("drydock-{version}")]),
        "one cache, the build's"
    );

    // The next build: the same files but a changed page, so a new fingerprint.
    let next = std::env::temp_dir().join(format!("drydock-next-build-{}", std::process::id()));
    copy_dir(&e2e::dist_dir(), &next);
    let next_version: String = version.chars().rev().collect();
    assert_ne!(next_version, version);
    std::fs::write(
        next.join("sw.js"),
        old_build.replace(&version, &next_version),
    )
    .unwrap();
    let page = std::fs::read_to_string(next.join("index.html")).unwrap();
    std::fs::write(
        next.join("index.html"),
        page.replace("</body>", "<p id=\"next-build\" hidden></p></body>"),
    )
    .unwrap();
    server.serve_from(&next);

    // The next visit finds the new worker; once it is active only its cache is left.
    browser.refresh().unwrap();
    wait_ready(&browser);
    browser
        .wait_for(
            "only the new build's cache",
            &format!(
                "const keys = await caches.keys(); \
                 return JSON.stringify(keys.filter(k => k.startsWith('drydock-'))) === '[\"drydock-{next_version}\"]'"
            ),
            WAIT,
        )
        .unwrap();
    // Offline, the new build loads, and checks.
    server.stop();
    browser.refresh().unwrap();
    wait_ready(&browser);
    browser
        .wait_for(
            "the new build, offline",
            "return document.getElementById('next-build') !== null \
               && document.querySelectorAll('.finding-button').length > 0",
            WAIT,
        )
        .unwrap();
    let _ = std::fs::remove_dir_all(&next);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn strict_policy_and_no_request_leaves_the_origin() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    let policy = browser
        .execute("return document.querySelector(\"meta[http-equiv='Content-Security-Policy']\")?.content", json!([]))
        .unwrap();
    let policy = policy.as_str().expect("a Content-Security-Policy");
    let script_src = policy
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert_eq!(
        script_src.trim(),
        "script-src 'self' 'wasm-unsafe-eval'",
        "{policy}"
    );
    let inline = browser
        .execute(
            "return [...document.scripts].filter(s => !s.src).length",
            json!([]),
        )
        .unwrap();
    assert_eq!(inline, json!(0), "no inline script");

    // Use the page: edit, open the rules, share.
    browser.execute("document.querySelector(\".editor-host[data-file='Dockerfile']\").drydockEditor.reveal(0, 0)", json!([])).unwrap();
    browser.type_keys("# private: hunter2\n").unwrap();
    browser
        .goto(&format!("{}#rules", server.url(PREFIX)))
        .unwrap();
    browser
        .click(&browser.find("#share-link").unwrap())
        .unwrap();
    let foreign = browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin)",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        foreign,
        json!([]),
        "every request stays on the site's origin"
    );
}

#[test]
fn file_contents_and_names_never_become_markup() {
    let server = serve();
    let workspace = json!({
        "files": [
            { "name": "<img src=x onerror=\"window.__pwned=1\">.yaml",
              "text": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: <script>window.__pwned=2</script>\n  labels:\n    a: \"<svg onload=window.__pwned=3>\"\n" },
            { "name": "Dockerfile", "text": "FROM alpine\n<script>window.__pwned=4</script>\nLABEL x=\"<svg/onload=window.__pwned=5>\"\n" }
        ],
        "active": 0
    });
    let fragment = base64url(workspace.to_string().as_bytes());
    let browser = open(&format!("{}?embed=1#j={fragment}", server.url(PREFIX)));
    browser
        .wait_for(
            "findings",
            "return document.querySelectorAll('.finding-button').length",
            WAIT,
        )
        .unwrap();
    // Also through the rules page and every tab.
    browser
        .execute(
            "document.querySelectorAll('.tab').forEach(t => t.click())",
            json!([]),
        )
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let state = browser
        .execute(
            "return [window.__pwned ?? null, document.querySelectorAll('img[src=x], svg[onload], script:not([src])').length]",
            json!([]),
        )
        .unwrap();
    assert_eq!(state, json!([null, 0]));
    let shown = browser
        .execute(
            "return document.querySelector('.tab').textContent",
            json!([]),
        )
        .unwrap();
    assert!(
        shown.as_str().unwrap().contains("<img src=x"),
        "the name is shown as text: {shown}"
    );
}

#[test]
fn a_docs_page_embeds_two_examples() {
    let server = serve();
    let browser = e2e::webdriver::Browser::start().unwrap();
    browser
        .goto(&server.url(&format!("{PREFIX}embed-demo.html")))
        .unwrap();
    let frames = browser
        .wait_for(
            "the embeds",
            "return document.querySelectorAll('iframe.drydock-embed').length",
            WAIT,
        )
        .unwrap();
    assert_eq!(
        frames,
        json!(2),
        "one embed per example, grouped blocks form one"
    );
    // Same origin, so the page can look inside: each embed shows its findings.
    let findings = browser
        .wait_for(
            "findings in both embeds",
            "const f = [...document.querySelectorAll('iframe.drydock-embed')].map(i => i.contentDocument?.querySelectorAll('.finding-button').length || 0); \
             return f.every(n => n > 0) && f",
            WAIT,
        )
        .unwrap();
    println!("findings per embed: {findings}");
    let copy = browser
        .execute(
            "return !!document.querySelector('iframe.drydock-embed').contentDocument \
               .querySelector(\".finding-button[data-rule='dockerfile/unknown-instruction']\")",
            json!([]),
        )
        .unwrap();
    assert_eq!(copy, json!(true));
    // The second embed holds both files of its group, read-only.
    let tabs = browser
        .execute(
            "const d = document.querySelectorAll('iframe.drydock-embed')[1].contentDocument; \
             return [[...d.querySelectorAll('.tab')].map(t => t.dataset.file), !!d.querySelector('.app.read-only')]",
            json!([]),
        )
        .unwrap();
    assert_eq!(tabs, json!([["deployment.yaml", "service.yaml"], true]));
    // The first turned the diagram off; the second offers it, and draws its two files in it.
    let topology = browser
        .execute(
            "return [...document.querySelectorAll('iframe.drydock-embed')].map(i => !!i.contentDocument.querySelector('#side-topology'))",
            json!([]),
        )
        .unwrap();
    assert_eq!(topology, json!([false, true]));
    let height_before = browser
        .execute(
            "return document.querySelectorAll('iframe.drydock-embed')[1].getBoundingClientRect().height",
            json!([]),
        )
        .unwrap();
    browser
        .execute(
            "document.querySelectorAll('iframe.drydock-embed')[1].contentDocument.querySelector('#side-topology').click()",
            json!([]),
        )
        .unwrap();
    browser
        .wait_for(
            "the Deployment and the Service in the second embed's diagram",
            "const d = document.querySelectorAll('iframe.drydock-embed')[1].contentDocument; \
             return !!d.querySelector(\".diagram-node[data-id='k8s:default/Deployment/web']\") \
               && !!d.querySelector(\".diagram-node[data-id='k8s:default/Service/web']\")",
            WAIT,
        )
        .unwrap();
    // The frame follows the new height (a tab switched: no edit, no re-render of the app).
    browser
        .wait_for(
            "the second embed's new height",
            &format!(
                "const f = document.querySelectorAll('iframe.drydock-embed')[1]; \
                 return Math.abs(f.getBoundingClientRect().height - {height_before}) > 1 \
                   && Math.abs(f.clientHeight - Math.ceil(f.contentDocument.querySelector('.app').getBoundingClientRect().bottom)) <= 1"
            ),
            WAIT,
        )
        .unwrap();
    // Heights follow the content.
    browser
        .wait_for(
            "the height",
            "return document.querySelector('iframe.drydock-embed').style.height !== '420px'",
            WAIT,
        )
        .unwrap();
    // Without scripts the blocks stay readable: they are only hidden, not removed.
    let kept = browser
        .execute(
            "return document.querySelectorAll('pre[data-drydock]').length",
            json!([]),
        )
        .unwrap();
    assert_eq!(kept, json!(3));
    std::fs::write(
        e2e::artifacts_dir().join("embed-demo.png"),
        browser.screenshot().unwrap(),
    )
    .unwrap();
}

#[test]
fn the_kubernetes_version_selector_changes_what_is_served() {
    let server = serve();
    // networking.k8s.io/v1beta1 Ingress was served until Kubernetes 1.21.
    let workspace = json!({ "files": [{ "name": "ingress.yaml", "text":
        "apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n" }] });
    let browser = open(&format!(
        "{}#j={}",
        server.url(PREFIX),
        base64url(workspace.to_string().as_bytes())
    ));
    let unavailable = ".finding-button[data-rule='kubernetes/unavailable-api']";
    browser
        .wait_for(
            "the removed-API finding",
            &format!("return document.querySelector(\"{unavailable}\")"),
            WAIT,
        )
        .unwrap();
    browser
        .execute(
            "const s = document.querySelector('.k8s-version'); s.value = '1.18'; s.dispatchEvent(new Event('change', { bubbles: true }));",
            json!([]),
        )
        .unwrap();
    browser
        .wait_for(
            "no removed-API finding on 1.18",
            &format!("return document.querySelector(\"{unavailable}\") === null"),
            WAIT,
        )
        .unwrap();
}

#[test]
fn kubernetes_fields_complete_and_explain_themselves() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    browser
        .click(
            &browser
                .find(".tab[data-file='nginx-deployment.yaml']")
                .unwrap(),
        )
        .unwrap();
    // Completion: after `spec:` in the Deployment, `repl` offers `replicas`.
    browser
        .execute(
            "const e = document.querySelector(\".editor-host[data-file='nginx-deployment.yaml']\").drydockEditor; \
             const at = e.getText().indexOf('  replicas: 3'); e.reveal(at, at);",
            json!([]),
        )
        .unwrap();
    browser.type_keys("  minReady").unwrap();
    let options = browser
        .wait_for(
            "the completion list",
            "const l = document.querySelector('.cm-tooltip-autocomplete'); return l && l.textContent",
            WAIT,
        )
        .unwrap();
    assert!(
        options.as_str().unwrap().contains("minReadySeconds"),
        "{options}"
    );
    // Hover: the Service port's key shows its path, type and documentation (fetched on demand).
    browser
        .click(
            &browser
                .find(".tab[data-file='nginx-service.yaml']")
                .unwrap(),
        )
        .unwrap();
    let hover_port = "const e = document.querySelector(\".editor-host[data-file='nginx-service.yaml'] .cm-content\"); \
        const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); let n; \
        while ((n = walker.nextNode())) { const i = n.textContent.indexOf('targetPort'); if (i >= 0) { \
          const r = document.createRange(); r.setStart(n, i + 2); r.setEnd(n, i + 3); const b = r.getBoundingClientRect(); \
          e.dispatchEvent(new MouseEvent('mousemove', { clientX: b.left + 1, clientY: b.top + 2, bubbles: true })); return true; } } return false;";
    // Hold the pointer still over the key (CodeMirror waits for the pointer to rest), then wait
    // for the tooltip; the documentation arrives once the descriptions are fetched.
    let mut text = json!(null);
    for _ in 0..20 {
        browser.execute(hover_port, json!([])).unwrap();
        std::thread::sleep(Duration::from_millis(600));
        text = browser
            .execute("const d = document.querySelector('.cm-drydock-doc'); return d && !d.textContent.includes('Loading') && d.textContent", json!([]))
            .unwrap();
        if text.is_string() {
            break;
        }
        // Leave and come back, so the next rest asks again.
        browser.execute("document.querySelector('.cm-content').dispatchEvent(new MouseEvent('mouseleave', { bubbles: true }))", json!([])).unwrap();
    }
    let text = text.as_str().unwrap();
    assert!(text.contains("Service.spec.ports[].targetPort"), "{text}");
    assert!(text.contains("integer or string"), "{text}");
    assert!(text.to_lowercase().contains("port"), "{text}");
}

#[test]
fn findings_across_files_appear_and_follow_edits_in_other_files() {
    let server = serve();
    // The custom-resource example: the CRD in one file types the Backup in the other.
    let browser = open(&server.url(PREFIX));
    browser
        .execute(
            "const s = document.querySelector('.gallery'); s.value = 'custom-resource'; \
             setTimeout(() => s.dispatchEvent(new Event('change', { bubbles: true })), 0);",
            json!([]),
        )
        .unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while browser.accept_alert().is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "no confirmation dialog"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let typed = ".finding-button[data-rule='kubernetes/invalid-type'][data-file='backup.yaml']";
    browser
        .wait_for(
            "the CRD's type on the Backup",
            &format!("return document.querySelector(\"{typed}\")"),
            WAIT,
        )
        .unwrap();
    // Editing the CRD (another file) changes what the Backup is checked against.
    browser
        .click(&browser.find(".tab[data-file='crd.yaml']").unwrap())
        .unwrap();
    browser
        .execute(
            "const e = document.querySelector(\".editor-host[data-file='crd.yaml']\").drydockEditor; \
             const t = e.getText(); const at = t.indexOf('type: integer'); e.reveal(at + 6, at + 13);",
            json!([]),
        )
        .unwrap();
    browser.type_keys("string").unwrap();
    browser
        .wait_for(
            "the Backup to be valid",
            &format!("return document.querySelector(\"{typed}\") === null"),
            WAIT,
        )
        .unwrap();

    // A Service whose selector matches no workload: a cross-file rule.
    let workspace = json!({ "files": [
        { "name": "service.yaml", "text": "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n" },
        { "name": "deployment.yaml", "text": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: webb\n  template:\n    metadata:\n      labels:\n        app: webb\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n" }
    ] });
    let browser = open(&format!(
        "{}?embed=1#j={}",
        server.url(PREFIX),
        base64url(workspace.to_string().as_bytes())
    ));
    let nothing =
        ".finding-button[data-rule='kubernetes/service-selects-nothing'][data-file='service.yaml']";
    browser
        .wait_for(
            "the dangling Service",
            &format!("return document.querySelector(\"{nothing}\")"),
            WAIT,
        )
        .unwrap();
}

/// Time to interactive of a first visit (fresh profile: nothing cached, no service worker): from
/// navigation start to the editor ready and the first findings on screen; and the bytes the first
/// load transferred. The browser is started and left to finish its own start-up first, as a
/// reader's browser is already running when they open the link (on two cores, a browser that was
/// just launched adds its own start-up to the page's). `cargo xtask test` runs it alone, after the
/// rest of the suite (among the other browser tests it would measure them). Printed and saved as
/// an artifact, not asserted: speed is reported, not unit-tested. Runs `DRYDOCK_TTI_RUNS` cold loads (default 9)
/// and reports each, their median and the load average.
///
/// Before each load the machine is left to quieten (at most 30 s; see
/// [`e2e::wait_for_quiet_machine`]), and then the browser once started.
///
/// The baseline, measured in the same run, alternating with the app's loads: the browser's floor,
/// a page of one paragraph and nothing else, loaded the same way and marked the same way (its
/// first frame out). What is left above it is the app's own cost; on a shared machine the floor
/// moves with the load, and the difference much less.
#[test]
fn first_load_is_measured() {
    let server = serve();
    let floor_dir = std::env::temp_dir().join(format!("drydock-floor-{}", std::process::id()));
    std::fs::create_dir_all(&floor_dir).unwrap();
    std::fs::write(
        floor_dir.join("index.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Floor</title></head>\
         <body><p>The browser's floor: one paragraph, no script but the mark.</p>\
         <script>requestAnimationFrame(() => setTimeout(() => { window.__drydockReady = performance.now(); }, 0));</script>\
         </body></html>",
    )
    .unwrap();
    let floor_server =
        e2e::server::StaticServer::start(&floor_dir, PREFIX).expect("serve the floor page");
    let runs: usize = std::env::var("DRYDOCK_TTI_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(9)
        .max(1);
    let mut all = Vec::new();
    let mut floors = Vec::new();
    let mut busy = Vec::new();
    for _ in 0..runs {
        busy.push(e2e::wait_for_quiet_machine(Duration::from_secs(30)));
        let browser = e2e::webdriver::Browser::start().expect("start chromium");
        browser.wait_until_idle(Duration::from_secs(5));
        browser
            .goto(&floor_server.url(PREFIX))
            .expect("open the floor page");
        let floor = browser
            .wait_for(
                "the floor page's mark",
                "return window.__drydockReady",
                WAIT,
            )
            .unwrap();
        floors.push(floor.as_f64().unwrap_or(f64::NAN));
        drop(browser);

        busy.push(e2e::wait_for_quiet_machine(Duration::from_secs(30)));
        let browser = e2e::webdriver::Browser::start().expect("start chromium");
        browser.wait_until_idle(Duration::from_secs(5));
        browser.goto(&server.url(PREFIX)).expect("open the page");
        wait_ready(&browser);
        browser
            .wait_for(
                "findings",
                "return document.querySelectorAll('.finding-button').length",
                WAIT,
            )
            .unwrap();
        // Besides the app's own mark (its first frame produced), when the browser put the first
        // finding's text on screen (Element Timing: `elementtiming` on each finding's message).
        let figures = browser
            .execute_async(
                "const done_ = arguments[arguments.length - 1]; \
                 const elements = []; \
                 new PerformanceObserver(list => elements.push(...list.getEntries())).observe({ type: 'element', buffered: true }); \
                 setTimeout(() => { \
                 const nav = performance.getEntriesByType('navigation')[0]; \
                 const resources = performance.getEntriesByType('resource'); \
                 const painted = performance.getEntriesByName('first-contentful-paint')[0]; \
                 const findings = elements.filter(e => e.identifier === 'drydock-finding').map(e => e.renderTime || e.loadTime); \
                 const done = (pattern) => { const r = resources.find(r => pattern.test(r.name)); return r ? Math.round(r.responseEnd) : null; }; \
                 done_({ \
                   interactive_ms: window.__drydockReady ?? null, \
                   findings_painted_ms: findings.length ? Math.min(...findings) : null, \
                   dom_content_loaded_ms: nav.domContentLoadedEventEnd, \
                   first_contentful_paint_ms: painted ? painted.startTime : null, \
                   wasm_loaded_ms: done(/_bg[.]wasm$/), \
                   editor_chunk_loaded_ms: done(/editor[/]dist[/]chunk-/), \
                   marks: Object.fromEntries(performance.getEntriesByType('mark').filter(m => m.name.startsWith('drydock:')).map(m => [m.name, Math.round(m.startTime)])), \
                   decoded_bytes: resources.reduce((n, r) => n + r.decodedBodySize, nav.decodedBodySize), \
                   requests: resources.length + 1 }); }, 0);",
                json!([]),
            )
            .unwrap();
        println!("first load: {figures}");
        assert!(
            figures["interactive_ms"].as_f64().is_some(),
            "the app marks when it is ready: {figures}"
        );
        all.push(figures);
    }
    // The values sorted, and their median.
    let sorted = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (values.get(values.len() / 2).copied(), values)
    };
    let median_of = |key: &str| sorted(all.iter().filter_map(|f| f[key].as_f64()).collect());
    let (median, times) = median_of("interactive_ms");
    let median = median.unwrap();
    let (painted, painted_times) = median_of("findings_painted_ms");
    let (first_paint, _) = median_of("first_contentful_paint_ms");
    let floor = sorted(floors.clone()).0.unwrap_or(f64::NAN);
    // Each load against the floor measured just before it.
    let above_floor = sorted(
        all.iter()
            .zip(&floors)
            .filter_map(|(figures, floor)| Some(figures["interactive_ms"].as_f64()? - floor))
            .collect(),
    )
    .0
    .unwrap_or(f64::NAN);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "time to interactive: median {median:.0} ms of {runs} cold loads {times:?}; findings painted: median {painted:?} ms {painted_times:?}; first contentful paint: median {first_paint:?} ms; load average {}; machine busy before each load (share of CPU time): {:?}",
        load.trim(),
        busy.iter()
            .map(|share| share.map(|share| (share * 100.0).round() / 100.0))
            .collect::<Vec<_>>()
    );
    println!(
        "baseline (same run): the browser's floor, a one-paragraph page to its first frame, median {floor:.0} ms {floors:?}; the app above it: median {above_floor:.0} ms; ratio {:.1}x the floor",
        median / floor
    );
    std::fs::write(
        e2e::artifacts_dir().join("first-load.json"),
        serde_json::to_string_pretty(&json!({
            "median_interactive_ms": median,
            "median_findings_painted_ms": painted,
            "median_floor_ms": floor,
            "median_above_floor_ms": above_floor,
            "floor_runs_ms": floors,
            "load_average": load.trim(),
            "machine_busy_before_each_load": busy,
            "runs": all,
        }))
        .unwrap(),
    )
    .unwrap();
    let _ = std::fs::remove_dir_all(&floor_dir);
}

/// Installable: Chromium's own check (the manifest's name, icons of 192 and 512 pixels, start URL
/// and display, a service worker with a fetch handler controlling the page) finds nothing missing,
/// served from a sub-path as a documentation host would.
#[test]
fn chromium_finds_the_app_installable() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    // The worker controls the page once it has activated (it claims its clients).
    browser
        .wait_for(
            "the service worker to control the page",
            "return navigator.serviceWorker.controller !== null",
            WAIT,
        )
        .unwrap();
    let manifest = browser.cdp("Page.getAppManifest", json!({})).unwrap();
    assert!(
        manifest["url"]
            .as_str()
            .is_some_and(|url| url.ends_with(&format!("{PREFIX}manifest.webmanifest"))),
        "the page links its manifest: {manifest}"
    );
    assert_eq!(
        manifest["errors"],
        json!([]),
        "the manifest parses cleanly: {manifest}"
    );
    let data: Value = serde_json::from_str(manifest["data"].as_str().unwrap_or("{}")).unwrap();
    for size in ["192x192", "512x512"] {
        assert!(
            data["icons"].as_array().is_some_and(|icons| icons
                .iter()
                .any(|icon| icon["sizes"] == size && icon["type"] == "image/png")),
            "a {size} PNG icon: {data}"
        );
    }
    assert!(
        data["name"].is_string() && data["start_url"].is_string(),
        "{data}"
    );
    assert_eq!(data["display"], "standalone", "{data}");
    let mut errors = json!(null);
    // Chromium looks at the worker asynchronously: ask until it answers with no error.
    let deadline = std::time::Instant::now() + WAIT;
    while std::time::Instant::now() < deadline {
        errors = browser
            .cdp("Page.getInstallabilityErrors", json!({}))
            .unwrap();
        if errors["installabilityErrors"] == json!([]) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert_eq!(
        errors["installabilityErrors"],
        json!([]),
        "Chromium's installability errors: {errors}"
    );
}

/// The rule docs are not in the wasm (its first load) but in their own file, fetched by the rules
/// reference when it opens.
#[test]
fn rule_docs_load_lazily_and_say_when_they_cannot() {
    let dist = e2e::dist_dir();
    let wasm = std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .expect("a wasm file in the built site");
    let bytes = std::fs::read(&wasm).unwrap();
    let sentence = b"## Why is this bad?";
    assert!(
        !bytes.windows(sentence.len()).any(|w| w == sentence),
        "{} holds rule docs: the web app must build drydock_core without its `docs` feature",
        wasm.display()
    );

    let server = serve();
    let browser = open(&format!(
        "{}#rules/dockerfile/unknown-instruction",
        server.url(PREFIX)
    ));
    let docs = browser
        .wait_for(
            "the rule's docs",
            "const d = document.querySelector('#rule-dockerfile-unknown-instruction .rule-docs'); \
             return d && d.querySelector('h3') && d.textContent",
            WAIT,
        )
        .unwrap();
    assert!(
        docs.as_str().unwrap().contains("Why is this bad?"),
        "{docs}"
    );
    let requested = browser
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname) \
               .filter(p => /rule-docs-[0-9a-f]+[.]json$/.test(p))",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        requested.as_array().map(Vec::len),
        Some(1),
        "fetched once: {requested}"
    );

    // A first visit with the network gone after the page itself loaded: the docs cannot be
    // fetched, and the page says so and offers to try again.
    let fresh = e2e::webdriver::Browser::start().unwrap();
    fresh.goto(&server.url(PREFIX)).unwrap();
    wait_ready(&fresh);
    // The docs request fails as it does offline before a visit has cached it.
    fresh
        .execute(
            "const real = window.fetch; window.__realFetch = real; window.fetch = (url, ...rest) => \
               String(url).includes('rule-docs') ? Promise.reject(new TypeError('offline')) : real(url, ...rest); \
             location.hash = '#rules';",
            json!([]),
        )
        .unwrap();
    let alert = fresh
        .wait_for(
            "the failure notice",
            "const a = document.querySelector('.rule-docs-status.failed'); return a && a.textContent",
            WAIT,
        )
        .unwrap();
    assert!(
        alert.as_str().unwrap().contains("could not be loaded"),
        "{alert}"
    );
    let placeholder = fresh
        .execute(
            "return document.querySelector('#rule-dockerfile-unknown-instruction .rule-docs').textContent",
            json!([]),
        )
        .unwrap();
    assert!(
        placeholder.as_str().unwrap().contains("unavailable"),
        "{placeholder}"
    );
    // Back online: trying again shows the docs.
    fresh
        .execute(
            "window.fetch = window.__realFetch; document.querySelector('.retry-docs').click()",
            json!([]),
        )
        .unwrap();
    fresh
        .wait_for(
            "the docs after trying again",
            "return document.querySelector('.rule-docs-status') === null \
               && document.querySelector('#rule-dockerfile-unknown-instruction .rule-docs h3')",
            WAIT,
        )
        .unwrap();
}

/// The Kubernetes schema (223 KB) is not part of the first load: the size report lists it apart,
/// the app fetches it only after its first render, installs it and checks again, and then the
/// seed's schema findings are shown (the `apiVersion: v1` Deployments, the Services' `path`).
#[test]
fn the_kubernetes_schema_loads_after_the_first_render() {
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(e2e::dist_dir().join("size-report.json")).unwrap(),
    )
    .unwrap();
    let assets = report["assets"].as_array().unwrap();
    let schema = assets
        .iter()
        .find(|a| {
            a["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("kubernetes-") && n.ends_with(".schema"))
        })
        .unwrap_or_else(|| panic!("a hashed kubernetes-<hash>.schema in the report: {report}"));
    assert_eq!(schema["first_load"], false, "{schema}");
    assert!(schema["raw"].as_u64().unwrap() > 100_000, "{schema}");
    assert!(
        !assets.iter().any(|a| a["name"] == "kubernetes.schema"),
        "only the hashed copy is shipped"
    );

    let server = serve();
    let browser = open(&server.url(PREFIX));
    // `open` waits until the schema is no longer loading.
    let status = browser
        .execute(
            "const s = document.querySelector('.status-line'); return [s.dataset.schema, s.textContent]",
            json!([]),
        )
        .unwrap();
    assert_eq!(status[0], "loaded", "{status}");
    assert!(
        !status[1].as_str().unwrap().contains("schema"),
        "nothing said once it is loaded: {status}"
    );
    for (rule, file) in [
        ("kubernetes/wrong-api-version", "mysql-deployment.yaml"),
        ("kubernetes/wrong-api-version", "nginx-deployment.yaml"),
        ("kubernetes/unknown-field", "mysql-service.yaml"),
    ] {
        browser
            .wait_for(
                &format!("{rule} in {file}"),
                &format!(
                    "return document.querySelector(\".finding-button[data-rule='{rule}'][data-file='{file}']\")"
                ),
                WAIT,
            )
            .unwrap();
    }
    let fetched = browser
        .execute(
            "const r = performance.getEntriesByType('resource').filter(r => /kubernetes-[0-9a-f]+[.]schema$/.test(r.name)); \
             return { count: r.length, start: r.length ? r[0].startTime : null, ready: window.__drydockReady ?? null, \
                      preloaded: document.querySelector('link[rel=preload][href*=schema]') !== null }",
            json!([]),
        )
        .unwrap();
    assert_eq!(fetched["count"], 1, "fetched once: {fetched}");
    assert_eq!(fetched["preloaded"], false, "{fetched}");
    assert!(
        fetched["start"].as_f64().unwrap() >= fetched["ready"].as_f64().unwrap(),
        "requested after the first render, not before: {fetched}"
    );
}

/// A first visit that cannot fetch the schema (offline after the page itself loaded): the
/// status line says so, the app keeps checking everything else, and no manifest gets a finding
/// that needs the schema (no "unknown kind" for want of it).
#[test]
fn without_the_schema_the_app_says_so_and_keeps_checking() {
    let server = serve();
    let browser = e2e::webdriver::Browser::start().unwrap();
    browser.cdp("Network.enable", json!({})).unwrap();
    browser
        .cdp("Network.setBlockedURLs", json!({ "urls": ["*.schema"] }))
        .unwrap();
    browser.goto(&server.url(PREFIX)).unwrap();
    wait_ready(&browser);
    let status = browser
        .execute(
            "const s = document.querySelector('.status-line'); return [s.dataset.schema, s.textContent]",
            json!([]),
        )
        .unwrap();
    assert_eq!(status[0], "failed", "{status}");
    assert!(
        status[1]
            .as_str()
            .unwrap()
            .contains("the Kubernetes schema could not be loaded"),
        "{status}"
    );
    browser
        .wait_for(
            "the Dockerfile's findings",
            "return document.querySelector(\".finding-button[data-rule='dockerfile/unknown-instruction']\")",
            WAIT,
        )
        .unwrap();
    let rules = browser
        .execute(
            "return [...document.querySelectorAll('.finding-button')].map(b => b.dataset.rule)",
            json!([]),
        )
        .unwrap();
    let rules: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(
        rules.iter().any(|r| r.starts_with("kubernetes/")),
        "the other Kubernetes rules still run: {rules:?}"
    );
    for schema_rule in [
        "kubernetes/wrong-api-version",
        "kubernetes/unknown-kind",
        "kubernetes/unknown-field",
        "kubernetes/unknown-custom-resource",
    ] {
        assert!(!rules.contains(&schema_rule), "{schema_rule}: {rules:?}");
    }
}

/// The engines are outside the first load (`size-report.json` lists each apart) and fetched on
/// demand: the seed's first visit fetches none; opening the Topology tab fetches the diagram
/// engine once (other views and edits give it work, they do not fetch it again); after that
/// visit it draws offline.
#[test]
fn the_diagram_engine_loads_on_demand_once_and_works_offline() {
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(e2e::dist_dir().join("size-report.json")).unwrap(),
    )
    .unwrap();
    let engine = &report["engines"]["diagram"];
    assert!(engine["gzip"].as_u64().unwrap() > 10_000, "{report}");
    let files: Vec<&Value> = report["assets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["name"].as_str().unwrap().starts_with("engine_diagram-"))
        .collect();
    assert_eq!(files.len(), 3, "its script, module and loader: {files:?}");
    assert!(files.iter().all(|f| f["first_load"] == false), "{files:?}");

    // The API-server engine checks the seed's manifests from the first visit on (see
    // `the_api_server_engine_checks_manifests_and_renders_and_works_offline`): every other engine
    // waits until it is needed.
    let engine_fetches = "return performance.getEntriesByType('resource').map(r => r.name) \
                          .filter(n => n.includes('engine_') && !n.includes('engine_apiserver'))";
    let server = serve();
    let browser = open(&server.url(PREFIX));
    // The first visit, rendered and idle a while: no engine but the API server's.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        browser.execute(engine_fetches, json!([])).unwrap(),
        json!([])
    );
    let status =
        "return document.querySelector(\".engine-status[data-engine='diagram']\").dataset.status";
    assert_eq!(browser.execute(status, json!([])).unwrap(), "idle");

    open_seed_diagram(&browser, "the seed's Kubernetes diagram");
    assert_eq!(browser.execute(status, json!([])).unwrap(), "ready");

    // A keystroke in a manifest while the diagram is shown: the time until the engine's new
    // drawing is rendered and painted (reported, as the keystroke latency is).
    let times = browser
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const e = document.querySelector(\".editor-host[data-file='nginx-service.yaml']\").drydockEditor; \
             const pane = document.querySelector('.diagram'); const times = []; \
             const frame = () => new Promise(r => requestAnimationFrame(() => r())); \
             (async () => { \
               const at = e.getText().length; e.reveal(at, at); \
               for (let i = 0; i < 15; i++) { \
                 const before = pane.dataset.drawing; const t0 = performance.now(); \
                 e.typeText(i % 2 ? ' ' : '#'); \
                 while (pane.dataset.drawing === before) { await new Promise(r => setTimeout(r, 0)); } \
                 await frame(); times.push(performance.now() - t0); \
               } \
               done(times); \
             })();",
            json!([]),
        )
        .unwrap();
    let mut times: Vec<f64> = times
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let slowest = times[times.len() - 1];
    eprintln!(
        "keystroke -> diagram redrawn by the engine (seed, {} edits): median {median:.1} ms, slowest {slowest:.1} ms",
        times.len()
    );
    std::fs::write(
        e2e::artifacts_dir().join("diagram-engine-latency.json"),
        format!(
            "{{ \"median_ms\": {median:.2}, \"max_ms\": {slowest:.2}, \"samples\": {times:?} }}\n"
        ),
    )
    .unwrap();
    for view in ["dockerfile", "together", "kubernetes"] {
        browser
            .click(&browser.find(&format!("[data-view='{view}']")).unwrap())
            .unwrap();
        browser
            .wait_for(
                &format!("the {view} view"),
                &format!(
                    "return document.querySelector(\".diagram-svg\") && \
                     document.querySelector(\"[data-view='{view}'][aria-pressed='true']\")"
                ),
                WAIT,
            )
            .unwrap();
    }
    let fetched = browser.execute(engine_fetches, json!([])).unwrap();
    let fetched: Vec<&str> = fetched
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    // The page sees its worker's script; the worker's own fetches (its module) are its own.
    assert_eq!(
        fetched.iter().filter(|n| n.ends_with("_loader.js")).count(),
        1,
        "the engine started once: {fetched:?}"
    );
    assert_eq!(fetched.len(), 1, "{fetched:?}");

    // The next visit, offline: the service worker has the engine.
    browser
        .wait_for(
            "the build precached",
            "const keys = await caches.keys(); const key = keys.find(k => k.startsWith('drydock-')); \
             if (!key) return false; const c = await caches.open(key); \
             return (await c.keys()).some(r => r.url.includes('engine_diagram-') && r.url.endsWith('_bg.wasm'))",
            WAIT,
        )
        .unwrap();
    go_offline_and_reload(&browser, &server);
    open_seed_diagram(&browser, "the diagram, offline");
}

/// An engine that cannot be fetched (as offline before a first visit): the Topology tab and the
/// status line say so, and nothing else is lost: the findings stay, typing is still checked.
#[test]
fn a_failed_engine_fetch_is_reported_and_loses_nothing() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    // Every worker this page starts asks for a file the host does not have.
    browser
        .execute(
            "const Real = window.Worker; \
             window.Worker = function (url, options) { return new Real(String(url).replace('engine_', 'missing-engine_'), options); };",
            json!([]),
        )
        .unwrap();
    browser
        .click(&browser.find("#side-topology").unwrap())
        .unwrap();
    let said = browser
        .wait_for(
            "the failure, said",
            "const s = document.querySelector(\".engine-status[data-engine='diagram']\"); \
             const pane = document.querySelector('.diagram-empty.failed'); \
             return s.dataset.status === 'failed' && pane ? [s.textContent, pane.textContent] : null",
            WAIT,
        )
        .unwrap();
    assert!(
        said[0]
            .as_str()
            .unwrap()
            .contains("the diagram engine could not be loaded"),
        "{said}"
    );
    assert!(
        said[1]
            .as_str()
            .unwrap()
            .contains("The diagram could not be drawn"),
        "{said}"
    );
    // Back to the findings: they are all there, and typing is still checked.
    browser
        .click(&browser.find("#side-findings").unwrap())
        .unwrap();
    browser
        .wait_for(
            "the seed's findings",
            "return document.querySelector(\".finding-button[data-rule='dockerfile/unknown-instruction']\")",
            WAIT,
        )
        .unwrap();
    browser.execute("document.querySelector(\".editor-host[data-file='Dockerfile']\").drydockEditor.reveal(0, 0)", json!([])).unwrap();
    browser.type_keys("RUNN engine\n").unwrap();
    browser
        .wait_for(
            "a new finding",
            "return document.querySelector(\".finding-button[data-rule='dockerfile/unknown-instruction'][data-line='1']\")",
            WAIT,
        )
        .unwrap();
}

/// Chooses an example of the gallery, accepting the question about replacing the open files.
fn choose_example(browser: &e2e::webdriver::Browser, id: &str) {
    browser
        .execute(
            "const s = document.querySelector('.gallery'); s.value = arguments[0]; \
             setTimeout(() => s.dispatchEvent(new Event('change', { bubbles: true })), 0);",
            json!([id]),
        )
        .unwrap();
    let deadline = std::time::Instant::now() + WAIT;
    while browser.accept_alert().is_err() {
        assert!(std::time::Instant::now() < deadline, "no dialog opened");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Waits until the findings of `file` (its tab opened) hold `rule` on `line`.
fn wait_for_finding(
    browser: &e2e::webdriver::Browser,
    what: &str,
    file: &str,
    rule: &str,
    line: u32,
) {
    browser
        .wait_for(
            what,
            &format!(
                "const tab = document.querySelector(\".tab[data-file='{file}']\"); \
                 if (!tab) return false; if (tab.getAttribute('aria-selected') !== 'true') tab.click(); \
                 return document.querySelector(\".finding-button[data-rule='{rule}'][data-file='{file}'][data-line='{line}']\")"
            ),
            WAIT,
        )
        .unwrap();
}

/// What the browser fetched of engine `engine` (`kustomize`, `compose`) so far.
fn engine_fetches(browser: &e2e::webdriver::Browser, engine: &str) -> Value {
    browser
        .execute(
            "return performance.getEntriesByType('resource').map(r => r.name) \
             .filter(n => n.includes('engine_' + arguments[0]))",
            json!([engine]),
        )
        .unwrap()
}

/// The engine is built and reported apart from the first load, and a first visit (the seed)
/// has neither fetched it nor started it: its status line is idle. Returns the script that reads
/// that status.
fn not_fetched_yet(browser: &e2e::webdriver::Browser, engine: &str) -> String {
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(e2e::dist_dir().join("size-report.json")).unwrap(),
    )
    .unwrap();
    assert!(
        report["engines"][engine]["gzip"].as_u64().unwrap() > 10_000,
        "{report}"
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(engine_fetches(browser, engine), json!([]));
    let status = format!(
        "return document.querySelector(\".engine-status[data-engine='{engine}']\").dataset.status"
    );
    assert_eq!(browser.execute(&status, json!([])).unwrap(), "idle");
    status
}

/// The engine's worker was started once, and the service worker precached its module.
fn started_once_and_precached(browser: &e2e::webdriver::Browser, engine: &str) {
    let fetched = engine_fetches(browser, engine);
    let loaders = fetched
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n.as_str().unwrap().ends_with("_loader.js"))
        .count();
    assert_eq!(loaders, 1, "the engine started once: {fetched}");
    browser
        .wait_for(
            "the build precached",
            &format!(
                "const keys = await caches.keys(); const key = keys.find(k => k.startsWith('drydock-')); \
                 if (!key) return false; const c = await caches.open(key); \
                 return (await c.keys()).some(r => r.url.includes('engine_{engine}-') && r.url.endsWith('_bg.wasm'))"
            ),
            WAIT,
        )
        .unwrap();
}

/// The seed's first visit fetches no engine; opening a Kustomize workspace fetches the
/// Kustomize engine once, whose renders put each finding where its value was written (the
/// overlay's `newTag`, the base's request that a patch's limit undercuts) and keep a patch from
/// being judged as a broken object; the next visit works offline.
#[test]
fn the_kustomize_engine_loads_when_a_kustomization_appears_and_works_offline() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    let status = not_fetched_yet(&browser, "kustomize");

    choose_example(&browser, "kustomize");
    wait_for_finding(
        &browser,
        "the overlay's image tag, at its newTag line",
        "overlays/staging/kustomization.yaml",
        "kubernetes/image-tag",
        9,
    );
    assert_eq!(browser.execute(&status, json!([])).unwrap(), "ready");
    wait_for_finding(
        &browser,
        "the request the patch's limit undercuts",
        "base/deployment.yaml",
        "kubernetes/requests-exceed-limits",
        30,
    );
    wait_for_finding(
        &browser,
        "a patch target that matches nothing",
        "overlays/production/kustomization.yaml",
        "kustomize/patch-target-matches-nothing",
        11,
    );
    // The patch file is not a broken Deployment.
    let patch_findings = browser
        .execute(
            "document.querySelector(\".tab[data-file='overlays/production/scale.yaml']\").click(); \
             return [...document.querySelectorAll(\".finding-button[data-file='overlays/production/scale.yaml']\")].map(b => b.dataset.rule)",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        patch_findings,
        json!([]),
        "a patch is checked through its render"
    );

    // The Rendered tab: the staging overlay as kubectl prints it, its image line linked to the
    // overlay's `newTag`; a click opens that line.
    browser
        .click(&browser.find("#side-rendered").unwrap())
        .unwrap();
    let linked = browser
        .wait_for(
            "the rendered image line, linked to its newTag",
            "const s = document.querySelector('.rendered-choice'); \
             if (s && s.selectedOptions[0].textContent !== 'overlays/staging') { \
               const o = [...s.options].find(o => o.textContent === 'overlays/staging'); \
               s.value = o.value; s.dispatchEvent(new Event('change', { bubbles: true })); return false; } \
             if (document.querySelector('pre.rendered')?.dataset.render !== 'overlays/staging') return false; \
             const line = [...document.querySelectorAll('pre.rendered .rendered-line')] \
               .find(l => l.textContent.includes('image: registry.example.com/shop:latest')); \
             return line ? [line.dataset.source, line.dataset.sourceLine] : false",
            WAIT,
        )
        .unwrap();
    assert_eq!(
        linked,
        json!(["overlays/staging/kustomization.yaml", "9"]),
        "the image comes from the overlay's newTag"
    );
    browser
        .execute(
            "[...document.querySelectorAll('.rendered-line')] \
               .find(l => l.textContent.includes('image: registry.example.com/shop:latest')).click()",
            json!([]),
        )
        .unwrap();
    browser
        .wait_for(
            "the overlay opened at its newTag",
            "return document.querySelector(\".tab[data-file='overlays/staging/kustomization.yaml']\").getAttribute('aria-selected') === 'true'",
            WAIT,
        )
        .unwrap();
    browser
        .click(&browser.find("#side-findings").unwrap())
        .unwrap();

    started_once_and_precached(&browser, "kustomize");
    go_offline_and_reload(&browser, &server);
    wait_for_finding(
        &browser,
        "the overlay's image tag, offline",
        "overlays/staging/kustomization.yaml",
        "kubernetes/image-tag",
        9,
    );
}

/// The API server's validation is the API-server engine's (the page's module is built without
/// it): a container without an image is found in a plain manifest and in what a kustomization
/// renders, at the line that wrote it; the finding goes when the image is written, and the next
/// visit finds it offline.
#[test]
fn the_api_server_engine_checks_manifests_and_renders_and_works_offline() {
    let server = serve();
    let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          # image: nginx:1.27\n";
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: job\nspec:\n  containers:\n    - name: job\n";
    let workspace = json!({ "files": [
        { "name": "deployment.yaml", "text": deployment },
        { "name": "base/kustomization.yaml", "text": "resources:\n- pod.yaml\n" },
        { "name": "base/pod.yaml", "text": pod },
    ], "active": 0 });
    let browser = open(&format!(
        "{}#j={}",
        server.url(PREFIX),
        base64url(workspace.to_string().as_bytes())
    ));
    wait_for_finding(
        &browser,
        "the container without an image",
        "deployment.yaml",
        "kubernetes/missing-required-field",
        15,
    );
    wait_for_finding(
        &browser,
        "the rendered Pod's container without an image",
        "base/pod.yaml",
        "kubernetes/missing-required-field",
        7,
    );
    // Writing the image answers it.
    browser
        .click(&browser.find(".tab[data-file='deployment.yaml']").unwrap())
        .unwrap();
    browser
        .execute(
            "const e = document.querySelector(\".editor-host[data-file='deployment.yaml']\").drydockEditor; \
             const at = e.getText().indexOf('# image'); e.reveal(at, at + 3);",
            json!([]),
        )
        .unwrap();
    browser.type_keys("i").unwrap();
    browser
        .wait_for(
            "the image written",
            "return document.querySelector(\".finding-button[data-rule='kubernetes/missing-required-field'][data-file='deployment.yaml']\") === null \
             && document.querySelector(\".editor-host[data-file='deployment.yaml']\").drydockEditor.getText().includes('- name: web\\n          image: nginx')",
            WAIT,
        )
        .unwrap();
    started_once_and_precached(&browser, "apiserver");
    go_offline_and_reload(&browser, &server);
    wait_for_finding(
        &browser,
        "the rendered Pod's container without an image, offline",
        "base/pod.yaml",
        "kubernetes/missing-required-field",
        7,
    );
}

/// The seed's first visit fetches no Compose engine; opening a Compose project fetches it once,
/// and its findings land on the lines that cause them (a dependency on a service that does not
/// exist, a misspelt network, a required variable `.env` does not set); the next visit works
/// offline. An engine that cannot be fetched is said, and the files are still checked as YAML.
#[test]
fn the_compose_engine_loads_when_a_compose_file_appears_and_works_offline() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    let status = not_fetched_yet(&browser, "compose");

    choose_example(&browser, "compose");
    wait_for_finding(
        &browser,
        "a dependency on a service that does not exist",
        "compose.yaml",
        "compose/undefined-reference",
        12,
    );
    assert_eq!(browser.execute(&status, json!([])).unwrap(), "ready");
    wait_for_finding(
        &browser,
        "a misspelt network",
        "compose.yaml",
        "compose/undefined-reference",
        25,
    );
    wait_for_finding(
        &browser,
        "a required variable .env does not set",
        "compose.yaml",
        "compose/interpolation",
        31,
    );
    wait_for_finding(
        &browser,
        "a misspelt property, by the schema",
        "compose.yaml",
        "compose/schema",
        36,
    );
    // The Compose view of the Topology tab: the services, the missing one as a ghost, and the
    // Dockerfile a service builds.
    browser
        .click(&browser.find("#side-topology").unwrap())
        .unwrap();
    let drawn = browser
        .wait_for(
            "the Compose view",
            "const b = document.querySelector(\".segmented button[data-view='compose']\"); \
             if (!b) return false; \
             if (b.getAttribute('aria-pressed') !== 'true') { b.click(); return false; } \
             const ids = [...document.querySelectorAll('.diagram-node')].map(n => n.dataset.id); \
             return ids.includes('compose:./web') ? ids.sort() : false",
            WAIT,
        )
        .unwrap();
    assert_eq!(
        drawn,
        json!([
            "compose:./cache/missing",
            "compose:./db",
            "compose:./pgdata/volume",
            "compose:./web",
            "compose:./worker",
            // The Dockerfile the web service builds, its stage linked to the service.
            "docker:Dockerfile/stage/0",
            "image:python:3.12-slim",
            "internet"
        ])
    );
    browser
        .click(&browser.find("#side-findings").unwrap())
        .unwrap();
    // Setting it in `.env` answers the finding: the project is checked again with it.
    browser
        .wait_for(
            "the .env tab open",
            "const tab = document.querySelector(\".tab[data-file='.env']\"); \
             if (tab.getAttribute('aria-selected') !== 'true') { tab.click(); return false; } \
             return true",
            WAIT,
        )
        .unwrap();
    browser
        .execute(
            "const e = document.querySelector(\".editor-host[data-file='.env']\").drydockEditor; \
             const end = e.getText().length; e.reveal(end, end);",
            json!([]),
        )
        .unwrap();
    browser.type_keys("POSTGRES_PASSWORD=secret").unwrap();
    browser
        .wait_for(
            "the typed line in .env",
            "return document.querySelector(\".editor-host[data-file='.env']\").drydockEditor.getText().includes('POSTGRES_PASSWORD=secret')",
            WAIT,
        )
        .unwrap();
    browser
        .wait_for(
            "the password's finding gone",
            "document.querySelector(\".tab[data-file='compose.yaml']\").click(); \
             return !document.querySelector(\".finding-button[data-rule='compose/interpolation']\")",
            WAIT,
        )
        .unwrap();

    // The project converted to Kubernetes by the Compose engine: a new file, checked like any
    // other, with no error from the Kubernetes rules.
    browser
        .click(&browser.find("#convert-compose").unwrap())
        .unwrap();
    let converted = browser
        .wait_for(
            "the manifests added",
            "const tab = document.querySelector(\".tab[data-file='kubernetes.yaml']\"); \
             if (!tab) return false; \
             const host = document.querySelector(\".editor-host[data-file='kubernetes.yaml']\"); \
             return host && host.drydockEditor ? host.drydockEditor.getText() : false",
            WAIT,
        )
        .unwrap();
    let converted = converted.as_str().unwrap();
    assert!(converted.contains("kind: Deployment"), "{converted}");
    assert!(converted.contains("kind: StatefulSet"), "{converted}");
    browser
        .wait_for(
            "the manifests checked, without an error",
            "const badge = document.querySelector(\".tab[data-file='kubernetes.yaml'] .badge\"); \
             return badge !== null && !badge.classList.contains('error')",
            WAIT,
        )
        .unwrap();

    started_once_and_precached(&browser, "compose");
    go_offline_and_reload(&browser, &server);
    wait_for_finding(
        &browser,
        "the undefined service, offline",
        "compose.yaml",
        "compose/undefined-reference",
        12,
    );

    // A fresh profile whose engine cannot be fetched (the server above is gone): said, and the
    // files still checked.
    let (_server, browser) = with_engine_missing("compose", "the Compose engine");
    wait_for_finding(
        &browser,
        "the Dockerfile still checked",
        "Dockerfile",
        "dockerfile/pip-cache-dir",
        4,
    );
}

/// The seed's first visit fetches no Helm engine; opening a chart fetches it once, and its
/// findings land on the template line and the values line that cause them (a misspelt
/// `.Values.replicaCout`, a `securityContext` printed with `toYaml` that makes the container
/// privileged); the Rendered tab shows the chart as `helm template` prints it, each line linked
/// to its template line and a printed value to its values line, a click opening the template;
/// the next visit works offline.
#[test]
fn the_helm_engine_loads_when_a_chart_appears_and_works_offline() {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    let status = not_fetched_yet(&browser, "helm");

    choose_example(&browser, "helm");
    wait_for_finding(
        &browser,
        "a misspelt value, at the template line that reads it",
        "web/templates/deployment.yaml",
        "helm/undeclared-value",
        8,
    );
    assert_eq!(browser.execute(&status, json!([])).unwrap(), "ready");
    wait_for_finding(
        &browser,
        "the privileged container, at the values line that sets it",
        "web/values.yaml",
        "kubernetes/privileged-container",
        15,
    );
    // A template is not YAML: no YAML error on it.
    let template_rules = browser
        .execute(
            "document.querySelector(\".tab[data-file='web/templates/deployment.yaml']\").click(); \
             return [...document.querySelectorAll(\".finding-button[data-file='web/templates/deployment.yaml']\")].map(b => b.dataset.rule)",
            json!([]),
        )
        .unwrap();
    assert!(
        !template_rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().starts_with("yaml/")),
        "{template_rules}"
    );

    // The Rendered tab: the Deployment under its `# Source:` line, linked to the template.
    browser
        .click(&browser.find("#side-rendered").unwrap())
        .unwrap();
    let rendered = browser
        .wait_for(
            "the chart rendered",
            "const pre = document.querySelector('pre.rendered'); \
             if (!pre || pre.dataset.render !== 'web') return false; \
             const text = [...pre.querySelectorAll('.rendered-line')].map(l => l.textContent).join('\\n'); \
             return text.includes('kind: Deployment') ? text : false",
            WAIT,
        )
        .unwrap();
    let rendered = rendered.as_str().unwrap();
    assert!(
        rendered.contains(
            "# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment"
        ),
        "{rendered}"
    );
    let kind = browser
        .execute(
            "const line = [...document.querySelectorAll('pre.rendered .rendered-line')] \
               .find(l => l.textContent === 'kind: Deployment'); \
             return [line.dataset.source, line.dataset.sourceLine]",
            json!([]),
        )
        .unwrap();
    assert_eq!(kind, json!(["web/templates/deployment.yaml", "2"]));
    // The printed value: its line opens the template, its second link the values line.
    let privileged = browser
        .execute(
            "const line = [...document.querySelectorAll('pre.rendered .rendered-line')] \
               .find(l => l.textContent.trim() === 'privileged: true'); \
             const value = line.parentElement.querySelector('.rendered-value'); \
             return [line.dataset.source, line.dataset.sourceLine, value.dataset.source, value.dataset.sourceLine]",
            json!([]),
        )
        .unwrap();
    assert_eq!(
        privileged,
        json!([
            "web/templates/deployment.yaml",
            "22",
            "web/values.yaml",
            "15"
        ])
    );
    browser
        .execute(
            "document.querySelector(\".tab[data-file='web/values.yaml']\").click(); \
             [...document.querySelectorAll('pre.rendered .rendered-line')] \
               .find(l => l.textContent === 'kind: Deployment').click()",
            json!([]),
        )
        .unwrap();
    browser
        .wait_for(
            "the template opened",
            "return document.querySelector(\".tab[data-file='web/templates/deployment.yaml']\").getAttribute('aria-selected') === 'true'",
            WAIT,
        )
        .unwrap();
    browser
        .execute(
            "[...document.querySelectorAll('pre.rendered .rendered-line')] \
               .find(l => l.textContent.trim() === 'privileged: true') \
               .parentElement.querySelector('.rendered-value').click()",
            json!([]),
        )
        .unwrap();
    browser
        .wait_for(
            "the values file opened",
            "return document.querySelector(\".tab[data-file='web/values.yaml']\").getAttribute('aria-selected') === 'true'",
            WAIT,
        )
        .unwrap();
    browser
        .click(&browser.find("#side-findings").unwrap())
        .unwrap();

    started_once_and_precached(&browser, "helm");
    go_offline_and_reload(&browser, &server);
    wait_for_finding(
        &browser,
        "the privileged container, offline",
        "web/values.yaml",
        "kubernetes/privileged-container",
        15,
    );
}

/// Helm lets a template `include` itself 1000 levels deep before it stops; a browser worker's
/// stack (V8's) holds some 250, so the Helm worker stops at 150 with Helm's error: a finding at
/// the include, and the worker alive (an overflow would end it: its status would be failed).
#[test]
fn a_template_included_in_itself_is_helms_error_not_a_dead_worker() {
    let server = serve();
    let workspace = json!({
        "files": [
            { "name": "web/Chart.yaml", "text": "apiVersion: v2\nname: web\nversion: 0.1.0\n" },
            { "name": "web/values.yaml", "text": "a: 1\n" },
            { "name": "web/templates/_helpers.tpl", "text": "{{- define \"loop\" -}}{{ include \"loop\" . }}{{- end -}}\n" },
            { "name": "web/templates/cm.yaml", "text": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ include \"loop\" . | quote }}\n" }
        ],
        "active": 3
    });
    let fragment = base64url(workspace.to_string().as_bytes());
    let browser = open(&format!("{}#j={fragment}", server.url(PREFIX)));
    wait_for_finding(
        &browser,
        "Helm's error at the include",
        "web/templates/cm.yaml",
        "helm/render",
        6,
    );
    let message = browser
        .execute(
            "return document.querySelector(\".finding-button[data-rule='helm/render']\").closest('li, .finding').textContent",
            json!([]),
        )
        .unwrap();
    assert!(
        message.as_str().unwrap().contains("nested reference name"),
        "{}",
        message.as_str().unwrap().get(..300).unwrap_or_default()
    );
    let status = browser
        .execute(
            "return document.querySelector(\".engine-status[data-engine='helm']\").dataset.status",
            json!([]),
        )
        .unwrap();
    assert_eq!(status, "ready");
}

/// A fresh profile in which engine `engine`'s module cannot be fetched opens the gallery example
/// of the same name: the status line says that `title` could not be loaded. The server and the
/// browser, for what the test checks next.
fn with_engine_missing(
    engine: &str,
    title: &str,
) -> (e2e::server::StaticServer, e2e::webdriver::Browser) {
    let server = serve();
    let browser = open(&server.url(PREFIX));
    browser
        .execute(
            "const Real = window.Worker; const name = 'engine_' + arguments[0]; \
             window.Worker = function (url, options) { return new Real(String(url).replace(name, 'missing-' + name), options); };",
            json!([engine]),
        )
        .unwrap();
    choose_example(&browser, engine);
    let said = browser
        .wait_for(
            "the failure, said",
            &format!(
                "const s = document.querySelector(\".engine-status[data-engine='{engine}']\"); \
                 return s.dataset.status === 'failed' ? s.textContent : null"
            ),
            WAIT,
        )
        .unwrap();
    assert!(
        said.as_str()
            .unwrap()
            .contains(&format!("{title} could not be loaded")),
        "{said}"
    );
    (server, browser)
}

/// A Kustomize engine that cannot be fetched: the status line says what that costs, and the
/// files are still checked (as plain YAML and manifests).
#[test]
fn a_failed_kustomize_engine_is_said_and_the_files_are_still_checked() {
    let (_server, browser) = with_engine_missing("kustomize", "the Kustomize engine");
    // The base's own findings are still there, as a plain manifest's.
    wait_for_finding(
        &browser,
        "the base checked as a manifest",
        "base/deployment.yaml",
        "kubernetes/missing-probes",
        16,
    );
}
