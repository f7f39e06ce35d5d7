//! The Compose engine's worker: Compose projects checked (see `drydock_engine`).

fn main() {
    drydock_worker::serve(drydock_engine::Engine::Compose, drydock_engine::compose);
}
