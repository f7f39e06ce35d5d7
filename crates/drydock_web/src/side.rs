//! The column beside the editor: the findings, a tab with the topology diagram of the same
//! files (the playground always offers it; an embed unless its host turned it off, `diagram=0`),
//! and, when the workspace holds kustomizations, a tab with what they render.

use std::rc::Rc;

use drydock_core::Finding;
use drydock_engine::Engine;
use yew::prelude::*;

use crate::diagram::Diagram;
use crate::findings::FindingsPanel;
use crate::fixes::Scope;
use crate::rendered::RenderedPanel;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<State>,
    pub findings: Rc<Vec<Finding>>,
    /// The editor's cursor: file and byte offset (the diagram marks what it is in).
    pub cursor: Option<(String, usize)>,
    /// Whether the topology tab is offered.
    pub diagram: bool,
    /// The kustomizations' renders (the Rendered tab is offered when there are some).
    pub renders: Rc<Vec<drydock_core::rendered::Rendered>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Findings,
    Topology,
    Rendered,
}

#[function_component(Side)]
pub fn side(props: &Props) -> Html {
    let state = &props.state;
    let shown = use_state(|| Tab::Findings);
    // Made once: the findings panel re-renders only when the findings or the filter change (a
    // dispatch from an old handle reaches the current state).
    let on_select = {
        let state = state.clone();
        use_callback((), move |finding: Finding, ()| {
            state.dispatch(Action::Reveal {
                path: finding.path.clone(),
                start: finding.range.start,
                end: finding.range.end,
            });
        })
    };
    // The callbacks below are made once (so the panel does not re-render for them) and read the
    // workspace and findings of the latest render when they run.
    let latest = use_mut_ref(|| (state.clone(), props.findings.clone()));
    *latest.borrow_mut() = (state.clone(), props.findings.clone());
    let on_fix = {
        let (state, latest) = (state.clone(), latest.clone());
        use_callback((), move |finding: Finding, ()| {
            let plan = crate::fixes::plan_one(&latest.borrow().0.workspace, &finding);
            if let Some(plan) = plan {
                state.dispatch(Action::ApplyFixes {
                    what: plan.what.clone(),
                    files: plan.fixed_files(),
                });
            }
        })
    };
    // "Fix all" shows what it will change first, in a dialog; applied if the user says so.
    let on_fix_all = {
        let (state, latest) = (state.clone(), latest.clone());
        use_callback((), move |scope: Scope, ()| {
            let plan = {
                let (current, findings) = &*latest.borrow();
                crate::fixes::plan(&current.workspace, findings, &scope)
            };
            let Some(plan) = plan else {
                return;
            };
            let answer = crate::editor::show_fix_dialog(&crate::fixes::plan_json(&plan));
            let state = state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(answer).await
                    == Ok(wasm_bindgen::JsValue::TRUE)
                {
                    state.dispatch(Action::ApplyFixes {
                        what: plan.what.clone(),
                        files: plan.fixed_files(),
                    });
                }
            });
        })
    };
    // One fix's change, beside its button while the pointer or the focus is on it.
    let on_preview = {
        let latest = latest.clone();
        use_callback(
            (),
            move |(finding, anchor): (Finding, web_sys::Element), ()| {
                let plan = crate::fixes::plan_one(&latest.borrow().0.workspace, &finding);
                if let Some(plan) = plan {
                    crate::editor::show_fix_preview(&anchor, &crate::fixes::plan_json(&plan));
                }
            },
        )
    };
    let undo_bar = state.undo.as_ref().map(|undo| {
        let state = state.clone();
        html! {
            <div class="undo-bar" role="status">
                <span>{ undo.what.clone() }</span>
                <button type="button" class="undo" onclick={move |_| state.dispatch(Action::Undo)}>{ "Undo" }</button>
            </div>
        }
    });
    let active = state
        .workspace
        .files
        .get(state.active)
        .map(|file| AttrValue::from(file.name.clone()));
    let on_filter = {
        let state = state.clone();
        use_callback((), move |filter, ()| {
            state.dispatch(Action::SetFilter(filter))
        })
    };
    let findings = html! {
        <>
            { for undo_bar }
            <FindingsPanel findings={props.findings.clone()} filter={state.filter.clone()} {active}
                {on_filter} {on_select} {on_fix} {on_fix_all} {on_preview} />
        </>
    };
    let rendered = !props.renders.is_empty();
    if !props.diagram && !rendered {
        return html! { <div class="side">{ findings }</div> };
    }
    // A tab that is no longer offered shows the findings.
    let current = match *shown {
        Tab::Rendered if !rendered => Tab::Findings,
        Tab::Topology if !props.diagram => Tab::Findings,
        tab => tab,
    };
    let tab = |tab: Tab| {
        let show = shown.clone();
        Callback::from(move |_: MouseEvent| show.set(tab))
    };
    let on_reveal = {
        let state = state.clone();
        Callback::from(move |(path, start, end)| {
            state.dispatch(Action::Reveal { path, start, end })
        })
    };
    html! {
        <div class="side">
            <div class="side-tabs" role="tablist" aria-label="Results">
                <button type="button" role="tab" id="side-findings" aria-selected={(current == Tab::Findings).to_string()}
                    onclick={tab(Tab::Findings)}>{ "Findings" }</button>
                if props.diagram {
                    // The diagram engine loads when the tab opens; a pointer or the focus on the
                    // tab starts it a moment earlier.
                    <button type="button" role="tab" id="side-topology" aria-selected={(current == Tab::Topology).to_string()}
                        onclick={tab(Tab::Topology)} onpointerenter={|_| crate::engine::prefetch(Engine::Diagram)}
                        onfocus={|_| crate::engine::prefetch(Engine::Diagram)}>{ "Topology" }</button>
                }
                if rendered {
                    <button type="button" role="tab" id="side-rendered" aria-selected={(current == Tab::Rendered).to_string()}
                        onclick={tab(Tab::Rendered)}>{ "Rendered" }</button>
                }
            </div>
            if current == Tab::Rendered {
                <RenderedPanel renders={props.renders.clone()} workspace={Rc::new(state.workspace.clone())} {on_reveal} />
            } else if current == Tab::Topology {
                // The workspace is copied for the diagram only while it is shown.
                <Diagram workspace={state.workspace.clone()} renders={props.renders.clone()} findings={props.findings.clone()} cursor={props.cursor.clone()}
                    on_reveal={{
                        let state = state.clone();
                        Callback::from(move |(path, start, end)| state.dispatch(Action::Reveal { path, start, end }))
                    }} />
            } else {
                { findings }
            }
        </div>
    }
}
