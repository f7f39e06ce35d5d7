//! The topology pane: the core's diagram of the workspace (see `drydock_topology`), drawn
//! as SVG by Yew, at a size where its smallest text is as large as the editor's: larger drawings
//! are panned (drag, or scroll), not shrunk; "Fit" shrinks one to the pane on demand, and
//! Ctrl + wheel or the buttons zoom. Hovering or focusing a
//! node shows its details; clicking (or Enter) selects its source in the editor; the editor's
//! cursor highlights the node it is in. Arrow keys walk the graph: right and left follow edges,
//! up and down move within a column.

use std::rc::Rc;

use drydock_core::{Finding, Severity, Workspace};
use drydock_engine::{Engine, Output, Task};
use drydock_layout::{Layout, Rect};
use drydock_topology::{
    self as topology, DETAIL_FONT, Fixed, KIND_FONT, NAME_FONT, NODE_PAD_X, NodeKind, SvgTheme,
    Topology, View, detail_baseline, kind_baseline, name_baseline,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub workspace: Workspace,
    /// The kustomizations' renders: what they deploy is drawn in place of the files they read.
    pub renders: Rc<Vec<drydock_core::rendered::Rendered>>,
    pub findings: Rc<Vec<Finding>>,
    /// The editor's cursor: file and byte offset.
    pub cursor: Option<(String, usize)>,
    /// Select `[start, end)` of a file in the editor.
    pub on_reveal: Callback<(String, usize, usize)>,
}

/// What the pointer or the keyboard is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Node(usize),
    Edge(usize),
}

/// Pan and zoom: the drawing is translated, then scaled.
#[derive(Clone, Copy, PartialEq, Debug)]
struct View2d {
    x: f64,
    y: f64,
    scale: f64,
}

/// The editor's font size in CSS pixels (`.editor-host .cm-editor` in style.css): no text of the
/// diagram is drawn smaller at the default zoom (a browser test holds the two together).
const EDITOR_FONT: f64 = 13.0;
/// The smallest text of a drawing: the kind line and the details (`drydock_topology`), and the
/// tags and badges (style.css).
const SMALLEST_FONT: f64 = if KIND_FONT < DETAIL_FONT {
    KIND_FONT
} else {
    DETAIL_FONT
};
/// Room around the drawing.
const MARGIN: f64 = 12.0;

impl Default for View2d {
    /// Readable: the smallest text as large as the editor's, the drawing at the top left.
    fn default() -> Self {
        View2d {
            x: MARGIN,
            y: MARGIN,
            // Rounded up as the transform writes it (three decimals).
            scale: (EDITOR_FONT / SMALLEST_FONT * 1000.0).ceil() / 1000.0,
        }
    }
}

struct Drawing {
    topology: Topology,
    layout: Layout,
}

