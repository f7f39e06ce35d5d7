//! The editor widget: CodeMirror 6 behind a thin wasm-bindgen boundary (`editor/src/editor.js`,
//! bundled by `cargo xtask` with esbuild). Yew owns the text; the widget reports edits and shows
//! what it is given. Positions crossing the boundary are UTF-16 offsets.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use drydock_base::json;
use drydock_core::Finding;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;
use yew::prelude::*;

#[wasm_bindgen(module = "/editor/dist/editor.js")]
extern "C" {
    pub type EditorHandle;

    #[wasm_bindgen(js_name = createEditor)]
    fn create_editor(parent: &HtmlElement, text: &str, options: &JsValue) -> EditorHandle;

    #[wasm_bindgen(method, js_name = setText)]
    fn set_text(this: &EditorHandle, text: &str);

    #[wasm_bindgen(method, js_name = setLanguage)]
    fn set_language(this: &EditorHandle, language: &str);

    #[wasm_bindgen(method, js_name = setReadOnly)]
    fn set_read_only(this: &EditorHandle, read_only: bool);

    #[wasm_bindgen(method)]
    fn reveal(this: &EditorHandle, from: u32, to: u32);

    #[wasm_bindgen(method)]
    fn destroy(this: &EditorHandle);

    #[wasm_bindgen(js_name = setDiagnosticsJson)]
    fn set_diagnostics_json(editor: &EditorHandle, json: &str);

    #[wasm_bindgen(js_name = prefersDark)]
    pub fn prefers_dark() -> bool;

    /// Raw deflate by the browser (`CompressionStream("deflate-raw")`): a promise of the bytes.
    #[wasm_bindgen(js_name = deflateRaw)]
    pub fn deflate_raw(bytes: &[u8]) -> js_sys::Promise;

    /// Shows the "fix all" dialog for a plan (see `fixes::plan_json`); resolves to whether the
    /// user chose Apply.
    #[wasm_bindgen(js_name = showFixDialog)]
    pub fn show_fix_dialog(json: &str) -> js_sys::Promise;

    /// Shows one fix's diff beside `anchor` (its "Apply fix" button), replacing any other.
    #[wasm_bindgen(js_name = showFixPreview)]
    pub fn show_fix_preview(anchor: &web_sys::Element, json: &str);

    #[wasm_bindgen(js_name = hideFixPreview)]
    pub fn hide_fix_preview();
}

/// Converts findings of one file to the editor's JSON, byte offsets to UTF-16: a list of
/// `{"from","to","severity","message","help","rule","fixes":[{"title","edits":[{"from","to",
/// "insert"}]}]}`, written by hand (a serde derive weighs more in the first load).
pub fn diagnostics_json<'f>(text: &str, findings: impl Iterator<Item = &'f Finding>) -> String {
    let utf16 = Utf16::new(text);
    let mut out = String::from("[");
    let range = |out: &mut String, range: drydock_core::TextRange| {
        let _ = write!(
            out,
            "\"from\":{},\"to\":{}",
            utf16.offset(range.start),
            utf16.offset(range.end)
        );
    };
    for (i, finding) in findings.enumerate() {
        out.push_str(if i == 0 { "{" } else { ",{" });
        range(&mut out, finding.range);
        out.push_str(",\"severity\":\"");
        out.push_str(finding.severity.as_str());
        out.push_str("\",\"message\":");
        json::write_string(&mut out, &finding.message);
        out.push_str(",\"help\":");
        match &finding.help {
            Some(help) => json::write_string(&mut out, help),
            None => out.push_str("null"),
        }
        out.push_str(",\"rule\":");
        json::write_string(&mut out, finding.rule);
        out.push_str(",\"fixes\":[");
        for (j, fix) in finding.fix.iter().enumerate() {
            out.push_str(if j == 0 {
                "{\"title\":"
            } else {
                ",{\"title\":"
            });
            json::write_string(&mut out, &fix.title);
            out.push_str(",\"edits\":[");
            for (k, edit) in fix.edits.iter().enumerate() {
                out.push_str(if k == 0 { "{" } else { ",{" });
                range(&mut out, edit.range);
                out.push_str(",\"insert\":");
                json::write_string(&mut out, &edit.replacement);
                out.push('}');
            }
            out.push_str("]}");
        }
        out.push_str("]}");
    }
    out.push(']');
    out
}

