//! Go's `time` as Sprig's clock functions use it: instants with a location, `Format` and
//! `Parse` with Go's reference layout (`Mon Jan 2 15:04:05 MST 2006`), `Duration`'s `String` and
//! `ParseDuration`.
//!
//! Locations: `UTC`, `Local` (UTC here: a render has no local zone), fixed offsets (`Etc/GMT+5`,
//! zones a parsed time names), and a small table of common IANA zones with their current rules
//! (the US, EU and Australian daylight saving time; earlier rules are not known). Go's
//! `LoadLocation` fails for any other name.

use std::rc::Rc;

/// Nanoseconds in a second.
const SECOND: i64 = 1_000_000_000;
/// Seconds from 0001-01-01 to 1970-01-01 (Go's zero time is year 1).
pub const ZERO_UNIX: i64 = -62_135_596_800;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// A month's English name (1-based; `%!Month(n)` out of range, as Go prints it).
pub fn month_name(month: i64) -> String {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS.get(i))
        .map_or_else(|| format!("%!Month({month})"), |m| (*m).to_owned())
}

/// A weekday's English name (0 is Sunday).
pub fn weekday_name(day: i64) -> String {
    usize::try_from(day)
        .ok()
        .and_then(|i| DAYS.get(i))
        .map_or_else(|| format!("%!Weekday({day})"), |d| (*d).to_owned())
}

/// Years beyond this many (either way) count as this many: Go's own arithmetic wraps there.
const MAX_YEAR: i64 = 1 << 40;

/// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; month 1..=12).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = year.clamp(-MAX_YEAR, MAX_YEAR);
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day.clamp(-1 << 40, 1 << 40) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of day `days` after 1970-01-01: year, month (1..=12), day.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A zone's daylight saving time rule (as in force since 2007).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    None,
    /// Second Sunday of March 02:00 to first Sunday of November 02:00, local time.
    Us,
    /// Last Sunday of March to last Sunday of October, 01:00 UTC.
    Eu,
    /// First Sunday of October 02:00 to first Sunday of April 03:00, local time.
    Au,
}

/// An IANA zone this renderer knows.
#[derive(Debug, PartialEq, Eq)]
pub struct Zone {
    name: &'static str,
    offset: i32,
    abbr: &'static str,
    dst_abbr: &'static str,
    rule: Rule,
}

const fn zone(name: &'static str, offset: i32, abbr: &'static str) -> Zone {
    Zone {
        name,
        offset,
        abbr,
        dst_abbr: abbr,
        rule: Rule::None,
    }
}

const fn dst(
    name: &'static str,
    offset: i32,
    abbr: &'static str,
    dst_abbr: &'static str,
    rule: Rule,
) -> Zone {
    Zone {
        name,
        offset,
        abbr,
        dst_abbr,
        rule,
    }
}

const H: i32 = 3600;