#[function_component(Diagram)]
pub fn diagram(props: &Props) -> Html {
    let view = use_state(|| View::Kubernetes);
    let pan = use_state(View2d::default);
    let hovered = use_state(|| None::<Item>);
    let drag = use_mut_ref(|| None::<(f64, f64, View2d)>);
    let svg_ref = use_node_ref();

    // The diagram engine (a worker: `engine.rs`) draws the workspace; its answers arrive a
    // moment later. Until the first one, an empty drawing and the engine's status are shown.
    let status = crate::engine::use_engine_status(Engine::Diagram);
    // The latest answer, numbered, and the number of the latest question (older answers are
    // dropped: the workspace changed since).
    let made = use_state(|| None::<(u64, Rc<topology::Drawing>)>);
    let problem = use_state(|| None::<String>);
    let asked = use_mut_ref(|| 0_u64);
    {
        let (made, problem, asked) = (made.clone(), problem.clone(), asked.clone());
        use_effect_with(
            (props.workspace.clone(), props.renders.clone(), *view),
            move |(workspace, renders, view)| {
                let serial = {
                    let mut asked = asked.borrow_mut();
                    *asked += 1;
                    *asked
                };
                let task = Task::Diagram {
                    view: *view,
                    renders: drydock_core::rendered::Rendered::to_wire(renders),
                };
                crate::engine::request(task, workspace.files.clone(), move |answer| {
                    if *asked.borrow() != serial {
                        return;
                    }
                    match answer {
                        Ok(Output::Diagram { drawing }) => {
                            match topology::Drawing::from_wire(&drawing) {
                                Some(drawing) => {
                                    problem.set(None);
                                    made.set(Some((serial, Rc::new(drawing))));
                                }
                                None => problem.set(Some(
                                    "the diagram engine's drawing could not be read".into(),
                                )),
                            }
                        }
                        Ok(_) => {
                            problem.set(Some("the diagram engine answered something else".into()))
                        }
                        Err(why) => problem.set(Some(why)),
                    }
                });
            },
        );
    }
    let drawing = use_memo(
        (
            made.as_ref().map(|(serial, _)| *serial),
            props.findings.clone(),
        ),
        {
            let made = (*made).clone();
            move |(_, findings)| match made {
                Some((_, drawn)) => {
                    let mut topology = drawn.topology.clone();
                    topology.count_findings(findings);
                    Drawing {
                        topology,
                        layout: drawn.layout.clone(),
                    }
                }
                None => Drawing {
                    topology: Topology::default(),
                    layout: Layout::default(),
                },
            }
        },
    );
    let drawn = made.is_some();
    // A new drawing starts unzoomed.
    {
        let pan = pan.clone();
        use_effect_with(*view, move |_| pan.set(View2d::default()));
    }
    use_effect_with((), |()| register_benchmark());

    let topology = &drawing.topology;
    let layout = &drawing.layout;
    let (drawing_w, drawing_h) = (layout.width, layout.height);
    let current = props
        .cursor
        .as_ref()
        .and_then(|(path, offset)| topology.node_at(path, *offset));

    let reveal = {
        let on_reveal = props.on_reveal.clone();
        let drawing = drawing.clone();
        Callback::from(move |item: Item| {
            let source = match item {
                Item::Node(i) => drawing.topology.nodes.get(i).and_then(|n| n.source.clone()),
                Item::Edge(i) => drawing.topology.edges.get(i).and_then(|e| e.source.clone()),
            };
            if let Some(source) = source {
                on_reveal.emit((source.path, source.range.start, source.range.end));
            }
        })
    };

    let on_wheel = {
        let pan = pan.clone();
        let svg_ref = svg_ref.clone();
        Callback::from(move |event: WheelEvent| {
            event.prevent_default();
            // The wheel scrolls the drawing; with Ctrl (or a trackpad's pinch, which browsers
            // report so) it zooms at the pointer.
            if !(event.ctrl_key() || event.meta_key()) {
                let (dx, dy) = if event.shift_key() && event.delta_x() == 0.0 {
                    (event.delta_y(), 0.0)
                } else {
                    (event.delta_x(), event.delta_y())
                };
                pan.set(View2d {
                    x: pan.x - dx,
                    y: pan.y - dy,
                    scale: pan.scale,
                });
                return;
            }
            let factor = if event.delta_y() < 0.0 {
                1.15
            } else {
                1.0 / 1.15
            };
            let (px, py) = pointer_in(
                &svg_ref,
                f64::from(event.client_x()),
                f64::from(event.client_y()),
            );
            pan.set(zoom_at(*pan, factor, px, py));
        })
    };
    let on_down = {
        let (pan, drag) = (pan.clone(), drag.clone());
        Callback::from(move |event: PointerEvent| {
            // Only the background pans; nodes and edges take clicks.
            let on_background = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|t| t.class_list().contains("diagram-background"));
            if on_background && event.button() == 0 {
                if let Some(target) = event.target_dyn_into::<web_sys::Element>() {
                    let _ = target.set_pointer_capture(event.pointer_id());
                }
                *drag.borrow_mut() = Some((
                    f64::from(event.client_x()),
                    f64::from(event.client_y()),
                    *pan,
                ));
            }
        })
    };
    let on_move = {
        let (pan, drag) = (pan.clone(), drag.clone());
        Callback::from(move |event: PointerEvent| {
            if let Some((x0, y0, start)) = *drag.borrow() {
                pan.set(View2d {
                    x: start.x + f64::from(event.client_x()) - x0,
                    y: start.y + f64::from(event.client_y()) - y0,
                    scale: start.scale,
                });
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let zoom_button = |factor: f64| {
        let (pan, svg_ref) = (pan.clone(), svg_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = pane_size(&svg_ref);
            pan.set(zoom_at(*pan, factor, w / 2.0, h / 2.0))
        })
    };
    // On demand only: the whole drawing in the pane, however small its text gets.
    let on_fit = {
        let (pan, svg_ref) = (pan.clone(), svg_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = pane_size(&svg_ref);
            pan.set(fit_view((w, h), (drawing_w, drawing_h)))
        })
    };
    let on_readable = {
        let pan = pan.clone();
        Callback::from(move |_: MouseEvent| pan.set(View2d::default()))
    };

    let on_view = |next: View| {
        let view = view.clone();
        Callback::from(move |_: MouseEvent| view.set(next))
    };
    let export = |format: &'static str| {
        let drawing = drawing.clone();
        Callback::from(move |_: MouseEvent| export(&drawing, format))
    };

    let node_count = topology.nodes.len();
    let keydown = {
        let (drawing, reveal) = (drawing.clone(), reveal.clone());
        move |index: usize| {
            let (drawing, reveal) = (drawing.clone(), reveal.clone());
            Callback::from(move |event: KeyboardEvent| {
                let next = match event.key().as_str() {
                    "Enter" | " " => {
                        event.prevent_default();
                        reveal.emit(Item::Node(index));
                        return;
                    }
                    "ArrowRight" => follow(&drawing.topology, &drawing.layout, index, true),
                    "ArrowLeft" => follow(&drawing.topology, &drawing.layout, index, false),
                    "ArrowDown" => vertical(&drawing.layout, index, true),
                    "ArrowUp" => vertical(&drawing.layout, index, false),
                    _ => return,
                };
                event.prevent_default();
                if let Some(next) = next {
                    focus_node(next);
                }
            })
        }
    };

    let transform = format!(
        "translate({:.1} {:.1}) scale({:.3})",
        Fixed(pan.x),
        Fixed(pan.y),
        Fixed(pan.scale)
    );
    let details = hovered.and_then(|item| item_details(topology, item));
    let description = topology::export::describe(topology);
    let empty = node_count == 0;

    html! {
        <section class="diagram" aria-label="Topology" data-drawing={made.as_ref().map_or(0, |(serial, _)| *serial).to_string()}>
            <div class="diagram-bar">
                <div class="segmented" role="group" aria-label="Diagram view">
                    { for View::ALL.into_iter().map(|v| html! {
                        <button type="button" aria-pressed={(v == *view).to_string()} onclick={on_view(v)} data-view={v.as_str()}>
                            { match v { View::Kubernetes => "Kubernetes", View::Dockerfile => "Dockerfile", View::Together => "Together", View::Compose => "Compose" } }
                        </button>
                    }) }
                </div>
                <div class="diagram-tools">
                    <button type="button" class="icon" title="Zoom in" aria-label="Zoom in" onclick={zoom_button(1.25)}>{ "+" }</button>
                    <button type="button" class="icon" title="Zoom out" aria-label="Zoom out" onclick={zoom_button(0.8)}>{ "−" }</button>
                    <button type="button" class="icon" title="Fit the whole drawing in the pane" aria-label="Fit" data-zoom="fit" onclick={on_fit}>{ "⤢" }</button>
                    <button type="button" class="icon" title="Readable size: text as large as the editor's" aria-label="1:1, readable size" data-zoom="readable" onclick={on_readable}>{ "1:1" }</button>
                    <span class="diagram-export" role="group" aria-label="Export">
                        <button type="button" onclick={export("svg")} data-export="svg">{ "SVG" }</button>
                        <button type="button" onclick={export("png")} data-export="png">{ "PNG" }</button>
                        <button type="button" onclick={export("mermaid")} data-export="mermaid">{ "Mermaid" }</button>
                        <button type="button" onclick={export("dot")} data-export="dot">{ "DOT" }</button>
                    </span>
                </div>
            </div>
            if let (false, Some(why)) = (drawn, &*problem) {
                <p class="diagram-empty failed" role="alert" data-engine={status.name()}>
                    { format!("The diagram could not be drawn: {why}. Findings are still checked; the diagram comes back after a reload online.") }
                </p>
            } else if !drawn {
                <p class="diagram-empty" data-engine={status.name()}>{ "Loading the diagram engine…" }</p>
            } else if empty {
                <p class="diagram-empty">{ match *view {
                    View::Kubernetes => "No Kubernetes objects in the workspace.",
                    View::Dockerfile => "No Dockerfile in the workspace.",
                    View::Together => "Nothing to draw: add a Dockerfile or Kubernetes manifests.",
                    View::Compose => "No Compose file in the workspace.",
                } }</p>
            } else {
                <div class="diagram-canvas">
                    <svg ref={svg_ref.clone()} class="diagram-svg" role="group"
                        aria-labelledby="diagram-title diagram-desc"
                        data-nodes={node_count.to_string()} data-edges={topology.edges.len().to_string()}
                        onwheel={on_wheel} onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up}>
                        <title id="diagram-title">{ "Topology of the workspace" }</title>
                        <desc id="diagram-desc">{ description }</desc>
                        <defs>
                            <marker id="diagram-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
                            </marker>
                            <marker id="diagram-arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                                <path d="M0,0 L10,5 L0,10 z" class="arrow-head broken" />
                            </marker>
                        </defs>
                        <rect class="diagram-background" width="100%" height="100%" />
                        <g transform={transform}>
                            { for topology.groups.iter().zip(&layout.groups).filter_map(|(group, rect)| rect.map(|r| html! {
                                <g class="diagram-group" data-group={group.id.clone()}>
                                    <rect x={f(r.x)} y={f(r.y)} width={f(r.width)} height={f(r.height)} rx="8" />
                                    <text x={f(r.x + 10.0)} y={f(r.y + 18.0)}>{ group.label.clone() }</text>
                                </g>
                            })) }
                            { for topology.edges.iter().zip(&layout.edges).enumerate().map(|(i, (edge, route))| {
                                let from = topology.nodes.get(edge.from).map(|n| n.label.clone()).unwrap_or_default();
                                let to = topology.nodes.get(edge.to).map(|n| n.label.clone()).unwrap_or_default();
                                let onclick = { let reveal = reveal.clone(); Callback::from(move |_: MouseEvent| reveal.emit(Item::Edge(i))) };
                                let onenter = { let hovered = hovered.clone(); Callback::from(move |_: MouseEvent| hovered.set(Some(Item::Edge(i)))) };
                                let highlighted = current.is_some_and(|c| c == edge.from || c == edge.to);
                                html! {
                                    <g class={classes!("diagram-edge", edge.broken.then_some("broken"), highlighted.then_some("current"))}
                                        data-from={topology.nodes.get(edge.from).map(|n| n.id.clone())}
                                        data-to={topology.nodes.get(edge.to).map(|n| n.id.clone())}
                                        data-label={edge.label.clone()} onclick={onclick} onmouseenter={onenter}>
                                        <title>{ format!("{from} → {to}{}", edge.label.as_deref().map(|l| format!(": {l}")).unwrap_or_default()) }</title>
                                        <path class="hit" d={topology::export::path_data(&route.points)} />
                                        <path class="line" d={topology::export::path_data(&route.points)}
                                            marker-end={if edge.broken { "url(#diagram-arrow-broken)" } else { "url(#diagram-arrow)" }} />
                                        if let (Some(label), Some(r)) = (&edge.label, route.label) {
                                            <rect class="edge-label" x={f(r.x)} y={f(r.y)} width={f(r.width)} height={f(r.height)} rx="4" />
                                            <text class="edge-label-text" x={f(r.x + r.width / 2.0)} y={f(r.bottom() - 5.0)} font-size={f(DETAIL_FONT)}>{ label.clone() }</text>
                                        }
                                    </g>
                                }
                            }) }
                            { for topology.nodes.iter().zip(&layout.nodes).enumerate().map(|(i, (node, r))| {
                                let onclick = { let reveal = reveal.clone(); Callback::from(move |_: MouseEvent| reveal.emit(Item::Node(i))) };
                                let onenter = { let hovered = hovered.clone(); Callback::from(move |_: MouseEvent| hovered.set(Some(Item::Node(i)))) };
                                // A node the keyboard reaches off the pane is panned into it.
                                let onfocus = {
                                    let (hovered, pan, svg_ref, r) = (hovered.clone(), pan.clone(), svg_ref.clone(), *r);
                                    Callback::from(move |_: FocusEvent| {
                                        hovered.set(Some(Item::Node(i)));
                                        if let Some(next) = pan_to_show(*pan, pane_size(&svg_ref), r) {
                                            pan.set(next);
                                        }
                                    })
                                };
                                let severity = node.worst.map(Severity::as_str);
                                let label = format!("{} {}{}", node.kind_label, node.label, match node.findings {
                                    0 => String::new(),
                                    1 => ", 1 finding".to_owned(),
                                    n => format!(", {n} findings"),
                                });
                                html! {
                                    <g id={format!("diagram-node-{i}")} class={classes!("diagram-node", format!("kind-{}", node.kind.as_str()), severity.map(|s| format!("worst-{s}")), (current == Some(i)).then_some("current"))}
                                        data-id={node.id.clone()} data-findings={node.findings.to_string()} data-severity={severity}
                                        tabindex="0" role="button"
                                        onclick={onclick} onmouseenter={onenter} onfocus={onfocus} onkeydown={keydown(i)}>
                                        <title>{ node.details.iter().fold(label, |acc, d| format!("{acc}\n{d}")) }</title>
                                        <rect class="box" x={f(r.x)} y={f(r.y)} width={f(r.width)} height={f(r.height)} rx="6" />
                                        <rect class="accent" x={f(r.x)} y={f(r.y + 4.0)} width="4" height={f(r.height - 8.0)} rx="2" />
                                        <text class="kind" x={f(r.x + NODE_PAD_X)} y={f(r.y + kind_baseline())} font-size={f(KIND_FONT)}>{ node.kind_label.clone() }</text>
                                        <text class="name" x={f(r.x + NODE_PAD_X)} y={f(r.y + name_baseline())} font-size={f(NAME_FONT)}>{ node.label.clone() }</text>
                                        { for node.details.iter().enumerate().map(|(line, detail)| html! {
                                            <text class="detail" x={f(r.x + NODE_PAD_X)} y={f(r.y + detail_baseline(line))} font-size={f(DETAIL_FONT)}>{ detail.clone() }</text>
                                        }) }
                                        if node.findings > 0 {
                                            <g class="badge">
                                                <circle cx={f(r.right() - 16.0)} cy={f(r.y + 16.0)} r="10" />
                                                <text x={f(r.right() - 16.0)} y={f(r.y + 20.0)}>{ node.findings.to_string() }</text>
                                            </g>
                                        }
                                        if let Some(badge) = &node.badge {
                                            <text class="tag" x={f(r.right() - if node.findings > 0 { 32.0 } else { 8.0 })} y={f(r.y + kind_baseline())}>{ badge.to_uppercase() }</text>
                                        }
                                    </g>
                                }
                            }) }
                        </g>
                    </svg>
                    <div class="diagram-legend" aria-hidden="true">
                        <span class="swatch broken" />{ "broken reference" }
                        <span class="swatch error" />{ "has errors" }
                        <span class="swatch warning" />{ "has warnings" }
                    </div>
                </div>
                <div class="diagram-details" aria-live="polite">
                    { match details {
                        Some((title, lines)) => html! {
                            <>
                                <strong>{ title }</strong>
                                { for lines.into_iter().map(|l| html! { <span>{ l }</span> }) }
                            </>
                        },
                        None => html! { <span class="muted">{ "Hover or focus a node for its details; click it to select its source. Drag or scroll to pan, Ctrl + scroll to zoom, arrow keys to walk the graph." }</span> },
                    } }
                </div>
            }
        </section>
    }
}

