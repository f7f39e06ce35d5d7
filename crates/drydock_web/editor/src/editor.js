// The playground's editor widget. The Yew app owns all state; this module only wraps CodeMirror 6
// behind a handful of calls (create, set text, set diagnostics, reveal, apply edits) and reports
// changes back. Positions crossing this boundary are UTF-16 offsets, as JavaScript counts.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  hoverTooltip,
} from "@codemirror/view";
import { StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { yaml } from "@codemirror/legacy-modes/mode/yaml";
// Keymaps, history, search, completion, the squiggles (CodeMirror's lint module) and the other
// editing aids (see extras.js): a separate chunk, fetched once, after the first editors are
// drawn. Until it is here, an editor keeps its diagnostics (moved along with any edit) and sets
// them when it arrives: the findings panel shows them at once, the squiggles a moment later.
let extras = null;
let lint = null;
const idle = (f) => (window.requestIdleCallback ? window.requestIdleCallback(f, { timeout: 200 }) : setTimeout(f, 0));
function loadExtras() {
  extras ??= new Promise(idle)
    .then(() => import("./extras.js"))
    .then((module) => {
      lint = module;
      return module;
    });
  return extras;
}

const languages = {
  dockerfile: () => StreamLanguage.define(dockerFile),
  yaml: () => StreamLanguage.define(yaml),
  plain: () => [],
};

function languageExtension(name) {
  return (languages[name] || languages.plain)();
}

// Text whose `code spans` (as messages write them) become <code> elements. DOM calls only:
// file content never becomes markup.
function withCode(parent, text) {
  const parts = String(text).split("`");
  // An odd number of parts: every backtick is paired. Otherwise the text is shown as it is.
  if (parts.length % 2 === 0) {
    parent.textContent = text;
    return parent;
  }
  parts.forEach((part, i) => {
    if (i % 2 === 1 && part) {
      const code = document.createElement("code");
      code.textContent = part;
      parent.appendChild(code);
    } else if (part) {
      parent.appendChild(document.createTextNode(part));
    }
  });
  return parent;
}

// The diagnostic's text, its help, what its fix does (applied by CodeMirror's own button), and a
// link to the rule's page.
function renderMessage(d) {
  const box = document.createElement("div");
  box.className = "cm-drydock-message";
  box.appendChild(withCode(document.createElement("div"), d.message));
  if (d.help) {
    const help = withCode(document.createElement("div"), d.help);
    help.className = "cm-drydock-help";
    box.appendChild(help);
  }
  for (const fix of d.fixes || []) {
    const title = document.createElement("div");
    title.className = "cm-drydock-fix";
    title.append("Quick fix: ");
    withCode(title.appendChild(document.createElement("span")), fix.title);
    box.appendChild(title);
  }
  if (d.rule) {
    const link = document.createElement("a");
    link.className = "cm-drydock-rule";
    link.href = "#rules/" + encodeURIComponent(d.rule);
    link.textContent = d.rule;
    box.appendChild(link);
  }
  return box;
}

function toCodeMirror(length, list) {
  const clamp = (n) => Math.max(0, Math.min(length, n | 0));
  return list.map((d) => ({
    from: clamp(d.from),
    to: clamp(Math.max(d.from, d.to)),
    severity: d.severity === "info" ? "info" : d.severity,
    source: d.rule,
    message: d.message,
    renderMessage: () => renderMessage(d),
    actions: (d.fixes || []).map((fix) => ({
      // Its title is in the message, with its code as code: the button says what it does.
      name: "Apply fix",
      // The editor carries a diagnostic along with the edits made since it was set (the app does
      // not set them again when that is all that changed, see editor.rs): its fix moves as much.
      apply(view, from) {
        const shift = from - clamp(d.from);
        const size = view.state.doc.length;
        const at = (n) => Math.max(0, Math.min(size, (n | 0) + shift));
        view.dispatch({
          changes: fix.edits.map((e) => ({ from: at(e.from), to: at(e.to), insert: e.insert })),
          userEvent: "input.fix",
        });
      },
    })),
  }));
}

/// Creates an editor in `parent`.
///
/// options: { language: "dockerfile" | "yaml" | "plain", readOnly: bool, label: string,
///            diagnostics: JSON text of the first diagnostics (as setDiagnosticsJson takes),
///            visible: whether `parent` is (or is about to be) shown: drawn now, or when it is,
///            onChange(text), onCursor(offset), complete(text, offset) -> [{label, detail, info, from}],
///            hover(text, offset) -> { from, to, markdown } | null }
export function createEditor(parent, text, options) {
  const language = new Compartment();
  const readOnly = new Compartment();
  const later = new Compartment();
  let silent = false;
  let destroyed = false;
  // The editor's language and read-only flag; until the view is drawn (see ensureView), its text
  // and diagnostics wait here too: the view is then made with all of them in its first state, so
  // drawing it is one update, not one per setting.
  const waiting = {
    text,
    language: options.language,
    readOnly: !!options.readOnly,
    diagnostics: options.diagnostics ? JSON.parse(options.diagnostics) : null,
  };
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    syntaxHighlighting(classHighlighter),
    highlightActiveLine(),
    later.of([]),
    EditorView.contentAttributes.of({ "aria-label": options.label || "Editor" }),
    EditorView.updateListener.of((update) => {
      // Diagnostics waiting for the lint module move with the text, as set ones do.
      if (update.docChanged && !lint && waiting.diagnostics) {
        const map = (n) => update.changes.mapPos(Math.max(0, Math.min(update.startState.doc.length, n | 0)));
        waiting.diagnostics = waiting.diagnostics.map((d) => ({ ...d, from: map(d.from), to: map(d.to) }));
      }
      if (update.docChanged && !silent && options.onChange) {
        const started = performance.now();
        options.onChange(update.state.doc.toString());
        const sink = window.__drydockTimings;
        if (Array.isArray(sink)) sink.push(["editor onChange (text to wasm, reduce + save)", performance.now() - started]);
      }
      if (update.selectionSet && options.onCursor) {
        options.onCursor(update.state.selection.main.head);
      }
    }),
  ];
  const complete =
    options.complete &&
    ((context) => {
      const items = JSON.parse(options.complete(context.state.doc.toString(), context.pos) || "[]");
      if (!items || items.length === 0) return null;
      const from = items[0].from ?? context.pos;
      return {
        from,
        options: items.map((item) => ({
          label: item.label,
          detail: item.detail,
          info: item.info,
          type: item.kind || "property",
        })),
        validFor: /^[\w-]*$/,
      };
    });
  if (options.hover) {
    extensions.push(
      hoverTooltip((view, pos) => {
        const found = JSON.parse(options.hover(view.state.doc.toString(), pos) || "null");
        if (!found) return null;
        return {
          pos: found.from,
          end: found.to,
          above: true,
          create() {
            const dom = document.createElement("div");
            dom.className = "cm-drydock-doc";
            const title = document.createElement("strong");
            title.textContent = found.title || "";
            dom.appendChild(title);
            const body = document.createElement("div");
            body.textContent = found.text || "";
            dom.appendChild(body);
            return { dom };
          },
        };
      }),
    );
  }
  // An editor in a hidden tab is drawn when it is first shown, first used or the browser is idle,
  // whichever comes first, so that the first paint draws only the visible one.
  let view = null;
  let observer = null;
  function ensureView() {
    if (view || destroyed) return view;
    if (observer) observer.disconnect();
    let state = EditorState.create({
      doc: waiting.text,
      extensions: [
        ...extensions,
        language.of(languageExtension(waiting.language)),
        readOnly.of(EditorState.readOnly.of(waiting.readOnly)),
      ],
    });
    if (waiting.diagnostics && lint) {
      state = state.update(lint.setDiagnostics(state, toCodeMirror(state.doc.length, waiting.diagnostics))).state;
      waiting.diagnostics = null;
    }
    view = new EditorView({ parent, state });
    loadExtras().then(
      (module) => {
        if (destroyed) return;
        view.dispatch({ effects: later.reconfigure(module.extensions(complete)) });
        if (waiting.diagnostics) {
          view.dispatch(module.setDiagnostics(view.state, toCodeMirror(view.state.doc.length, waiting.diagnostics)));
          waiting.diagnostics = null;
        }
        parent.dataset.editorExtras = "loaded";
      },
      (error) => console.error("drydock: the editor's keymaps, search and completion did not load", error),
    );
    return view;
  }
  // `parent` may not be in the document yet (the app creates the visible editor while it renders,
  // so that the browser lays the page out once, with the editor in it): it says whether it will
  // be shown.
  if (options.visible) {
    ensureView();
  } else {
    observer = new ResizeObserver(() => parent.offsetParent !== null && ensureView());
    observer.observe(parent);
    idle(ensureView);
  }

  const handle = {
    getText: () => (view ? view.state.doc.toString() : waiting.text),
    // Replaces the whole text without reporting it back as an edit (the app already knows).
    setText(next) {
      if (!view) {
        waiting.text = next;
        return;
      }
      if (next === view.state.doc.toString()) return;
      silent = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
      } finally {
        silent = false;
      }
    },
    // Both are no-ops when nothing changes (the app sets them after creating the editor with them).
    setLanguage(name) {
      if (name === waiting.language) return;
      waiting.language = name;
      if (view) view.dispatch({ effects: language.reconfigure(languageExtension(name)) });
    },
    setReadOnly(flag) {
      if (!!flag === waiting.readOnly) return;
      waiting.readOnly = !!flag;
      if (view) view.dispatch({ effects: readOnly.reconfigure(EditorState.readOnly.of(!!flag)) });
    },
    setDiagnostics(list) {
      if (!view || !lint) {
        waiting.diagnostics = list;
        return;
      }
      view.dispatch(lint.setDiagnostics(view.state, toCodeMirror(view.state.doc.length, list)));
    },
    diagnosticCount() {
      if (!view || waiting.diagnostics) return waiting.diagnostics ? waiting.diagnostics.length : 0;
      let n = 0;
      lint.forEachDiagnostic(view.state, () => n++);
      return n;
    },
    // Selects [from, to) and scrolls it into view.
    reveal(from, to) {
      const view = ensureView();
      const length = view.state.doc.length;
      const anchor = Math.max(0, Math.min(length, from));
      const head = Math.max(anchor, Math.min(length, to));
      view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
      view.focus();
    },
    applyEdits(edits) {
      ensureView().dispatch({ changes: edits.map((e) => ({ from: e.from, to: e.to, insert: e.insert })), userEvent: "input.fix" });
    },
    focus: () => ensureView().focus(),
    destroy() {
      destroyed = true;
      if (observer) observer.disconnect();
      if (view) view.destroy();
    },
    getSelection: () => [ensureView().state.selection.main.from, view.state.selection.main.to],
    // Inserts text at the selection exactly as typing does (reported as an edit).
    typeText(text) {
      ensureView().dispatch(view.state.replaceSelection(text), { userEvent: "input.type", scrollIntoView: true });
    },
  };
  // Reachable from the page for tests and embedding hosts: element.drydockEditor.
  parent.drydockEditor = handle;
  return handle;
}