static ZONES: &[Zone] = &[
    zone("Etc/UTC", 0, "UTC"),
    zone("Etc/UCT", 0, "UTC"),
    zone("Etc/Universal", 0, "UTC"),
    zone("Etc/Zulu", 0, "UTC"),
    zone("UCT", 0, "UTC"),
    zone("Universal", 0, "UTC"),
    zone("Zulu", 0, "UTC"),
    zone("GMT", 0, "GMT"),
    zone("Etc/GMT", 0, "GMT"),
    zone("Etc/GMT0", 0, "GMT"),
    zone("Etc/GMT+0", 0, "GMT"),
    zone("Etc/GMT-0", 0, "GMT"),
    zone("GMT0", 0, "GMT"),
    zone("GMT+0", 0, "GMT"),
    zone("GMT-0", 0, "GMT"),
    zone("Greenwich", 0, "GMT"),
    zone("Etc/Greenwich", 0, "GMT"),
    zone("Africa/Abidjan", 0, "GMT"),
    zone("Africa/Accra", 0, "GMT"),
    zone("Africa/Lagos", H, "WAT"),
    zone("Africa/Johannesburg", 2 * H, "SAST"),
    zone("Africa/Nairobi", 3 * H, "EAT"),
    zone("America/Argentina/Buenos_Aires", -3 * H, "-03"),
    zone("America/Bogota", -5 * H, "-05"),
    zone("America/Lima", -5 * H, "-05"),
    zone("America/Sao_Paulo", -3 * H, "-03"),
    zone("America/Phoenix", -7 * H, "MST"),
    zone("Pacific/Honolulu", -10 * H, "HST"),
    zone("US/Hawaii", -10 * H, "HST"),
    zone("Asia/Bangkok", 7 * H, "+07"),
    zone("Asia/Dubai", 4 * H, "+04"),
    zone("Asia/Hong_Kong", 8 * H, "HKT"),
    zone("Asia/Jakarta", 7 * H, "WIB"),
    zone("Asia/Karachi", 5 * H, "PKT"),
    zone("Asia/Kathmandu", 5 * H + 45 * 60, "+0545"),
    zone("Asia/Kolkata", 5 * H + 30 * 60, "IST"),
    zone("Asia/Calcutta", 5 * H + 30 * 60, "IST"),
    zone("Asia/Manila", 8 * H, "PST"),
    zone("Asia/Seoul", 9 * H, "KST"),
    zone("Asia/Shanghai", 8 * H, "CST"),
    zone("Asia/Singapore", 8 * H, "+08"),
    zone("Asia/Taipei", 8 * H, "CST"),
    zone("Asia/Tokyo", 9 * H, "JST"),
    zone("Australia/Brisbane", 10 * H, "AEST"),
    zone("Europe/Istanbul", 3 * H, "+03"),
    zone("Europe/Moscow", 3 * H, "MSK"),
    dst("America/New_York", -5 * H, "EST", "EDT", Rule::Us),
    dst("America/Toronto", -5 * H, "EST", "EDT", Rule::Us),
    dst("America/Detroit", -5 * H, "EST", "EDT", Rule::Us),
    dst("US/Eastern", -5 * H, "EST", "EDT", Rule::Us),
    dst("EST5EDT", -5 * H, "EST", "EDT", Rule::Us),
    dst("America/Chicago", -6 * H, "CST", "CDT", Rule::Us),
    dst("US/Central", -6 * H, "CST", "CDT", Rule::Us),
    dst("CST6CDT", -6 * H, "CST", "CDT", Rule::Us),
    dst("America/Denver", -7 * H, "MST", "MDT", Rule::Us),
    dst("US/Mountain", -7 * H, "MST", "MDT", Rule::Us),
    dst("MST7MDT", -7 * H, "MST", "MDT", Rule::Us),
    dst("America/Los_Angeles", -8 * H, "PST", "PDT", Rule::Us),
    dst("America/Vancouver", -8 * H, "PST", "PDT", Rule::Us),
    dst("US/Pacific", -8 * H, "PST", "PDT", Rule::Us),
    dst("PST8PDT", -8 * H, "PST", "PDT", Rule::Us),
    dst("America/Anchorage", -9 * H, "AKST", "AKDT", Rule::Us),
    dst("Europe/London", 0, "GMT", "BST", Rule::Eu),
    dst("Europe/Dublin", 0, "GMT", "IST", Rule::Eu),
    dst("Europe/Lisbon", 0, "WET", "WEST", Rule::Eu),
    dst("Europe/Amsterdam", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Berlin", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Brussels", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Copenhagen", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Madrid", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Oslo", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Paris", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Prague", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Rome", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Stockholm", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Vienna", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Warsaw", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Zurich", H, "CET", "CEST", Rule::Eu),
    dst("CET", H, "CET", "CEST", Rule::Eu),
    dst("Europe/Athens", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Europe/Bucharest", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Europe/Helsinki", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Europe/Kiev", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Europe/Kyiv", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Europe/Sofia", 2 * H, "EET", "EEST", Rule::Eu),
    dst("EET", 2 * H, "EET", "EEST", Rule::Eu),
    dst("Australia/Sydney", 10 * H, "AEST", "AEDT", Rule::Au),
    dst("Australia/Melbourne", 10 * H, "AEST", "AEDT", Rule::Au),
    dst("Australia/Canberra", 10 * H, "AEST", "AEDT", Rule::Au),
];

/// A time's location.
#[derive(Debug, Clone, PartialEq)]
pub enum Loc {
    Utc,
    /// Go's `time.Local`: UTC here.
    Local,
    Zone(&'static Zone),
    /// A fixed offset (`time.FixedZone`, `Etc/GMT+5`): the location's name, the zone's
    /// abbreviation, the offset in seconds east of UTC.
    Fixed(Rc<str>, Rc<str>, i32),
}

/// Unix seconds of the day `days` (since 1970-01-01) at `hour` o'clock UTC.
fn at(days: i64, hour: i64) -> i64 {
    days.saturating_mul(86_400).saturating_add(hour * 3600)
}

/// The day (since 1970-01-01) of the `n`th (1-based) Sunday of `month`, or the last (`n == 0`).
fn sunday(year: i64, month: i64, n: i64) -> i64 {
    if n == 0 {
        let last = days_from_civil(year, month, days_in(month, year));
        return last - (last + 4).rem_euclid(7);
    }
    let first = days_from_civil(year, month, 1);
    first + (7 - (first + 4).rem_euclid(7)) % 7 + 7 * (n - 1)
}

impl Loc {
    /// Go's `LoadLocation`: `None` when Go fails (an unknown zone).
    pub fn load(name: &str) -> Option<Loc> {
        match name {
            "" | "UTC" => return Some(Loc::Utc),
            "Local" => return Some(Loc::Local),
            _ => {}
        }
        if let Some(zone) = ZONES.iter().find(|z| z.name == name) {
            return Some(Loc::Zone(zone));
        }
        // `Etc/GMT+5` is five hours west of Greenwich (POSIX signs), named `-05`.
        let rest = name.strip_prefix("Etc/GMT")?;
        let (sign, digits) = match rest.as_bytes().first() {
            Some(b'+') => (-1, rest.get(1..)?),
            Some(b'-') => (1, rest.get(1..)?),
            _ => return None,
        };
        if digits.is_empty() || digits.len() > 2 || digits.starts_with('0') {
            return None;
        }
        let hours: i32 = digits.parse().ok()?;
        let max = if sign < 0 { 12 } else { 14 };
        if hours > max {
            return None;
        }
        let abbr = format!("{}{hours:02}", if sign < 0 { '-' } else { '+' });
        Some(Loc::Fixed(name.into(), abbr.into(), sign * hours * H))
    }

    /// Its name (`Location.String`).
    pub fn name(&self) -> &str {
        match self {
            Loc::Utc => "UTC",
            Loc::Local => "Local",
            Loc::Zone(zone) => zone.name,
            Loc::Fixed(name, ..) => name,
        }
    }

    /// The zone's abbreviation and offset (seconds east of UTC) at Unix time `unix`.
    pub fn lookup(&self, unix: i64) -> (&str, i32) {
        let zone = match self {
            Loc::Utc | Loc::Local => return ("UTC", 0),
            Loc::Fixed(_, abbr, offset) => return (abbr, *offset),
            Loc::Zone(zone) => zone,
        };
        let std_off = i64::from(zone.offset);
        let year = civil_from_days(unix.saturating_add(std_off).div_euclid(86_400)).0;
        let in_dst = match zone.rule {
            Rule::None => false,
            Rule::Us => {
                let start = at(sunday(year, 3, 2), 2).saturating_sub(std_off);
                let end = at(sunday(year, 11, 1), 2).saturating_sub(std_off + 3600);
                (start..end).contains(&unix)
            }
            Rule::Eu => (at(sunday(year, 3, 0), 1)..at(sunday(year, 10, 0), 1)).contains(&unix),
            Rule::Au => {
                let end = at(sunday(year, 4, 1), 3).saturating_sub(std_off + 3600);
                let start = at(sunday(year, 10, 1), 2).saturating_sub(std_off);
                unix < end || unix >= start
            }
        };
        if in_dst {
            (zone.dst_abbr, zone.offset + H)
        } else {
            (zone.abbr, zone.offset)
        }
    }
}

/// An instant with a location (Go's `time.Time` without a monotonic reading).
#[derive(Debug, Clone, PartialEq)]
pub struct Time {
    /// Seconds since 1970-01-01 UTC.
    pub unix: i64,
    /// Nanoseconds within the second (0..1e9).
    pub nsec: i64,
    pub loc: Loc,
}

/// A time's calendar fields in its zone.
struct Parts<'a> {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    min: i64,
    sec: i64,
    wday: i64,
    yday: i64,
    abbr: &'a str,
    offset: i32,
}

impl Time {
    /// Go's zero time (0001-01-01 00:00:00 UTC).
    pub fn zero() -> Time {
        Time {
            unix: ZERO_UNIX,
            nsec: 0,
            loc: Loc::Utc,
        }
    }

    /// `time.Unix(sec, 0)` (in `Local`).
    pub fn from_unix(unix: i64) -> Time {
        Time {
            unix,
            nsec: 0,
            loc: Loc::Local,
        }
    }

    /// Go's `time.Date`, normalizing out-of-range fields, in `loc`.
    #[allow(clippy::too_many_arguments)]
    pub fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        min: i64,
        sec: i64,
        nsec: i64,
        loc: Loc,
    ) -> Time {
        let m0 = month - 1;
        let year = year.saturating_add(m0.div_euclid(12));
        let month = m0.rem_euclid(12) + 1;
        let sec = sec.saturating_add(nsec.div_euclid(SECOND));
        let nsec = nsec.rem_euclid(SECOND);
        let days = days_from_civil(year, month, 1).saturating_add(day.saturating_sub(1));
        let local = days
            .saturating_mul(86_400)
            .saturating_add(hour.saturating_mul(3600))
            .saturating_add(min.saturating_mul(60))
            .saturating_add(sec);
        let first = i64::from(loc.lookup(local).1);
        let mut unix = local.saturating_sub(first);
        let second = i64::from(loc.lookup(unix).1);
        if second != first {
            unix = local.saturating_sub(second);
        }
        Time { unix, nsec, loc }
    }

    pub fn is_zero(&self) -> bool {
        self.unix == ZERO_UNIX && self.nsec == 0
    }

    /// The time in `loc`.
    pub fn in_loc(&self, loc: Loc) -> Time {
        Time {
            loc,
            ..self.clone()
        }
    }

    /// Go's `UnixNano` (wrapping outside int64's range, as Go's does).
    pub fn unix_nano(&self) -> i64 {
        self.unix.wrapping_mul(SECOND).wrapping_add(self.nsec)
    }

    /// Nanoseconds since Go's zero time, for arithmetic.
    fn abs_nanos(&self) -> i128 {
        (i128::from(self.unix) - i128::from(ZERO_UNIX)) * i128::from(SECOND) + i128::from(self.nsec)
    }

    fn from_abs_nanos(n: i128, loc: Loc) -> Time {
        let s = i128::from(SECOND);
        let secs = n.div_euclid(s) + i128::from(ZERO_UNIX);
        Time {
            unix: i64::try_from(secs).unwrap_or(if secs < 0 { i64::MIN } else { i64::MAX }),
            nsec: i64::try_from(n.rem_euclid(s)).unwrap_or(0),
            loc,
        }
    }

    /// `t.Add(d)`.
    pub fn add(&self, d: i64) -> Time {
        Time::from_abs_nanos(self.abs_nanos() + i128::from(d), self.loc.clone())
    }

    /// `t.Sub(u)`, saturated to Duration's range as Go's is.
    pub fn sub(&self, other: &Time) -> i64 {
        let d = self.abs_nanos() - other.abs_nanos();
        i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
    }

    /// `t.AddDate(years, months, days)`.
    pub fn add_date(&self, years: i64, months: i64, days: i64) -> Time {
        let p = self.parts();
        Time::date(
            p.year.saturating_add(years),
            p.month.saturating_add(months),
            p.day.saturating_add(days),
            p.hour,
            p.min,
            p.sec,
            self.nsec,
            self.loc.clone(),
        )
    }

    /// `t.Truncate(d)`: rounded down to a multiple of `d` since the zero time.
    pub fn truncate(&self, d: i64) -> Time {
        if d <= 0 {
            return self.clone();
        }
        let n = self.abs_nanos();
        Time::from_abs_nanos(n - n.rem_euclid(i128::from(d)), self.loc.clone())
    }

    fn parts(&self) -> Parts<'_> {
        let (abbr, offset) = self.loc.lookup(self.unix);
        let local = self.unix.saturating_add(i64::from(offset));
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Parts {
            year,
            month,
            day,
            hour: secs / 3600,
            min: secs / 60 % 60,
            sec: secs % 60,
            wday: (days + 4).rem_euclid(7),
            yday: days - days_from_civil(year, 1, 1) + 1,
            abbr,
            offset,
        }
    }

    pub fn year(&self) -> i64 {
        self.parts().year
    }
    pub fn month(&self) -> i64 {
        self.parts().month
    }
    pub fn day(&self) -> i64 {
        self.parts().day
    }
    pub fn hour(&self) -> i64 {
        self.parts().hour
    }
    pub fn minute(&self) -> i64 {
        self.parts().min
    }
    pub fn second(&self) -> i64 {
        self.parts().sec
    }
    pub fn weekday(&self) -> i64 {
        self.parts().wday
    }
    pub fn year_day(&self) -> i64 {
        self.parts().yday
    }

    /// Go's `t.String()`.
    pub fn string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }

    /// Go's `t.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let p = self.parts();
        let mut out = String::with_capacity(layout.len() + 10);
        let mut rest = layout;
        loop {
            let (prefix, std, suffix) = next_chunk(rest);
            out.push_str(prefix);
            let Some(std) = std else { break };
            rest = suffix;
            format_std(&mut out, std, &p, self.nsec);
        }
        out
    }
}