fn f(value: f64) -> String {
    format!("{:.1}", Fixed(value))
}

/// The pane's size in CSS pixels, which are the SVG's coordinates (it has no `viewBox`).
fn pane_size(svg: &NodeRef) -> (f64, f64) {
    svg.cast::<web_sys::Element>().map_or((560.0, 360.0), |e| {
        let rect = e.get_bounding_client_rect();
        (rect.width(), rect.height())
    })
}

/// The view moved just enough to show `rect` (of the drawing) whole in the pane, or `None` when
/// it already is.
fn pan_to_show(view: View2d, pane: (f64, f64), rect: Rect) -> Option<View2d> {
    let axis = |offset: f64, start: f64, size: f64, room: f64| {
        let (from, to) = (
            offset + start * view.scale,
            offset + (start + size) * view.scale,
        );
        if from < MARGIN {
            offset + MARGIN - from
        } else if to > room - MARGIN {
            // A box larger than the pane shows its start.
            offset - (to - (room - MARGIN)).min(from - MARGIN)
        } else {
            offset
        }
    };
    let x = axis(view.x, rect.x, rect.width, pane.0);
    let y = axis(view.y, rect.y, rect.height, pane.1);
    (x != view.x || y != view.y).then_some(View2d { x, y, ..view })
}