// JSON-taking variants, so the Rust side needs no JS object plumbing.
export function setDiagnosticsJson(editor, json) {
  editor.setDiagnostics(JSON.parse(json));
}

export function applyEditsJson(editor, json) {
  editor.applyEdits(JSON.parse(json));
}

// Reads the user's colour-scheme preference (for the theme toggle's "system" setting).
export function prefersDark() {
  return !!(window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches);
}

// Raw deflate (RFC 1951) by the browser's own CompressionStream, for share links: the page's
// wasm then carries an inflater only. Resolves to the compressed bytes.
export function deflateRaw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return new Response(stream).arrayBuffer().then((buffer) => new Uint8Array(buffer));
}

// The "fix all" dialog and each fix's preview are drawn by the editing-aids chunk (extras.js),
// which is fetched right after the first editors are drawn: they are asked for only after a
// click or a hover, and cost the first load nothing.
let previewAsked = 0;

/// The "fix all" dialog (see extras.js); resolves to whether the user chose Apply.
export function showFixDialog(json) {
  return loadExtras().then((module) => module.showFixDialog(json));
}

/// One fix's diff in a tooltip under `anchor`, unless it was hidden again in the meantime.
export function showFixPreview(anchor, json) {
  const asked = ++previewAsked;
  loadExtras().then((module) => {
    if (asked === previewAsked) module.showFixPreview(anchor, json);
  });
}

export function hideFixPreview() {
  previewAsked++;
  if (lint) lint.hideFixPreview();
}