/// Go's `appendInt`: `x` zero-padded to `width` digits, its sign before.
fn push_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// One element of a layout (Go's `std…` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    Pm,
    LowerPm,
    Tz,
    /// A numeric zone: whether `Z` stands for UTC, a colon, minutes, seconds.
    NumTz {
        iso: bool,
        colon: bool,
        minutes: bool,
        seconds: bool,
    },
    /// Fractional seconds: trailing zeros trimmed (`9`), digits, the separator.
    Frac {
        trim: bool,
        digits: usize,
        sep: char,
    },
}

const fn num_tz(iso: bool, colon: bool, minutes: bool, seconds: bool) -> Std {
    Std::NumTz {
        iso,
        colon,
        minutes,
        seconds,
    }
}

/// Go's `nextStdChunk`: the text before the first layout element, the element, the rest.
fn next_chunk(layout: &str) -> (&str, Option<Std>, &str) {
    let b = layout.as_bytes();
    let has = |i: usize, s: &str| b.get(i..i + s.len()) == Some(s.as_bytes());
    let byte = |i: usize| b.get(i).copied().unwrap_or(0);
    let split = |i: usize, std: Std, len: usize| {
        (
            layout.get(..i).unwrap_or_default(),
            Some(std),
            layout.get(i + len..).unwrap_or_default(),
        )
    };
    for i in 0..b.len() {
        let found = match byte(i) {
            b'J' if has(i, "January") => Some((Std::LongMonth, 7)),
            b'J' if has(i, "Jan") && !byte(i + 3).is_ascii_lowercase() => Some((Std::Month, 3)),
            b'M' if has(i, "Monday") => Some((Std::LongWeekDay, 6)),
            b'M' if has(i, "Mon") && !byte(i + 3).is_ascii_lowercase() => Some((Std::WeekDay, 3)),
            b'M' if has(i, "MST") => Some((Std::Tz, 3)),
            b'0' => match byte(i + 1) {
                b'1' => Some((Std::ZeroMonth, 2)),
                b'2' => Some((Std::ZeroDay, 2)),
                b'3' => Some((Std::ZeroHour12, 2)),
                b'4' => Some((Std::ZeroMinute, 2)),
                b'5' => Some((Std::ZeroSecond, 2)),
                b'6' => Some((Std::Year, 2)),
                b'0' if byte(i + 2) == b'2' => Some((Std::ZeroYearDay, 3)),
                _ => None,
            },
            b'1' if byte(i + 1) == b'5' => Some((Std::Hour, 2)),
            b'1' => Some((Std::NumMonth, 1)),
            b'2' if has(i, "2006") => Some((Std::LongYear, 4)),
            b'2' => Some((Std::Day, 1)),
            b'_' if byte(i + 1) == b'2' => {
                // `_2006` is a literal `_` before the long year.
                if has(i + 1, "2006") {
                    return split(i + 1, Std::LongYear, 4);
                }
                Some((Std::UnderDay, 2))
            }
            b'_' if byte(i + 1) == b'_' && byte(i + 2) == b'2' => Some((Std::UnderYearDay, 3)),
            b'3' => Some((Std::Hour12, 1)),
            b'4' => Some((Std::Minute, 1)),
            b'5' => Some((Std::Second, 1)),
            b'P' if byte(i + 1) == b'M' => Some((Std::Pm, 2)),
            b'p' if byte(i + 1) == b'm' => Some((Std::LowerPm, 2)),
            b'-' if has(i, "-070000") => Some((num_tz(false, false, true, true), 7)),
            b'-' if has(i, "-07:00:00") => Some((num_tz(false, true, true, true), 9)),
            b'-' if has(i, "-0700") => Some((num_tz(false, false, true, false), 5)),
            b'-' if has(i, "-07:00") => Some((num_tz(false, true, true, false), 6)),
            b'-' if has(i, "-07") => Some((num_tz(false, false, false, false), 3)),
            b'Z' if has(i, "Z070000") => Some((num_tz(true, false, true, true), 7)),
            b'Z' if has(i, "Z07:00:00") => Some((num_tz(true, true, true, true), 9)),
            b'Z' if has(i, "Z0700") => Some((num_tz(true, false, true, false), 5)),
            b'Z' if has(i, "Z07:00") => Some((num_tz(true, true, true, false), 6)),
            b'Z' if has(i, "Z07") => Some((num_tz(true, false, false, false), 3)),
            c @ (b'.' | b',') if matches!(byte(i + 1), b'0' | b'9') => {
                let digit = byte(i + 1);
                let mut j = i + 1;
                while byte(j) == digit {
                    j += 1;
                }
                // Only a run not followed by another digit is a fraction.
                if byte(j).is_ascii_digit() {
                    None
                } else {
                    let std = Std::Frac {
                        trim: digit == b'9',
                        digits: j - (i + 1),
                        sep: char::from(c),
                    };
                    Some((std, j - i))
                }
            }
            _ => None,
        };
        if let Some((std, len)) = found {
            return split(i, std, len);
        }
    }
    (layout, None, "")
}

