//! Sprig's clock functions (`date.go`, `now`) over a fixed "now", and the Go values they pass
//! around: `time.Time` (with `Format`, `Unix`, `UTC`, `Add`… as a template can call them) and
//! `time.Duration`.

use std::rc::Rc;

use super::super::{add, arg, str_arg};
use super::gotime::{self, Loc, Time};
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, Object, Ty, Value};

/// The instant `now` returns: 2026-01-01T00:00:00Z.
pub const NOW_UNIX: i64 = 1_767_225_600;

/// The fixed "now", in `Local` (UTC here) as Go's `time.Now` is.
pub fn now_time() -> Time {
    Time::from_unix(NOW_UNIX)
}

/// The field through which a time's state is read back (no template can name it).
const STATE: &str = "\u{0}time";
/// The field through which a duration's nanoseconds are read back.
const NANOS: &str = "\u{0}nanoseconds";

/// A `time.Time` value.
#[derive(Debug)]
pub struct TimeValue(pub Time);

/// A `time.Duration` value.
#[derive(Debug)]
pub struct DurationValue(pub i64);

/// A value Go prints by name: `time.Month`, `time.Weekday`, `*time.Location`.
#[derive(Debug)]
struct Named {
    type_name: &'static str,
    text: String,
}

impl Object for Named {
    fn type_name(&self) -> String {
        self.type_name.to_owned()
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "String").then(|| Value::str(self.text.as_str()))
    }
    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn has_method(&self, _: &str) -> bool {
        false
    }
    fn print(&self) -> String {
        self.text.clone()
    }
}

/// A time as a template value.
pub fn time_value(time: Time) -> Value {
    Value::Object(Rc::new(TimeValue(time)))
}

fn duration_value(d: i64) -> Value {
    Value::Object(Rc::new(DurationValue(d)))
}

fn named(type_name: &'static str, text: String) -> Value {
    Value::Object(Rc::new(Named { type_name, text }))
}

/// The time a value holds, if it is a `time.Time`.
pub fn as_time(value: &Value) -> Option<Time> {
    let Value::Object(object) = value else {
        return None;
    };
    if object.type_name() != "time.Time" {
        return None;
    }
    let state = object.field(STATE)?;
    let parts = state.as_list()?;
    let int = |i: usize| match parts.get(i) {
        Some(Value::Int64(n)) => Some(*n),
        _ => None,
    };
    let text = |i: usize| parts.get(i).and_then(Value::as_str);
    let loc = match text(2)? {
        "utc" => Loc::Utc,
        "local" => Loc::Local,
        "zone" => Loc::load(text(3)?)?,
        _ => Loc::Fixed(
            text(3)?.into(),
            text(4)?.into(),
            i32::try_from(int(5)?).ok()?,
        ),
    };
    Some(Time {
        unix: int(0)?,
        nsec: int(1)?,
        loc,
    })
}

