//! The file bar: tabs, and adding, renaming, deleting, uploading and downloading files.

use std::rc::Rc;

use drydock_core::{Finding, Severity, SourceFile};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::{Action, State};
use crate::{Readers, zip};

#[derive(Properties)]
pub struct Props {
    pub state: UseReducerHandle<State>,
    pub findings: Rc<Vec<Finding>>,
    pub readers: Readers,
    /// Whether to show the file actions (new, rename, delete, upload, download).
    pub actions: bool,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state
            && self.findings == other.findings
            && self.actions == other.actions
    }
}

#[function_component(FileBar)]
pub fn file_bar(props: &Props) -> Html {
    let state = &props.state;
    let active = state.workspace.files.get(state.active).cloned();
    let on_add = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = gloo::dialogs::prompt(
                "Name of the new file (e.g. Dockerfile, deployment.yaml):",
                Some("deployment.yaml"),
            ) {
                state.dispatch(Action::AddFile(name));
            }
        })
    };
    let on_rename = {
        let (state, active) = (state.clone(), active.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(file) = &active else { return };
            if let Some(name) = gloo::dialogs::prompt("New name:", Some(&file.name)) {
                state.dispatch(Action::Rename {
                    index: state.active,
                    name,
                });
            }
        })
    };
    let on_delete = {
        let (state, active) = (state.clone(), active.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(file) = &active else { return };
            if gloo::dialogs::confirm(&format!("Delete {}? This cannot be undone.", file.name)) {
                state.dispatch(Action::Delete(state.active));
            }
        })
    };
    let on_upload = {
        let (state, readers) = (state.clone(), props.readers.clone());
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Some(list) = input.files() {
                read_uploads(list, &state, &readers);
            }
            input.set_value("");
        })
    };
    let on_download = {
        let active = active.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = &active {
                download(&file.name, file.text.as_bytes(), "text/plain");
            }
        })
    };
    let on_download_all = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let entries: Vec<(&str, &[u8])> = state
                .workspace
                .files
                .iter()
                .map(|file| (file.name.as_str(), file.text.as_bytes()))
                .collect();
            download(
                "drydock-workspace.zip",
                &zip::archive(&entries),
                "application/zip",
            );
        })
    };

    // A Compose project can be converted to Kubernetes manifests, by the Compose engine; the
    // new files are added and checked like any other.
    let compose = drydock_core::compose::has_compose_files(&state.workspace.files);
    let on_convert = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            let reply_to = state.clone();
            crate::engine::request(
                drydock_engine::Task::Convert,
                state.workspace.files.clone(),
                move |result| {
                    match result {
                    Ok(drydock_engine::Output::Convert { files }) if !files.is_empty() => {
                        reply_to.dispatch(Action::Upload(files));
                    }
                    Ok(_) => reply_to.dispatch(Action::Notice(Some(
                        "No Compose project loads yet: fix what the findings say Compose refuses, then convert it again.".to_owned(),
                    ))),
                    Err(why) => reply_to.dispatch(Action::Notice(Some(why))),
                }
                },
            );
        })
    };

    html! {
        <div class="file-bar">
            <div class="tabs" role="tablist" aria-label="Open files">
                { for state.workspace.files.iter().enumerate().map(|(index, file)| {
                    let onclick = {
                        let state = state.clone();
                        Callback::from(move |_: MouseEvent| state.dispatch(Action::Activate(index)))
                    };
                    let own: Vec<&Finding> = props.findings.iter().filter(|f| f.path == file.name).collect();
                    let worst = own.iter().map(|f| f.severity).max();
                    let badge = match worst {
                        Some(Severity::Error) => "error",
                        Some(Severity::Warning) => "warning",
                        Some(Severity::Info) => "info",
                        None => "clean",
                    };
                    let selected = index == state.active;
                    html! {
                        <button type="button" role="tab" id={format!("tab-{index}")} class="tab"
                            aria-selected={selected.to_string()} aria-controls={format!("panel-{index}")}
                            tabindex={if selected { "0" } else { "-1" }} data-file={file.name.clone()} {onclick}>
                            <span class="tab-name">{ &file.name }</span>
                            if !own.is_empty() {
                                <span class={classes!("badge", badge)} aria-label={format!("{} findings", own.len())}>{ own.len() }</span>
                            }
                        </button>
                    }
                }) }
            </div>
            if props.actions {
            <div class="file-actions">
                <button type="button" onclick={on_add} title="New file">{ "New" }</button>
                <button type="button" onclick={on_rename} disabled={active.is_none()} title="Rename this file">{ "Rename" }</button>
                <button type="button" onclick={on_delete} disabled={active.is_none()} title="Delete this file">{ "Delete" }</button>
                <label class="button" title="Upload files (or drop them on the editor)">
                    { "Upload" }
                    <input type="file" multiple=true class="visually-hidden" onchange={on_upload} aria-label="Upload files" />
                </label>
                <button type="button" onclick={on_download} disabled={active.is_none()} title="Download this file">{ "Download" }</button>
                <button type="button" onclick={on_download_all} title="Download every file as a zip">{ "Zip" }</button>
                if compose {
                    <button type="button" id="convert-compose" onclick={on_convert}
                        title="Convert the Compose project to Kubernetes manifests, added as kubernetes.yaml and checked">{ "To Kubernetes" }</button>
                }
            </div>
            }
        </div>
    }
}

/// Reads uploaded or dropped files; binary and non-UTF-8 files are refused with a notice.
pub fn read_uploads(list: web_sys::FileList, state: &UseReducerHandle<State>, readers: &Readers) {
    let files: Vec<gloo::file::File> = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(gloo::file::File::from)
        .collect();
    for file in files {
        let name = file.name();
        let state = state.clone();
        let reader = gloo::file::callbacks::read_as_bytes(&file, move |result| {
            let outcome = result.map_err(|e| e.to_string()).and_then(|bytes| {
                if bytes.iter().take(8192).any(|&b| b == 0) {
                    return Err("it is a binary file".to_owned());
                }
                String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())
            });
            match outcome {
                Ok(text) => state.dispatch(Action::Upload(vec![SourceFile {
                    name: name.clone(),
                    text,
                }])),
                Err(why) => state.dispatch(Action::Notice(Some(format!(
                    "Could not open {name}: {why}."
                )))),
            }
        });
        readers.borrow_mut().push(reader);
    }
}

fn download(name: &str, bytes: &[u8], mime: &str) {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = gloo::utils::document();
    if let Some(anchor) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
