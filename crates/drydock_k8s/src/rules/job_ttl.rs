use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/job-ttl",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A Job is never cleaned up (no ttlSecondsAfterFinished)"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "job-ttl-seconds-after-finished",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a standalone Job without `spec.ttlSecondsAfterFinished`. Jobs of a CronJob are cleaned
up by its history limits and are not reported (kube-linter also reports a CronJob that sets a
TTL on its jobs; that is a choice, not a leak).

Off by default: a Job applied by a deployment tool is often deleted by that tool, and some teams
keep finished Jobs to read their logs.

## Why is this bad?
A finished Job and its pods stay until someone deletes them: their objects accumulate in etcd,
and re-applying the same Job fails because its pod template is immutable.

## Invalid
```yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example/migrate:1.0
```

## Valid
```yaml
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  ttlSecondsAfterFinished: 86400
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: example/migrate:1.0
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Job" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        if doc.get(spec, "ttlSecondsAfterFinished").is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    "the Job sets no ttlSecondsAfterFinished: it and its pods stay after it \
                     finishes, and re-applying it fails on its immutable template",
                    o.anchor(),
                )
                .with_help("set `spec.ttlSecondsAfterFinished` (for example 86400 for a day)"),
            );
        }
    }
}
