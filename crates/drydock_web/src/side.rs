//! The column beside the editor: the findings, and a tab with the topology diagram of the same
//! files. The playground always offers the tab; an embed offers it unless its host turned it off
//! (`diagram=0`).

use std::rc::Rc;

use drydock_core::{Finding, Workspace};
use yew::prelude::*;

use crate::diagram::Diagram;
use crate::findings::FindingsPanel;
use crate::state::Filter;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: Workspace,
    pub findings: Rc<Vec<Finding>>,
    pub filter: Filter,
    /// The editor's cursor: file and byte offset (the diagram marks what it is in).
    pub cursor: Option<(String, usize)>,
    /// Whether the topology tab is offered.
    pub diagram: bool,
    pub on_filter: Callback<Filter>,
    pub on_select: Callback<Finding>,
    pub on_fix: Callback<Finding>,
    /// Select `[start, end)` of a file in the editor.
    pub on_reveal: Callback<(String, usize, usize)>,
}

#[function_component(Side)]
pub fn side(props: &Props) -> Html {
    let show_diagram = use_state(|| false);
    let findings = html! {
        <FindingsPanel findings={props.findings.clone()} filter={props.filter.clone()}
            on_filter={props.on_filter.clone()} on_select={props.on_select.clone()} on_fix={props.on_fix.clone()} />
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
                <button type="button" role="tab" id="side-topology" aria-selected={show_diagram.to_string()}
                    onclick={tab(true)}>{ "Topology" }</button>
            </div>
            if *show_diagram {
                <Diagram workspace={props.workspace.clone()} findings={props.findings.clone()}
                    cursor={props.cursor.clone()} on_reveal={props.on_reveal.clone()} />
            } else {
                { findings }
            }
        </div>
    }
}
