//! The rules reference, generated from the core's rule metadata — the same that `drydock rules`
//! prints — with each rule's setting for this workspace.
//!
//! The rules' Markdown docs are not in the wasm (it is built without the core's `docs` feature, to
//! keep them out of the first load): they are fetched once, when this page is first opened, from
//! the JSON file `cargo xtask build` writes and names in `<meta name="drydock-rule-docs">`; the
//! service worker precaches it with the other assets, so it is there offline after one visit.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use drydock_core::rules::{FixKind, RuleMeta};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::markdown;
use crate::saved::RuleChoice;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The rule to show first and highlight, from `#rules/<id>`.
    pub focus: Option<String>,
    pub settings: std::collections::BTreeMap<String, RuleChoice>,
    pub on_choice: Callback<(String, Option<RuleChoice>)>,
}

/// Where the rule docs are, once fetched.
#[derive(Clone)]
enum RuleDocs {
    Loading,
    Loaded(Rc<HashMap<String, String>>),
    Failed(String),
}

thread_local! {
    /// The docs, once fetched: opening the page again does not fetch them again.
    static LOADED: RefCell<Option<Rc<HashMap<String, String>>>> = const { RefCell::new(None) };
}

/// The docs file's address, from the page (a build names it by its contents' hash).
fn rule_docs_url() -> String {
    crate::assets::named_in_page("drydock-rule-docs", "./rule-docs.json")
}

async fn fetch_rule_docs() -> Result<HashMap<String, String>, String> {
    let url = rule_docs_url();
    let unreachable = || format!("{url} could not be fetched");
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(&url))
        .await
        .map_err(|_| unreachable())?
        .dyn_into::<web_sys::Response>()
        .map_err(|_| unreachable())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| unreachable())?)
        .await
        .map_err(|_| unreachable())?
        .as_string()
        .ok_or_else(unreachable)?;
    crate::assets::string_map(&text).map_err(|e| format!("{url}: {e}"))
}