/// Byte offsets to UTF-16 offsets for many offsets of one text: `LineIndex::utf16_offset`
/// counts from the start of the text on every call, which for a 5,000-line file and its
/// hundreds of findings cost more than checking it. Here each conversion counts from the start
/// of its line, and an ASCII text (most manifests) converts for free.
struct Utf16<'t> {
    text: &'t str,
    /// Byte and UTF-16 offset of every line start; empty for an ASCII text.
    lines: Vec<(usize, usize)>,
}

impl<'t> Utf16<'t> {
    fn new(text: &'t str) -> Self {
        let mut lines = Vec::new();
        if !text.is_ascii() {
            let (mut byte, mut utf16) = (0, 0);
            for line in text.split_inclusive('\n') {
                lines.push((byte, utf16));
                byte += line.len();
                utf16 += line.encode_utf16().count();
            }
        }
        Utf16 { text, lines }
    }

    fn offset(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if self.lines.is_empty() {
            return offset;
        }
        let line = self
            .lines
            .partition_point(|&(start, _)| start <= offset)
            .saturating_sub(1);
        let (start, utf16) = self.lines.get(line).copied().unwrap_or((0, 0));
        utf16
            + self
                .text
                .get(start..offset)
                .map_or(0, |s| s.encode_utf16().count())
    }
}

/// The findings of the file `name`.
fn own<'f>(all: &'f [Finding], name: &str) -> Vec<&'f Finding> {
    all.iter().filter(|f| f.path == name).collect()
}

/// Whether `new` (findings of `new_text`) are `old` (of `old_text`) moved by the one edit
/// between the texts, each finding wholly before or wholly after it: exactly how the editor moves
/// diagnostics it already has. A finding touching the edit, or any other change, is a no. With
/// no edit at all (the editor was just created with them, or only other files' findings changed),
/// they are the same findings.
fn moved_by_edit(old_text: &str, old: &[&Finding], new_text: &str, new: &[&Finding]) -> bool {
    if old.len() != new.len() {
        return false;
    }
    if old_text == new_text {
        return old == new;
    }
    let edit = crate::moved::OneEdit::between(old_text, new_text);
    let side = |offset: usize| edit.map(offset);
    old.iter().zip(new).all(|(old, new)| {
        let mut after = None;
        let mut moved = |range: drydock_core::TextRange| {
            let (Some((a, start)), Some((b, end))) = (side(range.start), side(range.end)) else {
                return None;
            };
            // Every offset of the finding on one side, so its fix moves with it as one.
            (a == b && *after.get_or_insert(a) == a).then_some((start, end))
        };
        let same_fix = match (&old.fix, &new.fix) {
            (None, None) => true,
            (Some(x), Some(y)) => {
                x.title == y.title
                    && x.edits.len() == y.edits.len()
                    && x.edits.iter().zip(&y.edits).all(|(e, f)| {
                        e.replacement == f.replacement
                            && moved(e.range) == Some((f.range.start, f.range.end))
                    })
            }
            _ => false,
        };
        same_fix
            && moved(old.range) == Some((new.range.start, new.range.end))
            && old.rule == new.rule
            && old.severity == new.severity
            && old.message == new.message
            && old.help == new.help
    })
}

/// A request to select a range; `serial` makes a repeated request for the same range count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Reveal {
    pub from: u32,
    pub to: u32,
    pub serial: u64,
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The file's name, for the editor's accessible label.
    pub name: AttrValue,
    pub text: AttrValue,
    pub language: &'static str,
    /// The workspace's findings; the editor shows those of its file (`name`).
    pub findings: Rc<Vec<Finding>>,
    pub on_change: Callback<String>,
    #[prop_or_default]
    pub reveal: Option<Reveal>,
    #[prop_or_default]
    pub read_only: bool,
    /// Whether the editor is shown (its tab is the active one); a hidden one is drawn when it is
    /// first shown or the browser is idle.
    #[prop_or_default]
    pub visible: bool,
    /// The cursor moved (a UTF-16 offset).
    #[prop_or_default]
    pub on_cursor: Callback<u32>,
}

/// A JavaScript-callable `(text, utf16_offset) -> json` for completion or hover.
type AssistClosure = Closure<dyn FnMut(String, u32) -> String>;

