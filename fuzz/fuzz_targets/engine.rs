//! Any text, as a message to the diagram engine: it is answered (an error when it is no request),
//! and the answer is a response. The same bytes as a manifest and a Dockerfile, drawn in every
//! view, exercise the topology and the layout on them; as a drawing on the wire, the page's
//! reader, which never panics and reads back only what writes back the same.

#![no_main]

use drydock_core::SourceFile;
use drydock_engine::{Engine, Request, Response, Task};
use drydock_topology::{Drawing, View};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let answer = drydock_engine::respond(Engine::Diagram, &text);
    assert!(
        Response::from_wire(&answer).is_some(),
        "every answer is a response: {answer}"
    );
    if let Some(drawing) = Drawing::from_wire(&text) {
        let again = drawing.to_wire();
        assert_eq!(Drawing::from_wire(&again).map(|d| d.to_wire()), Some(again));
    }
    for view in View::ALL {
        let files = vec![
            SourceFile { name: "k8s.yaml".into(), text: text.clone() },
            SourceFile { name: "Dockerfile".into(), text: text.clone() },
        ];
        let request = Request { id: 1, files, task: Task::Diagram { view, renders: String::new() } };
        let response = drydock_engine::handle(Engine::Diagram, request);
        assert_eq!(response.id, 1);
        let Ok(drydock_engine::Output::Diagram { drawing }) = response.result else {
            panic!("a diagram request is answered with a drawing");
        };
        assert!(Drawing::from_wire(&drawing).is_some(), "what the engine writes, the page reads");
    }
});