/// A pointer position in the SVG's coordinates.
fn pointer_in(svg: &NodeRef, x: f64, y: f64) -> (f64, f64) {
    svg.cast::<web_sys::Element>().map_or((0.0, 0.0), |e| {
        let rect = e.get_bounding_client_rect();
        (x - rect.left(), y - rect.top())
    })
}

/// The view that shows all of a `drawing`-sized drawing in a `pane`-sized pane, centred
/// (never larger than the readable size).
fn fit_view(pane: (f64, f64), drawing: (f64, f64)) -> View2d {
    let readable = View2d::default().scale;
    let room = (
        (pane.0 - 2.0 * MARGIN).max(1.0),
        (pane.1 - 2.0 * MARGIN).max(1.0),
    );
    let scale = (room.0 / drawing.0.max(1.0))
        .min(room.1 / drawing.1.max(1.0))
        .clamp(0.05, readable);
    View2d {
        x: (pane.0 - drawing.0 * scale) / 2.0,
        y: MARGIN,
        scale,
    }
}

/// Zooms by `factor` keeping the point (`px`, `py`) of the drawing's box still.
fn zoom_at(view: View2d, factor: f64, px: f64, py: f64) -> View2d {
    let scale = (view.scale * factor).clamp(0.05, 4.0);
    let ratio = scale / view.scale;
    View2d {
        x: px - (px - view.x) * ratio,
        y: py - (py - view.y) * ratio,
        scale,
    }
}

