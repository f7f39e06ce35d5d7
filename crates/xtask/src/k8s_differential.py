"""Runs kubernetes-validate --strict (Kubernetes 1.37) over every manifest of a corpus and writes
one line per non-empty YAML document, the table the test `kubernetes_differential.rs` compares
Drydock with:

    <file>\t<document index>\t<verdict>\t<path>\t<message>

verdict: valid | invalid | no-schema | not-an-object | yaml-error. `path` is kubernetes-validate's
JSON path of the (first) offending value, dot-separated. Run by `cargo xtask k8s-differential`;
the output is deterministic (files sorted).
"""

import os
import sys
import time

import yaml
from kubernetes_validate import utils

yaml.SafeLoader.add_constructor("tag:yaml.org,2002:value", utils.construct_value)


def clean(text):
    return " ".join(str(text).split())[:200]


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    files = sorted(
        os.path.relpath(os.path.join(d, f), corpus)
        for d, _, fs in os.walk(corpus)
        for f in fs
        if f.endswith((".yaml", ".yml"))
    )
    rows = []
    documents = 0
    started = time.perf_counter()
    for name in files:
        with open(os.path.join(corpus, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "apiVersion" not in text or "kind" not in text:
            continue
        try:
            docs = [d for d in yaml.load_all(text, Loader=yaml.SafeLoader) if d]
        except Exception as e:  # noqa: BLE001 - any YAML failure is a verdict
            rows.append(f"{name}\t-\tyaml-error\t\t{clean(e)}")
            continue
        for index, doc in enumerate(docs):
            if not isinstance(doc, dict) or "apiVersion" not in doc or "kind" not in doc:
                rows.append(f"{name}\t{index}\tnot-an-object\t\t")
                continue
            documents += 1
            try:
                utils.validate(doc, "1.37", strict=True)
                rows.append(f"{name}\t{index}\tvalid\t\t")
            except utils.ValidationError as e:
                path = ".".join(str(p) for p in e.path)
                rows.append(f"{name}\t{index}\tinvalid\t{path}\t{clean(e.message)}")
            except utils.SchemaNotFoundError as e:
                rows.append(f"{name}\t{index}\tno-schema\t\t{clean(e.message)}")
    elapsed = time.perf_counter() - started
    with open(out, "w", newline="\n") as f:
        f.write("# kubernetes-validate 1.37.0 --strict, Kubernetes 1.37, over ../shared/corpus/k8s.\n")
        f.write("# Regenerate with `cargo xtask k8s-differential`. Columns: file, document, verdict, path, message.\n")
        f.write("\n".join(rows) + "\n")
    print(f"kubernetes-validate: {documents} documents in {elapsed:.1f}s ({documents / elapsed:.0f}/s)")


if __name__ == "__main__":
    main()