fn format_std(out: &mut String, std: Std, p: &Parts<'_>, nsec: i64) {
    let short = |name: String| name.chars().take(3).collect::<String>();
    match std {
        Std::Year => push_int(out, (p.year % 100).abs(), 2),
        Std::LongYear => push_int(out, p.year, 4),
        Std::Month => out.push_str(&short(month_name(p.month))),
        Std::LongMonth => out.push_str(&month_name(p.month)),
        Std::NumMonth => push_int(out, p.month, 0),
        Std::ZeroMonth => push_int(out, p.month, 2),
        Std::WeekDay => out.push_str(&short(weekday_name(p.wday))),
        Std::LongWeekDay => out.push_str(&weekday_name(p.wday)),
        Std::Day => push_int(out, p.day, 0),
        Std::UnderDay => {
            if p.day < 10 {
                out.push(' ');
            }
            push_int(out, p.day, 0);
        }
        Std::ZeroDay => push_int(out, p.day, 2),
        Std::UnderYearDay => {
            if p.yday < 100 {
                out.push(' ');
                if p.yday < 10 {
                    out.push(' ');
                }
            }
            push_int(out, p.yday, 0);
        }
        Std::ZeroYearDay => push_int(out, p.yday, 3),
        Std::Hour => push_int(out, p.hour, 2),
        Std::Hour12 | Std::ZeroHour12 => {
            let h = match p.hour % 12 {
                0 => 12,
                h => h,
            };
            push_int(out, h, if std == Std::Hour12 { 0 } else { 2 });
        }
        Std::Minute => push_int(out, p.min, 0),
        Std::ZeroMinute => push_int(out, p.min, 2),
        Std::Second => push_int(out, p.sec, 0),
        Std::ZeroSecond => push_int(out, p.sec, 2),
        Std::Pm => out.push_str(if p.hour >= 12 { "PM" } else { "AM" }),
        Std::LowerPm => out.push_str(if p.hour >= 12 { "pm" } else { "am" }),
        Std::NumTz {
            iso,
            colon,
            minutes,
            seconds,
        } => {
            if iso && p.offset == 0 {
                out.push('Z');
                return;
            }
            let mut zone = p.offset / 60;
            let mut abs = p.offset;
            if zone < 0 {
                out.push('-');
                zone = -zone;
                abs = -abs;
            } else {
                out.push('+');
            }
            push_int(out, i64::from(zone / 60), 2);
            if colon {
                out.push(':');
            }
            if minutes {
                push_int(out, i64::from(zone % 60), 2);
            }
            if seconds {
                if colon {
                    out.push(':');
                }
                push_int(out, i64::from(abs % 60), 2);
            }
        }
        Std::Tz => {
            if !p.abbr.is_empty() {
                out.push_str(p.abbr);
                return;
            }
            let mut zone = p.offset / 60;
            if zone < 0 {
                out.push('-');
                zone = -zone;
            } else {
                out.push('+');
            }
            push_int(out, i64::from(zone / 60), 2);
            push_int(out, i64::from(zone % 60), 2);
        }
        Std::Frac { trim, digits, sep } => {
            if trim && (digits == 0 || nsec == 0) {
                return;
            }
            let mut frac = format!("{nsec:09}");
            frac.truncate(digits.min(9));
            if trim {
                while frac.ends_with('0') {
                    frac.pop();
                }
                if frac.is_empty() {
                    return;
                }
            }
            out.push(sep);
            out.push_str(&frac);
        }
    }
}