/// The neighbour an arrow key goes to: the nearest (by height) successor or predecessor.
fn follow(topology: &Topology, layout: &Layout, from: usize, forward: bool) -> Option<usize> {
    let y = layout.nodes.get(from).map_or(0.0, |r| r.center().y);
    topology
        .edges
        .iter()
        .filter_map(|e| match forward {
            true if e.from == from => Some(e.to),
            false if e.to == from => Some(e.from),
            _ => None,
        })
        .filter_map(|n| layout.nodes.get(n).map(|r| (n, (r.center().y - y).abs())))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n)
}

/// The node just below (or above) in the same column.
fn vertical(layout: &Layout, from: usize, down: bool) -> Option<usize> {
    let here: Rect = *layout.nodes.get(from)?;
    let column = |r: &Rect| r.x < here.right() && here.x < r.right();
    layout
        .nodes
        .iter()
        .enumerate()
        .filter(|(i, r)| *i != from && column(r))
        .filter(|(_, r)| if down { r.y > here.y } else { r.y < here.y })
        .min_by(|a, b| (a.1.y - here.y).abs().total_cmp(&(b.1.y - here.y).abs()))
        .map(|(i, _)| i)
}

fn focus_node(index: usize) {
    if let Some(element) = gloo::utils::document()
        .get_element_by_id(&format!("diagram-node-{index}"))
        .and_then(|e| e.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = element.focus();
    }
}

