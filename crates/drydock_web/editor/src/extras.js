// What an editor needs for editing but not for showing the first findings: the keymaps, undo
// history, search, completion, bracket closing and matching, indentation on input, rectangular
// selection, the drop cursor, the lint gutter and the squiggles themselves (CodeMirror's lint module). esbuild splits this module
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
