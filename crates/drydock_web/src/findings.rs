//! The findings panel: every finding of the workspace, grouped by file.

use std::rc::Rc;

use drydock_core::{Finding, Severity};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Rc<Vec<Finding>>,
    pub on_select: Callback<Finding>,
}

#[function_component(FindingsPanel)]
pub fn findings_panel(props: &Props) -> Html {
    let count = |severity| {
        props
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in props.findings.iter() {
        match groups.last_mut() {
            Some((path, group)) if *path == finding.path => group.push(finding),
            _ => groups.push((&finding.path, vec![finding])),
        }
    }
    html! {
        <section class="findings" aria-label="Findings">
            <h2 class="findings-title">
                { "Findings" }
                <span class="counts" data-errors={errors.to_string()} data-warnings={warnings.to_string()}>
                    <span class="count error">{ plural(errors, "error") }</span>
                    <span class="count warning">{ plural(warnings, "warning") }</span>
                    <span class="count info">{ plural(infos, "note") }</span>
                </span>
            </h2>
            if props.findings.is_empty() {
                <p class="empty">{ "No problems found." }</p>
            }
            { for groups.into_iter().map(|(path, group)| html! {
                <div class="finding-group" key={path.to_owned()}>
                    <h3 class="finding-file">{ path }</h3>
                    <ul class="finding-list">
                        { for group.into_iter().map(|finding| finding_item(finding, &props.on_select)) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

fn finding_item(finding: &Finding, on_select: &Callback<Finding>) -> Html {
    let onclick = {
        let (finding, on_select) = (finding.clone(), on_select.clone());
        Callback::from(move |_: MouseEvent| on_select.emit(finding.clone()))
    };
    let severity = finding.severity.as_str();
    html! {
        <li class={classes!("finding", severity)}>
            <button
                type="button"
                class="finding-button"
                data-rule={finding.rule}
                data-file={finding.path.clone()}
                data-line={finding.start.line.to_string()}
                title="Select in the file"
                {onclick}
            >
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="location">{ format!("{}:{}", finding.start.line, finding.start.column) }</span>
                <span class="message">{ &finding.message }</span>
                <span class="rule">{ finding.rule }</span>
                if let Some(help) = &finding.help {
                    <span class="help">{ help }</span>
                }
                if let Some(fix) = &finding.fix {
                    <span class="fix">{ format!("Fix: {}", fix.title) }</span>
                }
            </button>
        </li>
    }
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
