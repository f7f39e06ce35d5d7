//! Go's `regexp` (RE2 syntax, Perl flags, leftmost-first matching) on a Pike VM: every search
//! is linear in the input times the program, whatever the pattern. The parser follows
//! `regexp/syntax` closely enough to report Go's errors with Go's offending text.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Go's `*syntax.Error` text (`error parsing regexp: CODE: `EXPR``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: &'static str,
    pub expr: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error parsing regexp: {}: `{}`", self.code, self.expr)
    }
}

const ERR_INVALID_CHAR_RANGE: &str = "invalid character class range";
const ERR_INVALID_ESCAPE: &str = "invalid escape sequence";
const ERR_INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const ERR_INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const ERR_INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const ERR_INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const ERR_MISSING_BRACKET: &str = "missing closing ]";
const ERR_MISSING_PAREN: &str = "missing closing )";
const ERR_MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const ERR_TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const ERR_UNEXPECTED_PAREN: &str = "unexpected )";
const ERR_NESTING_DEPTH: &str = "expression nests too deeply";
const ERR_LARGE: &str = "expression too large";

/// Go's limits: a repeat count, the tree's height, the program's size.
const MAX_REPEAT: u32 = 1000;
const MAX_HEIGHT: usize = 1000;
const MAX_INSTS: usize = (128 << 20) / 40;
const MAX_RUNE: u32 = 0x10FFFF;

fn err(code: &'static str, expr: &str) -> Error {
    Error {
        code,
        expr: expr.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Character classes and case folding.

/// A named set the standard library has no table for, approximated with Rust's properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pred {
    Letter,
    Upper,
    Lower,
    Title,
    Number,
    Digit,
    Punct,
    Space,
    Symbol,
    Mark,
    Control,
    Han,
    Greek,
    Latin,
    Cyrillic,
}

impl Pred {
    fn matches(self, c: char) -> bool {
        match self {
            Pred::Letter => c.is_alphabetic() && !c.is_numeric() && !is_mark(c),
            Pred::Upper => super::unicode::is_upper(c),
            Pred::Lower => super::unicode::is_lower(c),
            Pred::Title => super::unicode::is_title(c),
            Pred::Number => c.is_numeric(),
            Pred::Digit => super::unicode::is_digit(c),
            Pred::Punct => super::unicode::is_punct(c),
            Pred::Space => c.is_whitespace() && !c.is_control(),
            Pred::Symbol => {
                !c.is_alphanumeric()
                    && !c.is_whitespace()
                    && !c.is_control()
                    && !super::unicode::is_punct(c)
                    && !is_mark(c)
            }
            Pred::Mark => is_mark(c),
            Pred::Control => c.is_control(),
            Pred::Han => {
                matches!(c as u32, 0x2E80..=0x2FDF | 0x3005 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303B | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
            }
            Pred::Greek => {
                matches!(c as u32, 0x0370..=0x03FF | 0x1F00..=0x1FFF) && c != ';' && c != '\u{0387}'
            }
            Pred::Latin => {
                c.is_ascii_alphabetic()
                    || matches!(c as u32, 0xAA | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A)
            }
            Pred::Cyrillic => {
                matches!(c as u32, 0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F)
            }
        }
    }
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F)
}

/// A character class: sorted, merged ranges, sets without tables, and its negation.
#[derive(Debug, Clone, Default)]
struct Class {
    ranges: Vec<(u32, u32)>,
    preds: Vec<(Pred, bool)>,
    negated: bool,
}

impl Class {
    fn matches(&self, c: char) -> bool {
        let n = c as u32;
        let in_ranges = self
            .ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < n {
                    std::cmp::Ordering::Less
                } else if lo > n {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok();
        let hit = in_ranges || self.preds.iter().any(|&(p, neg)| p.matches(c) != neg);
        hit != self.negated
    }

    fn clean(&mut self) {
        self.ranges
            .sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            if let Some(last) = out.last_mut()
                && lo <= last.1.saturating_add(1)
            {
                last.1 = last.1.max(hi);
                continue;
            }
            out.push((lo, hi));
        }
        self.ranges = out;
    }

    fn add_range(&mut self, lo: u32, hi: u32, fold: bool) {
        self.ranges.push((lo, hi));
        if fold {
            let (flo, fhi) = (lo.max(0x41), hi.min(0x1E943));
            if flo <= fhi && !(lo <= 0x41 && hi >= 0x1E943) {
                for n in flo..=fhi {
                    if let Some(c) = char::from_u32(n) {
                        for &other in orbit(c) {
                            self.ranges.push((other, other));
                        }
                    }
                }
            }
        }
    }

    fn add_class(&mut self, other: &Class, fold: bool) {
        if other.negated {
            // Negated tables: add the complement of the ranges.
            let mut next = 0u32;
            let mut sorted = other.ranges.clone();
            sorted.sort_unstable();
            for (lo, hi) in sorted {
                if lo > next {
                    self.add_range(next, lo - 1, fold);
                }
                next = next.max(hi.saturating_add(1));
            }
            if next <= MAX_RUNE {
                self.add_range(next, MAX_RUNE, fold);
            }
            for &(p, neg) in &other.preds {
                self.preds.push((p, !neg));
            }
        } else {
            for &(lo, hi) in &other.ranges {
                self.add_range(lo, hi, fold);
            }
            self.preds.extend(other.preds.iter().copied());
        }
    }
}

fn class_of(ranges: &[(u32, u32)], negated: bool) -> Class {
    Class {
        ranges: ranges.to_vec(),
        preds: Vec::new(),
        negated,
    }
}

/// Case-folding orbits (Go's `unicode.SimpleFold`): characters that fold together.
fn orbits() -> &'static HashMap<u32, Vec<u32>> {
    static ORBITS: OnceLock<HashMap<u32, Vec<u32>>> = OnceLock::new();
    ORBITS.get_or_init(|| {
        let mut by_canon: HashMap<u32, Vec<u32>> = HashMap::new();
        for n in 0x41..=0x1E943u32 {
            if let Some(c) = char::from_u32(n) {
                let canon = fold_canon(c) as u32;
                by_canon.entry(canon).or_default().push(n);
            }
        }
        let mut out = HashMap::new();
        for members in by_canon.into_values() {
            if members.len() > 1 {
                for &m in &members {
                    out.insert(m, members.clone());
                }
            }
        }
        out
    })
}

fn fold_canon(c: char) -> char {
    if c == '\u{131}' || c == '\u{130}' {
        return c;
    }
    let upper = super::unicode::simple_upper(c);
    let lower = super::unicode::simple_lower(upper);
    if super::unicode::simple_upper(lower) == upper || lower == super::unicode::simple_lower(c) {
        lower
    } else {
        super::unicode::simple_lower(c)
    }
}

fn orbit(c: char) -> &'static [u32] {
    orbits().get(&(c as u32)).map(Vec::as_slice).unwrap_or(&[])
}

// ---------------------------------------------------------------------------------------------
// The syntax tree.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    BeginLine,
    EndLine,
    BeginText,
    EndText,
    WordBoundary,
    NoWordBoundary,
}

#[derive(Debug, Clone)]
enum Node {
    Empty,
    NoMatch,
    Char(char),
    Class(Box<Class>),
    AnyNotNl,
    Any,
    Look(Look),
    Capture(usize, Box<Node>),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        min: u32,
        /// `None`: no upper bound.
        max: Option<u32>,
        greedy: bool,
        sub: Box<Node>,
    },
}

