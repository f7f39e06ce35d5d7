//! `drydock lsp`: Drydock's findings in any editor, as a language server over standard input and
//! output (synchronous: one thread answers one message at a time).
//!
//! It checks what `drydock check` run in the workspace folder checks, with the open documents'
//! text over the disk's, and reports each document's findings as diagnostics (pulled when the
//! client can, else pushed); its code actions are the findings' fixes, every fix of a file at
//! once, and the edit that silences a finding (a Dockerfile's pragma, a manifest's annotation).
//! It also completes and documents what is typed (`assist.rs`), outlines documents
//! (`symbols.rs`), goes to definitions and references and renames across files
//! (`navigation.rs`), all from the language crates and the core's relation graph, and follows
//! the configuration file and the client's settings (`server.rs`). Positions are converted here,
//! once, in the encoding negotiated at `initialize` (`position.rs`).

mod actions;
mod assist;
mod documents;
mod findings;
mod ignore;
mod navigation;
mod position;
mod rule_docs;
mod server;
mod symbols;
#[cfg(test)]
mod tests;

use std::process::ExitCode;

pub use rule_docs::RuleDocsDir;
pub use server::{Options, run};

/// Serves the client on standard input and output until it says `exit`.
pub fn run_stdio() -> ExitCode {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let outcome = run(
        &connection,
        &Options {
            change_directory: true,
            rule_docs: RuleDocsDir::Cache,
        },
    );
    // The writer thread ends once every sender is gone, after writing what is queued.
    drop(connection);
    match outcome {
        Ok(()) => {
            let _ = io_threads.join();
            ExitCode::SUCCESS
        }
        // The reader may still wait on the client: not joined.
        Err(error) => {
            eprintln!("drydock lsp: {error}");
            ExitCode::from(1)
        }
    }
}
