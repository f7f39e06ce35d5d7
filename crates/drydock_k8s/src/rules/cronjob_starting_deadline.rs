use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/cronjob-starting-deadline",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A CronJob sets no startingDeadlineSeconds"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-score",
        id: "cronjob-has-deadline",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a CronJob without `spec.startingDeadlineSeconds`.

Off by default (kube-score has it on): whether a late run is still wanted is the author's
decision, and many jobs (cleanups, reports) are fine late.

## Why is this bad?
Without a deadline, a run missed while the controller or the cluster was down starts whenever it
can, however late: a nightly job may run at noon. With one, a run that cannot start in time is
skipped and counted as missed.

## Invalid
```yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: example/backup:1.0
```

## Valid
```yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 3 * * *"
  startingDeadlineSeconds: 600
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: example/backup:1.0
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "CronJob" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        if doc.get(spec, "startingDeadlineSeconds").is_none() {
            out.push(Diagnostic::new(
                &RULE,
                "the CronJob sets no startingDeadlineSeconds: a missed run starts whenever it \
                 can, however late",
                o.anchor(),
            ));
        }
    }
}