fn item_details(topology: &Topology, item: Item) -> Option<(String, Vec<String>)> {
    match item {
        Item::Node(i) => {
            let node = topology.nodes.get(i)?;
            let mut lines = node.details.clone();
            if node.findings > 0 {
                lines.push(format!(
                    "{} finding{}, worst: {}",
                    node.findings,
                    if node.findings == 1 { "" } else { "s" },
                    node.worst.map_or("none", Severity::as_str)
                ));
            }
            if node.kind == NodeKind::Ghost {
                lines.push("Referenced, but not in the workspace.".into());
            }
            if let Some(source) = &node.source {
                lines.push(source.path.clone());
            }
            Some((format!("{}: {}", node.kind_label, node.label), lines))
        }
        Item::Edge(i) => {
            let edge = topology.edges.get(i)?;
            let name = |n: usize| {
                topology
                    .nodes
                    .get(n)
                    .map_or(String::new(), |n| n.label.clone())
            };
            let mut lines = Vec::new();
            if let Some(label) = &edge.label {
                lines.push(label.clone());
            }
            lines.extend(edge.details.iter().cloned());
            if edge.broken {
                lines.push("Broken reference.".into());
            }
            Some((format!("{} → {}", name(edge.from), name(edge.to)), lines))
        }
    }
}

