//! The Rendered tab: what each kustomization and each Helm chart of the workspace deploys, as
//! `kubectl kustomize` and `helm template` print it (the Kustomize and Helm engines' renders),
//! read-only, every line linked to the file and line that wrote it, and a line that prints a
//! value a chart's values file set also to that values line.

use std::rc::Rc;

use drydock_core::LineIndex;
use drydock_core::Workspace;
use drydock_core::rendered::Rendered;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub renders: Rc<Vec<Rendered>>,
    /// The workspace: a line's source is revealed only when the workspace has it.
    pub workspace: Rc<Workspace>,
    /// Reveals `(file, start, end)` in the editor.
    pub on_reveal: Callback<(String, usize, usize)>,
}

/// One printed line and where it came from (`Eq`, so that comparing the same `Rc` of lines, as
/// the memos do on every render, is a pointer comparison).
#[derive(Clone, PartialEq, Eq)]
struct Line {
    text: String,
    /// The workspace file, the written range, and its 1-based line.
    source: Option<(Rc<str>, usize, usize, usize)>,
    /// Where a values file set the value the line prints (a chart's `values.yaml`), the same way.
    value: Option<(Rc<str>, usize, usize, usize)>,
}

#[function_component(RenderedPanel)]
pub fn rendered_panel(props: &Props) -> Html {
    let _timing = crate::timing::Span::start("render RenderedPanel");
    let chosen = use_state(|| 0_usize);
    let index = (*chosen).min(props.renders.len().saturating_sub(1));
    let Some(render) = props.renders.get(index) else {
        return html! {
            <div class="rendered-panel">
                <p class="rendered-empty">{ "Nothing is rendered yet." }</p>
            </div>
        };
    };
    // The render's documents, each a component: a keystroke changes one document of a render,
    // and only its lines are drawn again.
    let documents = use_memo(
        (props.renders.clone(), index, props.workspace.clone()),
        |(renders, index, workspace)| {
            crate::timing::time("rendered lines", || {
                renders
                    .get(*index)
                    .map(|render| documents(render, workspace))
                    .unwrap_or_default()
            })
        },
    );
    // One listener for every line: a line is a button that names what it reveals.
    let on_click = {
        let on_reveal = props.on_reveal.clone();
        Callback::from(move |event: MouseEvent| {
            let line = event
                .target_dyn_into::<web_sys::Element>()
                .and_then(|target| {
                    target
                        .closest(".rendered-line[data-source], .rendered-value[data-source]")
                        .ok()
                        .flatten()
                });
            if let Some(line) = line {
                let number = |name: &str| line.get_attribute(name).and_then(|v| v.parse().ok());
                if let (Some(file), Some(start), Some(end)) = (
                    line.get_attribute("data-source"),
                    number("data-start"),
                    number("data-end"),
                ) {
                    on_reveal.emit((file, start, end));
                }
            }
        })
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                chosen.set(select.value().parse().unwrap_or(0));
            }
        })
    };
    let failed = render
        .findings
        .iter()
        .any(|f| f.severity == drydock_core::Severity::Error);
    html! {
        <div class="rendered-panel">
            <div class="rendered-head">
                if props.renders.len() > 1 {
                    <select class="rendered-choice" aria-label="Render" onchange={on_choose}>
                        { for props.renders.iter().enumerate().map(|(at, r)| html! {
                            <option value={at.to_string()} selected={at == index}>{ &r.name }</option>
                        }) }
                    </select>
                } else {
                    <span class="rendered-name">{ &render.name }</span>
                }
                <span class="rendered-note">{
                    match (render.is_chart(), failed) {
                        (false, true) => " · kustomize would refuse this kustomization (see its findings); shown as far as it renders",
                        (false, false) => " · as kubectl kustomize prints it; a line opens where it was written",
                        (true, true) => " · helm template would refuse this chart (see its findings); shown as far as it renders",
                        (true, false) => " · as helm template prints it; a line opens the template line that wrote it, a value's link its values line",
                    }
                }</span>
            </div>
            <pre class="rendered" data-render={render.name.clone()} onclick={on_click}>
                { for documents.iter().map(|(first, lines)| html! {
                    <RenderedDocument first={*first} lines={lines.clone()} />
                }) }
            </pre>
        </div>
    }
}

/// The lines of one document of a render, numbered from `first` (1-based).
#[derive(Properties, PartialEq)]
struct DocumentProps {
    first: usize,
    lines: Rc<[Line]>,
}

