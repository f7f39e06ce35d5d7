//! Renders the subset of Markdown that rule docs use (headings, paragraphs, fenced code, bullet
//! lists, inline code) into Yew nodes. Never through innerHTML: text stays text.

use yew::prelude::*;

pub fn render(markdown: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = Vec::new();
    let mut lines = markdown.lines();
    let flush = |paragraph: &mut Vec<&str>, list: &mut Vec<&str>, blocks: &mut Vec<Html>| {
        if !paragraph.is_empty() {
            blocks.push(html! { <p>{ inline(&paragraph.join(" ")) }</p> });
            paragraph.clear();
        }
        if !list.is_empty() {
            blocks.push(html! { <ul>{ for list.iter().map(|item| html! { <li>{ inline(item) }</li> }) }</ul> });
            list.clear();
        }
    };
    while let Some(line) = lines.next() {
        if let Some(language) = line.strip_prefix("```") {
            flush(&mut paragraph, &mut list, &mut blocks);
            let code: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            let class = format!("language-{}", language.trim());
            blocks.push(html! { <pre class={classes!("code", class)}><code>{ code.join("\n") }</code></pre> });
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut list, &mut blocks);
            blocks.push(html! { <h3>{ heading }</h3> });
        } else if let Some(item) = line.strip_prefix("- ") {
            if !paragraph.is_empty() {
                flush(&mut paragraph, &mut Vec::new(), &mut blocks);
            }
            list.push(item);
        } else if line.trim().is_empty() {
            flush(&mut paragraph, &mut list, &mut blocks);
        } else if !list.is_empty() && line.starts_with("  ") {
            // A wrapped list item continues the last one; keep it simple: a new item line.
            list.push(line.trim());
        } else {
            paragraph.push(line.trim());
        }
    }
    flush(&mut paragraph, &mut list, &mut blocks);
    html! { <>{ for blocks }</> }
}

/// Inline code spans between backticks; everything else is plain text. A backtick left without
/// its pair stays a backtick.
pub fn inline(text: &str) -> Html {
    if text.matches('`').count() % 2 == 1 {
        return html! { { text.to_owned() } };
    }
    let parts: Vec<Html> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect();
    html! { <>{ for parts }</> }
}