fn dark_theme() -> bool {
    let root = gloo::utils::document().document_element();
    match root.and_then(|r| r.get_attribute("data-theme")).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => crate::editor::prefers_dark(),
    }
}

fn export(drawing: &Drawing, format: &str) {
    let theme = if dark_theme() {
        SvgTheme::Dark
    } else {
        SvgTheme::Light
    };
    let name = format!("topology-{}", drawing.topology.view.as_str());
    match format {
        "svg" => download(
            &format!("{name}.svg"),
            &topology::to_svg(&drawing.topology, &drawing.layout, theme),
            "image/svg+xml",
        ),
        "mermaid" => download(
            &format!("{name}.mmd"),
            &topology::to_mermaid(&drawing.topology),
            "text/plain",
        ),
        "dot" => download(
            &format!("{name}.dot"),
            &topology::to_dot(&drawing.topology),
            "text/vnd.graphviz",
        ),
        "png" => png(
            &format!("{name}.png"),
            &topology::to_svg(&drawing.topology, &drawing.layout, theme),
            drawing.layout.width,
            drawing.layout.height,
        ),
        _ => {}
    }
}

/// Saves `text` as a file through a temporary object URL.
fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(name, &url);
    let _ = web_sys::Url::revoke_object_url(&url);
}

fn click_link(name: &str, href: &str) {
    if let Some(anchor) = gloo::utils::document()
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        anchor.set_href(href);
        anchor.set_download(name);
        anchor.click();
    }
    // Tests read what was exported last.
    if let Some(body) = gloo::utils::document().body() {
        let _ = body.set_attribute("data-last-export", name);
    }
}

/// The SVG drawn onto a canvas at twice the size, saved as PNG.
fn png(name: &str, svg: &str, width: f64, height: f64) {
    let document = gloo::utils::document();
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let src = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    );
    let name = name.to_owned();
    let loaded = image.clone();
    let onload = Closure::once(move || {
        let Some(canvas) = document
            .create_element("canvas")
            .ok()
            .and_then(|e| e.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        let scale = 2.0;
        canvas.set_width((width * scale).ceil().clamp(1.0, 16_000.0) as u32);
        canvas.set_height((height * scale).ceil().clamp(1.0, 16_000.0) as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.scale(scale, scale);
        let _ = context.draw_image_with_html_image_element(&loaded, 0.0, 0.0);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            click_link(&name, &url);
        }
    });
    image.set_onload(Some(onload.as_ref().unchecked_ref()));
    // The closure runs once, when the image loads; it must outlive this call.
    onload.forget();
    image.set_src(&src);
}

/// `window.drydockLayoutBenchmark(nodes, runs)`: a promise of the milliseconds per layout of a
/// generated graph of `nodes` nodes, laid out `runs` times in wasm by the diagram engine (one
/// round trip to its worker, included; the browser test reports it).
fn register_benchmark() {
    let window = gloo::utils::window();
    let closure = Closure::<dyn Fn(u32, u32) -> js_sys::Promise>::new(|nodes: u32, runs: u32| {
        js_sys::Promise::new(&mut |resolve, reject| {
            let performance = gloo::utils::window().performance();
            let now = move || performance.as_ref().map_or(0.0, web_sys::Performance::now);
            let runs = runs.max(1);
            let start = now();
            let task = Task::LayoutSample {
                nodes: nodes as usize,
                runs: runs as usize,
            };
            crate::engine::request(task, Vec::new(), move |answer| {
                let _ = match answer {
                    Ok(_) => resolve.call1(
                        &JsValue::NULL,
                        &JsValue::from_f64((now() - start) / f64::from(runs)),
                    ),
                    Err(why) => reject.call1(&JsValue::NULL, &JsValue::from_str(&why)),
                };
            });
        })
    });
    let _ = js_sys::Reflect::set(
        &window,
        &JsValue::from_str("drydockLayoutBenchmark"),
        closure.as_ref(),
    );
    // Lives as long as the page.
    closure.forget();
}
