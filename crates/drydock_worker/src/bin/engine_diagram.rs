//! The diagram engine's worker: topology views, laid out (see `drydock_engine`).

fn main() {
    drydock_worker::serve(drydock_engine::Engine::Diagram, drydock_engine::diagram);
}