#[function_component(RenderedDocument)]
fn rendered_document(props: &DocumentProps) -> Html {
    html! {
        { for props.lines.iter().enumerate().map(|(at, line)| {
            let number = (props.first + at).to_string();
            match (&line.source, &line.value) {
                (Some((file, start, end, source_line)), None) => html! {
                    <button type="button" class="rendered-line" data-line={number}
                        data-source={file.to_string()} data-source-line={source_line.to_string()}
                        data-start={start.to_string()} data-end={end.to_string()}
                        title={format!("{file}:{source_line}")}>
                        { &line.text }
                    </button>
                },
                // A printed value: the line opens the template, a second link the values line.
                (Some((file, start, end, source_line)), Some((values, v_start, v_end, v_line))) => html! {
                    <span class="rendered-row">
                        <button type="button" class="rendered-line" data-line={number}
                            data-source={file.to_string()} data-source-line={source_line.to_string()}
                            data-start={start.to_string()} data-end={end.to_string()}
                            title={format!("{file}:{source_line} · value from {values}:{v_line}")}>
                            { &line.text }
                        </button>
                        <button type="button" class="rendered-value"
                            data-source={values.to_string()} data-source-line={v_line.to_string()}
                            data-start={v_start.to_string()} data-end={v_end.to_string()}
                            title={format!("The value was set at {values}:{v_line}")}>
                            { format!("{}:{v_line}", values.rsplit('/').next().unwrap_or(values)) }
                        </button>
                    </span>
                },
                (None, _) => html! { <span class="rendered-line" data-line={number}>{ &line.text }</span> },
            }
        }) }
    }
}

/// Each line of the render with the origin of its text (from its first character past the
/// indentation and a list's `- `), cut into documents (a `---` line starts one), each with its
/// first line's number (1-based).
fn documents(render: &Rendered, workspace: &Workspace) -> Vec<(usize, Rc<[Line]>)> {
    let spans = render.index();
    let values = render.values_index();
    // A line index per source file, made when a line first points into it; its name shared by
    // every line from it.
    let mut indexes: Vec<Option<(Rc<str>, LineIndex<'_>)>> = Vec::new();
    indexes.resize_with(render.sources.len(), || None);
    let mut out = Vec::new();
    let mut document: Vec<Line> = Vec::new();
    let mut first = 1;
    let mut offset = 0;
    for (at, text) in render.text.split_inclusive('\n').enumerate() {
        let content = text.trim_end_matches('\n');
        if !document.is_empty() && content.starts_with("---") {
            out.push((first, Rc::from(std::mem::take(&mut document))));
            first = at + 1;
        }
        let lead = content.len() - content.trim_start().trim_start_matches("- ").len();
        let range = drydock_core::TextRange::new(offset + lead, offset + content.len());
        // A `key: value` line is where its value was written (an overlay's `newTag`, not the
        // base's `image:` key); the whole line when the value has no origin of its own.
        let value = content
            .get(lead..)
            .and_then(|rest| rest.find(": ").map(|at| lead + at + 2))
            .filter(|&at| at < content.len())
            .map(|at| drydock_core::TextRange::new(offset + at, offset + content.len()));
        offset += text.len();
        let origin = value
            .and_then(|value| spans.origin_at(value))
            .or_else(|| spans.origin_at(range));
        let mut place = |(file, origin): (usize, drydock_core::TextRange)| {
            let slot = indexes.get_mut(file)?;
            if slot.is_none() {
                let path = render.sources.get(file)?;
                let found = workspace.files.iter().find(|f| same_path(&f.name, path))?;
                *slot = Some((Rc::from(found.name.as_str()), LineIndex::new(&found.text)));
            }
            let (name, index) = slot.as_ref()?;
            let line = index.position(origin.start).line as usize;
            Some((name.clone(), origin.start, origin.end, line))
        };
        let source = origin.and_then(&mut place);
        // Only charts have values; the value printed after `key: ` or as the line's item.
        let value = if render.values.is_empty() {
            None
        } else {
            value
                .and_then(|value| values.holding(value))
                .or_else(|| values.holding(range))
                .and_then(&mut place)
        };
        document.push(Line {
            text: content.to_owned(),
            source,
            value,
        });
    }
    if !document.is_empty() {
        out.push((first, Rc::from(document)));
    }
    out
}

fn same_path(name: &str, path: &str) -> bool {
    name.trim_start_matches("./") == path.trim_start_matches("./")
}