/// Go's `ParseInLocation(layout, value, loc)`, with Go's `ParseError` texts.
pub fn parse(layout: &str, value: &str, local: Loc) -> Result<Time, String> {
    let quote = crate::template::fmt::quote;
    let error = |elem_layout: &str, elem_value: &str, message: &str| {
        if message.is_empty() {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                quote(value),
                quote(layout),
                quote(elem_value),
                quote(elem_layout)
            )
        } else {
            format!("parsing time {}{message}", quote(value))
        }
    };
    let (mut year, mut month, mut day, mut yday) = (0i64, -1i64, -1i64, -1i64);
    let (mut hour, mut min, mut sec, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let (mut pm_set, mut am_set) = (false, false);
    let mut utc = false;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();
    let mut rest_layout = layout;
    let mut v = value;
    loop {
        let (prefix, std, suffix) = next_chunk(rest_layout);
        let std_text = rest_layout
            .get(prefix.len()..rest_layout.len() - suffix.len())
            .unwrap_or_default();
        v = skip(v, prefix).map_err(|at| error(prefix, at, ""))?;
        let Some(std) = std else {
            if !v.is_empty() {
                return Err(error("", v, &format!(": extra text: {}", quote(v))));
            }
            break;
        };
        rest_layout = suffix;
        let hold = v;
        let mut range = "";
        let bad = || error(std_text, hold, "");
        match std {
            Std::Year => {
                let digits = v.get(..2).ok_or_else(bad)?;
                let n = atoi(digits).ok_or_else(bad)?;
                year = if n >= 69 { n + 1900 } else { n + 2000 };
                v = v.get(2..).unwrap_or_default();
            }
            Std::LongYear => {
                if !is_digit(v, 0) {
                    return Err(bad());
                }
                let digits = v.get(..4).ok_or_else(bad)?;
                year = atoi(digits).ok_or_else(bad)?;
                v = v.get(4..).unwrap_or_default();
            }
            Std::Month | Std::LongMonth => {
                let (n, len) = lookup(v, std == Std::LongMonth, &MONTHS).ok_or_else(bad)?;
                month = n + 1;
                v = v.get(len..).unwrap_or_default();
            }
            Std::NumMonth | Std::ZeroMonth => {
                let (n, r) = getnum(v, std == Std::ZeroMonth).ok_or_else(bad)?;
                month = n;
                v = r;
                if !(1..=12).contains(&month) {
                    range = "month";
                }
            }
            Std::WeekDay | Std::LongWeekDay => {
                let (_, len) = lookup(v, std == Std::LongWeekDay, &DAYS).ok_or_else(bad)?;
                v = v.get(len..).unwrap_or_default();
            }
            Std::Day | Std::UnderDay | Std::ZeroDay => {
                if std == Std::UnderDay && v.starts_with(' ') {
                    v = v.get(1..).unwrap_or_default();
                }
                let (n, r) = getnum(v, std == Std::ZeroDay).ok_or_else(bad)?;
                day = n;
                v = r;
            }
            Std::UnderYearDay | Std::ZeroYearDay => {
                for _ in 0..2 {
                    if std == Std::UnderYearDay && v.starts_with(' ') {
                        v = v.get(1..).unwrap_or_default();
                    }
                }
                let (n, r) = getnum3(v, std == Std::ZeroYearDay).ok_or_else(bad)?;
                yday = n;
                v = r;
            }
            Std::Hour => {
                let (n, r) = getnum(v, false).ok_or_else(bad)?;
                hour = n;
                v = r;
                if !(0..24).contains(&hour) {
                    range = "hour";
                }
            }
            Std::Hour12 | Std::ZeroHour12 => {
                let (n, r) = getnum(v, std == Std::ZeroHour12).ok_or_else(bad)?;
                hour = n;
                v = r;
                if !(0..=12).contains(&hour) {
                    range = "hour";
                }
            }
            Std::Minute | Std::ZeroMinute => {
                let (n, r) = getnum(v, std == Std::ZeroMinute).ok_or_else(bad)?;
                min = n;
                v = r;
                if !(0..60).contains(&min) {
                    range = "minute";
                }
            }
            Std::Second | Std::ZeroSecond => {
                let (n, r) = getnum(v, std == Std::ZeroSecond).ok_or_else(bad)?;
                sec = n;
                v = r;
                if !(0..60).contains(&sec) {
                    range = "second";
                } else if v.len() >= 2
                    && matches!(v.as_bytes().first(), Some(b'.' | b','))
                    && is_digit(v, 1)
                    && !matches!(next_chunk(rest_layout).1, Some(Std::Frac { .. }))
                {
                    // A fraction the layout does not name is read anyway.
                    let mut n = 2;
                    while is_digit(v, n) {
                        n += 1;
                    }
                    match nanoseconds(v, n) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range = r,
                        Err(None) => return Err(bad()),
                    }
                    v = v.get(n..).unwrap_or_default();
                }
            }
            Std::Pm | Std::LowerPm => {
                let p = v.get(..2).ok_or_else(bad)?;
                let (pm, am) = if std == Std::Pm {
                    ("PM", "AM")
                } else {
                    ("pm", "am")
                };
                if p == pm {
                    pm_set = true;
                } else if p == am {
                    am_set = true;
                } else {
                    return Err(bad());
                }
                v = v.get(2..).unwrap_or_default();
            }
            Std::NumTz {
                iso,
                colon,
                minutes,
                seconds,
            } => {
                if iso && v.starts_with('Z') {
                    v = v.get(1..).unwrap_or_default();
                    utc = true;
                    continue;
                }
                let b = v.as_bytes();
                let sign = *b.first().ok_or_else(bad)?;
                if sign != b'+' && sign != b'-' {
                    return Err(bad());
                }
                let mut at = 1;
                let mut field = |colon_before: bool| -> Option<i64> {
                    if colon_before {
                        if b.get(at) != Some(&b':') {
                            return None;
                        }
                        at += 1;
                    }
                    let digits = v.get(at..at + 2)?;
                    at += 2;
                    getnum(digits, true).map(|(n, _)| n)
                };
                let hh = field(false).ok_or_else(bad)?;
                let mm = if minutes {
                    field(colon).ok_or_else(bad)?
                } else {
                    0
                };
                let ss = if seconds {
                    field(colon).ok_or_else(bad)?
                } else {
                    0
                };
                if ss > 60 {
                    range = "time zone offset second";
                } else if mm > 60 {
                    range = "time zone offset minute";
                } else if hh > 24 {
                    range = "time zone offset hour";
                }
                let off = (hh * 60 + mm) * 60 + ss;
                zone_offset = Some(if sign == b'-' { -off } else { off });
                v = v.get(at..).unwrap_or_default();
            }
            Std::Tz => {
                if v.starts_with("UTC") {
                    utc = true;
                    v = v.get(3..).unwrap_or_default();
                    continue;
                }
                let n = zone_name_len(v).ok_or_else(bad)?;
                zone_name = v.get(..n).unwrap_or_default().to_owned();
                v = v.get(n..).unwrap_or_default();
            }
            Std::Frac { trim, digits, .. } => {
                if trim {
                    let b = v.as_bytes();
                    if b.len() < 2
                        || !matches!(b.first(), Some(b'.' | b','))
                        || !b.get(1).is_some_and(u8::is_ascii_digit)
                    {
                        continue;
                    }
                    let mut i = 1;
                    while is_digit(v, i) {
                        i += 1;
                    }
                    match nanoseconds(v, i) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range = r,
                        Err(None) => return Err(bad()),
                    }
                    v = v.get(i..).unwrap_or_default();
                } else {
                    let n = 1 + digits;
                    if v.len() < n {
                        return Err(bad());
                    }
                    match nanoseconds(v, n) {
                        Ok(ns) => nsec = ns,
                        Err(Some(r)) => range = r,
                        Err(None) => return Err(bad()),
                    }
                    v = v.get(n..).unwrap_or_default();
                }
            }
        }
        if !range.is_empty() {
            return Err(error(std_text, v, &format!(": {range} out of range")));
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }
    if yday >= 0 {
        let (mut m, mut d) = (0, 0);
        let mut yd = yday;
        if is_leap(year) {
            if yd == 31 + 29 {
                m = 2;
                d = 29;
            } else if yd > 31 + 29 {
                yd -= 1;
            }
        }
        if !(1..=365).contains(&yd) {
            return Err(error("", value, ": day-of-year out of range"));
        }
        if m == 0 {
            m = 1;
            while m < 12 && days_from_civil(2001, m + 1, 1) - days_from_civil(2001, 1, 1) < yd {
                m += 1;
            }
            d = yd - (days_from_civil(2001, m, 1) - days_from_civil(2001, 1, 1));
        }
        if month >= 0 && month != m {
            return Err(error("", value, ": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(error("", value, ": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(error("", value, ": day out of range"));
    }
    if utc {
        return Ok(Time::date(year, month, day, hour, min, sec, nsec, Loc::Utc));
    }
    if let Some(offset) = zone_offset {
        let t = Time::date(year, month, day, hour, min, sec, nsec, Loc::Utc);
        let unix = t.unix - offset;
        let (abbr, local_off) = local.lookup(unix);
        if i64::from(local_off) == offset && (zone_name.is_empty() || abbr == zone_name) {
            return Ok(Time {
                unix,
                nsec,
                loc: local,
            });
        }
        let offset = i32::try_from(offset).unwrap_or(0);
        let name: Rc<str> = zone_name.into();
        return Ok(Time {
            unix,
            nsec,
            loc: Loc::Fixed(name.clone(), name, offset),
        });
    }
    if !zone_name.is_empty() {
        let t = Time::date(year, month, day, hour, min, sec, nsec, Loc::Utc);
        let (abbr, local_off) = local.lookup(t.unix);
        if abbr == zone_name {
            return Ok(Time {
                unix: t.unix - i64::from(local_off),
                nsec,
                loc: local,
            });
        }
        // An unknown abbreviation: a zone of that name at offset 0 (`GMT+3` at its offset).
        let mut offset = 0;
        if zone_name.len() > 3 && zone_name.starts_with("GMT") {
            offset = zone_name.get(3..).and_then(atoi).unwrap_or(0) * 3600;
        }
        let name: Rc<str> = zone_name.into();
        return Ok(Time {
            unix: t.unix,
            nsec,
            loc: Loc::Fixed(name.clone(), name, i32::try_from(offset).unwrap_or(0)),
        });
    }
    Ok(Time::date(year, month, day, hour, min, sec, nsec, local))
}

fn is_digit(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// Go's `skip`: the layout's literal text must come next (a space matches any run of spaces).
fn skip<'v>(mut value: &'v str, mut prefix: &str) -> Result<&'v str, &'v str> {
    while let Some(&p) = prefix.as_bytes().first() {
        if p == b' ' {
            if value.as_bytes().first().is_some_and(|&c| c != b' ') {
                return Err(value);
            }
            prefix = prefix.trim_start_matches(' ');
            value = value.trim_start_matches(' ');
            continue;
        }
        let Some(c) = prefix.chars().next() else {
            break;
        };
        if !value.starts_with(c) {
            return Err(value);
        }
        prefix = prefix.get(c.len_utf8()..).unwrap_or_default();
        value = value.get(c.len_utf8()..).unwrap_or_default();
    }
    Ok(value)
}

/// Go's `getnum`: one or two digits (exactly two when `fixed`).
fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    let d0 = i64::from(b.first().filter(|c| c.is_ascii_digit())? - b'0');
    match b.get(1).filter(|c| c.is_ascii_digit()) {
        Some(&d1) => Some((
            d0 * 10 + i64::from(d1 - b'0'),
            s.get(2..).unwrap_or_default(),
        )),
        None if fixed => None,
        None => Some((d0, s.get(1..).unwrap_or_default())),
    }
}

/// Go's `getnum3`: one to three digits (exactly three when `fixed`).
fn getnum3(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let mut n = 0;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s.as_bytes().get(i).copied().unwrap_or(b'0') - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return None;
    }
    Some((n, s.get(i..).unwrap_or_default()))
}

