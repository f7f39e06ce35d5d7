//! Sprig's `semver` and `semverCompare` with `Masterminds/semver` v3.4.0 (as Helm v4.1.4
//! links it): `NewVersion`'s loose reading (`v` prefix, missing minor and patch), `Compare`,
//! and `NewConstraint`'s ranges (`^`, `~`, wildcards, hyphen ranges, `,` and `||`) with its
//! prerelease rule: a prerelease version only satisfies a group that names a prerelease.

use std::cmp::Ordering;
use std::rc::Rc;

use super::super::{add, str_arg};
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, ListType, Object, Ty, Value};

const INVALID: &str = "invalid semantic version";
const STARTS_ZERO: &str = "version segment starts with 0";
const INVALID_PRERELEASE: &str = "invalid prerelease string";
const INVALID_METADATA: &str = "invalid metadata string";

/// A `semver.Version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'-'
}

/// Greedy `[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*` at `i`: its end.
fn dotted_idents(b: &[u8], i: usize) -> Option<usize> {
    let run = |at: usize| b.iter().skip(at).take_while(|&&c| is_ident_char(c)).count();
    let first = run(i);
    if first == 0 {
        return None;
    }
    let mut end = i + first;
    while b.get(end) == Some(&b'.') {
        let next = run(end + 1);
        if next == 0 {
            break;
        }
        end += 1 + next;
    }
    Some(end)
}

/// `strconv.ParseUint(s, 10, 64)` of a digit run, with Go's error text.
fn parse_segment(s: &str) -> Result<u64, String> {
    s.parse::<u64>().map_err(|_| {
        format!(
            "error parsing version segment: strconv.ParseUint: parsing {}: value out of range",
            crate::template::fmt::quote(s)
        )
    })
}

fn validate_prerelease(pre: &str) -> Result<(), &'static str> {
    for part in pre.split('.') {
        if part.is_empty() {
            return Err(INVALID_PRERELEASE);
        }
        if part.bytes().all(|c| c.is_ascii_digit()) {
            if part.len() > 1 && part.starts_with('0') {
                return Err(STARTS_ZERO);
            }
        } else if !part.bytes().all(is_ident_char) {
            return Err(INVALID_PRERELEASE);
        }
    }
    Ok(())
}

fn validate_metadata(metadata: &str) -> Result<(), &'static str> {
    for part in metadata.split('.') {
        if part.is_empty() || !part.bytes().all(is_ident_char) {
            return Err(INVALID_METADATA);
        }
    }
    Ok(())
}

impl Version {
    /// `semver.NewVersion` (coercing: `v1`, `1.2` and leading zeros are read).
    pub fn parse(text: &str) -> Result<Version, String> {
        let b = text.as_bytes();
        let digits = |at: usize| b.iter().skip(at).take_while(|c| c.is_ascii_digit()).count();
        let mut i = usize::from(b.first() == Some(&b'v'));
        let n = digits(i);
        if n == 0 {
            return Err(INVALID.to_owned());
        }
        let major = text.get(i..i + n).unwrap_or_default();
        i += n;
        let segment = |i: &mut usize| -> &str {
            if b.get(*i) == Some(&b'.') {
                let n = digits(*i + 1);
                if n > 0 {
                    let s = text.get(*i + 1..*i + 1 + n).unwrap_or_default();
                    *i += 1 + n;
                    return s;
                }
            }
            ""
        };
        let minor = segment(&mut i);
        let patch = if minor.is_empty() {
            ""
        } else {
            segment(&mut i)
        };
        let mut pre = "";
        if b.get(i) == Some(&b'-')
            && let Some(end) = dotted_idents(b, i + 1)
        {
            pre = text.get(i + 1..end).unwrap_or_default();
            i = end;
        }
        let mut metadata = "";
        if b.get(i) == Some(&b'+')
            && let Some(end) = dotted_idents(b, i + 1)
        {
            metadata = text.get(i + 1..end).unwrap_or_default();
            i = end;
        }
        if i != b.len() {
            return Err(INVALID.to_owned());
        }
        let version = Version {
            major: parse_segment(major)?,
            minor: if minor.is_empty() {
                0
            } else {
                parse_segment(minor)?
            },
            patch: if patch.is_empty() {
                0
            } else {
                parse_segment(patch)?
            },
            pre: pre.to_owned(),
            metadata: metadata.to_owned(),
            original: text.to_owned(),
        };
        if !version.pre.is_empty() {
            validate_prerelease(&version.pre)?;
        }
        if !version.metadata.is_empty() {
            validate_metadata(&version.metadata)?;
        }
        Ok(version)
    }

