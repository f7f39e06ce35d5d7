//! Drydock's playground: a workspace of files, checked by the core on every edit.
//!
//! The core computes everything; this crate holds the application state (one reducer), converts
//! the core's byte ranges to the browser's UTF-16 offsets, and renders.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod examples;
mod findings;
mod state;

use drydock_core::{Finding, LineIndex};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::findings::FindingsPanel;
use crate::state::{Action, State};

fn main() {
    yew::Renderer::<App>::new().render();
}

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(State::seed);
    let findings = use_memo(state.workspace.clone(), |workspace| {
        drydock_core::check(workspace)
    });

    let on_select = {
        let state = state.clone();
        Callback::from(move |finding: Finding| select_range(&state, &finding))
    };

    html! {
        <div class="app">
            <header class="topbar">
                <h1 class="brand">{ "Drydock" }</h1>
                <p class="tagline">{ "Dockerfiles and Kubernetes manifests: what is wrong, why, and how to fix it — all in your browser." }</p>
            </header>
            <main class="panes">
                <section class="files" aria-label="Files">
                    { for state.workspace.files.iter().enumerate().map(|(index, file)| {
                        let on_input = {
                            let state = state.clone();
                            Callback::from(move |event: InputEvent| {
                                if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                                    state.dispatch(Action::Edit { index, text: area.value() });
                                }
                            })
                        };
                        let count = findings.iter().filter(|finding| finding.path == file.name).count();
                        html! {
                            <div class="file" key={file.name.clone()}>
                                <label class="file-name" for={textarea_id(index)}>
                                    { &file.name }
                                    <span class="file-count">{ if count == 0 { "no problems".to_owned() } else { format!("{count} finding{}", if count == 1 { "" } else { "s" }) } }</span>
                                </label>
                                <textarea
                                    id={textarea_id(index)}
                                    class="editor"
                                    data-file={file.name.clone()}
                                    spellcheck="false"
                                    autocomplete="off"
                                    rows={rows(&file.text)}
                                    value={file.text.clone()}
                                    oninput={on_input}
                                />
                            </div>
                        }
                    }) }
                </section>
                <FindingsPanel findings={findings.clone()} {on_select} />
            </main>
        </div>
    }
}

fn textarea_id(index: usize) -> String {
    format!("file-{index}")
}

fn rows(text: &str) -> String {
    (text.lines().count() + 1).clamp(3, 40).to_string()
}

/// Selects a finding's range in its file's text area, converting byte offsets to the UTF-16
/// offsets the DOM counts in.
fn select_range(state: &State, finding: &Finding) {
    let Some(index) = state
        .workspace
        .files
        .iter()
        .position(|file| file.name == finding.path)
    else {
        return;
    };
    let Some(file) = state.workspace.files.get(index) else {
        return;
    };
    let Some(area) = gloo::utils::document()
        .get_element_by_id(&textarea_id(index))
        .and_then(|element| element.dyn_into::<HtmlTextAreaElement>().ok())
    else {
        return;
    };
    let line_index = LineIndex::new(&file.text);
    let start = u32::try_from(line_index.utf16_offset(finding.range.start)).unwrap_or(u32::MAX);
    let end = u32::try_from(line_index.utf16_offset(finding.range.end)).unwrap_or(u32::MAX);
    let _ = area.focus();
    let _ = area.set_selection_range(start, end);
    // Scroll the line into view: browsers only do so on their own for the caret's first move.
    let line_height = area.scroll_height() as f64 / line_index.line_count().max(1) as f64;
    let top = (f64::from(finding.start.line.saturating_sub(3)) * line_height).max(0.0);
    area.set_scroll_top(top as i32);
    area.scroll_into_view_with_bool(false);
}