/// Go's `atoi` of a short field: an optional sign, then only digits.
fn atoi(s: &str) -> Option<i64> {
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: i64 = digits.parse().ok()?;
    Some(if neg { -n } else { n })
}

/// Go's `lookup` of a month or day name (case-insensitive): its index and length.
fn lookup(value: &str, long: bool, names: &[&str]) -> Option<(i64, usize)> {
    names.iter().enumerate().find_map(|(i, name)| {
        let name = if long { name } else { name.get(..3)? };
        let head = value.get(..name.len())?;
        head.eq_ignore_ascii_case(name)
            .then(|| (i64::try_from(i).unwrap_or(0), name.len()))
    })
}

/// Go's `parseNanoseconds` of `value[..n]` (a separator, then digits): `Err(Some(range))` out of
/// range, `Err(None)` when malformed.
fn nanoseconds(value: &str, n: usize) -> Result<i64, Option<&'static str>> {
    if !matches!(value.as_bytes().first(), Some(b'.' | b',')) {
        return Err(None);
    }
    let n = n.min(10);
    let digits = value.get(1..n).ok_or(None)?;
    let mut ns = atoi(digits).ok_or(None)?;
    if ns < 0 {
        return Err(Some("fractional second"));
    }
    for _ in n..10 {
        ns *= 10;
    }
    Ok(ns)
}