    /// `semver.StrictNewVersion` accepts `text`: exactly three numbers without a `v` or leading
    /// zeros, then a valid prerelease and metadata.
    pub fn is_strict(text: &str) -> bool {
        let (rest, metadata) = match text.split_once('+') {
            Some((rest, metadata)) => (rest, Some(metadata)),
            None => (text, None),
        };
        let (core, pre) = match rest.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (rest, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts.iter().all(|part| {
                !part.is_empty()
                    && part.bytes().all(|c| c.is_ascii_digit())
                    && (part.len() == 1 || !part.starts_with('0'))
                    && part.parse::<u64>().is_ok()
            })
            && pre.is_none_or(|pre| validate_prerelease(pre).is_ok())
            && metadata.is_none_or(|metadata| validate_metadata(metadata).is_ok())
    }

    /// `String()`: the canonical form.
    pub fn string(&self) -> String {
        let mut out = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            out.push('-');
            out.push_str(&self.pre);
        }
        if !self.metadata.is_empty() {
            out.push('+');
            out.push_str(&self.metadata);
        }
        out
    }

    pub fn compare(&self, other: &Version) -> Ordering {
        self.major
            .cmp(&other.major)
            .then(self.minor.cmp(&other.minor))
            .then(self.patch.cmp(&other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => compare_prerelease(&self.pre, &other.pre),
            })
    }

    fn v_prefix(&self) -> &'static str {
        if self.original.starts_with('v') {
            "v"
        } else {
            ""
        }
    }

    fn with_original(mut self, prefix: &str) -> Version {
        self.original = format!("{prefix}{}", self.string());
        self
    }

    fn inc_patch(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        if self.pre.is_empty() {
            next.patch = self.patch.wrapping_add(1);
        }
        next.pre.clear();
        next.with_original(self.v_prefix())
    }

    fn inc_minor(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        next.pre.clear();
        next.patch = 0;
        next.minor = self.minor.wrapping_add(1);
        next.with_original(self.v_prefix())
    }

    fn inc_major(&self) -> Version {
        let mut next = self.clone();
        next.metadata.clear();
        next.pre.clear();
        next.patch = 0;
        next.minor = 0;
        next.major = self.major.wrapping_add(1);
        next.with_original(self.v_prefix())
    }
}

/// `comparePrerelease`: dot-separated parts, numbers below words, a missing part lowest.
fn compare_prerelease(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (l, r) => {
                let d = compare_pre_part(l.unwrap_or(""), r.unwrap_or(""));
                if d != Ordering::Equal {
                    return d;
                }
            }
        }
    }
}

