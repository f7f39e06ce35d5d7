//! The API-server engine's worker: the API server's validation, which the page's module leaves
//! out (see `drydock_engine`).

fn main() {
    drydock_worker::serve(
        drydock_engine::Engine::ApiServer,
        drydock_engine::api_server,
    );
}