/// The docs' state, and a callback that fetches them again after a failure.
#[hook]
fn use_rule_docs() -> (RuleDocs, Callback<()>) {
    let state = use_state(|| {
        LOADED
            .with(|loaded| loaded.borrow().clone())
            .map_or(RuleDocs::Loading, RuleDocs::Loaded)
    });
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with(*attempt, move |_| {
            if !matches!(*state, RuleDocs::Loaded(_)) {
                state.set(RuleDocs::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    match fetch_rule_docs().await {
                        Ok(docs) => {
                            let docs = Rc::new(docs);
                            LOADED.with(|loaded| *loaded.borrow_mut() = Some(Rc::clone(&docs)));
                            state.set(RuleDocs::Loaded(docs));
                        }
                        Err(error) => state.set(RuleDocs::Failed(error)),
                    }
                });
            }
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    ((*state).clone(), retry)
}

#[function_component(RulesPage)]
pub fn rules_page(props: &Props) -> Html {
    let rules: Vec<&'static RuleMeta> = drydock_core::rules::all().collect();
    let (docs, retry) = use_rule_docs();
    {
        // Scroll to the rule again once the docs arrive (they move it down the page) or could not
        // be loaded (on the first render the page may not hold the app yet).
        let focus = props.focus.clone();
        let settled = !matches!(docs, RuleDocs::Loading);
        use_effect_with((focus, settled), |(focus, _)| {
            if let Some(id) = focus
                && let Some(element) = gloo::utils::document().get_element_by_id(&anchor(id))
            {
                element.scroll_into_view();
            }
        });
    }
    html! {
        <section class="rules-page" aria-label="Rules reference">
            <div class="rules-head">
                <h2>{ format!("Rules ({})", rules.len()) }</h2>
                <a href="#" class="back">{ "← Back to the editor" }</a>
            </div>
            { docs_status(&docs, &retry) }
            { for rules.iter().map(|rule| rule_card(rule, props, &docs)) }
        </section>
    }
}

fn anchor(id: &str) -> String {
    format!("rule-{}", id.replace('/', "-"))
}

/// Says that the docs are on their way, or why they are missing and how to get them.
fn docs_status(docs: &RuleDocs, retry: &Callback<()>) -> Html {
    match docs {
        RuleDocs::Loaded(_) => Html::default(),
        RuleDocs::Loading => html! {
            <p class="rule-docs-status" role="status">{ "Loading the rules' documentation…" }</p>
        },
        RuleDocs::Failed(error) => {
            let onclick = retry.reform(|_: MouseEvent| ());
            html! {
                <div class="rule-docs-status failed" role="alert">
                    <p>
                        { "The rules' documentation could not be loaded (" }{ error.clone() }{ "). " }
                        { "It is downloaded the first time this page is opened, and kept for offline use \
                           after that: connect to the network and try again." }
                    </p>
                    <button type="button" class="retry-docs" {onclick}>{ "Try again" }</button>
                </div>
            }
        }
    }
}

/// The rule's summary: the docs file's (the module is built without summaries, as without docs),
/// empty until it is loaded.
fn summary_of<'d>(rule: &'d RuleMeta, docs: &'d RuleDocs) -> &'d str {
    match docs {
        RuleDocs::Loaded(docs) if rule.summary.is_empty() => docs
            .get(&format!("{}#summary", rule.id))
            .map_or("", String::as_str),
        _ => rule.summary,
    }
}

fn rule_docs(rule: &RuleMeta, docs: &RuleDocs) -> Html {
    match docs {
        RuleDocs::Loaded(docs) => match docs.get(rule.id) {
            Some(markdown) => markdown::render(markdown),
            None => {
                html! { <p class="rule-docs-missing">{ "No documentation for this rule in this build." }</p> }
            }
        },
        RuleDocs::Loading => {
            html! { <p class="rule-docs-missing">{ "Loading the documentation…" }</p> }
        }
        RuleDocs::Failed(_) => {
            html! { <p class="rule-docs-missing">{ "Documentation unavailable (see above)." }</p> }
        }
    }
}

fn rule_card(rule: &RuleMeta, props: &Props, docs: &RuleDocs) -> Html {
    let focused = props.focus.as_deref() == Some(rule.id);
    let choice = props.settings.get(rule.id).copied();
    let on_change = {
        let (on_choice, id) = (props.on_choice.clone(), rule.id.to_owned());
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let choice = match select.value().as_str() {
                    "off" => Some(RuleChoice::Off),
                    "error" => Some(RuleChoice::Error),
                    "warning" => Some(RuleChoice::Warning),
                    "info" => Some(RuleChoice::Info),
                    _ => None,
                };
                on_choice.emit((id.clone(), choice));
            }
        })
    };
    let option = |value: &'static str, label: String, selected: bool| html! { <option {value} {selected}>{ label }</option> };
    html! {
        <article id={anchor(rule.id)} class={classes!("rule-card", focused.then_some("focused"))}>
            <header class="rule-card-head">
                <h3><code>{ rule.id }</code></h3>
                <label>
                    <span class="visually-hidden">{ format!("Setting for {}", rule.id) }</span>
                    <select onchange={on_change} aria-label={format!("Setting for {}", rule.id)}>
                        { option("default", format!("Default ({}{})", rule.severity, if rule.enabled_by_default { "" } else { ", off" }), choice.is_none()) }
                        { option("error", "Error".into(), choice == Some(RuleChoice::Error)) }
                        { option("warning", "Warning".into(), choice == Some(RuleChoice::Warning)) }
                        { option("info", "Note".into(), choice == Some(RuleChoice::Info)) }
                        { option("off", "Off".into(), choice == Some(RuleChoice::Off)) }
                    </select>
                </label>
            </header>
            <p class="rule-summary">{ markdown::inline(summary_of(rule, docs)) }</p>
            <p class="rule-meta">
                { format!("Severity: {} · {}", rule.severity, match rule.fix {
                    FixKind::Always => "always fixable",
                    FixKind::Sometimes => "sometimes fixable",
                    FixKind::None => "no automatic fix",
                }) }
                if !rule.mirrors.is_empty() {
                    { format!(" · Mirrors: {}", rule.mirrors.iter().map(|m| format!("{} {}", m.tool, m.id)).collect::<Vec<_>>().join(", ")) }
                }
            </p>
            <div class="rule-docs">{ rule_docs(rule, docs) }</div>
        </article>
    }
}
