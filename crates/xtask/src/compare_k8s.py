"""Compares Drydock's Kubernetes findings on a corpus with checkov's and Monokle's, and writes one
row per check of theirs:

    <tool>\t<check>\t<drydock rules>\t<both>\t<only them>\t<only us>\t<note>

A unit is one YAML document of one file: checkov and Monokle report a check on a document, and
Drydock on the same document with any of the rules the check maps to; `both` counts the documents
where both do, `only them` where only the other tool does, `only us` where only Drydock does
(from those rules). Checks without a Drydock rule name none and say why in the note.

usage: compare_k8s.py <corpus> <drydock.json> <checkov.json> <monokle.jsonl> <out.tsv>
Run by `cargo xtask compare-k8s`, which runs the three tools first.
"""

import json
import os
import re
import sys
from collections import defaultdict

K = "kubernetes/"

# checkov's ids → (Drydock rules, note). Every id checkov reports on the corpus must be here.
CHECKOV = {
    "CKV_K8S_8": (["missing-probes"], "we skip Jobs, CronJobs and bare Pods, which have no use for a liveness probe"),
    "CKV_K8S_9": (["missing-probes"], "we skip Jobs, CronJobs and bare Pods, which no Service waits for"),
    "CKV_K8S_10": (["missing-resources"], ""),
    "CKV_K8S_11": ([], "a CPU limit throttles a container even on an idle node: we deliberately ask only for requests and the memory limit"),
    "CKV_K8S_12": (["missing-resources"], ""),
    "CKV_K8S_13": (["missing-resources"], ""),
    "CKV_K8S_14": (["image-tag"], "kustomize patches: partial objects that checkov reads as whole ones"),
    "CKV_K8S_15": (["image-pull-policy"], "checkov wants Always on every image; we report only IfNotPresent/Never on mutable tags, where a node runs stale code"),
    "CKV_K8S_16": (["privileged-container"], ""),
    "CKV_K8S_17": (["host-namespaces"], ""),
    "CKV_K8S_18": (["host-namespaces"], ""),
    "CKV_K8S_19": (["host-namespaces"], ""),
    "CKV_K8S_20": (["privilege-escalation"], ""),
    "CKV_K8S_21": (["default-namespace"], "checkov's check knows a fixed list of kinds (no PersistentVolumeClaims, no custom resources); ours every namespaced object"),
    "CKV_K8S_22": (["writable-root-filesystem"], ""),
    "CKV_K8S_23": (["run-as-root"], "kustomize patches: partial objects that checkov reads as whole ones"),
    "CKV_K8S_25": (["dangerous-capabilities"], "checkov reports any added capability; we report the ones that give power over the node"),
    "CKV_K8S_26": (["host-port"], "with hostNetwork: true the ports are the node's anyway; host-namespaces reports those pods"),
    "CKV_K8S_27": (["host-path-volume"], ""),
    "CKV_K8S_28": (["capabilities-not-dropped"], ""),
    "CKV_K8S_29": ([], "a pod without any securityContext: each setting that matters has its own rule (run-as-root, privilege-escalation, …)"),
    "CKV_K8S_30": ([], "a container without any securityContext: each setting that matters has its own rule (run-as-root, privilege-escalation, …)"),
    "CKV_K8S_31": (["missing-seccomp-profile"], "kustomize patches: partial objects that checkov reads as whole ones"),
    "CKV_K8S_35": (["secret-env-reference"], ""),
    "CKV_K8S_37": (["capabilities-not-dropped"], "checkov wants drop ALL; we accept dropping NET_RAW, as kube-linter does"),
    "CKV_K8S_38": (["automount-service-account-token"], "checkov also reports an explicit automountServiceAccountToken: true, a decision we respect; and kustomize patches"),
    "CKV_K8S_40": (["run-as-root"], "checkov wants a UID above 10000; we report root only: a non-root UID below 10000 is not a defect"),
    "CKV_K8S_42": (["default-service-account"], "checkov looks at the default ServiceAccount object and its bindings; we at the pods that use it"),
    "CKV_K8S_43": ([], "pinning by digest: a release process choice; image-tag reports mutable tags"),
    "CKV_K8S_49": (["rbac-wildcard"], ""),
    "CKV_K8S_155": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV_K8S_156": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV_K8S_157": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV_K8S_158": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV2_K8S_1": ([], "RoleBinding escalation through other bindings: needs the binding graph"),
    "CKV2_K8S_2": (["pod-exec-access"], "checkov reports the ServiceAccount bound to the role; we the role"),
    "CKV2_K8S_3": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV2_K8S_4": (["rbac-escalation", "rbac-wildcard"], "a role with wildcard verbs and resources is rbac-wildcard's finding; checkov's graph checks report the binding's document"),
    "CKV2_K8S_5": (["secret-access"], "checkov reports the ServiceAccount bound to the role; we the role"),
}
# PodSecurityPolicy checks: the API was removed in Kubernetes 1.25.
for _id in ["CKV_K8S_1", "CKV_K8S_2", "CKV_K8S_3", "CKV_K8S_4", "CKV_K8S_5", "CKV_K8S_6",
            "CKV_K8S_7", "CKV_K8S_24", "CKV_K8S_32", "CKV_K8S_36"]:
    CHECKOV[_id] = (["unavailable-api"], "a PodSecurityPolicy check: the API was removed in 1.25, which is what we report")