/// Go's `parseTimeZone`: how long the zone abbreviation starting `value` is.
fn zone_name_len(value: &str) -> Option<usize> {
    let b = value.as_bytes();
    if b.len() < 3 {
        return None;
    }
    if value.starts_with("ChST") || value.starts_with("MeST") {
        return Some(4);
    }
    if let Some(rest) = value.strip_prefix("GMT") {
        return Some(3 + signed_offset_len(rest));
    }
    if matches!(b.first(), Some(b'+' | b'-')) {
        return Some(signed_offset_len(value)).filter(|&n| n > 0);
    }
    let upper = b
        .iter()
        .take(6)
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    match upper {
        5 if b.get(4) == Some(&b'T') => Some(5),
        4 if b.get(3) == Some(&b'T') || value.starts_with("WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// Go's `parseSignedOffset`: the length of `+h`/`-h` (hours up to 12), 0 when there is none.
fn signed_offset_len(value: &str) -> usize {
    if !matches!(value.as_bytes().first(), Some(b'+' | b'-')) {
        return 0;
    }
    let digits = value.bytes().skip(1).take_while(u8::is_ascii_digit).count();
    match value.get(1..1 + digits).and_then(|d| d.parse::<u64>().ok()) {
        Some(x) if digits > 0 && x <= 12 => 1 + digits,
        _ => 0,
    }
}

/// Go's `Duration.String`: `1h2m3.5s`, `1.5ms`, `0s`.
pub fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".to_owned();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (prec, unit) = match u {
            0..1_000 => (0, "ns"),
            1_000..1_000_000 => (3, "µs"),
            _ => (6, "ms"),
        };
        out.push_str(&frac(u, prec));
        out.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let sec_text = frac(u % 1_000_000_000 + (secs % 60) * 1_000_000_000, 9);
        let (minutes, hours) = (secs / 60 % 60, secs / 3600);
        if hours > 0 {
            out.push_str(&format!("{hours}h{minutes}m"));
        } else if minutes > 0 {
            out.push_str(&format!("{minutes}m"));
        }
        out.push_str(&sec_text);
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// `v / 10^prec` with its fraction, trailing zeros (and a bare point) left out.
fn frac(v: u64, prec: u32) -> String {
    let scale = 10u64.pow(prec);
    let (whole, fraction) = (v / scale, v % scale);
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = prec as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Go's `time.ParseDuration`.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let quote = crate::template::fmt::quote;
    let invalid = || format!("time: invalid duration {}", quote(text));
    const LIMIT: u64 = 1 << 63;
    let mut s = text;
    let mut neg = false;
    if let Some(c @ ('-' | '+')) = s.chars().next() {
        neg = c == '-';
        s = s.get(1..).unwrap_or_default();
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while !s.is_empty() {
        if !s.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
            return Err(invalid());
        }
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let mut v: u64 = 0;
        for c in s.bytes().take(int_len) {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
        }
        s = s.get(int_len..).unwrap_or_default();
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if let Some(rest) = s.strip_prefix('.') {
            let frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            let mut overflow = false;
            for c in rest.bytes().take(frac_len) {
                if overflow || f > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                let y = f * 10 + u64::from(c - b'0');
                if y > LIMIT {
                    overflow = true;
                    continue;
                }
                f = y;
                scale *= 10.0;
            }
            post = frac_len > 0;
            s = rest.get(frac_len..).unwrap_or_default();
        }
        if int_len == 0 && !post {
            return Err(invalid());
        }
        let unit_len = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", quote(text)));
        }
        let unit_text = s.get(..unit_len).unwrap_or_default();
        s = s.get(unit_len..).unwrap_or_default();
        let unit: u64 = match unit_text {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote(unit_text),
                    quote(text)
                ));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total += v;
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    i64::try_from(total).map_err(|_| invalid())
}

/// Go's `Duration.Round(m)`: to the nearest multiple of `m`, halves away from zero, saturating.
pub fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let r = d % m;
    let less_than_half = |r: i64| (r as u64).wrapping_add(r as u64) < m as u64;
    if d < 0 {
        let r = -r;
        if less_than_half(r) {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if less_than_half(r) {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}
