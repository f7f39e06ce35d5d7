//! The resolved model: a loaded Compose project bound to compose-go's types and written as
//! `docker compose config --format json` writes it.