impl Node {
    fn height(&self) -> usize {
        match self {
            Node::Capture(_, sub) | Node::Repeat { sub, .. } => 1 + sub.height(),
            Node::Concat(subs) | Node::Alt(subs) => {
                1 + subs.iter().map(Node::height).max().unwrap_or(0)
            }
            _ => 1,
        }
    }
}

/// Go's `repeatIsValid`: nested repeats multiply to at most `n` copies.
fn repeat_is_valid(node: &Node, mut n: u32) -> bool {
    if let Node::Repeat { min, max, .. } = node {
        let m = match max {
            Some(0) => return true,
            Some(m) => *m,
            None => *min,
        };
        if m > n {
            return false;
        }
        if let Some(q) = n.checked_div(m) {
            n = q;
        }
    }
    match node {
        Node::Capture(_, sub) | Node::Repeat { sub, .. } => repeat_is_valid(sub, n),
        Node::Concat(subs) | Node::Alt(subs) => subs.iter().all(|s| repeat_is_valid(s, n)),
        _ => true,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    fold: bool,
    multiline: bool,
    dot_nl: bool,
    ungreedy: bool,
}

enum Item {
    Node(Node),
    LeftParen { cap: Option<usize>, flags: Flags },
    Bar,
}

struct Parser<'a> {
    whole: &'a str,
    stack: Vec<Item>,
    flags: Flags,
    ncap: usize,
    names: Vec<String>,
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn unhex(c: char) -> Option<u32> {
    c.to_digit(16)
}

/// The text of `before` that `after` does not hold.
fn consumed<'s>(before: &'s str, after: &str) -> &'s str {
    before
        .get(..before.len().saturating_sub(after.len()))
        .unwrap_or(before)
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn rest_after_char(s: &str) -> &str {
    let mut chars = s.chars();
    chars.next();
    chars.as_str()
}

const PERL_D: &[(u32, u32)] = &[(0x30, 0x39)];
const PERL_S: &[(u32, u32)] = &[(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)];
const PERL_W: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

fn posix_class(name: &str) -> Option<Class> {
    let (negated, name) = match name.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let ranges: &[(u32, u32)] = match name {
        "alnum" => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        "alpha" => &[(0x41, 0x5A), (0x61, 0x7A)],
        "ascii" => &[(0x00, 0x7F)],
        "blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "cntrl" => &[(0x00, 0x1F), (0x7F, 0x7F)],
        "digit" => &[(0x30, 0x39)],
        "graph" => &[(0x21, 0x7E)],
        "lower" => &[(0x61, 0x7A)],
        "print" => &[(0x20, 0x7E)],
        "punct" => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        "space" => &[(0x09, 0x0D), (0x20, 0x20)],
        "upper" => &[(0x41, 0x5A)],
        "word" => PERL_W,
        "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return None,
    };
    Some(class_of(ranges, negated))
}

fn unicode_table(name: &str) -> Option<Class> {
    let canonical: String = {
        let mut out = String::new();
        let mut first = true;
        for c in name.chars() {
            if c == '_' || c == '-' || c == ' ' {
                continue;
            }
            if first {
                out.push(c.to_ascii_uppercase());
                first = false;
            } else {
                out.push(c.to_ascii_lowercase());
            }
        }
        out
    };
    let pred = |p: Pred| {
        Some(Class {
            ranges: Vec::new(),
            preds: vec![(p, false)],
            negated: false,
        })
    };
    match canonical.as_str() {
        "Any" => Some(class_of(&[(0, MAX_RUNE)], false)),
        "Ascii" => Some(class_of(&[(0, 0x7F)], false)),
        "L" | "Letter" => pred(Pred::Letter),
        "Lu" | "Uppercaseletter" => pred(Pred::Upper),
        "Ll" | "Lowercaseletter" => pred(Pred::Lower),
        "Lt" | "Titlecaseletter" => pred(Pred::Title),
        "N" | "Number" => pred(Pred::Number),
        "Nd" | "Decimalnumber" => pred(Pred::Digit),
        "P" | "Punctuation" => pred(Pred::Punct),
        "Z" | "Separator" | "Zs" | "Spaceseparator" => pred(Pred::Space),
        "S" | "Symbol" => pred(Pred::Symbol),
        "M" | "Mark" | "Mn" | "Nonspacingmark" => pred(Pred::Mark),
        "Cc" | "Control" => pred(Pred::Control),
        "Han" => pred(Pred::Han),
        "Greek" => pred(Pred::Greek),
        "Latin" => pred(Pred::Latin),
        "Cyrillic" => pred(Pred::Cyrillic),
        _ => None,
    }
}

impl<'a> Parser<'a> {
    fn push(&mut self, node: Node) {
        self.stack.push(Item::Node(node));
    }

    fn literal(&mut self, c: char) {
        if self.flags.fold && !orbit(c).is_empty() {
            let mut class = Class::default();
            class.add_range(c as u32, c as u32, true);
            class.clean();
            self.push(Node::Class(Box::new(class)));
        } else {
            self.push(Node::Char(c));
        }
    }

    /// Pops the nodes above the topmost `(` or `|`.
    fn pop_run(&mut self) -> Vec<Node> {
        let mut i = self.stack.len();
        while i > 0 && matches!(self.stack.get(i - 1), Some(Item::Node(_))) {
            i -= 1;
        }
        self.stack
            .split_off(i)
            .into_iter()
            .filter_map(|item| match item {
                Item::Node(node) => Some(node),
                _ => None,
            })
            .collect()
    }

