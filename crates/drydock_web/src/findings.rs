//! The findings panel: every finding of the workspace grouped by file, with counts, filters by
//! severity and rule, and click to jump.

use std::rc::Rc;

use drydock_core::{Finding, Severity};
use yew::prelude::*;

use crate::fixes::Scope;
use crate::state::Filter;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub findings: Rc<Vec<Finding>>,
    pub filter: Filter,
    pub on_filter: Callback<Filter>,
    pub on_select: Callback<Finding>,
    pub on_fix: Callback<Finding>,
    /// The file of the editor's active tab ("fix all" in it).
    pub active: Option<AttrValue>,
    /// "Fix all", in a file or in the workspace: the app previews it first.
    pub on_fix_all: Callback<Scope>,
    /// Show a finding's fix as a diff beside its "Apply fix" button (the element given).
    pub on_preview: Callback<(Finding, web_sys::Element)>,
}

#[function_component(FindingsPanel)]
pub fn findings_panel(props: &Props) -> Html {
    let _timing = crate::timing::Span::start("render FindingsPanel");
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
    let mut shown: Vec<&Finding> = props
        .findings
        .iter()
        .filter(|finding| props.filter.shows(finding))
        .collect();
    // Within each file (files in the order they come), what breaks first: errors, then
    // warnings, then notes, each by line (the sort is stable).
    let mut files: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for finding in &shown {
        let next = files.len();
        files.entry(finding.path.as_str()).or_insert(next);
    }
    shown.sort_by_key(|finding| {
        (
            files.get(finding.path.as_str()).copied(),
            std::cmp::Reverse(finding.severity),
        )
    });
    // A long list costs a re-render on every keystroke: show the first page, and the rest on
    // request (the counts above always cover everything).
    let limit = use_state(|| PAGE);
    let hidden = shown.len().saturating_sub(*limit);
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for finding in shown.iter().copied().take(*limit) {
        match groups.last_mut() {
            Some((path, group)) if *path == finding.path => group.push(finding),
            _ => groups.push((&finding.path, vec![finding])),
        }
    }
    let fixable = |path: Option<&str>| {
        props
            .findings
            .iter()
            .filter(|finding| finding.fix.is_some() && path.is_none_or(|path| finding.path == path))
            .count()
    };
    let active = props.active.as_deref();
    let (fixable_here, fixable_anywhere) =
        (active.map_or(0, |path| fixable(Some(path))), fixable(None));
    let fix_all = |scope: Scope| {
        let on_fix_all = props.on_fix_all.clone();
        Callback::from(move |_: MouseEvent| on_fix_all.emit(scope.clone()))
    };
    let mut rules: Vec<&'static str> = props.findings.iter().map(|finding| finding.rule).collect();
    rules.sort_unstable();
    rules.dedup();

    let toggle = |flag: fn(&mut Filter) -> &mut bool| {
        let (filter, on_filter) = (props.filter.clone(), props.on_filter.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = filter.clone();
            let value = flag(&mut next);
            *value = !*value;
            on_filter.emit(next);
        })
    };
    let on_rule = {
        let (filter, on_filter) = (props.filter.clone(), props.on_filter.clone());
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                on_filter.emit(Filter {
                    rule: (!value.is_empty()).then_some(value),
                    ..filter.clone()
                });
            }
        })
    };

    html! {
        <section class="findings" aria-label="Findings">
            <div class="findings-head">
                <h2 class="findings-title">{ "Findings" }</h2>
                <div class="counts" role="group" aria-label="Filter by severity">
                    <button type="button" class="count error" aria-pressed={(!props.filter.hide_errors).to_string()}
                        data-count={errors.to_string()} onclick={toggle(|f| &mut f.hide_errors)}>{ plural(errors, "error") }</button>
                    <button type="button" class="count warning" aria-pressed={(!props.filter.hide_warnings).to_string()}
                        data-count={warnings.to_string()} onclick={toggle(|f| &mut f.hide_warnings)}>{ plural(warnings, "warning") }</button>
                    <button type="button" class="count info" aria-pressed={(!props.filter.hide_infos).to_string()}
                        data-count={infos.to_string()} onclick={toggle(|f| &mut f.hide_infos)}>{ plural(infos, "note") }</button>
                </div>
                <label class="rule-filter">
                    <span class="visually-hidden">{ "Filter by rule" }</span>
                    <select onchange={on_rule} aria-label="Filter by rule">
                        <option value="" selected={props.filter.rule.is_none()}>{ "All rules" }</option>
                        { for rules.iter().map(|rule| html! {
                            <option value={*rule} selected={props.filter.rule.as_deref() == Some(*rule)}>{ *rule }</option>
                        }) }
                    </select>
                </label>
            </div>
            if fixable_anywhere > 0 {
                <div class="fix-all" role="group" aria-label="Fix all">
                    if let (Some(path), true) = (active, fixable_here > 0) {
                        <button type="button" class="fix-all-file" data-count={fixable_here.to_string()}
                            title={format!("Preview and apply every fix in {path}")}
                            onclick={fix_all(Scope::File(path.to_owned()))}>{ format!("Fix all in {path} ({fixable_here})") }</button>
                    }
                    if fixable_anywhere > fixable_here {
                        <button type="button" class="fix-all-workspace" data-count={fixable_anywhere.to_string()}
                            title="Preview and apply every fix in every file"
                            onclick={fix_all(Scope::Workspace)}>{ format!("Fix all files ({fixable_anywhere})") }</button>
                    }
                </div>
            }
            if props.findings.is_empty() {
                <p class="empty">{ "No problems found." }</p>
            } else if shown.is_empty() {
                <p class="empty">{ "Every finding is filtered out." }</p>
            }
            { for groups.into_iter().map(|(path, group)| html! {
                <div class="finding-group" key={path.to_owned()}>
                    <h3 class="finding-file">{ path }</h3>
                    <ul class="finding-list">
                        { for group.into_iter().map(|finding| finding_item(finding, props)) }
                    </ul>
                </div>
            }) }
            if hidden > 0 {
                <button type="button" class="show-more" onclick={{
                    let limit = limit.clone();
                    move |_| limit.set(*limit + PAGE * 4)
                }}>{ format!("Show {} more of {} findings", hidden.min(PAGE * 4), shown.len()) }</button>
            }
        </section>
    }
}

