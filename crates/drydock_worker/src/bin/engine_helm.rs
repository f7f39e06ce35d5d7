//! The Helm engine's worker: Helm charts rendered (see `drydock_engine`).

fn main() {
    drydock_worker::serve(drydock_engine::Engine::Helm, drydock_engine::helm);
}
