//! Any text, as a kustomization tree: the input is split into files at lines `=== <path>` (the
//! text before the first such line is `kustomization.yaml`), and the folder `.` is rendered —
//! cycles, deep nesting, huge generators and patch bombs included. The render never panics; what
//! it prints is YAML whose spans point inside the files it read, and it crosses the wire
//! unchanged. Seeded with the corpus's kustomizations and kustomize's own test trees.

#![no_main]

use drydock_base::rendered::Rendered;
use drydock_base::workspace::Workspace;
use drydock_kustomize::files::Indexed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut workspace = Workspace::new();
    let mut name = "kustomization.yaml".to_owned();
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("=== ") {
            let body = std::mem::take(&mut body);
            if !body.is_empty() || workspace.files.is_empty() && name != "kustomization.yaml" {
                workspace.insert(name.clone(), body);
            }
            name = path.trim().to_owned();
        } else {
            body.push_str(line);
        }
    }
    workspace.insert(name, body);
    let files = Indexed::new(&workspace);
    let options = drydock_kustomize::Options::default();
    let render = drydock_kustomize::rendered(&files, ".", options);
    let stream = drydock_yaml::parse(&render.text);
    assert!(
        stream.errors().next().is_none(),
        "the printed stream is YAML:\n{}",
        render.text
    );
    for span in &render.spans {
        let source = render.sources.get(span.file).expect("a span names a file read");
        let text = workspace.get(source).map_or("", |f| f.text.as_str());
        assert!(span.rendered.end <= render.text.len());
        assert!(span.origin.start <= span.origin.end);
        let _ = text;
    }
    let wire = Rendered::to_wire(std::slice::from_ref(&render));
    assert_eq!(Rendered::from_wire(&wire), Some(vec![render]));
    // The workspace view of the same files: top-level kustomizations, owned files.
    let renders = drydock_kustomize::workspace::render_workspace(&workspace);
    let _ = drydock_kustomize::workspace::owned(&renders);
});