/// How many findings the panel lists before "Show more".
const PAGE: usize = 100;

fn finding_item(finding: &Finding, props: &Props) -> Html {
    let on_fix = {
        let (finding, on_fix) = (finding.clone(), props.on_fix.clone());
        Callback::from(move |_: MouseEvent| {
            crate::editor::hide_fix_preview();
            on_fix.emit(finding.clone())
        })
    };
    let onclick = {
        let (finding, on_select) = (finding.clone(), props.on_select.clone());
        Callback::from(move |_: MouseEvent| on_select.emit(finding.clone()))
    };
    // The change the fix makes, shown while the pointer or the focus is on its button.
    let preview = {
        let (finding, on_preview) = (finding.clone(), props.on_preview.clone());
        move |event: Event| {
            if let Some(anchor) = event.target_dyn_into::<web_sys::Element>() {
                on_preview.emit((finding.clone(), anchor));
            }
        }
    };
    let severity = finding.severity.as_str();
    html! {
        <li class={classes!("finding", severity)}>
            // The row the rule link and "Apply fix" are placed in: the preview below it never
            // moves them.
            <div class="finding-row">
            <button
                type="button"
                class="finding-button"
                data-rule={finding.rule}
                data-file={finding.path.clone()}
                data-line={finding.start.line.to_string()}
                title="Show in the file"
                {onclick}
            >
                <span class={classes!("severity", severity)}>{ severity }</span>
                <span class="location">{ format!("{}:{}", finding.start.line, finding.start.column) }</span>
                // For the time-to-interactive measurement: when the browser drew the first finding.
                // Messages write code between backticks: shown as code.
                <span class="message" elementtiming="drydock-finding">{ crate::markdown::inline(&finding.message) }</span>
                if let Some(help) = &finding.help {
                    <span class="help">{ crate::markdown::inline(help) }</span>
                }
                if let Some(fix) = &finding.fix {
                    <span class="fix">{ "Quick fix: " }{ crate::markdown::inline(&fix.title) }</span>
                }
            </button>
            <a class="rule" href={format!("#rules/{}", finding.rule)}>{ finding.rule }</a>
            if finding.fix.is_some() {
                <button type="button" class="apply-fix" onclick={on_fix}
                    onmouseenter={{ let preview = preview.clone(); move |e: MouseEvent| preview(e.into()) }}
                    onfocus={move |e: FocusEvent| preview(e.into())}
                    onmouseleave={|_| crate::editor::hide_fix_preview()}
                    onblur={|_| crate::editor::hide_fix_preview()}>{ "Apply fix" }</button>
            }
            </div>
        </li>
    }
}

pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