struct Live {
    handle: EditorHandle,
    // Kept alive as long as the editor: JavaScript calls them on edits, completion and hover.
    _on_change: Closure<dyn FnMut(String)>,
    _on_cursor: Closure<dyn FnMut(u32)>,
    _assist: Option<(AssistClosure, AssistClosure)>,
}

#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    // The element CodeMirror draws into, made once and handed to Yew as it is (`Html::VRef`).
    let host = use_memo((), |()| {
        gloo::utils::document()
            .create_element("div")
            .ok()
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
    });
    let live: Rc<RefCell<Option<Live>>> = use_mut_ref(|| None);
    // The newest callback, so the JavaScript closure made once always calls the current one.
    let on_change = use_mut_ref(|| props.on_change.clone());
    let on_cursor = use_mut_ref(|| props.on_cursor.clone());
    *on_cursor.borrow_mut() = props.on_cursor.clone();
    *on_change.borrow_mut() = props.on_change.clone();
    // The text the editor last reported, and the text and findings its diagnostics are for.
    let reported: Rc<RefCell<String>> = use_mut_ref(String::new);
    let shown = use_mut_ref(|| None::<(AttrValue, Rc<Vec<Finding>>)>);
    // Set when the app replaced the editor's text: the editor then cannot have moved its
    // diagnostics the way an edit moves them.
    let replaced = use_mut_ref(|| false);

    // The editor is created while the component first renders, into its element before Yew puts
    // that in the page, not in an effect after the render: the browser then computes the page's
    // styles and layout once, with the editor in it, instead of once for the first paint and again
    // when the editor arrives (the larger part of the time to interactive).
    if let Some(element) = host.as_ref()
        && live.borrow().is_none()
    {
        element.set_class_name("editor-host");
        // Set once: the pane is keyed by the file's name, so a renamed file gets a new editor.
        let _ = element.set_attribute("data-file", &props.name);
        let last = reported.clone();
        let on_change = on_change.clone();
        let closure = Closure::<dyn FnMut(String)>::new(move |text: String| {
            last.borrow_mut().clone_from(&text);
            let callback = on_change.borrow().clone();
            callback.emit(text);
        });
        let options = js_sys::Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = js_sys::Reflect::set(&options, &JsValue::from_str(key), value);
        };
        set("language", &JsValue::from_str(props.language));
        set("readOnly", &JsValue::from_bool(props.read_only));
        set("visible", &JsValue::from_bool(props.visible));
        set(
            "label",
            &JsValue::from_str(&format!("Contents of {}", props.name)),
        );
        set("onChange", closure.as_ref());
        let on_cursor = on_cursor.clone();
        let cursor = Closure::<dyn FnMut(u32)>::new(move |offset: u32| {
            let callback = on_cursor.borrow().clone();
            callback.emit(offset);
        });
        set("onCursor", cursor.as_ref());
        // Kubernetes field help in YAML files.
        let assist = (props.language == "yaml").then(|| {
            let complete =
                Closure::<dyn FnMut(String, u32) -> String>::new(|text: String, offset: u32| {
                    crate::assist::complete_json(&text, offset as usize)
                });
            let hover =
                Closure::<dyn FnMut(String, u32) -> String>::new(|text: String, offset: u32| {
                    crate::assist::hover_json(&text, offset as usize)
                });
            set("complete", complete.as_ref());
            set("hover", hover.as_ref());
            (complete, hover)
        });
        // Created with its diagnostics: one drawing of the editor, not two.
        let diagnostics = crate::timing::time("diagnostics_json", || {
            diagnostics_json(&props.text, own(&props.findings, &props.name).into_iter())
        });
        set("diagnostics", &JsValue::from_str(&diagnostics));
        let handle = crate::timing::time("editor create", || {
            create_editor(element, &props.text, &options)
        });
        *reported.borrow_mut() = props.text.to_string();
        *shown.borrow_mut() = Some((props.text.clone(), props.findings.clone()));
        *live.borrow_mut() = Some(Live {
            handle,
            _on_change: closure,
            _on_cursor: cursor,
            _assist: assist,
        });
    }
    {
        let live = live.clone();
        use_effect_with((), move |()| {
            move || {
                if let Some(live) = live.borrow_mut().take() {
                    live.handle.destroy();
                }
            }
        });
    }
    {
        let (live, reported, replaced) = (live.clone(), reported.clone(), replaced.clone());
        use_effect_with(props.text.clone(), move |text| {
            // The usual change is the one the editor just reported: nothing to send back.
            if *reported.borrow() == **text {
                return;
            }
            if let Some(live) = live.borrow().as_ref() {
                crate::timing::time("editor setText", || live.handle.set_text(text));
                reported.borrow_mut().clone_from(&text.to_string());
                *replaced.borrow_mut() = true;
            }
        });
    }
    // Both are no-ops in the widget when unchanged, as on the first render, which created the
    // editor with them.
    {
        let live = live.clone();
        use_effect_with(props.language, move |language| {
            if let Some(live) = live.borrow().as_ref() {
                live.handle.set_language(language);
            }
        });
    }
    {
        let live = live.clone();
        use_effect_with(props.read_only, move |read_only| {
            if let Some(live) = live.borrow().as_ref() {
                live.handle.set_read_only(*read_only);
            }
        });
    }
    {
        // Findings move with every edit before them. The editor moves its diagnostics along with
        // its edits too, so when the new findings are the old ones moved by the last edit (typing
        // outside every finding, the usual case), they are not converted and sent again.
        let (live, shown) = (live.clone(), shown.clone());
        use_effect_with(
            (
                props.findings.clone(),
                props.text.clone(),
                props.name.clone(),
            ),
            move |(findings, text, name)| {
                let replaced = std::mem::take(&mut *replaced.borrow_mut());
                let moved = crate::timing::time("findings moved?", || {
                    !replaced
                        && shown.borrow().as_ref().is_some_and(|(old_text, old)| {
                            moved_by_edit(old_text, &own(old, name), text, &own(findings, name))
                        })
                });
                if !moved && let Some(live) = live.borrow().as_ref() {
                    let json = crate::timing::time("diagnostics_json", || {
                        diagnostics_json(text, own(findings, name).into_iter())
                    });
                    crate::timing::time("editor setDiagnostics", || {
                        set_diagnostics_json(&live.handle, &json)
                    });
                }
                *shown.borrow_mut() = Some((text.clone(), findings.clone()));
            },
        );
    }
    {
        let live = live.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(live), Some(reveal)) = (live.borrow().as_ref(), reveal) {
                live.handle.reveal(reveal.from, reveal.to);
            }
        });
    }
    match host.as_ref() {
        Some(element) => Html::VRef(element.clone().into()),
        None => html! {},
    }
}