    fn concat(&mut self) {
        let mut subs = self.pop_run();
        let node = match subs.len() {
            0 => Node::Empty,
            1 => subs.pop().unwrap_or(Node::Empty),
            _ => {
                let mut flat = Vec::with_capacity(subs.len());
                for sub in subs {
                    match sub {
                        Node::Concat(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Node::Concat(flat)
            }
        };
        self.push(node);
    }

    fn alternate(&mut self) {
        let mut subs = self.pop_run();
        let node = match subs.len() {
            0 => Node::NoMatch,
            1 => subs.pop().unwrap_or(Node::NoMatch),
            _ => {
                let mut flat = Vec::with_capacity(subs.len());
                for sub in subs {
                    match sub {
                        Node::Alt(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Node::Alt(flat)
            }
        };
        self.push(node);
    }

    fn swap_vertical_bar(&mut self) -> bool {
        let n = self.stack.len();
        if n >= 2 && matches!(self.stack.get(n - 2), Some(Item::Bar)) {
            self.stack.swap(n - 2, n - 1);
            return true;
        }
        false
    }

    fn vertical_bar(&mut self) {
        self.concat();
        if !self.swap_vertical_bar() {
            self.stack.push(Item::Bar);
        }
    }

    fn right_paren(&mut self) -> Result<(), Error> {
        self.concat();
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate();
        let re1 = self.stack.pop();
        let re2 = self.stack.pop();
        match (re1, re2) {
            (Some(Item::Node(node)), Some(Item::LeftParen { cap, flags })) => {
                self.flags = flags;
                match cap {
                    Some(index) => self.push(Node::Capture(index, Box::new(node))),
                    None => self.push(node),
                }
                Ok(())
            }
            _ => Err(err(ERR_UNEXPECTED_PAREN, self.whole)),
        }
    }

    fn repeat(
        &mut self,
        min: u32,
        max: Option<u32>,
        before: &'a str,
        mut after: &'a str,
        last_repeat: &str,
    ) -> Result<&'a str, Error> {
        let mut ungreedy = self.flags.ungreedy;
        if let Some(rest) = after.strip_prefix('?') {
            after = rest;
            ungreedy = !ungreedy;
        }
        if !last_repeat.is_empty() {
            return Err(err(ERR_INVALID_REPEAT_OP, consumed(last_repeat, after)));
        }
        let sub = match self.stack.pop() {
            Some(Item::Node(node)) => node,
            other => {
                if let Some(item) = other {
                    self.stack.push(item);
                }
                return Err(err(ERR_MISSING_REPEAT_ARGUMENT, consumed(before, after)));
            }
        };
        let node = Node::Repeat {
            min,
            max,
            greedy: !ungreedy,
            sub: Box::new(sub),
        };
        let counted = before.starts_with('{');
        if counted
            && (min >= 2 || max.is_some_and(|m| m >= 2))
            && !repeat_is_valid(&node, MAX_REPEAT)
        {
            return Err(err(ERR_INVALID_REPEAT_SIZE, consumed(before, after)));
        }
        self.push(node);
        Ok(after)
    }

    fn parse_int(s: &str) -> Option<(i64, &str)> {
        let bytes = s.as_bytes();
        let first = *bytes.first()?;
        if !first.is_ascii_digit() {
            return None;
        }
        if first == b'0' && bytes.get(1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let len = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        let digits = s.get(..len)?;
        let mut n: i64 = 0;
        for b in digits.bytes() {
            if n >= 100_000_000 {
                n = -1;
                break;
            }
            n = n * 10 + i64::from(b - b'0');
        }
        Some((n, s.get(len..)?))
    }

    /// `{min}`, `{min,}`, `{min,max}`: `(min, max (-1 none), rest)`; min -1 when too big.
    fn parse_repeat(s: &str) -> Option<(i64, i64, &str)> {
        let s = s.strip_prefix('{')?;
        let (mut min, s) = Self::parse_int(s)?;
        let max;
        let s = if let Some(s) = s.strip_prefix(',') {
            if s.is_empty() {
                return None;
            }
            if s.starts_with('}') {
                max = -1;
                s
            } else {
                let (m, s) = Self::parse_int(s)?;
                max = m;
                if m < 0 {
                    min = -1;
                }
                s
            }
        } else {
            if s.is_empty() {
                return None;
            }
            max = min;
            s
        };
        let rest = s.strip_prefix('}')?;
        Some((min, max, rest))
    }

    fn perl_flags(&mut self, s: &'a str) -> Result<&'a str, Error> {
        let b = s.as_bytes();
        let starts_with_p = b.len() > 4 && b.get(2) == Some(&b'P') && b.get(3) == Some(&b'<');
        let starts_with_name = b.len() > 3 && b.get(2) == Some(&b'<');
        if starts_with_p || starts_with_name {
            let start = if starts_with_name { 3 } else { 4 };
            let Some(end) = s.find('>') else {
                return Err(err(ERR_INVALID_NAMED_CAPTURE, s));
            };
            let capture = s.get(..=end).unwrap_or(s);
            let name = s.get(start..end).unwrap_or("");
            if name.is_empty() || !name.chars().all(|c| c == '_' || is_alnum(c)) {
                return Err(err(ERR_INVALID_NAMED_CAPTURE, capture));
            }
            self.ncap += 1;
            self.names.push(name.to_owned());
            self.stack.push(Item::LeftParen {
                cap: Some(self.ncap),
                flags: self.flags,
            });
            return Ok(s.get(end + 1..).unwrap_or(""));
        }
        let mut t = s.get(2..).unwrap_or("");
        let mut flags = self.flags;
        let mut negative = false;
        let mut saw_flag = false;
        while let Some(c) = first_char(t) {
            t = rest_after_char(t);
            match c {
                'i' => {
                    flags.fold = !negative;
                    saw_flag = true;
                }
                'm' => {
                    flags.multiline = !negative;
                    saw_flag = true;
                }
                's' => {
                    flags.dot_nl = !negative;
                    saw_flag = true;
                }
                'U' => {
                    flags.ungreedy = !negative;
                    saw_flag = true;
                }
                '-' => {
                    if negative {
                        break;
                    }
                    negative = true;
                    saw_flag = false;
                }
                ':' | ')' => {
                    if negative && !saw_flag {
                        break;
                    }
                    if c == ':' {
                        self.stack.push(Item::LeftParen {
                            cap: None,
                            flags: self.flags,
                        });
                    }
                    self.flags = flags;
                    return Ok(t);
                }
                _ => break,
            }
        }
        Err(err(ERR_INVALID_PERL_OP, consumed(s, t)))
    }

    /// An escape at the start of `s` (which begins with `\`): its character and the rest.
    fn escape(s: &'a str) -> Result<(char, &'a str), Error> {
        let t = s.get(1..).unwrap_or("");
        let Some(c) = first_char(t) else {
            return Err(err(ERR_TRAILING_BACKSLASH, ""));
        };
        let mut t = rest_after_char(t);
        let invalid = |t: &str| err(ERR_INVALID_ESCAPE, consumed(s, t));
        match c {
            '1'..='7' if !t.starts_with(|d: char| ('0'..='7').contains(&d)) => Err(invalid(t)),
            '0'..='7' => {
                let mut r = c as u32 - '0' as u32;
                for _ in 1..3 {
                    match first_char(t) {
                        Some(d @ '0'..='7') => {
                            r = r * 8 + (d as u32 - '0' as u32);
                            t = rest_after_char(t);
                        }
                        _ => break,
                    }
                }
                Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), t))
            }
            'x' => {
                let Some(c2) = first_char(t) else {
                    return Err(invalid(t));
                };
                t = rest_after_char(t);
                if c2 == '{' {
                    let mut nhex = 0;
                    let mut r: u32 = 0;
                    loop {
                        let Some(d) = first_char(t) else {
                            return Err(invalid(t));
                        };
                        t = rest_after_char(t);
                        if d == '}' {
                            break;
                        }
                        let Some(v) = unhex(d) else {
                            return Err(invalid(t));
                        };
                        r = r * 16 + v;
                        if r > MAX_RUNE {
                            return Err(invalid(t));
                        }
                        nhex += 1;
                    }
                    if nhex == 0 {
                        return Err(invalid(t));
                    }
                    return Ok((char::from_u32(r).unwrap_or('\u{FFFD}'), t));
                }
                let x = unhex(c2);
                let Some(c3) = first_char(t) else {
                    return Err(invalid(t));
                };
                t = rest_after_char(t);
                match (x, unhex(c3)) {
                    (Some(x), Some(y)) => Ok((char::from_u32(x * 16 + y).unwrap_or('\0'), t)),
                    _ => Err(invalid(t)),
                }
            }
            'a' => Ok(('\u{7}', t)),
            'f' => Ok(('\u{c}', t)),
            'n' => Ok(('\n', t)),
            'r' => Ok(('\r', t)),
            't' => Ok(('\t', t)),
            'v' => Ok(('\u{b}', t)),
            c if c.is_ascii() && !is_alnum(c) => Ok((c, t)),
            _ => Err(invalid(t)),
        }
    }

    /// `\pL`, `\p{Name}`, `\PL`… at the start of `s`.
    fn unicode_class(s: &'a str) -> Result<Option<(Class, &'a str)>, Error> {
        let negate = match s.get(..2) {
            Some("\\p") => false,
            Some("\\P") => true,
            _ => return Ok(None),
        };
        let t = s.get(2..).unwrap_or("");
        let Some(c) = first_char(t) else {
            return Ok(None);
        };
        let (seq, mut name, rest) = if c != '{' {
            let rest = rest_after_char(t);
            let seq = consumed(s, rest);
            (seq, seq.get(2..).unwrap_or(""), rest)
        } else {
            let Some(end) = s.find('}') else {
                return Err(err(ERR_INVALID_CHAR_RANGE, s));
            };
            (
                s.get(..=end).unwrap_or(s),
                s.get(3..end).unwrap_or(""),
                s.get(end + 1..).unwrap_or(""),
            )
        };
        let mut negate = negate;
        if let Some(n) = name.strip_prefix('^') {
            negate = !negate;
            name = n;
        }
        let Some(mut class) = unicode_table(name) else {
            return Err(err(ERR_INVALID_CHAR_RANGE, seq));
        };
        if negate {
            class.negated = !class.negated;
        }
        Ok(Some((class, rest)))
    }

    fn perl_class(s: &str) -> Option<(Class, &str)> {
        let (ranges, negated) = match s.get(..2)? {
            "\\d" => (PERL_D, false),
            "\\D" => (PERL_D, true),
            "\\s" => (PERL_S, false),
            "\\S" => (PERL_S, true),
            "\\w" => (PERL_W, false),
            "\\W" => (PERL_W, true),
            _ => return None,
        };
        Some((class_of(ranges, negated), s.get(2..)?))
    }

    fn class(&mut self, s: &'a str) -> Result<&'a str, Error> {
        let fold = self.flags.fold;
        let mut t = s.get(1..).unwrap_or("");
        let mut class = Class::default();
        if let Some(rest) = t.strip_prefix('^') {
            class.negated = true;
            t = rest;
        }
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            if t.len() > 2
                && t.starts_with("[:")
                && let Some(i) = t.get(2..).and_then(|x| x.find(":]"))
            {
                {
                    let name = t.get(..i + 4).unwrap_or("");
                    let Some(named) = posix_class(name.get(2..i + 2).unwrap_or("")) else {
                        return Err(err(ERR_INVALID_CHAR_RANGE, name));
                    };
                    class.add_class(&named, fold);
                    t = t.get(i + 4..).unwrap_or("");
                    continue;
                }
            }
            if let Some((named, rest)) = Self::unicode_class(t)? {
                class.add_class(&named, fold);
                t = rest;
                continue;
            }
            if let Some((named, rest)) = Self::perl_class(t) {
                class.add_class(&named, fold);
                t = rest;
                continue;
            }
            let range_start = t;
            let (lo, rest) = Self::class_char(t, s)?;
            t = rest;
            let mut hi = lo;
            if t.len() >= 2 && t.starts_with('-') && !t.get(1..).unwrap_or("").starts_with(']') {
                let (h, rest) = Self::class_char(t.get(1..).unwrap_or(""), s)?;
                t = rest;
                hi = h;
                if hi < lo {
                    return Err(err(ERR_INVALID_CHAR_RANGE, consumed(range_start, t)));
                }
            }
            class.add_range(lo as u32, hi as u32, fold);
        }
        t = t.get(1..).unwrap_or("");
        class.clean();
        self.push(Node::Class(Box::new(class)));
        Ok(t)
    }

    fn class_char(s: &'a str, whole: &str) -> Result<(char, &'a str), Error> {
        let Some(c) = first_char(s) else {
            return Err(err(ERR_MISSING_BRACKET, whole));
        };
        if c == '\\' {
            return Self::escape(s);
        }
        Ok((c, rest_after_char(s)))
    }

    fn parse(mut self) -> Result<(Node, usize, Vec<String>), Error> {
        let whole = self.whole;
        let mut t = whole;
        let mut last_repeat: &str = "";
        while let Some(c) = first_char(t) {
            let mut repeat: &str = "";
            match c {
                '(' => {
                    if t.as_bytes().get(1) == Some(&b'?') {
                        t = self.perl_flags(t)?;
                    } else {
                        self.ncap += 1;
                        self.names.push(String::new());
                        self.stack.push(Item::LeftParen {
                            cap: Some(self.ncap),
                            flags: self.flags,
                        });
                        t = rest_after_char(t);
                    }
                }
                '|' => {
                    self.vertical_bar();
                    t = rest_after_char(t);
                }
                ')' => {
                    self.right_paren()?;
                    t = rest_after_char(t);
                }
                '^' => {
                    let look = if self.flags.multiline {
                        Look::BeginLine
                    } else {
                        Look::BeginText
                    };
                    self.push(Node::Look(look));
                    t = rest_after_char(t);
                }
                '$' => {
                    let look = if self.flags.multiline {
                        Look::EndLine
                    } else {
                        Look::EndText
                    };
                    self.push(Node::Look(look));
                    t = rest_after_char(t);
                }
                '.' => {
                    self.push(if self.flags.dot_nl {
                        Node::Any
                    } else {
                        Node::AnyNotNl
                    });
                    t = rest_after_char(t);
                }
                '[' => t = self.class(t)?,
                '*' | '+' | '?' => {
                    let (min, max) = match c {
                        '*' => (0, None),
                        '+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    let before = t;
                    t = self.repeat(min, max, before, rest_after_char(t), last_repeat)?;
                    repeat = before;
                }
                '{' => match Self::parse_repeat(t) {
                    None => {
                        self.literal('{');
                        t = rest_after_char(t);
                    }
                    Some((min, max, after)) => {
                        let before = t;
                        if min < 0
                            || min > i64::from(MAX_REPEAT)
                            || max > i64::from(MAX_REPEAT)
                            || (max >= 0 && min > max)
                        {
                            return Err(err(ERR_INVALID_REPEAT_SIZE, consumed(before, after)));
                        }
                        let max = u32::try_from(max).ok();
                        let min = u32::try_from(min).unwrap_or(0);
                        t = self.repeat(min, max, before, after, last_repeat)?;
                        repeat = before;
                    }
                },
                '\\' => {
                    let next = t.as_bytes().get(1).copied();
                    let look = match next {
                        Some(b'A') => Some(Look::BeginText),
                        Some(b'b') => Some(Look::WordBoundary),
                        Some(b'B') => Some(Look::NoWordBoundary),
                        Some(b'z') => Some(Look::EndText),
                        _ => None,
                    };
                    if let Some(look) = look {
                        self.push(Node::Look(look));
                        t = t.get(2..).unwrap_or("");
                    } else if next == Some(b'C') {
                        return Err(err(ERR_INVALID_ESCAPE, t.get(..2).unwrap_or(t)));
                    } else if next == Some(b'Q') {
                        let body = t.get(2..).unwrap_or("");
                        let (lit, rest) = match body.find("\\E") {
                            Some(i) => {
                                (body.get(..i).unwrap_or(""), body.get(i + 2..).unwrap_or(""))
                            }
                            None => (body, ""),
                        };
                        for c in lit.chars() {
                            self.literal(c);
                        }
                        t = rest;
                    } else if let Some((mut class, rest)) = Self::unicode_class(t)? {
                        if self.flags.fold {
                            let mut folded = Class::default();
                            folded.add_class(&class, true);
                            folded.clean();
                            class = folded;
                        }
                        self.push(Node::Class(Box::new(class)));
                        t = rest;
                    } else if let Some((class, rest)) = Self::perl_class(t) {
                        let mut folded = Class::default();
                        folded.add_class(&class, self.flags.fold);
                        folded.clean();
                        self.push(Node::Class(Box::new(folded)));
                        t = rest;
                    } else {
                        let (c, rest) = Self::escape(t)?;
                        self.literal(c);
                        t = rest;
                    }
                }
                _ => {
                    self.literal(c);
                    t = rest_after_char(t);
                }
            }
            last_repeat = repeat;
        }
        self.concat();
        if self.swap_vertical_bar() {
            self.stack.pop();
        }
        self.alternate();
        if self.stack.len() != 1 {
            return Err(err(ERR_MISSING_PAREN, whole));
        }
        let node = match self.stack.pop() {
            Some(Item::Node(node)) => node,
            _ => return Err(err(ERR_MISSING_PAREN, whole)),
        };
        if node.height() > MAX_HEIGHT {
            return Err(err(ERR_NESTING_DEPTH, whole));
        }
        Ok((node, self.ncap, self.names))
    }
}

// ---------------------------------------------------------------------------------------------
// The program.

#[derive(Debug, Clone)]
enum Inst {
    Fail,
    Match,
    Char(char, usize),
    Class(usize, usize),
    Any(usize),
    AnyNotNl(usize),
    /// Both ways, the first preferred.
    Split(usize, usize),
    Jmp(usize),
    Save(usize, usize),
    Look(Look, usize),
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub struct Regex {
    insts: Vec<Inst>,
    classes: Vec<Class>,
    start: usize,
    ncap: usize,
    names: Vec<String>,
    anchored: bool,
    empty_expr: bool,
}

/// Where a fragment's dangling exits are: (instruction, which of its targets).
type Holes = Vec<(usize, bool)>;

struct Compiler {
    insts: Vec<Inst>,
    classes: Vec<Class>,
}

struct Frag {
    start: usize,
    holes: Holes,
    nullable: bool,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, ()> {
        if self.insts.len() >= MAX_INSTS {
            return Err(());
        }
        self.insts.push(inst);
        Ok(self.insts.len() - 1)
    }

    fn patch(&mut self, holes: &Holes, target: usize) {
        for &(at, second) in holes {
            if let Some(inst) = self.insts.get_mut(at) {
                match inst {
                    Inst::Split(a, b) => {
                        if second {
                            *b = target;
                        } else {
                            *a = target;
                        }
                    }
                    Inst::Char(_, n)
                    | Inst::Class(_, n)
                    | Inst::Any(n)
                    | Inst::AnyNotNl(n)
                    | Inst::Jmp(n)
                    | Inst::Save(_, n)
                    | Inst::Look(_, n) => *n = target,
                    Inst::Fail | Inst::Match => {}
                }
            }
        }
    }

    fn nop(&mut self) -> Result<Frag, ()> {
        let at = self.emit(Inst::Jmp(0))?;
        Ok(Frag {
            start: at,
            holes: vec![(at, false)],
            nullable: true,
        })
    }

    fn one(&mut self, inst: Inst, nullable: bool) -> Result<Frag, ()> {
        let at = self.emit(inst)?;
        Ok(Frag {
            start: at,
            holes: vec![(at, false)],
            nullable,
        })
    }

    fn cat(&mut self, a: Frag, b: Frag) -> Frag {
        self.patch(&a.holes, b.start);
        Frag {
            start: a.start,
            holes: b.holes,
            nullable: a.nullable && b.nullable,
        }
    }

    fn alt(&mut self, a: Frag, b: Frag) -> Result<Frag, ()> {
        let at = self.emit(Inst::Split(a.start, b.start))?;
        let mut holes = a.holes;
        holes.extend(b.holes);
        Ok(Frag {
            start: at,
            holes,
            nullable: a.nullable || b.nullable,
        })
    }

    fn quest(&mut self, a: Frag, greedy: bool) -> Result<Frag, ()> {
        let (inst, hole) = if greedy {
            (Inst::Split(a.start, 0), (0, true))
        } else {
            (Inst::Split(0, a.start), (0, false))
        };
        let at = self.emit(inst)?;
        let mut holes = vec![(at, hole.1)];
        holes.extend(a.holes);
        Ok(Frag {
            start: at,
            holes,
            nullable: true,
        })
    }

    fn loop_(&mut self, a: Frag, greedy: bool) -> Result<Frag, ()> {
        let (inst, second) = if greedy {
            (Inst::Split(a.start, 0), true)
        } else {
            (Inst::Split(0, a.start), false)
        };
        let at = self.emit(inst)?;
        self.patch(&a.holes, at);
        Ok(Frag {
            start: at,
            holes: vec![(at, second)],
            nullable: a.nullable,
        })
    }

    fn plus(&mut self, a: Frag, greedy: bool) -> Result<Frag, ()> {
        let start = a.start;
        let nullable = a.nullable;
        let l = self.loop_(a, greedy)?;
        Ok(Frag {
            start,
            holes: l.holes,
            nullable,
        })
    }

    fn star(&mut self, a: Frag, greedy: bool) -> Result<Frag, ()> {
        if a.nullable {
            let p = self.plus(a, greedy)?;
            return self.quest(p, greedy);
        }
        self.loop_(a, greedy)
    }

    fn compile(&mut self, node: &Node) -> Result<Frag, ()> {
        match node {
            Node::Empty => self.nop(),
            Node::NoMatch => {
                let at = self.emit(Inst::Fail)?;
                Ok(Frag {
                    start: at,
                    holes: Vec::new(),
                    nullable: false,
                })
            }
            Node::Char(c) => self.one(Inst::Char(*c, 0), false),
            Node::Class(class) => {
                self.classes.push((**class).clone());
                let index = self.classes.len() - 1;
                self.one(Inst::Class(index, 0), false)
            }
            Node::Any => self.one(Inst::Any(0), false),
            Node::AnyNotNl => self.one(Inst::AnyNotNl(0), false),
            Node::Look(look) => self.one(Inst::Look(*look, 0), true),
            Node::Capture(index, sub) => {
                let open = self.one(Inst::Save(2 * index, 0), true)?;
                let body = self.compile(sub)?;
                let close = self.one(Inst::Save(2 * index + 1, 0), true)?;
                let f = self.cat(open, body);
                Ok(self.cat(f, close))
            }
            Node::Concat(subs) => {
                let mut acc: Option<Frag> = None;
                for sub in subs {
                    let f = self.compile(sub)?;
                    acc = Some(match acc {
                        None => f,
                        Some(a) => self.cat(a, f),
                    });
                }
                match acc {
                    Some(f) => Ok(f),
                    None => self.nop(),
                }
            }
            Node::Alt(subs) => {
                // Go builds alternations right-nested: a|(b|(c)).
                let mut frags = Vec::with_capacity(subs.len());
                for sub in subs {
                    frags.push(self.compile(sub)?);
                }
                let mut acc: Option<Frag> = None;
                while let Some(f) = frags.pop() {
                    acc = Some(match acc {
                        None => f,
                        Some(rest) => self.alt(f, rest)?,
                    });
                }
                match acc {
                    Some(f) => Ok(f),
                    None => self.compile(&Node::NoMatch),
                }
            }
            Node::Repeat {
                min,
                max,
                greedy,
                sub,
            } => self.repeat(*min, *max, *greedy, sub),
        }
    }

    /// Go's `simplify` of a repeat, then its compilation.
    fn repeat(&mut self, min: u32, max: Option<u32>, greedy: bool, sub: &Node) -> Result<Frag, ()> {
        if matches!(sub, Node::Empty) {
            return self.nop();
        }
        // x** is x*, x++ is x+, x?? is x? when the greediness agrees.
        if let Node::Repeat {
            min: smin,
            max: smax,
            greedy: sgreedy,
            ..
        } = sub
            && *sgreedy == greedy
            && *smin == min
            && *smax == max
            && min <= 1
            && max.is_none_or(|m| m == 1)
        {
            return self.compile(sub);
        }
        match (min, max) {
            (0, Some(0)) => self.nop(),
            (0, None) => {
                let f = self.compile(sub)?;
                self.star(f, greedy)
            }
            (1, None) => {
                let f = self.compile(sub)?;
                self.plus(f, greedy)
            }
            (0, Some(1)) => {
                let f = self.compile(sub)?;
                self.quest(f, greedy)
            }
            (1, Some(1)) => self.compile(sub),
            (n, None) => {
                let mut acc: Option<Frag> = None;
                for _ in 0..n - 1 {
                    let f = self.compile(sub)?;
                    acc = Some(match acc {
                        None => f,
                        Some(a) => self.cat(a, f),
                    });
                }
                let last = self.compile(sub)?;
                let last = self.plus(last, greedy)?;
                Ok(match acc {
                    None => last,
                    Some(a) => self.cat(a, last),
                })
            }
            (n, Some(m)) => {
                if m < n {
                    return self.compile(&Node::NoMatch);
                }
                let mut acc: Option<Frag> = None;
                for _ in 0..n {
                    let f = self.compile(sub)?;
                    acc = Some(match acc {
                        None => f,
                        Some(a) => self.cat(a, f),
                    });
                }
                // (x(x(x)?)?)?: each optional copy's skip leaves for the end.
                let mut skips: Holes = Vec::new();
                let mut tail: Option<Frag> = None;
                for _ in n..m {
                    let split = self.emit(Inst::Split(0, 0))?;
                    let body = self.compile(sub)?;
                    if greedy {
                        self.patch(&vec![(split, false)], body.start);
                        skips.push((split, true));
                    } else {
                        self.patch(&vec![(split, true)], body.start);
                        skips.push((split, false));
                    }
                    let f = Frag {
                        start: split,
                        holes: body.holes,
                        nullable: true,
                    };
                    tail = Some(match tail {
                        None => f,
                        Some(t) => self.cat(t, f),
                    });
                }
                if let Some(mut t) = tail {
                    t.holes.extend(skips);
                    acc = Some(match acc {
                        None => t,
                        Some(a) => self.cat(a, t),
                    });
                }
                match acc {
                    Some(f) => Ok(f),
                    None => self.nop(),
                }
            }
        }
    }
}

/// Go's `regexp.Compile`.
pub fn compile(expr: &str) -> Result<Regex, Error> {
    let parser = Parser {
        whole: expr,
        stack: Vec::new(),
        flags: Flags::default(),
        ncap: 0,
        names: vec![String::new()],
    };
    let (node, ncap, names) = parser.parse()?;
    let anchored = starts_anchored(&node);
    let mut compiler = Compiler {
        insts: Vec::new(),
        classes: Vec::new(),
    };
    // The whole match is group 0.
    let whole = Node::Capture(0, Box::new(node));
    let frag = compiler
        .compile(&whole)
        .map_err(|()| err(ERR_LARGE, expr))?;
    let done = compiler
        .emit(Inst::Match)
        .map_err(|()| err(ERR_LARGE, expr))?;
    compiler.patch(&frag.holes, done);
    Ok(Regex {
        insts: compiler.insts,
        classes: compiler.classes,
        start: frag.start,
        ncap,
        names,
        anchored,
        empty_expr: expr.is_empty(),
    })
}

fn starts_anchored(node: &Node) -> bool {
    match node {
        Node::Look(Look::BeginText) => true,
        Node::Concat(subs) => subs.first().is_some_and(starts_anchored),
        Node::Capture(_, sub) => starts_anchored(sub),
        _ => false,
    }
}

/// Go's `regexp.QuoteMeta`.
pub fn quote_meta(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The Pike VM.

const NONE: usize = usize::MAX;

/// The search ran past its budget of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exhausted;

struct List {
    sparse: Vec<usize>,
    dense: Vec<usize>,
    /// Captures of each dense entry that holds a thread (`nslots` each).
    caps: Vec<usize>,
    has_thread: Vec<bool>,
}

impl List {
    fn new(n: usize) -> Self {
        List {
            sparse: vec![0; n],
            dense: Vec::new(),
            caps: Vec::new(),
            has_thread: Vec::new(),
        }
    }

    fn contains(&self, pc: usize) -> bool {
        self.sparse
            .get(pc)
            .is_some_and(|&j| self.dense.get(j) == Some(&pc))
    }

    fn clear(&mut self) {
        self.dense.clear();
        self.caps.clear();
        self.has_thread.clear();
    }
}

enum Frame {
    Explore(usize),
    Restore(usize, usize),
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn look_matches(look: Look, before: Option<char>, after: Option<char>) -> bool {
    match look {
        Look::BeginLine => before.is_none_or(|c| c == '\n'),
        Look::EndLine => after.is_none_or(|c| c == '\n'),
        Look::BeginText => before.is_none(),
        Look::EndText => after.is_none(),
        Look::WordBoundary => is_word(before) != is_word(after),
        Look::NoWordBoundary => is_word(before) == is_word(after),
    }
}

/// A matcher over one input, reusing its lists between searches.
pub struct Matcher<'r> {
    re: &'r Regex,
    clist: List,
    nlist: List,
    stack: Vec<Frame>,
    nslots: usize,
    /// Steps left before the search gives up.
    pub budget: u64,
}

impl Regex {
    /// A matcher that records the whole match only (`all_groups` false) or every group.
    pub fn matcher(&self, all_groups: bool, budget: u64) -> Matcher<'_> {
        Matcher {
            re: self,
            clist: List::new(self.insts.len()),
            nlist: List::new(self.insts.len()),
            stack: Vec::new(),
            nslots: if all_groups { 2 * (self.ncap + 1) } else { 2 },
            budget,
        }
    }
}

impl Matcher<'_> {
    fn charge(&mut self) -> Result<(), Exhausted> {
        if self.budget == 0 {
            return Err(Exhausted);
        }
        self.budget -= 1;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        insts: &[Inst],
        list: &mut List,
        stack: &mut Vec<Frame>,
        pc0: usize,
        pos: usize,
        caps: &mut [usize],
        before: Option<char>,
        after: Option<char>,
        budget: &mut u64,
    ) -> Result<(), Exhausted> {
        stack.push(Frame::Explore(pc0));
        while let Some(frame) = stack.pop() {
            let mut pc = match frame {
                Frame::Restore(slot, old) => {
                    if let Some(c) = caps.get_mut(slot) {
                        *c = old;
                    }
                    continue;
                }
                Frame::Explore(pc) => pc,
            };
            loop {
                if *budget == 0 {
                    stack.clear();
                    return Err(Exhausted);
                }
                *budget -= 1;
                if list.contains(pc) {
                    break;
                }
                let j = list.dense.len();
                if let Some(s) = list.sparse.get_mut(pc) {
                    *s = j;
                }
                list.dense.push(pc);
                list.has_thread.push(false);
                match insts.get(pc) {
                    None | Some(Inst::Fail) => break,
                    Some(Inst::Split(x, y)) => {
                        stack.push(Frame::Explore(*y));
                        pc = *x;
                    }
                    Some(Inst::Jmp(x)) => pc = *x,
                    Some(Inst::Look(look, next)) => {
                        if look_matches(*look, before, after) {
                            pc = *next;
                        } else {
                            break;
                        }
                    }
                    Some(Inst::Save(slot, next)) => {
                        if let Some(c) = caps.get_mut(*slot) {
                            stack.push(Frame::Restore(*slot, *c));
                            *c = pos;
                        }
                        pc = *next;
                    }
                    Some(_) => {
                        // A thread waits here with a copy of the captures.
                        let need = (j + 1) * caps.len();
                        if list.caps.len() < need {
                            list.caps.resize(need, NONE);
                        }
                        if let Some(dst) = list.caps.get_mut(j * caps.len()..need) {
                            dst.copy_from_slice(caps);
                        }
                        if let Some(t) = list.has_thread.get_mut(j) {
                            *t = true;
                        }
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Go's `doExecute` from byte `start` of `s`: the first match's group positions
    /// (`NONE` for a group that did not take part).
    pub fn search(&mut self, s: &str, start: usize) -> Result<Option<Vec<usize>>, Exhausted> {
        self.charge()?;
        let insts = &self.re.insts;
        let nslots = self.nslots;
        let mut matched: Option<Vec<usize>> = None;
        let mut pos = start;
        self.clist.clear();
        self.nlist.clear();
        let mut caps = vec![NONE; nslots];
        loop {
            if self.clist.dense.is_empty() && (matched.is_some() || (self.re.anchored && pos != 0))
            {
                break;
            }
            let before = s.get(..pos).and_then(|p| p.chars().next_back());
            let c = s.get(pos..).and_then(|p| p.chars().next());
            if matched.is_none() && (!self.re.anchored || pos == 0) {
                caps.iter_mut().for_each(|c| *c = NONE);
                if let Some(c0) = caps.get_mut(0) {
                    *c0 = pos;
                }
                Self::add(
                    insts,
                    &mut self.clist,
                    &mut self.stack,
                    self.re.start,
                    pos,
                    &mut caps,
                    before,
                    c,
                    &mut self.budget,
                )?;
            }
            let width = c.map_or(0, char::len_utf8);
            let next_pos = pos + width;
            let after_next = c.and_then(|_| s.get(next_pos..).and_then(|p| p.chars().next()));
            // Step every thread over `c`, in priority order.
            let mut j = 0;
            while j < self.clist.dense.len() {
                let pc = self.clist.dense.get(j).copied().unwrap_or(0);
                let has = self.clist.has_thread.get(j).copied().unwrap_or(false);
                if !has {
                    j += 1;
                    continue;
                }
                let mut tcaps: Vec<usize> = self
                    .clist
                    .caps
                    .get(j * nslots..(j + 1) * nslots)
                    .map(<[usize]>::to_vec)
                    .unwrap_or_else(|| vec![NONE; nslots]);
                let next = match insts.get(pc) {
                    Some(Inst::Match) => {
                        if let Some(c1) = tcaps.get_mut(1) {
                            *c1 = pos;
                        }
                        matched = Some(tcaps);
                        // Leftmost-first: lower-priority threads are cut off.
                        break;
                    }
                    Some(Inst::Char(want, next)) => (c == Some(*want)).then_some(*next),
                    Some(Inst::Class(index, next)) => c
                        .filter(|&ch| self.re.classes.get(*index).is_some_and(|k| k.matches(ch)))
                        .map(|_| *next),
                    Some(Inst::Any(next)) => c.map(|_| *next),
                    Some(Inst::AnyNotNl(next)) => c.filter(|&ch| ch != '\n').map(|_| *next),
                    _ => None,
                };
                if let Some(next) = next {
                    Self::add(
                        insts,
                        &mut self.nlist,
                        &mut self.stack,
                        next,
                        next_pos,
                        &mut tcaps,
                        c,
                        after_next,
                        &mut self.budget,
                    )?;
                }
                j += 1;
            }
            self.clist.clear();
            if width == 0 {
                break;
            }
            pos = next_pos;
            std::mem::swap(&mut self.clist, &mut self.nlist);
        }
        Ok(matched)
    }
}

// ---------------------------------------------------------------------------------------------
// Go's `Regexp` methods that Sprig calls.

impl Regex {
    /// `MatchString`.
    pub fn is_match(&self, s: &str, budget: &mut u64) -> Result<bool, Exhausted> {
        let mut m = self.matcher(false, *budget);
        let found = m.search(s, 0);
        *budget = m.budget;
        Ok(found?.is_some())
    }

    /// `FindAllStringIndex(s, n)` (n < 0: all).
    pub fn find_all(
        &self,
        s: &str,
        n: i64,
        budget: &mut u64,
    ) -> Result<Vec<(usize, usize)>, Exhausted> {
        let n = if n < 0 { s.len() as i64 + 1 } else { n };
        let mut m = self.matcher(false, *budget);
        let mut out = Vec::new();
        let mut pos = 0;
        let mut prev_end: Option<usize> = None;
        while (out.len() as i64) < n && pos <= s.len() {
            let found = match m.search(s, pos) {
                Ok(found) => found,
                Err(e) => {
                    *budget = m.budget;
                    return Err(e);
                }
            };
            let Some(caps) = found else { break };
            let (a, b) = (
                caps.first().copied().unwrap_or(0),
                caps.get(1).copied().unwrap_or(0),
            );
            let mut accept = true;
            if b == pos {
                if Some(a) == prev_end {
                    accept = false;
                }
                let width = s
                    .get(pos..)
                    .and_then(|p| p.chars().next())
                    .map_or(0, char::len_utf8);
                pos = if width > 0 { pos + width } else { s.len() + 1 };
            } else {
                pos = b;
            }
            prev_end = Some(b);
            if accept {
                out.push((a, b));
            }
        }
        *budget = m.budget;
        Ok(out)
    }

    /// `FindString`.
    pub fn find(&self, s: &str, budget: &mut u64) -> Result<String, Exhausted> {
        let mut m = self.matcher(false, *budget);
        let found = m.search(s, 0);
        *budget = m.budget;
        Ok(match found? {
            Some(caps) => s
                .get(caps.first().copied().unwrap_or(0)..caps.get(1).copied().unwrap_or(0))
                .unwrap_or("")
                .to_owned(),
            None => String::new(),
        })
    }

    /// `Split(s, n)`; `None` is Go's nil slice.
    pub fn split(
        &self,
        s: &str,
        n: i64,
        budget: &mut u64,
    ) -> Result<Option<Vec<String>>, Exhausted> {
        if n == 0 {
            return Ok(None);
        }
        if !self.empty_expr && s.is_empty() {
            return Ok(Some(vec![String::new()]));
        }
        let matches = self.find_all(s, n, budget)?;
        let mut out: Vec<String> = Vec::with_capacity(matches.len());
        let (mut beg, mut end) = (0usize, 0usize);
        for (a, b) in matches {
            if n > 0 && out.len() as i64 == n - 1 {
                break;
            }
            end = a;
            if b != 0 {
                out.push(s.get(beg..end).unwrap_or("").to_owned());
            }
            beg = b;
        }
        if end != s.len() {
            out.push(s.get(beg..).unwrap_or("").to_owned());
        }
        Ok(Some(out))
    }

    /// `ReplaceAllString` (`literal` false: `$1`, `${name}` expand) or
    /// `ReplaceAllLiteralString`; fails past `max_len` bytes of output.
    pub fn replace_all(
        &self,
        src: &str,
        repl: &str,
        literal: bool,
        budget: &mut u64,
        max_len: usize,
    ) -> Result<Result<String, ()>, Exhausted> {
        let mut m = self.matcher(!literal && repl.contains('$'), *budget);
        let mut out = String::new();
        let mut last_end = 0usize;
        let mut search_pos = 0usize;
        while search_pos <= src.len() {
            let found = match m.search(src, search_pos) {
                Ok(found) => found,
                Err(e) => {
                    *budget = m.budget;
                    return Err(e);
                }
            };
            let Some(caps) = found else { break };
            let (a, b) = (
                caps.first().copied().unwrap_or(0),
                caps.get(1).copied().unwrap_or(0),
            );
            out.push_str(src.get(last_end..a).unwrap_or(""));
            if b > last_end || a == 0 {
                if literal {
                    out.push_str(repl);
                } else {
                    self.expand(&mut out, repl, src, &caps);
                }
            }
            if out.len() > max_len {
                *budget = m.budget;
                return Ok(Err(()));
            }
            last_end = b;
            let width = src
                .get(search_pos..)
                .and_then(|p| p.chars().next())
                .map_or(0, char::len_utf8);
            if search_pos + width > b {
                search_pos += width;
            } else if search_pos + 1 > b {
                search_pos += 1;
            } else {
                search_pos = b;
            }
        }
        out.push_str(src.get(last_end..).unwrap_or(""));
        *budget = m.budget;
        if out.len() > max_len {
            return Ok(Err(()));
        }
        Ok(Ok(out))
    }

    /// Go's `Regexp.expand` of a template.
    fn expand(&self, out: &mut String, mut template: &str, src: &str, caps: &[usize]) {
        let group = |i: usize| -> Option<&str> {
            let a = *caps.get(2 * i)?;
            let b = *caps.get(2 * i + 1)?;
            if a == NONE || b == NONE {
                return None;
            }
            src.get(a..b)
        };
        while let Some(i) = template.find('$') {
            out.push_str(template.get(..i).unwrap_or(""));
            template = template.get(i + 1..).unwrap_or("");
            if let Some(rest) = template.strip_prefix('$') {
                out.push('$');
                template = rest;
                continue;
            }
            let Some((name, num, rest)) = extract(template) else {
                out.push('$');
                continue;
            };
            template = rest;
            match num {
                Some(n) => {
                    if let Some(text) = group(n) {
                        out.push_str(text);
                    }
                }
                None => {
                    if let Some(i) = self.names.iter().position(|x| x == name)
                        && let Some(text) = group(i)
                    {
                        out.push_str(text);
                    }
                }
            }
        }
        out.push_str(template);
    }
}

/// Go's `extract`: a `$name`, `${name}` or number at the start of `s`.
fn extract(s: &str) -> Option<(&str, Option<usize>, &str)> {
    let (brace, body) = match s.strip_prefix('{') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let len: usize = body
        .chars()
        .take_while(|&c| super::unicode::is_letter(c) || super::unicode::is_digit(c) || c == '_')
        .map(char::len_utf8)
        .sum();
    if len == 0 {
        return None;
    }
    let name = body.get(..len)?;
    let mut rest = body.get(len..)?;
    if brace {
        rest = rest.strip_prefix('}')?;
    }
    let mut num: Option<usize> = Some(0);
    for b in name.bytes() {
        match num {
            Some(n) if b.is_ascii_digit() && n < 100_000_000 => {
                num = Some(n * 10 + usize::from(b - b'0'));
            }
            _ => {
                num = None;
                break;
            }
        }
    }
    if name.len() > 1 && name.starts_with('0') {
        num = None;
    }
    Some((name, num, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_all(re: &str, s: &str) -> Vec<String> {
        let re = compile(re).unwrap();
        let mut budget = u64::MAX;
        re.find_all(s, -1, &mut budget)
            .unwrap()
            .into_iter()
            .map(|(a, b)| s[a..b].to_owned())
            .collect()
    }

    fn replace(re: &str, s: &str, repl: &str) -> String {
        let re = compile(re).unwrap();
        let mut budget = u64::MAX;
        re.replace_all(s, repl, false, &mut budget, usize::MAX)
            .unwrap()
            .unwrap()
    }

    #[test]
    fn parse_errors_are_gos() {
        let e = |re: &str| compile(re).unwrap_err().to_string();
        assert_eq!(e("("), "error parsing regexp: missing closing ): `(`");
        assert_eq!(e(")"), "error parsing regexp: unexpected ): `)`");
        assert_eq!(
            e("a**"),
            "error parsing regexp: invalid nested repetition operator: `**`"
        );
        assert_eq!(
            e("*"),
            "error parsing regexp: missing argument to repetition operator: `*`"
        );
        assert_eq!(e("[a"), "error parsing regexp: missing closing ]: `[a`");
        assert_eq!(
            e("[z-a]"),
            "error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            e("\\q"),
            "error parsing regexp: invalid escape sequence: `\\q`"
        );
        assert_eq!(
            e("a\\"),
            "error parsing regexp: trailing backslash at end of expression: ``"
        );
        assert_eq!(
            e("a{1001}"),
            "error parsing regexp: invalid repeat count: `{1001}`"
        );
        assert_eq!(
            e("(?x)"),
            "error parsing regexp: invalid or unsupported Perl syntax: `(?x`"
        );
        assert_eq!(
            e("(?P<>a)"),
            "error parsing regexp: invalid named capture: `(?P<>`"
        );
        assert_eq!(
            e("[[:foo:]]"),
            "error parsing regexp: invalid character class range: `[:foo:]`"
        );
        assert_eq!(
            e("(a{100}){100}"),
            "error parsing regexp: invalid repeat count: `{100}`"
        );
    }

    #[test]
    fn leftmost_first_matching() {
        assert_eq!(find_all("[0-9]+", "abc123def456"), ["123", "456"]);
        assert_eq!(find_all("a|ab", "ab"), ["a"]);
        assert_eq!(find_all("a*", "baaab"), ["", "aaa", ""]);
        assert_eq!(find_all("(?i)k", "kK\u{212A}"), ["k", "K", "\u{212A}"]);
        assert_eq!(find_all("a+?", "aaa"), ["a", "a", "a"]);
        assert_eq!(find_all("\\bfoo\\b", "foo foobar foo"), ["foo", "foo"]);
        assert_eq!(find_all("(?m)^x$", "x\nx\ny"), ["x", "x"]);
        assert_eq!(find_all("^x", "xx"), ["x"]);
        assert_eq!(find_all("a{2,3}", "aaaaaaa"), ["aaa", "aaa"]);
        assert_eq!(find_all("[^a]", "a\nb"), ["\n", "b"]);
        assert_eq!(find_all(".", "a\nb"), ["a", "b"]);
        assert_eq!(find_all("\\p{Greek}+", "abc αβγ"), ["αβγ"]);
    }

    #[test]
    fn replacements_expand_like_go() {
        assert_eq!(replace("a(x*)b", "-ab-axxb-", "${1}W"), "-W-xxW-");
        assert_eq!(replace("a(x*)b", "-ab-axxb-", "$1W"), "---");
        assert_eq!(replace("a(?P<x>x*)b", "-axb-", "[$x]"), "-[x]-");
        assert_eq!(replace("x*", "abc", "-"), "-a-b-c-");
        assert_eq!(replace("a(x*)b", "-ab-", "$$"), "-$-");
    }

    #[test]
    fn split_like_go() {
        let re = compile("z+").unwrap();
        let mut budget = u64::MAX;
        assert_eq!(
            re.split("pizza", -1, &mut budget).unwrap().unwrap(),
            ["pi", "a"]
        );
        let re = compile("").unwrap();
        assert_eq!(
            re.split("abc", -1, &mut budget).unwrap().unwrap(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn pathological_patterns_stay_linear() {
        let re = compile("(a*)*b").unwrap();
        let s = "a".repeat(5000);
        let mut budget = 10_000_000;
        assert!(!re.is_match(&s, &mut budget).unwrap());
        let re = compile("(x+x+)+y").unwrap();
        let s = "x".repeat(5000);
        let mut budget = 10_000_000;
        assert!(!re.is_match(&s, &mut budget).unwrap());
    }
}