fn compare_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    let numeric = |x: &str| {
        if x.bytes().all(|c| c.is_ascii_digit()) {
            x.parse::<u64>().ok()
        } else {
            None
        }
    };
    match (numeric(s), numeric(o)) {
        (None, None) => {
            if s > o {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (Some(x), Some(y)) => {
            if x > y {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Constraints.

/// Go's `\s` (RE2): tab, newline, form feed, carriage return, space.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// A constraint version's parts as the pattern `cvRegex` captures them.
#[derive(Debug, Clone, Copy)]
struct Cv {
    start: usize,
    end: usize,
    /// The major segment (without `v`).
    major: (usize, usize),
    /// `.minor`, `.patch`, `-pre` with their lead character (empty: absent).
    minor: (usize, usize),
    patch: (usize, usize),
    pre: (usize, usize),
}

fn is_cv_segment_char(c: u8) -> bool {
    c.is_ascii_digit() || matches!(c, b'|' | b'x' | b'X' | b'*')
}

/// For each position of a text: where a run of segment characters starting there ends, and
/// where greedy dotted identifiers starting there end (the position itself: none). Computed
/// once, right to left, so that matching `cvRegex` anywhere costs constant time.
struct Runs {
    segment_end: Vec<usize>,
    dotted_end: Vec<usize>,
    space_end: Vec<usize>,
}

impl Runs {
    fn new(b: &[u8]) -> Runs {
        let n = b.len();
        let mut segment_end = vec![0; n + 2];
        let mut ident_end = vec![0; n + 2];
        let mut dotted_end = vec![0; n + 2];
        let mut space_end = vec![0; n + 2];
        for i in (0..n + 2).rev() {
            let c = b.get(i).copied();
            let next = |v: &Vec<usize>| v.get(i + 1).copied().unwrap_or(i + 1);
            let seg = if c.is_some_and(is_cv_segment_char) {
                next(&segment_end)
            } else {
                i
            };
            let ident = if c.is_some_and(is_ident_char) {
                next(&ident_end)
            } else {
                i
            };
            let dotted = if ident > i
                && b.get(ident) == Some(&b'.')
                && b.get(ident + 1).is_some_and(|&c| is_ident_char(c))
            {
                dotted_end.get(ident + 1).copied().unwrap_or(ident)
            } else {
                ident
            };
            let space = if c.is_some_and(is_space) {
                next(&space_end)
            } else {
                i
            };
            if let (Some(s), Some(d), Some(e), Some(w)) = (
                segment_end.get_mut(i),
                ident_end.get_mut(i),
                dotted_end.get_mut(i),
                space_end.get_mut(i),
            ) {
                *s = seg;
                *d = ident;
                *e = dotted;
                *w = space;
            }
        }
        Runs {
            segment_end,
            dotted_end,
            space_end,
        }
    }

    /// `skip_space` in constant time.
    fn skip_space(&self, i: usize) -> usize {
        self.space_end.get(i).copied().unwrap_or(i).max(i)
    }

    fn segment(&self, i: usize) -> usize {
        self.segment_end.get(i).copied().unwrap_or(i).max(i) - i
    }

    fn dotted(&self, i: usize) -> Option<usize> {
        let end = self.dotted_end.get(i).copied().unwrap_or(i);
        (end > i).then_some(end)
    }
}

/// The longest match of `cvRegex` at `i`.
fn cv_at(b: &[u8], runs: &Runs, i: usize) -> Option<Cv> {
    let start = i;
    let mut i = i + usize::from(b.get(i) == Some(&b'v'));
    let n = runs.segment(i);
    if n == 0 {
        return None;
    }
    let major = (i, i + n);
    i += n;
    let segment = |i: &mut usize| {
        if b.get(*i) == Some(&b'.') {
            let n = runs.segment(*i + 1);
            if n > 0 {
                let s = (*i, *i + 1 + n);
                *i += 1 + n;
                return s;
            }
        }
        (*i, *i)
    };
    let minor = segment(&mut i);
    let patch = if minor.0 == minor.1 {
        (i, i)
    } else {
        segment(&mut i)
    };
    let mut pre = (i, i);
    if b.get(i) == Some(&b'-')
        && let Some(end) = runs.dotted(i + 1)
    {
        pre = (i, end);
        i = end;
    }
    if b.get(i) == Some(&b'+')
        && let Some(end) = runs.dotted(i + 1)
    {
        i = end;
    }
    Some(Cv {
        start,
        end: i,
        major,
        minor,
        patch,
        pre,
    })
}

/// `rewriteRange`: each `a - b` becomes `>= a, <= b ` (replacing the text's first occurrence
/// of the match, as Go's `strings.Replace` does).
fn rewrite_range(text: &str) -> String {
    let b = text.as_bytes();
    let runs = Runs::new(b);
    let mut matches: Vec<(&str, &str, &str)> = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        let start = runs.skip_space(pos);
        let cv1 = cv_at(b, &runs, start);
        let found = cv1.and_then(|cv1| {
            let dash = runs.skip_space(cv1.end);
            if dash == cv1.end || b.get(dash) != Some(&b'-') {
                return None;
            }
            let after = runs.skip_space(dash + 1);
            if after == dash + 1 {
                return None;
            }
            let cv2 = cv_at(b, &runs, after)?;
            Some((cv1, cv2, runs.skip_space(cv2.end)))
        });
        match found {
            Some((cv1, cv2, end)) => {
                matches.push((
                    text.get(pos..end).unwrap_or_default(),
                    text.get(cv1.start..cv1.end).unwrap_or_default(),
                    text.get(cv2.start..cv2.end).unwrap_or_default(),
                ));
                pos = end;
            }
            // Every start up to the end of the first segment fails the same way.
            None => pos = cv1.map_or(start, |cv| cv.major.1).max(pos + 1),
        }
    }
    let mut out = text.to_owned();
    for (whole, low, high) in matches {
        out = out.replacen(whole, &format!(">= {low}, <= {high} "), 1);
    }
    out
}

const OPS: &[&str] = &[
    "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    TildeOrEqual,
    NotEqual,
    Greater,
    Less,
    GreaterEqual,
    LessEqual,
    Tilde,
    Caret,
}

fn op_of(text: &str) -> Option<Op> {
    Some(match text {
        "" | "=" => Op::TildeOrEqual,
        "!=" => Op::NotEqual,
        ">" => Op::Greater,
        "<" => Op::Less,
        ">=" | "=>" => Op::GreaterEqual,
        "<=" | "=<" => Op::LessEqual,
        "~" | "~>" => Op::Tilde,
        "^" => Op::Caret,
        _ => return None,
    })
}

/// One constraint: an operator and its version, with the wildcard flags.
#[derive(Debug, Clone)]
struct Constraint {
    op: Op,
    con: Version,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn is_x(s: &str) -> bool {
    matches!(s, "x" | "X" | "*")
}

/// The `op cv` pairs of one `||` group, or `None` when `validConstraintRegex` refuses it.
fn tokens(part: &str) -> Option<Vec<(&str, Cv)>> {
    let b = part.as_bytes();
    let runs = Runs::new(b);
    let mut out = Vec::new();
    let mut i = skip_space(b, 0);
    let mut spaced = false;
    loop {
        if !out.is_empty() {
            if i >= b.len() {
                return Some(out);
            }
            if b.get(i) == Some(&b',') {
                i = skip_space(b, i + 1);
            } else if !spaced {
                return None;
            }
        }
        let op_start = i;
        while b.get(i).is_some_and(|c| b"=!<>~^".contains(c)) {
            i += 1;
        }
        let op = part.get(op_start..i).unwrap_or_default();
        if !OPS.contains(&op) {
            return None;
        }
        i = skip_space(b, i);
        let cv = cv_at(b, &runs, i)?;
        out.push((op, cv));
        let after = skip_space(b, cv.end);
        spaced = after > cv.end;
        i = after;
    }
}

/// `parseConstraint`.
fn parse_constraint(part: &str, op: &str, cv: &Cv) -> Result<Constraint, String> {
    let text = |(s, e): (usize, usize)| part.get(s..e).unwrap_or_default();
    let major = text(cv.major);
    let minor = text(cv.minor);
    let patch = text(cv.patch);
    let pre = text(cv.pre);
    let (mut minor_dirty, mut patch_dirty, mut dirty) = (false, false, false);
    let version = if is_x(major) {
        dirty = true;
        format!("0.0.0{pre}")
    } else if minor.is_empty() || is_x(minor.trim_start_matches('.')) {
        minor_dirty = true;
        dirty = true;
        format!("{major}.0.0{pre}")
    } else if patch.is_empty() || is_x(patch.trim_start_matches('.')) {
        dirty = true;
        patch_dirty = true;
        format!("{major}{minor}.0{pre}")
    } else {
        text((cv.start, cv.end)).to_owned()
    };
    let con = Version::parse(&version).map_err(|_| "constraint parser error".to_owned())?;
    Ok(Constraint {
        op: op_of(op).unwrap_or(Op::TildeOrEqual),
        con,
        minor_dirty,
        patch_dirty,
        dirty,
    })
}

/// `semver.Constraints`: groups joined by `||`, each with whether it names a prerelease.
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<(Vec<Constraint>, bool)>,
}

impl Constraints {
    /// `semver.NewConstraint`.
    pub fn parse(text: &str) -> Result<Constraints, String> {
        let rewritten = rewrite_range(text);
        let mut groups = Vec::new();
        for part in rewritten.split("||") {
            let Some(found) = tokens(part) else {
                return Err(format!("improper constraint: {part}"));
            };
            let mut constraints = Vec::new();
            let mut has_pre = false;
            for (op, cv) in &found {
                let c = parse_constraint(part, op, cv)?;
                has_pre |= !c.con.pre.is_empty();
                constraints.push(c);
            }
            groups.push((constraints, has_pre));
        }
        Ok(Constraints { groups })
    }

    /// `Check`.
    pub fn check(&self, v: &Version) -> bool {
        self.groups
            .iter()
            .any(|(constraints, pre)| constraints.iter().all(|c| c.check(v, *pre)))
    }
}

impl Constraint {
    fn check(&self, v: &Version, include_pre: bool) -> bool {
        if !v.pre.is_empty() && !include_pre {
            return false;
        }
        let c = &self.con;
        match self.op {
            Op::TildeOrEqual => {
                if self.dirty {
                    self.tilde(v)
                } else {
                    v.compare(c) == Ordering::Equal
                }
            }
            Op::NotEqual => {
                if self.dirty {
                    if c.major != v.major {
                        return true;
                    }
                    if c.minor != v.minor && !self.minor_dirty {
                        return true;
                    } else if self.minor_dirty {
                        return false;
                    } else if c.patch != v.patch && !self.patch_dirty {
                        return true;
                    } else if self.patch_dirty {
                        if !v.pre.is_empty() || !c.pre.is_empty() {
                            return compare_prerelease(&v.pre, &c.pre) != Ordering::Equal;
                        }
                        return false;
                    }
                }
                v.compare(c) != Ordering::Equal
            }
            Op::Greater => {
                if !self.dirty {
                    return v.compare(c) == Ordering::Greater;
                }
                if v.major > c.major {
                    true
                } else if v.major < c.major || self.minor_dirty {
                    false
                } else if self.patch_dirty {
                    v.minor > c.minor
                } else {
                    v.compare(c) == Ordering::Greater
                }
            }
            Op::Less => v.compare(c) == Ordering::Less,
            Op::GreaterEqual => v.compare(c) != Ordering::Less,
            Op::LessEqual => {
                if !self.dirty {
                    return v.compare(c) != Ordering::Greater;
                }
                !(v.major > c.major
                    || (v.major == c.major && v.minor > c.minor && !self.minor_dirty))
            }
            Op::Tilde => self.tilde(v),
            Op::Caret => {
                if v.compare(c) == Ordering::Less {
                    return false;
                }
                if c.major > 0 || self.minor_dirty {
                    return v.major == c.major;
                }
                if v.major > 0 {
                    return false;
                }
                if c.minor > 0 || self.patch_dirty {
                    return v.minor == c.minor;
                }
                if v.minor > 0 {
                    return false;
                }
                c.patch == v.patch
            }
        }
    }

    fn tilde(&self, v: &Version) -> bool {
        let c = &self.con;
        if v.compare(c) == Ordering::Less {
            return false;
        }
        if c.major == 0 && c.minor == 0 && c.patch == 0 && !self.minor_dirty && !self.patch_dirty {
            return true;
        }
        if v.major != c.major {
            return false;
        }
        v.minor == c.minor || self.minor_dirty
    }
}

// ---------------------------------------------------------------------------------------
// The template's view: `*semver.Version` and its methods.

/// A version as a template holds it: `*semver.Version` from `semver`, or a `semver.Version`
/// value from `IncMinor` and friends (without the pointer methods).
#[derive(Debug)]
struct VersionObject {
    version: Version,
    pointer: bool,
}

/// Methods with value receivers (on both kinds).
const VALUE_METHODS: &[&str] = &[
    "String",
    "Major",
    "Minor",
    "Patch",
    "Prerelease",
    "Metadata",
    "IncPatch",
    "IncMinor",
    "IncMajor",
    "SetPrerelease",
    "SetMetadata",
    "MarshalJSON",
    "MarshalText",
    "Value",
];

/// Methods with pointer receivers.
const POINTER_METHODS: &[&str] = &[
    "Original",
    "LessThan",
    "LessThanEqual",
    "GreaterThan",
    "GreaterThanEqual",
    "Equal",
    "Compare",
];

fn object(version: Version, pointer: bool) -> Value {
    Value::Object(Rc::new(VersionObject { version, pointer }))
}

fn bytes(text: &str) -> Value {
    Value::List(
        Rc::new(text.bytes().map(|b| Value::Int(i64::from(b))).collect()),
        ListType::Bytes,
    )
}

/// The `*semver.Version` argument of a comparison method.
fn version_arg(name: &str, args: &[Value]) -> Result<Version, String> {
    if args.len() != 1 {
        return Err(format!(
            "wrong number of args for {name}: want 1 got {}",
            args.len()
        ));
    }
    match args.first() {
        Some(Value::Object(o)) if o.type_name() == "*semver.Version" => {
            Version::parse(&o.print()).map_err(|e| e.to_string())
        }
        Some(other) => Err(format!(
            "wrong type for value; expected *semver.Version; got {}",
            other.type_name()
        )),
        None => Err(INVALID.to_owned()),
    }
}

impl Object for VersionObject {
    fn type_name(&self) -> String {
        if self.pointer {
            "*semver.Version".to_owned()
        } else {
            "semver.Version".to_owned()
        }
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if !self.has_method(name) {
            return None;
        }
        let v = &self.version;
        let want = match name {
            "SetPrerelease" | "SetMetadata" => 1,
            _ if POINTER_METHODS.contains(&name) && name != "Original" => 1,
            _ => 0,
        };
        if want == 0 && !args.is_empty() {
            return Some(Err(format!(
                "wrong number of args for {name}: want 0 got {}",
                args.len()
            )));
        }
        let compare = |f: fn(Ordering) -> bool| -> Result<Value, String> {
            let other = version_arg(name, args)?;
            Ok(Value::Bool(f(v.compare(&other))))
        };
        Some(match name {
            "String" | "Value" => Ok(Value::str(v.string())),
            "Original" => Ok(Value::str(v.original.as_str())),
            "Major" => Ok(Value::Uint(v.major)),
            "Minor" => Ok(Value::Uint(v.minor)),
            "Patch" => Ok(Value::Uint(v.patch)),
            "Prerelease" => Ok(Value::str(v.pre.as_str())),
            "Metadata" => Ok(Value::str(v.metadata.as_str())),
            "IncPatch" => Ok(object(v.inc_patch(), false)),
            "IncMinor" => Ok(object(v.inc_minor(), false)),
            "IncMajor" => Ok(object(v.inc_major(), false)),
            "SetPrerelease" | "SetMetadata" => {
                let text = match args {
                    [Value::String(s)] => s.to_string(),
                    [other] => {
                        return Some(Err(format!(
                            "wrong type for value; expected string; got {}",
                            other.type_name()
                        )));
                    }
                    _ => {
                        return Some(Err(format!(
                            "wrong number of args for {name}: want 1 got {}",
                            args.len()
                        )));
                    }
                };
                let mut next = v.clone();
                let checked = if name == "SetPrerelease" {
                    next.pre = text.clone();
                    if text.is_empty() {
                        Ok(())
                    } else {
                        validate_prerelease(&text)
                    }
                } else {
                    next.metadata = text.clone();
                    if text.is_empty() {
                        Ok(())
                    } else {
                        validate_metadata(&text)
                    }
                };
                checked
                    .map(|()| object(next.with_original(v.v_prefix()), false))
                    .map_err(str::to_owned)
            }
            "MarshalJSON" => Ok(bytes(&crate::json::to_json(&Value::str(v.string())))),
            "MarshalText" => Ok(bytes(&v.string())),
            "LessThan" => compare(|o| o == Ordering::Less),
            "LessThanEqual" => compare(|o| o != Ordering::Greater),
            "GreaterThan" => compare(|o| o == Ordering::Greater),
            "GreaterThanEqual" => compare(|o| o != Ordering::Less),
            "Equal" => compare(|o| o == Ordering::Equal),
            "Compare" => version_arg(name, args).map(|other| {
                Value::Int(match v.compare(&other) {
                    Ordering::Less => -1,
                    Ordering::Equal => 0,
                    Ordering::Greater => 1,
                })
            }),
            _ => return None,
        })
    }

    fn has_method(&self, name: &str) -> bool {
        VALUE_METHODS.contains(&name) || (self.pointer && POINTER_METHODS.contains(&name))
    }

    fn print(&self) -> String {
        self.version.string()
    }
}

fn semver(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Version::parse(&str_arg(args, 0))
        .map(|v| object(v, true))
        .map_err(FuncError::Message)
}

fn semver_compare(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let constraints = Constraints::parse(&str_arg(args, 0)).map_err(FuncError::Message)?;
    let version = Version::parse(&str_arg(args, 1)).map_err(FuncError::Message)?;
    Ok(Value::Bool(constraints.check(&version)))
}

pub fn register(funcs: &mut Funcs) {
    add(funcs, "semver", semver, &[Ty::String], None);
    add(
        funcs,
        "semverCompare",
        semver_compare,
        &[Ty::String, Ty::String],
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(constraint: &str, version: &str) -> Result<bool, String> {
        let c = Constraints::parse(constraint)?;
        let v = Version::parse(version)?;
        Ok(c.check(&v))
    }

    #[test]
    fn versions_parse_loosely() {
        let v = Version::parse("v1.2")
            .unwrap_or_else(|_| Version::parse("0").unwrap_or_else(|_| unreachable!()));
        assert_eq!((v.major, v.minor, v.patch), (1, 2, 0));
        assert_eq!(v.string(), "1.2.0");
        assert_eq!(
            Version::parse("1.2.3-beta.1+b.5").map(|v| v.string()),
            Ok("1.2.3-beta.1+b.5".to_owned())
        );
        assert_eq!(Version::parse("not-a-version"), Err(INVALID.to_owned()));
        assert_eq!(Version::parse("1.2.3-01"), Err(STARTS_ZERO.to_owned()));
        assert_eq!(Version::parse("1.2.3."), Err(INVALID.to_owned()));
        assert_eq!(
            Version::parse("01.02.3").map(|v| v.string()),
            Ok("1.2.3".to_owned())
        );
        assert!(
            Version::parse("99999999999999999999").is_err_and(|e| e.contains("value out of range"))
        );
    }

    #[test]
    fn constraints_as_masterminds_checks_them() {
        assert_eq!(check(">=1.2.0", "1.3.0"), Ok(true));
        assert_eq!(check("^1.2", "2.0.0"), Ok(false));
        assert_eq!(check("~1.2.3", "1.2.9"), Ok(true));
        assert_eq!(check("~1.2.3", "1.3.0"), Ok(false));
        assert_eq!(check(">=1.20-0", "v1.25.3-gke.100"), Ok(true));
        assert_eq!(check(">=1.20", "v1.25.3-gke.100"), Ok(false));
        assert_eq!(check("1.x", "1.9.9"), Ok(true));
        assert_eq!(check(">1.0, <2.0", "1.5"), Ok(true));
        assert_eq!(check(">1.0 <2.0", "2.5"), Ok(false));
        assert_eq!(check("1.0 - 2.0", "1.5.0"), Ok(true));
        assert_eq!(check("1.0 - 2.0", "2.1.0"), Ok(false));
        assert_eq!(check("<1.0 || >=3", "3.1.0"), Ok(true));
        assert_eq!(check("^0.2.3", "0.2.9"), Ok(true));
        assert_eq!(check("^0.2.3", "0.3.0"), Ok(false));
        assert_eq!(check("^0.0.3", "0.0.4"), Ok(false));
        assert_eq!(check("*", "4.5.6"), Ok(true));
        assert_eq!(check("!=1.2.3", "1.2.3"), Ok(false));
        assert_eq!(check("<=1.2", "1.2.9"), Ok(true));
        assert_eq!(check(">1.2", "1.2.9"), Ok(false));
        assert_eq!(check("=1.2.3", "1.2.3+meta"), Ok(true));
        assert_eq!(check(">= 1.0", "1.0.0"), Ok(true));
        assert_eq!(check("", "1.0.0"), Err("improper constraint: ".to_owned()));
        assert_eq!(
            check(">=1.0,,", "1.0.0"),
            Err("improper constraint: >=1.0,,".to_owned())
        );
        assert_eq!(
            check("1.x.y", "1.0.0"),
            Err("improper constraint: 1.x.y".to_owned())
        );
        assert_eq!(
            check("1xx", "1.0.0"),
            Err("constraint parser error".to_owned())
        );
        assert_eq!(check(">=1.0", "not-a-version"), Err(INVALID.to_owned()));
    }

    #[test]
    fn long_constraints_cost_linear_time() {
        let long = format!("{}{}x", "1-".repeat(50_000), " ".repeat(50_000));
        assert_eq!(check(&long, "1.0.0"), Ok(true));
        let long = "1.".repeat(50_000);
        assert!(check(&long, "1.0.0").is_err());
    }

    #[test]
    fn prerelease_order() {
        let order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ];
        for pair in order.windows(2) {
            if let [a, b] = pair {
                let (a, b) = (Version::parse(a), Version::parse(b));
                assert_eq!(a.and_then(|a| b.map(|b| a.compare(&b))), Ok(Ordering::Less));
            }
        }
    }
}