/// The nanoseconds a value holds, if it is a `time.Duration`.
fn as_duration(value: &Value) -> Option<i64> {
    match value {
        Value::Object(object) if object.type_name() == "time.Duration" => {
            match object.field(NANOS)? {
                Value::Int64(n) => Some(n),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A method's `Duration` argument: a duration or an integer constant.
fn duration_arg(value: Option<&Value>) -> Result<i64, String> {
    match value {
        Some(Value::Int(n) | Value::Int64(n)) => Ok(*n),
        Some(other) => as_duration(other).ok_or_else(|| {
            format!(
                "wrong type for value; expected time.Duration; got {}",
                other.type_name()
            )
        }),
        None => Err("invalid value; expected time.Duration".to_owned()),
    }
}

fn time_arg(value: Option<&Value>) -> Result<Time, String> {
    match value {
        None | Some(Value::Nil) => Err("invalid value; expected time.Time".to_owned()),
        Some(other) => as_time(other).ok_or_else(|| {
            format!(
                "wrong type for value; expected time.Time; got {}",
                other.type_name()
            )
        }),
    }
}

fn int_arg(value: Option<&Value>) -> Result<i64, String> {
    match value {
        Some(Value::Int(n)) => Ok(*n),
        Some(other) => Err(format!(
            "wrong type for value; expected int; got {}",
            other.type_name()
        )),
        None => Err("invalid value; expected int".to_owned()),
    }
}

/// Go's check of a method's argument count.
fn want(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() == n {
        return Ok(());
    }
    Err(format!(
        "wrong number of args for {name}: want {n} got {}",
        args.len()
    ))
}

impl Object for TimeValue {
    fn type_name(&self) -> String {
        "time.Time".to_owned()
    }

    fn field(&self, name: &str) -> Option<Value> {
        let t = &self.0;
        let int = |n: i64| Some(Value::Int(n));
        match name {
            "Unix" => Some(Value::Int64(t.unix)),
            "UnixMilli" => Some(Value::Int64(
                t.unix.wrapping_mul(1000).wrapping_add(t.nsec / 1_000_000),
            )),
            "UnixMicro" => Some(Value::Int64(
                t.unix.wrapping_mul(1_000_000).wrapping_add(t.nsec / 1000),
            )),
            "UnixNano" => Some(Value::Int64(t.unix_nano())),
            "Year" => int(t.year()),
            "Month" => Some(named("time.Month", gotime::month_name(t.month()))),
            "Day" => int(t.day()),
            "Hour" => int(t.hour()),
            "Minute" => int(t.minute()),
            "Second" => int(t.second()),
            "Nanosecond" => int(t.nsec),
            "YearDay" => int(t.year_day()),
            "Weekday" => Some(named("time.Weekday", gotime::weekday_name(t.weekday()))),
            "UTC" => Some(time_value(t.in_loc(Loc::Utc))),
            "Local" => Some(time_value(t.in_loc(Loc::Local))),
            "Location" => Some(named("*time.Location", t.loc.name().to_owned())),
            "String" => Some(Value::str(t.string())),
            "IsZero" => Some(Value::Bool(t.is_zero())),
            STATE => {
                let (kind, name, abbr, offset) = match &t.loc {
                    Loc::Utc => ("utc", "", "", 0),
                    Loc::Local => ("local", "", "", 0),
                    Loc::Zone(_) => ("zone", t.loc.name(), "", 0),
                    Loc::Fixed(name, abbr, offset) => ("fixed", &**name, &**abbr, *offset),
                };
                Some(Value::list(vec![
                    Value::Int64(t.unix),
                    Value::Int64(t.nsec),
                    Value::str(kind),
                    Value::str(name),
                    Value::str(abbr),
                    Value::Int64(i64::from(offset)),
                ]))
            }
            _ => None,
        }
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let t = &self.0;
        let result = match name {
            "Format" => want(name, args, 1).and_then(|()| match args.first() {
                Some(Value::String(layout)) => Ok(Value::str(t.format(layout))),
                other => Err(format!(
                    "wrong type for value; expected string; got {}",
                    other.map_or_else(|| "<nil>".to_owned(), Value::type_name)
                )),
            }),
            "Add" => want(name, args, 1)
                .and_then(|()| duration_arg(args.first()))
                .map(|d| time_value(t.add(d))),
            "Truncate" => want(name, args, 1)
                .and_then(|()| duration_arg(args.first()))
                .map(|d| time_value(t.truncate(d))),
            "AddDate" => want(name, args, 3).and_then(|()| {
                Ok(time_value(t.add_date(
                    int_arg(args.first())?,
                    int_arg(args.get(1))?,
                    int_arg(args.get(2))?,
                )))
            }),
            "Sub" => want(name, args, 1)
                .and_then(|()| time_arg(args.first()))
                .map(|u| duration_value(t.sub(&u))),
            "Before" | "After" | "Equal" | "Compare" => want(name, args, 1)
                .and_then(|()| time_arg(args.first()))
                .map(|u| {
                    let order = (t.unix, t.nsec).cmp(&(u.unix, u.nsec));
                    match name {
                        "Before" => Value::Bool(order.is_lt()),
                        "After" => Value::Bool(order.is_gt()),
                        "Equal" => Value::Bool(order.is_eq()),
                        _ => Value::Int(order as i64),
                    }
                }),
            _ => return None,
        };
        Some(result)
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "Format"
                | "Add"
                | "Truncate"
                | "AddDate"
                | "Sub"
                | "Before"
                | "After"
                | "Equal"
                | "Compare"
        )
    }

    fn print(&self) -> String {
        self.0.string()
    }
}

impl Object for DurationValue {
    fn type_name(&self) -> String {
        "time.Duration".to_owned()
    }

    fn field(&self, name: &str) -> Option<Value> {
        let d = self.0;
        let float = |unit: i64| {
            let (w, p) = (d / unit, d % unit);
            Value::Float(w as f64 + p as f64 / unit as f64)
        };
        match name {
            "Hours" => Some(float(3_600_000_000_000)),
            "Minutes" => Some(float(60_000_000_000)),
            "Seconds" => Some(float(1_000_000_000)),
            "Milliseconds" => Some(Value::Int64(d / 1_000_000)),
            "Microseconds" => Some(Value::Int64(d / 1000)),
            "Nanoseconds" | NANOS => Some(Value::Int64(d)),
            "String" => Some(Value::str(gotime::duration_string(d))),
            "Abs" => Some(duration_value(if d == i64::MIN {
                i64::MAX
            } else {
                d.abs()
            })),
            _ => None,
        }
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let d = self.0;
        let result = match name {
            "Round" => want(name, args, 1)
                .and_then(|()| duration_arg(args.first()))
                .map(|m| duration_value(gotime::round_duration(d, m))),
            "Truncate" => want(name, args, 1)
                .and_then(|()| duration_arg(args.first()))
                .map(|m| duration_value(if m <= 0 { d } else { d - d % m })),
            _ => return None,
        };
        Some(result)
    }

    fn has_method(&self, name: &str) -> bool {
        matches!(name, "Round" | "Truncate")
    }

    fn print(&self) -> String {
        gotime::duration_string(self.0)
    }
}

/// What Sprig's `date` functions take as a date: a time, or Unix seconds as an `int` or an
/// `int64`; anything else is "now".
fn date_of(value: &Value) -> Time {
    match value {
        Value::Int(n) | Value::Int64(n) => Time::from_unix(*n),
        other => as_time(other).unwrap_or_else(now_time),
    }
}

/// Sprig's `dateInZone`: an unknown zone is UTC.
fn format_in_zone(layout: &str, date: &Value, zone: &str) -> Value {
    let loc = Loc::load(zone).unwrap_or(Loc::Utc);
    Value::str(date_of(date).in_loc(loc).format(layout))
}

fn now(_: &mut State<'_>, _: &[Value]) -> FuncResult {
    Ok(time_value(now_time()))
}

/// Counts a layout's and a value's length against the step budget.
fn charge_text(state: &mut State<'_>, args: &[Value]) -> Result<(), FuncError> {
    let n = args.iter().map(|a| a.as_str().map_or(0, str::len)).sum();
    super::charge(state, n)
}

fn date(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    Ok(format_in_zone(&str_arg(args, 0), &arg(args, 1), "Local"))
}

fn date_in_zone(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    Ok(format_in_zone(
        &str_arg(args, 0),
        &arg(args, 1),
        &str_arg(args, 2),
    ))
}

fn html_date(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(format_in_zone("2006-01-02", &arg(args, 0), "Local"))
}

fn html_date_in_zone(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(format_in_zone(
        "2006-01-02",
        &arg(args, 0),
        &str_arg(args, 1),
    ))
}

fn date_modify(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    let t = time_arg(args.get(1)).map_err(FuncError::Message)?;
    Ok(time_value(
        match gotime::parse_duration(&str_arg(args, 0)) {
            Ok(d) => t.add(d),
            Err(_) => t,
        },
    ))
}

fn must_date_modify(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    let t = time_arg(args.get(1)).map_err(FuncError::Message)?;
    let d = gotime::parse_duration(&str_arg(args, 0)).map_err(FuncError::Message)?;
    Ok(time_value(t.add(d)))
}

fn ago(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let since = now_time().sub(&date_of(&arg(args, 0)));
    Ok(Value::str(gotime::duration_string(gotime::round_duration(
        since,
        1_000_000_000,
    ))))
}

fn duration(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let seconds = match arg(args, 0) {
        Value::String(s) => match super::super::numbers::parse_int(&s, 10) {
            Ok(n) => n,
            Err(super::super::numbers::ParseError::Range(n)) => n,
            Err(_) => 0,
        },
        Value::Int64(n) => n,
        _ => 0,
    };
    Ok(Value::str(gotime::duration_string(
        seconds.wrapping_mul(1_000_000_000),
    )))
}

fn duration_round(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    let value = arg(args, 0);
    let d = match &value {
        Value::String(s) => gotime::parse_duration(s).unwrap_or(0),
        Value::Int64(n) => *n,
        other => as_time(other).map_or(0, |t| now_time().sub(&t)),
    };
    let u = d.unsigned_abs();
    const HOUR: u64 = 3_600_000_000_000;
    let units: [(u64, &str); 6] = [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    let text = units.iter().find(|(unit, _)| u > *unit).map_or_else(
        || "0s".to_owned(),
        |(unit, name)| format!("{}{name}", u / unit),
    );
    Ok(Value::str(text))
}

fn to_date(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    let parsed = gotime::parse(&str_arg(args, 0), &str_arg(args, 1), Loc::Local);
    Ok(time_value(parsed.unwrap_or_else(|_| Time::zero())))
}

fn must_to_date(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge_text(state, args)?;
    let parsed = gotime::parse(&str_arg(args, 0), &str_arg(args, 1), Loc::Local)
        .map_err(FuncError::Message)?;
    Ok(time_value(parsed))
}

fn unix_epoch(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let t = time_arg(args.first()).map_err(FuncError::Message)?;
    Ok(Value::str(t.unix.to_string()))
}

pub fn register(funcs: &mut Funcs) {
    use Ty::{Any, String};
    add(funcs, "now", now, &[], None);
    add(funcs, "date", date, &[String, Any], None);
    add(
        funcs,
        "dateInZone",
        date_in_zone,
        &[String, Any, String],
        None,
    );
    add(
        funcs,
        "date_in_zone",
        date_in_zone,
        &[String, Any, String],
        None,
    );
    add(funcs, "htmlDate", html_date, &[Any], None);
    add(
        funcs,
        "htmlDateInZone",
        html_date_in_zone,
        &[Any, String],
        None,
    );
    add(funcs, "dateModify", date_modify, &[String, Any], None);
    add(funcs, "date_modify", date_modify, &[String, Any], None);
    add(
        funcs,
        "mustDateModify",
        must_date_modify,
        &[String, Any],
        None,
    );
    add(
        funcs,
        "must_date_modify",
        must_date_modify,
        &[String, Any],
        None,
    );
    add(funcs, "ago", ago, &[Any], None);
    add(funcs, "duration", duration, &[Any], None);
    add(funcs, "durationRound", duration_round, &[Any], None);
    add(funcs, "toDate", to_date, &[String, String], None);
    add(funcs, "mustToDate", must_to_date, &[String, String], None);
    add(funcs, "unixEpoch", unix_epoch, &[Any], None);
}
