//! Compact text for values that cross from a web worker to the page (`drydock_engine`), read with
//! a few small functions: serde's derived `Deserialize` for the same types (a diagram, say) weighs
//! more in the page's wasm module than the code the worker took out of it. A flat run of tokens in a fixed
//! order:
//! - an unsigned integer: its decimal digits, then `,`; a difference of two (`Writer::delta`):
//!   `-` before the digits when it is negative;
//! - a float: Rust's shortest text that reads back to the same value, then `,`;
//! - a string: its length in bytes, `:`, then the bytes;
//! - an option: `0,` for none, or `1,` and the value; a list: its length, then the items.
//!
//! The [`Reader`] never panics: anything else than what a [`Writer`] wrote (truncated, a count
//! larger than the text could hold, a string cut inside a character) reads as `None`.

use crate::diagnostic::Severity;
use crate::text::TextRange;

/// Writes tokens.
#[derive(Debug, Default)]
pub struct Writer(String);

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// A writer with room for `bytes` already.
    pub fn with_capacity(bytes: usize) -> Writer {
        Writer(String::with_capacity(bytes))
    }

    pub fn finish(self) -> String {
        self.0
    }

    pub fn uint(&mut self, n: usize) {
        self.digits(n);
        self.0.push(',');
    }

    /// `n` in decimal, without the allocation `to_string` would make (a render's source map
    /// writes several numbers for every value): the digits made by division by the constant 10
    /// (a multiplication, in wasm too), then pushed one by one (copying a few bytes as a slice
    /// costs a call); the room for them is reserved by the caller ([`Writer::with_capacity`]).
    fn digits(&mut self, mut n: usize) {
        let mut buffer = [0_u8; 20];
        let mut at = buffer.len();
        loop {
            at -= 1;
            if let Some(slot) = buffer.get_mut(at) {
                *slot = b'0' + u8::try_from(n % 10).unwrap_or(0);
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        for &digit in buffer.get(at..).unwrap_or_default() {
            self.0.push(char::from(digit));
        }
    }

    /// `value` as its difference from `base`: short where `value` is near `base` (the offsets of
    /// a source map, each near the one before).
    pub fn delta(&mut self, base: usize, value: usize) {
        if value < base {
            self.0.push('-');
            self.uint(base - value);
        } else {
            self.uint(value - base);
        }
    }

    pub fn float(&mut self, f: f64) {
        self.0.push_str(&f.to_string());
        self.0.push(',');
    }

    pub fn str(&mut self, s: &str) {
        self.digits(s.len());
        self.0.push(':');
        self.0.push_str(s);
    }

    pub fn strs(&mut self, items: &[String]) {
        self.list(items, |w, item| w.str(item));
    }

    pub fn option<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match value {
            None => self.uint(0),
            Some(value) => {
                self.uint(1);
                write(self, value);
            }
        }
    }

    pub fn list<T>(&mut self, items: &[T], mut write: impl FnMut(&mut Self, &T)) {
        self.uint(items.len());
        for item in items {
            write(self, item);
        }
    }

    pub fn range(&mut self, range: TextRange) {
        self.uint(range.start);
        self.uint(range.end);
    }

    pub fn severity(&mut self, severity: Severity) {
        self.uint(severity_index(severity));
    }
}

/// Reads tokens; every method gives `None` when the text does not hold what it reads.
#[derive(Debug)]
pub struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t str) -> Reader<'t> {
        Reader { text, at: 0 }
    }

    /// Whether everything was read.
    pub fn is_done(&self) -> bool {
        self.at == self.text.len()
    }

    /// The text up to the next `end`, which is consumed.
    fn until(&mut self, end: char) -> Option<&'t str> {
        let rest = self.text.get(self.at..)?;
        let length = rest.find(end)?;
        let token = rest.get(..length)?;
        self.at += length + end.len_utf8();
        Some(token)
    }

    /// Decimal digits (at least one; no sign) up to `end`, which is consumed; `None` past
    /// `usize`.
    fn digits(&mut self, end: u8) -> Option<usize> {
        let bytes = self.text.as_bytes().get(self.at..)?;
        let mut value: usize = 0;
        for (length, &byte) in bytes.iter().enumerate() {
            if byte == end && length > 0 {
                self.at += length + 1;
                return Some(value);
            }
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value
                .checked_mul(10)?
                .checked_add(usize::from(byte - b'0'))?;
        }
        None
    }

    pub fn uint(&mut self) -> Option<usize> {
        self.digits(b',')
    }

    /// What [`Writer::delta`] wrote, with the same `base`; `None` past the ends of `usize`.
    pub fn delta(&mut self, base: usize) -> Option<usize> {
        if self.text.as_bytes().get(self.at) == Some(&b'-') {
            self.at += 1;
            base.checked_sub(self.uint()?)
        } else {
            base.checked_add(self.uint()?)
        }
    }

    pub fn float(&mut self) -> Option<f64> {
        self.until(',')?.parse().ok()
    }

    pub fn str(&mut self) -> Option<String> {
        let length = self.digits(b':')?;
        let end = self.at.checked_add(length)?;
        let value = self.text.get(self.at..end)?;
        self.at = end;
        Some(value.to_owned())
    }

    pub fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Reader::str)
    }

    pub fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        match self.uint()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    /// A list: its length, then its items. A length the rest of the text could not hold (every
    /// item takes at least two bytes) is refused before anything is allocated for it.
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let length = self.uint()?;
        if length > self.text.len().saturating_sub(self.at) / 2 {
            return None;
        }
        let mut items = Vec::with_capacity(length);
        for _ in 0..length {
            items.push(read(self)?);
        }
        Some(items)
    }

    pub fn range(&mut self) -> Option<TextRange> {
        Some(TextRange::new(self.uint()?, self.uint()?))
    }

    pub fn severity(&mut self) -> Option<Severity> {
        SEVERITIES.get(self.uint()?).copied()
    }
}

