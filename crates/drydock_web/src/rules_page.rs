//! The rules reference, generated from the core's rule metadata — the same that `drydock rules`
//! prints — with each rule's setting for this workspace.

use drydock_core::rules::{FixKind, RuleMeta};
use yew::prelude::*;

use crate::markdown;
use crate::state::RuleChoice;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The rule to show first and highlight, from `#rules/<id>`.
    pub focus: Option<String>,
    pub settings: std::collections::BTreeMap<String, RuleChoice>,
    pub on_choice: Callback<(String, Option<RuleChoice>)>,
}

#[function_component(RulesPage)]
pub fn rules_page(props: &Props) -> Html {
    let rules: Vec<&'static RuleMeta> = drydock_core::rules::all().collect();
    {
        let focus = props.focus.clone();
        use_effect_with(focus, |focus| {
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
            { for rules.iter().map(|rule| rule_card(rule, props)) }
        </section>
    }
}

fn anchor(id: &str) -> String {
    format!("rule-{}", id.replace('/', "-"))
}

fn rule_card(rule: &RuleMeta, props: &Props) -> Html {
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
            <p class="rule-summary">{ rule.summary }</p>
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
            <div class="rule-docs">{ markdown::render(rule.docs) }</div>
        </article>
    }
}
