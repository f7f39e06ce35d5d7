//! The Kustomize engine's worker: kustomizations rendered (see `drydock_engine`).

fn main() {
    drydock_worker::serve(drydock_engine::Engine::Kustomize, drydock_engine::kustomize);
}
