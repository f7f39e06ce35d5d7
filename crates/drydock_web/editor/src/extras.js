// What an editor needs for editing but not for showing the first findings: the keymaps, undo
// history, search, completion, bracket closing and matching, indentation on input, rectangular
// selection, the drop cursor, the lint gutter and the squiggles themselves (CodeMirror's lint module),
// and the "fix all" dialog and fix previews (drawn when a click or hover asks). esbuild splits this module
// into its own chunk, which `editor.js` imports once the first editors are on screen and adds to
// every editor (so it is not part of the first load's bytes nor of its start-up work).

import { keymap, dropCursor, rectangularSelection, crosshairCursor } from "@codemirror/view";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { lintGutter, lintKeymap } from "@codemirror/lint";

// The squiggles' module, for editor.js, which sets diagnostics through it once this chunk is here.
export { setDiagnostics, forEachDiagnostic } from "@codemirror/lint";

/// The extensions, with `complete` (a CodeMirror completion source) as the only completion source
/// when given.
export function extensions(complete) {
  const list = [
    history(),
    dropCursor(),
    indentOnInput(),
    bracketMatching(),
    rectangularSelection(),
    crosshairCursor(),
    closeBrackets(),
    highlightSelectionMatches(),
    lintGutter(),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...completionKeymap,
      // F8 / Shift+F8 are the app's (main.rs): they walk every file's findings, as VS Code does,
      // not only this editor's.
      ...lintKeymap.filter((binding) => binding.key !== "F8"),
      indentWithTab,
    ]),
  ];
  if (complete) list.push(autocompletion({ override: [complete] }));
  return list;
}

// Fixes previewed as diffs (the app's fixes.rs makes the JSON: {title, note, files: [{name,
// lines: [[class, text]]}]}). Drawn with DOM calls: file content never becomes markup.
function diffElement(file) {
  const pre = document.createElement("pre");
  pre.className = "diff";
  pre.dataset.file = file.name;
  for (const [kind, text] of file.lines) {
    const line = document.createElement("span");
    line.className = kind;
    line.textContent = text + "\n";
    pre.appendChild(line);
  }
  return pre;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/// The "fix all" dialog: every file's diff, Apply (focused) or Cancel (or Escape). Resolves to
/// whether the user chose Apply; the focus goes back where it was.
export function showFixDialog(json) {
  const plan = JSON.parse(json);
  const before = document.activeElement;
  const backdrop = element("div", "fix-dialog-backdrop");
  const dialog = element("div", "fix-dialog");
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", "fix-dialog-title");
  const title = element("h2", "", plan.title);
  title.id = "fix-dialog-title";
  dialog.appendChild(title);
  if (plan.note) dialog.appendChild(element("p", "muted", plan.note));
  const body = element("div", "fix-dialog-body");
  for (const file of plan.files) {
    const section = element("section", "fix-file");
    section.append(element("h3", "", file.name), diffElement(file));
    body.appendChild(section);
  }
  const actions = element("div", "fix-dialog-actions");
  const apply = element("button", "primary", "Apply");
  const cancel = element("button", "", "Cancel");
  apply.type = cancel.type = "button";
  actions.append(apply, cancel);
  dialog.append(body, actions);
  backdrop.appendChild(dialog);
  document.body.appendChild(backdrop);
  apply.focus();
  return new Promise((resolve) => {
    const close = (answer) => {
      backdrop.remove();
      if (before && before.focus) before.focus();
      resolve(answer);
    };
    apply.addEventListener("click", () => close(true));
    cancel.addEventListener("click", () => close(false));
    dialog.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        close(false);
      }
    });
  });
}

let preview = null;

/// One fix's diff in a tooltip under its button (`anchor`), above everything (the findings list
/// clips its items).
export function showFixPreview(anchor, json) {
  hideFixPreview();
  const plan = JSON.parse(json);
  const box = element("div", "fix-preview");
  box.id = "fix-preview";
  box.setAttribute("role", "tooltip");
  for (const file of plan.files) box.appendChild(diffElement(file));
  document.body.appendChild(box);
  const at = anchor.getBoundingClientRect();
  const width = box.offsetWidth;
  box.style.left = Math.max(8, Math.min(at.right - width, window.innerWidth - width - 8)) + "px";
  const below = at.bottom + 4;
  box.style.top = (below + box.offsetHeight > window.innerHeight ? Math.max(8, at.top - box.offsetHeight - 4) : below) + "px";
  anchor.setAttribute("aria-describedby", "fix-preview");
  preview = { box, anchor };
}

export function hideFixPreview() {
  if (!preview) return;
  preview.box.remove();
  preview.anchor.removeAttribute("aria-describedby");
  preview = null;
}
