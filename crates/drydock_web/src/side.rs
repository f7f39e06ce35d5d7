//! The column beside the editor: the findings, and a tab with the topology diagram of the same
//! files. The playground always offers the tab; an embed offers it unless its host turned it off
//! (`diagram=0`).

use std::rc::Rc;

use drydock_core::Finding;
use drydock_engine::Engine;
use yew::prelude::*;

use crate::diagram::Diagram;
use crate::findings::FindingsPanel;
use crate::state::{Action, State};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<State>,
    pub findings: Rc<Vec<Finding>>,
    /// The editor's cursor: file and byte offset (the diagram marks what it is in).
    pub cursor: Option<(String, usize)>,
    /// Whether the topology tab is offered.
    pub diagram: bool,
}

#[function_component(Side)]
pub fn side(props: &Props) -> Html {
    let state = &props.state;
    let show_diagram = use_state(|| false);
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
    let on_fix = {
        let state = state.clone();
        use_callback((), move |finding: Finding, ()| {
            if let Some(fix) = finding.fix {
                state.dispatch(Action::ApplyFix {
                    path: finding.path,
                    fix,
                });
            }
        })
    };
    let on_filter = {
        let state = state.clone();
        use_callback((), move |filter, ()| {
            state.dispatch(Action::SetFilter(filter))
        })
    };
    let findings = html! {
        <FindingsPanel findings={props.findings.clone()} filter={state.filter.clone()} {on_filter} {on_select} {on_fix} />
    };
    if !props.diagram {
        return html! { <div class="side">{ findings }</div> };
    }
    let tab = |diagram: bool| {
        let show = show_diagram.clone();
        Callback::from(move |_: MouseEvent| show.set(diagram))
    };
    html! {
        <div class="side">
            <div class="side-tabs" role="tablist" aria-label="Results">
                <button type="button" role="tab" id="side-findings" aria-selected={(!*show_diagram).to_string()}
                    onclick={tab(false)}>{ "Findings" }</button>
                // The diagram engine loads when the tab opens; a pointer or the focus on the tab
                // starts it a moment earlier.
                <button type="button" role="tab" id="side-topology" aria-selected={show_diagram.to_string()}
                    onclick={tab(true)} onpointerenter={|_| crate::engine::prefetch(Engine::Diagram)}
                    onfocus={|_| crate::engine::prefetch(Engine::Diagram)}>{ "Topology" }</button>
            </div>
            if *show_diagram {
                // The workspace is copied for the diagram only while it is shown.
                <Diagram workspace={state.workspace.clone()} findings={props.findings.clone()} cursor={props.cursor.clone()}
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
