//! Any text, as a message to the diagram engine: it is answered (an error when it is no request),
//! and the answer is a response. The same bytes as a manifest and a Dockerfile, drawn in every
//! view, exercise the topology and the layout on them.

#![no_main]

use drydock_core::SourceFile;
use drydock_engine::{Engine, Request, Response, Task};
use drydock_topology::View;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let answer = drydock_engine::respond(Engine::Diagram, &text);
    assert!(
        serde_json::from_str::<Response>(&answer).is_ok(),
        "every answer is a response: {answer}"
    );
    for view in View::ALL {
        let files = vec![
            SourceFile { name: "k8s.yaml".into(), text: text.clone() },
            SourceFile { name: "Dockerfile".into(), text: text.clone() },
        ];
        let request = Request { id: 1, files, task: Task::Diagram { view } };
        let response = drydock_engine::handle(Engine::Diagram, request);
        assert_eq!(response.id, 1);
        assert!(response.result.is_ok());
    }
});