# Monokle's rule ids → (Drydock rules, note).
MONOKLE = {
    "KBP001": (["image-tag"], ""),
    "KBP101": (["host-path-volume"], ""),
    "KBP102": (["writable-root-filesystem"], ""),
    "KBP103": (["capabilities-not-dropped"], "Monokle wants drop ALL; we accept dropping NET_RAW, as kube-linter does"),
    "KBP104": (["run-as-root"], "Monokle wants a UID above 10000; we report root only"),
    "KBP105": ([], "a GID above 10000: a non-root group below 10000 is not a defect"),
    "KBP107": (["pod-creation-access"], ""),
    "KBP108": (["pod-exec-access"], "Monokle reports every rule without resources (nonResourceURLs rules: /metrics) as granting exec, a bug; and pods/exec with get only"),
    "LNK001": (["missing-config-reference", "missing-service-account", "missing-volume",
                "dangling-role-ref", "dangling-hpa-target", "dangling-ingress-backend",
                "service-selects-nothing", "dangling-network-policy",
                "dangling-pod-disruption-budget", "governing-service"],
               "Monokle (validating one file at a time) looks for every referenced object in that file; we resolve across the directory, skip objects Kubernetes makes (a Job's job-name label, kube-system objects) and report selectors that match nothing"),
    "PSS101": (["host-process"], ""),
    "PSS102": (["host-namespaces"], ""),
    "PSS103": (["privileged-container"], ""),
    "PSS104": (["dangerous-capabilities"], "the baseline standard forbids every capability outside the runtime's defaults; we report those that give power over the node (IPC_LOCK does not)"),
    "PSS105": (["host-path-volume"], ""),
    "PSS106": (["host-port"], ""),
    "PSS109": (["unmasked-proc-mount"], ""),
    "PSS111": (["unsafe-sysctl"], ""),
}


def separators(text):
    """Line numbers (1-based) of the `---` lines that start a new document."""
    lines = text.split("\n")
    marks = [i + 1 for i, line in enumerate(lines) if re.match(r"^---(\s|$)", line)]
    # A `---` with only comments and blank lines before it opens the first document.
    if marks and all(not l.strip() or l.lstrip().startswith("#") for l in lines[: marks[0] - 1]):
        marks = marks[1:]
    return marks


class Corpus:
    def __init__(self, root):
        self.root = root
        self.cache = {}

    def document(self, file, line):
        if file not in self.cache:
            try:
                with open(os.path.join(self.root, file), encoding="utf-8", errors="replace") as f:
                    self.cache[file] = separators(f.read())
            except OSError:
                self.cache[file] = []
        return sum(1 for mark in self.cache[file] if mark <= line)


def main():
    corpus_dir, drydock_json, checkov_json, monokle_jsonl, out = sys.argv[1:6]
    corpus = Corpus(corpus_dir)
    ours = defaultdict(set)  # rule → {(file, document)}
    with open(drydock_json, encoding="utf-8") as f:
        for finding in json.load(f)["findings"]:
            ours[finding["rule"]].add(
                (finding["path"], corpus.document(finding["path"], finding["start"]["line"]))
            )
    theirs = {"checkov": defaultdict(set), "monokle": defaultdict(set)}
    with open(checkov_json, encoding="utf-8") as f:
        report = json.load(f)
    for report in report if isinstance(report, list) else [report]:
        if "results" not in report:
            sys.exit(f"checkov checked no resource: {report}")
        for failed in report["results"]["failed_checks"]:
            file = failed["file_path"].lstrip("/")
            line = (failed.get("file_line_range") or [1])[0]
            theirs["checkov"][failed["check_id"]].add((file, corpus.document(file, line)))
    with open(monokle_jsonl, encoding="utf-8") as f:
        for line in f:
            result = json.loads(line)
            rule = result["check"].split()[0]
            theirs["monokle"][rule].add((result["file"], result["document"]))

    rows = []
    unknown = []
    for tool, mapping in (("checkov", CHECKOV), ("monokle", MONOKLE)):
        for check in sorted(theirs[tool], key=lambda c: (-len(theirs[tool][c]), c)):
            if check not in mapping:
                unknown.append(f"{tool} {check}")
                continue
            rules, note = mapping[check]
            units = theirs[tool][check]
            mine = set().union(*(ours.get(K + r, set()) for r in rules)) if rules else set()
            rows.append((tool, check, ",".join(rules) or "-", len(units & mine),
                         len(units - mine), len(mine - units) if rules else 0, note))
    with open(out, "w", encoding="utf-8") as f:
        f.write("tool\tcheck\tdrydock\tboth\tonly them\tonly us\tnote\n")
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")
    for tool in ("checkov", "monokle"):
        of_tool = [r for r in rows if r[0] == tool]
        mapped = [r for r in of_tool if r[2] != "-"]
        print(f"{tool}: {len(of_tool)} checks fired, {len(mapped)} map to Drydock rules; "
              f"documents both {sum(r[3] for r in mapped)}, only {tool} {sum(r[4] for r in mapped)} "
              f"(+{sum(r[4] for r in of_tool if r[2] == '-')} on unmapped checks), "
              f"only Drydock {sum(r[5] for r in mapped)}")
    print(f"wrote {out}")
    if unknown:
        sys.exit("checks with no mapping (add them to compare_k8s.py): " + ", ".join(unknown))


if __name__ == "__main__":
    main()