const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

const fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written() -> String {
        let mut w = Writer::new();
        w.uint(0);
        w.uint(usize::MAX);
        w.float(-0.5);
        w.float(f64::MAX);
        w.str("ünï, code: 🚢\n");
        w.strs(&[String::new(), ",".into(), "1:2".into()]);
        w.option(None::<usize>, Writer::uint);
        w.option(Some(7), Writer::uint);
        w.severity(Severity::Warning);
        w.range(TextRange::new(3, 9));
        w.finish()
    }

    fn read(text: &str) -> Option<()> {
        let mut r = Reader::new(text);
        assert_eq!(r.uint()?, 0);
        assert_eq!(r.uint()?, usize::MAX);
        assert_eq!(r.float()?, -0.5);
        assert_eq!(r.float()?, f64::MAX);
        assert_eq!(r.str()?, "ünï, code: 🚢\n");
        assert_eq!(r.strs()?, ["", ",", "1:2"]);
        assert_eq!(r.option(Reader::uint)?, None);
        assert_eq!(r.option(Reader::uint)?, Some(7));
        assert_eq!(r.severity()?, Severity::Warning);
        assert_eq!(r.range()?, TextRange::new(3, 9));
        r.is_done().then_some(())
    }

    #[test]
    fn what_is_written_reads_back() {
        assert_eq!(read(&written()), Some(()));
        let mut w = Writer::new();
        for n in [0, 9, 10, 99, 100, 1234, 1_000_000, usize::MAX] {
            w.uint(n);
        }
        w.str("ab");
        assert_eq!(
            w.finish(),
            format!("0,9,10,99,100,1234,1000000,{},2:ab", usize::MAX)
        );
    }

    #[test]
    fn differences_read_back_and_stay_within_usize() {
        let pairs = [(5, 3), (3, 3), (0, usize::MAX), (usize::MAX, 0), (7, 70)];
        let mut w = Writer::new();
        for (base, value) in pairs {
            w.delta(base, value);
        }
        let text = w.finish();
        assert_eq!(text, format!("-2,0,{},-{},63,", usize::MAX, usize::MAX));
        let mut r = Reader::new(&text);
        for (base, value) in pairs {
            assert_eq!(r.delta(base), Some(value));
        }
        assert!(r.is_done());
        assert_eq!(Reader::new("-1,").delta(0), None);
        assert_eq!(Reader::new("1,").delta(usize::MAX), None);
        assert_eq!(Reader::new("-,").delta(5), None);
        assert_eq!(Reader::new("--1,").delta(5), None);
    }

    #[test]
    fn anything_else_reads_as_none() {
        let text = written();
        for cut in 0..text.len() {
            if let Some(prefix) = text.get(..cut) {
                assert_eq!(read(prefix), None, "{cut}");
            }
        }
        for bad in ["", ",", "+1,", "1", "-1,", "18446744073709551616,", "x,"] {
            assert_eq!(Reader::new(bad).uint(), None, "{bad:?}");
        }
        for bad in ["", "5:abc", "1:ü", "+1:a", ":"] {
            assert_eq!(Reader::new(bad).str(), None, "{bad:?}");
        }
        assert_eq!(Reader::new("2,").option(Reader::uint), None);
        assert_eq!(Reader::new("3,").severity(), None);
        // A list longer than its text could hold is refused before anything is allocated.
        assert_eq!(Reader::new("99999999999,").list(Reader::uint), None);
        assert_eq!(Reader::new("2,0,1,").list(Reader::uint), Some(vec![0, 1]));
    }
}
