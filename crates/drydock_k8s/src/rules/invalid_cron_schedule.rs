use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-cron-schedule",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A CronJob's schedule is not a valid cron expression"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a CronJob's `schedule` as the API server does: five fields (minute, hour, day of month,
month, day of week) of numbers, ranges, steps, lists, `*` and names (`JAN`, `MON`), or a macro
(`@hourly`, `@daily`, `@every 5m`…); `TZ=` in the schedule is refused (use `timeZone`).

## Why is this bad?
The API server rejects the CronJob, or, for a schedule that never matches a day, the job never
runs. Six-field schedules with seconds (Quartz, Spring) are a common mistake.

## Invalid
```yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
```

## Valid
```yaml
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
spec:
  schedule: "0 2 * * 1-5"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: backup
            image: busybox:1.36
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
        let Some(entry) = o.spec().and_then(|s| doc.get(s, "schedule")) else {
            continue;
        };
        let Some(schedule) = doc.scalar(entry.value).map(|s| s.value.as_str()) else {
            continue;
        };
        if let Err(problem) = validate(schedule) {
            out.push(Diagnostic::new(
                &RULE,
                format!("schedule `{schedule}` is not a cron expression: {problem}"),
                doc.range(entry.value),
            ));
        }
    }
}

const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &[
            "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
        ],
    ),
    (
        "day of week",
        0,
        6,
        &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    ),
];

/// robfig/cron's standard parser, which the API server uses.
fn validate(schedule: &str) -> Result<(), String> {
    let schedule = schedule.trim();
    if schedule.starts_with("TZ=") || schedule.starts_with("CRON_TZ=") {
        return Err("a time zone in the schedule is refused; set `spec.timeZone`".into());
    }
    if let Some(macro_name) = schedule.strip_prefix('@') {
        return match macro_name {
            "yearly" | "annually" | "monthly" | "weekly" | "daily" | "midnight" | "hourly" => {
                Ok(())
            }
            every if every.starts_with("every ") => Ok(()),
            other => Err(format!("unknown macro `@{other}`")),
        };
    }
    let fields: Vec<&str> = schedule.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!(
            "it has {} fields; a schedule has 5 (minute hour day-of-month month day-of-week){}",
            fields.len(),
            if fields.len() == 6 {
                ", without seconds"
            } else {
                ""
            }
        ));
    }
    for (field, (name, min, max, names)) in fields.iter().zip(FIELDS) {
        for part in field.split(',') {
            check_part(part, name, min, max, names)?;
        }
    }
    Ok(())
}

fn check_part(part: &str, name: &str, min: u32, max: u32, names: &[&str]) -> Result<(), String> {
    let (range, step) = match part.split_once('/') {
        Some((range, step)) => (range, Some(step)),
        None => (part, None),
    };
    if let Some(step) = step
        && step.parse::<u32>().map_or(true, |s| s == 0)
    {
        return Err(format!(
            "`{part}`: the step of the {name} field must be a positive number"
        ));
    }
    if range == "*" || (range == "?" && matches!(name, "day of month" | "day of week")) {
        return Ok(());
    }
    let value = |text: &str| -> Result<u32, String> {
        let index = names.iter().position(|n| n.eq_ignore_ascii_case(text));
        let number = match index {
            Some(i) => u32::try_from(i).unwrap_or(0) + min,
            None => text
                .parse::<u32>()
                .map_err(|_| format!("`{text}` is not a number in the {name} field"))?,
        };
        if number < min || number > max {
            return Err(format!(
                "{number} is out of range for the {name} field ({min}-{max})"
            ));
        }
        Ok(number)
    };
    match range.split_once('-') {
        Some((low, high)) => {
            let (low, high) = (value(low)?, value(high)?);
            if low > high {
                return Err(format!("`{range}` is an empty range in the {name} field"));
            }
        }
        None => {
            value(range)?;
        }
    }
    Ok(())
}