#[cfg(test)]
mod tests {
    use drydock_base::json::{self, Value};
    use drydock_core::{SourceFile, check_file};

    #[test]
    fn diagnostics_are_json_with_utf16_offsets_and_fixes() {
        // `é` is two bytes and one UTF-16 unit: every offset after it moves back by one.
        let file = SourceFile {
            name: "Dockerfile".into(),
            text: "# é\nFROM ubuntu:latest\nCOPY. /app\n".into(),
        };
        let findings = check_file(&file);
        let value = json::parse(&super::diagnostics_json(&file.text, findings.iter())).unwrap();
        let diagnostics = value.as_array().unwrap();
        assert_eq!(diagnostics.len(), findings.len());
        for (diagnostic, finding) in diagnostics.iter().zip(&findings) {
            let offset = |key: &str| diagnostic.get(key).and_then(Value::as_usize).unwrap();
            assert_eq!(offset("from"), finding.range.start - 1);
            assert_eq!(offset("to"), finding.range.end - 1);
            assert_eq!(
                diagnostic.get("rule").and_then(Value::as_str),
                Some(finding.rule)
            );
            assert_eq!(
                diagnostic.get("message").and_then(Value::as_str),
                Some(finding.message.as_str())
            );
            assert_eq!(
                diagnostic.get("severity").and_then(Value::as_str),
                Some(finding.severity.as_str())
            );
            let fixes = diagnostic.get("fixes").and_then(Value::as_array).unwrap();
            assert_eq!(fixes.len(), usize::from(finding.fix.is_some()));
            if let (Some(fix), Some(written)) = (&finding.fix, fixes.first()) {
                assert_eq!(
                    written.get("title").and_then(Value::as_str),
                    Some(fix.title.as_str())
                );
                let edits = written.get("edits").and_then(Value::as_array).unwrap();
                assert_eq!(edits.len(), fix.edits.len());
            }
        }
        assert!(findings.iter().any(|f| f.fix.is_some()));
        assert_eq!(super::diagnostics_json("", [].iter()), "[]");
    }
}
