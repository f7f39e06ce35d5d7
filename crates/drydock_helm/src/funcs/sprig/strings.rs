//! Sprig's string functions (`strings.go`, `regex.go`, `url.go`, paths, hashes and encodings of strings).
//!
//! Go slices strings by bytes: where Sprig does (`trunc`, `substr`, `abbrev`, `wrapWith`), a cut
//! inside a character yields invalid UTF-8, which a template value cannot hold here; such bytes
//! become U+FFFD.

use std::collections::BTreeMap;

use super::{add, arg, str_arg};
use crate::template::exec::{MAX_OUTPUT, MAX_STEPS};
use crate::template::{FuncError, FuncResult, Funcs, ListType, MapType, State, Ty, Value};

mod hash;
pub(crate) mod regex;
pub mod unicode;
mod url;

use super::strval as go_strval;

fn int_arg(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n)) => *n,
        Some(Value::Uint(n)) => *n as i64,
        _ => 0,
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn too_large(name: &str) -> FuncError {
    FuncError::Message(format!(
        "{name}: the result passes {MAX_OUTPUT} bytes: stopped"
    ))
}

fn string_list(items: Vec<String>) -> Value {
    Value::strings(items)
}

fn string_map(parts: Vec<&str>) -> Value {
    let map: BTreeMap<String, Value> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::str(p)))
        .collect();
    Value::Map(crate::template::MapRef::new(map), MapType::String)
}

/// Go's `runtime error` for `s[lo:hi]` out of range (`None`: omitted).
fn slice_error(lo: Option<i64>, hi: Option<i64>, len: usize) -> FuncError {
    let message = match (lo, hi) {
        (None, Some(h)) if h < 0 => format!("slice bounds out of range [:{h}]"),
        (None, Some(h)) => format!("slice bounds out of range [:{h}] with length {len}"),
        (Some(l), None) if l < 0 => format!("slice bounds out of range [{l}:]"),
        (Some(l), None) => format!("slice bounds out of range [{l}:{len}]"),
        (Some(_), Some(h)) if h > len as i64 => {
            format!("slice bounds out of range [:{h}] with length {len}")
        }
        (Some(l), Some(h)) if l < 0 => format!("slice bounds out of range [{l}:{h}]"),
        (Some(l), Some(h)) => format!("slice bounds out of range [{l}:{h}]"),
        (None, None) => "slice bounds out of range".to_owned(),
    };
    FuncError::Message(format!("runtime error: {message}"))
}

// ---------------------------------------------------------------------------------------------
// strings.go

fn abbreviate_full(s: &[u8], offset: i64, max_width: i64) -> Vec<u8> {
    let len = s.len() as i64;
    if s.is_empty() || max_width < 4 {
        return Vec::new();
    }
    if len <= max_width {
        return s.to_vec();
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    let marker = b"...";
    let cut = |a: i64, b: i64| -> &[u8] {
        s.get(a.max(0) as usize..(b.max(0) as usize).min(s.len()))
            .unwrap_or(&[])
    };
    if offset <= 4 {
        let mut out = cut(0, max_width - 3).to_vec();
        out.extend_from_slice(marker);
        return out;
    }
    if max_width < 7 {
        return Vec::new();
    }
    if offset + max_width - 3 < len {
        let mut out = marker.to_vec();
        out.extend(abbreviate_full(cut(offset, len), 0, max_width - 3));
        return out;
    }
    let mut out = marker.to_vec();
    out.extend_from_slice(cut(len - (max_width - 3), len));
    out
}

fn abbrev(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let width = int_arg(args, 0);
    let s = str_arg(args, 1);
    if width < 4 {
        return Ok(Value::str(s));
    }
    Ok(Value::str(lossy(&abbreviate_full(s.as_bytes(), 0, width))))
}

fn abbrevboth(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let left = int_arg(args, 0);
    let right = int_arg(args, 1);
    let s = str_arg(args, 2);
    if right < 4 || (left > 0 && right < 7) {
        return Ok(Value::str(s));
    }
    Ok(Value::str(lossy(&abbreviate_full(
        s.as_bytes(),
        left,
        right,
    ))))
}

fn trunc(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let c = int_arg(args, 0);
    let s = str_arg(args, 1);
    let b = s.as_bytes();
    let len = b.len() as i64;
    if c < 0 && len + c > 0 {
        return Ok(Value::str(lossy(
            b.get((len + c) as usize..).unwrap_or(&[]),
        )));
    }
    if c >= 0 && len > c {
        return Ok(Value::str(lossy(b.get(..c as usize).unwrap_or(&[]))));
    }
    Ok(Value::str(s))
}

/// Go's `strings.Trim(s, cutset)`.
fn trim_all(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let cutset = str_arg(args, 0);
    let s = str_arg(args, 1);
    Ok(Value::str(s.trim_matches(|c: char| cutset.contains(c))))
}

fn trim_prefix(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let prefix = str_arg(args, 0);
    let s = str_arg(args, 1);
    Ok(Value::str(s.strip_prefix(prefix.as_str()).unwrap_or(&s)))
}

fn trim_suffix(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let suffix = str_arg(args, 0);
    let s = str_arg(args, 1);
    Ok(Value::str(s.strip_suffix(suffix.as_str()).unwrap_or(&s)))
}

/// Latin-1 as Go's `rune(str[i])` reads a byte.
fn latin1(b: u8) -> char {
    char::from(b)
}

/// goutils' `DeleteWhiteSpace`: byte by byte.
fn nospace(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 0);
    let kept: String = s
        .bytes()
        .map(latin1)
        .filter(|&c| !unicode::is_space(c))
        .collect();
    if kept.chars().count() == s.len() {
        return Ok(Value::str(s));
    }
    Ok(Value::str(kept))
}

/// goutils' `Initials`: byte by byte.
fn initials(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 0);
    let mut out = String::new();
    let mut last_was_gap = true;
    for c in s.bytes().map(latin1) {
        if unicode::is_space(c) {
            last_was_gap = true;
        } else if last_was_gap {
            out.push(c);
            last_was_gap = false;
        }
    }
    Ok(Value::str(out))
}

fn title_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    unicode::is_space(c)
}

/// Go's `strings.Title`.
pub fn go_title(s: &str) -> String {
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if title_separator(prev) {
                unicode::simple_title(c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

fn title(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(go_title(&str_arg(args, 0))))
}

fn untitle(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 0);
    let mut next = true;
    let out: String = s
        .chars()
        .map(|c| {
            if unicode::is_space(c) {
                next = true;
                c
            } else if next {
                next = false;
                unicode::simple_lower(c)
            } else {
                c
            }
        })
        .collect();
    Ok(Value::str(out))
}

/// goutils' `SwapCase`.
fn swapcase(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 0);
    let mut whitespace = true;
    let out: String = s
        .chars()
        .map(|c| {
            if unicode::is_upper(c) || unicode::is_title(c) {
                whitespace = false;
                unicode::simple_lower(c)
            } else if unicode::is_lower(c) {
                if whitespace {
                    whitespace = false;
                    unicode::simple_title(c)
                } else {
                    unicode::simple_upper(c)
                }
            } else {
                whitespace = unicode::is_space(c);
                c
            }
        })
        .collect();
    Ok(Value::str(out))
}

fn repeat(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let count = int_arg(args, 0);
    let s = str_arg(args, 1);
    if count < 0 {
        return Err(FuncError::Message(
            "strings: negative Repeat count".to_owned(),
        ));
    }
    let total = (s.len() as u128) * (count as u128);
    if total > MAX_OUTPUT as u128 {
        return Err(too_large("repeat"));
    }
    Ok(Value::str(s.repeat(count as usize)))
}

fn substr(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let start = int_arg(args, 0);
    let end = int_arg(args, 1);
    let s = str_arg(args, 2);
    let b = s.as_bytes();
    let len = b.len() as i64;
    if start < 0 {
        if end < 0 || end > len {
            return Err(slice_error(None, Some(end), b.len()));
        }
        return Ok(Value::str(lossy(b.get(..end as usize).unwrap_or(&[]))));
    }
    if end < 0 || end > len {
        if start > len {
            return Err(slice_error(Some(start), None, b.len()));
        }
        return Ok(Value::str(lossy(b.get(start as usize..).unwrap_or(&[]))));
    }
    if start > end {
        return Err(slice_error(Some(start), Some(end), b.len()));
    }
    Ok(Value::str(lossy(
        b.get(start as usize..end as usize).unwrap_or(&[]),
    )))
}

fn contains(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 1).contains(&str_arg(args, 0))))
}

fn has_prefix(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 1).starts_with(&str_arg(args, 0))))
}

fn has_suffix(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 1).ends_with(&str_arg(args, 0))))
}

fn cat(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let parts: Vec<String> = args
        .iter()
        .filter(|a| !matches!(a, Value::Nil))
        .map(crate::template::fmt::v)
        .collect();
    Ok(Value::str(parts.join(" ")))
}

fn replace(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let old = str_arg(args, 0);
    let new = str_arg(args, 1);
    let src = str_arg(args, 2);
    let count = if old.is_empty() {
        src.chars().count() + 1
    } else {
        src.matches(old.as_str()).count()
    };
    let total = src.len() as u128 + (count as u128) * (new.len() as u128);
    if total > MAX_OUTPUT as u128 {
        return Err(too_large("replace"));
    }
    Ok(Value::str(src.replace(old.as_str(), &new)))
}

fn plural(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(if int_arg(args, 2) == 1 {
        arg(args, 0)
    } else {
        arg(args, 1)
    })
}

// xstrings: snakecase, kebabcase, camelcase.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || unicode::is_space(c)
}

fn is_alphabet(c: char) -> bool {
    if !unicode::is_letter(c) {
        return false;
    }
    let n = c as u32;
    !(0x4E00..=0x9FCC).contains(&n)
        && !(0x3400..=0x4D85).contains(&n)
        && !(0x20000..=0x2B81D).contains(&n)
}

/// xstrings' `nextWord`: the kind of the word at the start of `s`, its length in bytes.
fn next_word(s: &str) -> (Word, usize) {
    let mut chars = s.char_indices().peekable();
    let Some((_, c)) = chars.next() else {
        return (Word::Invalid, 0);
    };
    let mut end = c.len_utf8();
    let take_while = |end: &mut usize, pred: &dyn Fn(char) -> bool| {
        for (i, c) in s.char_indices().skip(1) {
            if i < *end {
                continue;
            }
            if !pred(c) {
                break;
            }
            *end = i + c.len_utf8();
        }
    };
    if is_connector(c) {
        take_while(&mut end, &is_connector);
        return (Word::Connector, end);
    }
    if unicode::is_punct(c) {
        take_while(&mut end, &unicode::is_punct);
        return (Word::Punct, end);
    }
    if unicode::is_upper(c) {
        let rest = s.get(end..).unwrap_or("");
        let Some(r) = rest.chars().next() else {
            return (Word::Upper, end);
        };
        if unicode::is_upper(r) {
            // A run of capitals; "HTTPStatus" splits before the "S" of "Status".
            let mut prev_size = r.len_utf8();
            end += prev_size;
            let mut following: Option<char> = None;
            for c in s.get(end..).unwrap_or("").chars() {
                if !unicode::is_upper(c) {
                    following = Some(c);
                    break;
                }
                prev_size = c.len_utf8();
                end += prev_size;
            }
            if following.is_some_and(is_alphabet) {
                end -= prev_size;
            }
        } else if is_alphabet(r) {
            end += r.len_utf8();
            take_while(&mut end, &|c| is_alphabet(c) && !unicode::is_upper(c));
        }
        return (Word::Upper, end);
    }
    if is_alphabet(c) {
        take_while(&mut end, &|c| is_alphabet(c) && !unicode::is_upper(c));
        return (Word::Alphabet, end);
    }
    if unicode::is_number(c) {
        take_while(&mut end, &unicode::is_number);
        return (Word::Number, end);
    }
    take_while(&mut end, &|c| {
        !(is_connector(c) || is_alphabet(c) || unicode::is_number(c) || unicode::is_punct(c))
    });
    (Word::Other, end)
}

fn word_to_lower(out: &mut String, kind: Word, word: &str, connector: char) {
    if kind != Word::Upper && kind != Word::Connector {
        out.push_str(word);
        return;
    }
    for c in word.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if unicode::is_upper(c) {
            out.push(unicode::simple_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase`.
fn camel_to_lower(s: &str, connector: char) -> String {
    if s.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let mut rest = s;
    let next = |rest: &mut &str| -> (Word, String) {
        let (kind, len) = next_word(rest);
        let word = rest.get(..len).unwrap_or("").to_owned();
        *rest = rest.get(len..).unwrap_or("");
        (kind, word)
    };
    let (mut wt, mut word) = next(&mut rest);
    while !rest.is_empty() {
        if wt != Word::Connector {
            word_to_lower(&mut out, wt, &word, connector);
        }
        let prev = wt;
        let last = word.clone();
        (wt, word) = next(&mut rest);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    word_to_lower(&mut out, wt, &word, connector);
                    (wt, word) = next(&mut rest);
                }
                if wt != Word::Invalid && wt != Word::Punct && wt != Word::Connector {
                    out.push(connector);
                }
            }
            Word::Connector => word_to_lower(&mut out, prev, &last, connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let number = word.clone();
                (wt, word) = next(&mut rest);
                if wt != Word::Alphabet {
                    word_to_lower(&mut out, Word::Number, &number, connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                word_to_lower(&mut out, Word::Number, &number, connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    word_to_lower(&mut out, wt, &word, connector);
                    (wt, word) = next(&mut rest);
                }
                if wt != Word::Invalid && wt != Word::Connector && wt != Word::Punct {
                    out.push(connector);
                }
            }
        }
    }
    word_to_lower(&mut out, wt, &word, connector);
    out
}

fn snakecase(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(camel_to_lower(&str_arg(args, 0), '_')))
}

fn kebabcase(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(camel_to_lower(&str_arg(args, 0), '-')))
}

/// xstrings' `ToPascalCase` (v1.5).
fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    let mut r0 = None;
    let mut first_upper = false;
    for c in chars.by_ref() {
        if !is_connector(c) {
            first_upper = unicode::is_upper(c);
            r0 = Some(unicode::simple_upper(c));
            break;
        }
        out.push(c);
    }
    let Some(mut r0) = r0 else {
        return out;
    };
    for c in chars {
        let r1 = r0;
        r0 = c;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            first_upper = unicode::is_upper(r0);
            r0 = unicode::simple_upper(r0);
        } else {
            if first_upper {
                if unicode::is_upper(r0) {
                    r0 = unicode::simple_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

fn camelcase(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(pascal_case(&str_arg(args, 0))))
}

/// goutils' `WrapCustom`, on bytes.
fn wrap_custom(s: &str, width: i64, newline: &str, long_words: bool) -> Vec<u8> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Vec::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline }.as_bytes();
    let width = width.max(1) as usize;
    let len = b.len();
    let mut offset = 0usize;
    let mut out: Vec<u8> = Vec::new();
    let cut = |a: usize, z: usize| -> &[u8] { b.get(a..z.min(len)).unwrap_or(&[]) };
    while len - offset > width {
        if b.get(offset) == Some(&b' ') {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        let space = cut(offset, end).iter().rposition(|&c| c == b' ');
        if let Some(i) = space {
            let at = offset + i;
            out.extend_from_slice(cut(offset, at));
            out.extend_from_slice(newline);
            offset = at + 1;
        } else if long_words {
            let end = width + offset;
            out.extend_from_slice(cut(offset, end));
            out.extend_from_slice(newline);
            offset += width;
        } else {
            let end = width + offset;
            match cut(end, len).iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(cut(offset, len));
                    offset = len;
                }
                Some(i) => {
                    let at = i + end;
                    out.extend_from_slice(cut(offset, at));
                    out.extend_from_slice(newline);
                    offset = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(cut(offset, len));
    out
}

fn wrap(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(lossy(&wrap_custom(
        &str_arg(args, 1),
        int_arg(args, 0),
        "",
        false,
    ))))
}

fn wrap_with(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 2);
    let sep = str_arg(args, 1);
    let width = int_arg(args, 0).max(1) as u128;
    let total = s.len() as u128 + (s.len() as u128 / width + 1) * sep.len() as u128;
    if total > MAX_OUTPUT as u128 {
        return Err(too_large("wrapWith"));
    }
    Ok(Value::str(lossy(&wrap_custom(
        &s,
        int_arg(args, 0),
        &sep,
        true,
    ))))
}

/// Go's `strings.SplitN(s, sep, n)` (n < 0: all).
fn go_split<'s>(s: &'s str, sep: &str, n: i64) -> Vec<&'s str> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut out: Vec<&str> = Vec::new();
        let mut rest = s;
        while let Some(c) = rest.chars().next() {
            if n > 0 && out.len() as i64 == n - 1 {
                break;
            }
            let (head, tail) = rest.split_at(c.len_utf8());
            out.push(head);
            rest = tail;
        }
        if !rest.is_empty() {
            out.push(rest);
        }
        return out;
    }
    if n < 0 {
        return s.split(sep).collect();
    }
    s.splitn(n as usize, sep).collect()
}

fn split_list(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let sep = str_arg(args, 0);
    let s = str_arg(args, 1);
    Ok(string_list(
        go_split(&s, &sep, -1)
            .into_iter()
            .map(str::to_owned)
            .collect(),
    ))
}

fn split(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let sep = str_arg(args, 0);
    let s = str_arg(args, 1);
    Ok(string_map(go_split(&s, &sep, -1)))
}

fn splitn(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let sep = str_arg(args, 0);
    let n = int_arg(args, 1);
    let s = str_arg(args, 2);
    Ok(string_map(go_split(&s, &sep, n)))
}

/// Sprig's `strslice`.
fn strslice(value: &Value) -> Vec<String> {
    match value {
        Value::List(items, ListType::String) => items.iter().map(go_strval).collect(),
        Value::List(items, ListType::Bytes) => items.iter().map(go_strval).collect(),
        Value::List(items, _) => items
            .iter()
            .filter(|v| !matches!(v, Value::Nil))
            .map(go_strval)
            .collect(),
        Value::Nil => Vec::new(),
        other => vec![go_strval(other)],
    }
}

fn join(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let sep = str_arg(args, 0);
    Ok(Value::str(strslice(&arg(args, 1)).join(&sep)))
}

fn sort_alpha(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let list = arg(args, 0);
    match list {
        Value::List(..) => {
            let mut items = strslice(&list);
            items.sort();
            Ok(string_list(items))
        }
        other => Ok(string_list(vec![go_strval(&other)])),
    }
}

fn to_strings(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(string_list(strslice(&arg(args, 0))))
}

fn ternary(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(if matches!(args.get(2), Some(Value::Bool(true))) {
        arg(args, 0)
    } else {
        arg(args, 1)
    })
}

// ---------------------------------------------------------------------------------------------
// Encodings.

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn b64enc(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(crate::encoding::base64_encode(
        str_arg(args, 0).as_bytes(),
    )))
}

/// Go's `base64.StdEncoding.DecodeString`.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, String> {
    let src = s.as_bytes();
    let corrupt = |at: usize| format!("illegal base64 data at input byte {at}");
    let decode = |c: u8| B64.iter().position(|&x| x == c).map(|v| v as u32);
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0usize;
    while si < src.len() {
        let mut dbuf = [0u32; 4];
        let mut dlen = 4;
        let mut j = 0usize;
        let mut trailing: Option<usize> = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                return Err(corrupt(si - j));
            }
            let c = src.get(si).copied().unwrap_or(0);
            si += 1;
            if let Some(v) = decode(c) {
                if let Some(slot) = dbuf.get_mut(j) {
                    *slot = v;
                }
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' {
                return Err(corrupt(si - 1));
            }
            match j {
                0 | 1 => return Err(corrupt(si - 1)),
                2 => {
                    while si < src.len() && matches!(src.get(si), Some(b'\n' | b'\r')) {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(corrupt(src.len()));
                    }
                    if src.get(si) != Some(&b'=') {
                        return Err(corrupt(si - 1));
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && matches!(src.get(si), Some(b'\n' | b'\r')) {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = dbuf.iter().fold(0u32, |acc, &v| (acc << 6) | v);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(bytes.get(..dlen - 1).unwrap_or(&[]));
        if let Some(at) = trailing {
            return Err(corrupt(at));
        }
        if dlen < 4 {
            break;
        }
    }
    Ok(out)
}

fn b64dec(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(match base64_decode(&str_arg(args, 0)) {
        Ok(bytes) => lossy(&bytes),
        Err(e) => e,
    }))
}

fn b32enc(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 0);
    let mut out = String::new();
    for chunk in s.as_bytes().chunks(5) {
        let mut buf = [0u8; 5];
        if let Some(dst) = buf.get_mut(..chunk.len()) {
            dst.copy_from_slice(chunk);
        }
        let v = buf.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                let index = ((v >> (35 - 5 * i)) & 31) as usize;
                out.push(char::from(B32.get(index).copied().unwrap_or(b'A')));
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::str(out))
}

/// Go's `base32.StdEncoding.DecodeString`.
pub fn base32_decode(s: &str) -> Result<Vec<u8>, String> {
    let src: Vec<u8> = s.bytes().filter(|&b| b != b'\n' && b != b'\r').collect();
    let olen = src.len();
    let corrupt = |at: usize| format!("illegal base32 data at input byte {at}");
    let decode = |c: u8| B32.iter().position(|&x| x == c).map(|v| v as u8);
    let mut out = Vec::new();
    let mut rest: &[u8] = &src;
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut dbuf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0usize;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                return Err(corrupt(olen - rest.len() - j));
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return Err(corrupt(olen));
                }
                for k in 0..(7 - j) {
                    if rest.len() > k && rest.get(k) != Some(&b'=') {
                        return Err(corrupt(olen - rest.len() + k - 1));
                    }
                }
                dlen = j;
                end = true;
                if dlen == 1 || dlen == 3 || dlen == 6 {
                    return Err(corrupt(olen - rest.len() - 1));
                }
                break;
            }
            let Some(v) = decode(c) else {
                return Err(corrupt(olen - rest.len() - 1));
            };
            if let Some(slot) = dbuf.get_mut(j) {
                *slot = v;
            }
            j += 1;
        }
        let v = dbuf.iter().fold(0u64, |acc, &b| (acc << 5) | u64::from(b));
        let bytes = v.to_be_bytes();
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(bytes.get(3..3 + n).unwrap_or(&[]));
    }
    Ok(out)
}

fn b32dec(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(match base32_decode(&str_arg(args, 0)) {
        Ok(bytes) => lossy(&bytes),
        Err(e) => e,
    }))
}

// ---------------------------------------------------------------------------------------------
// crypto.go (the deterministic functions).

fn sha1sum(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(hash::hex(&hash::sha1(
        str_arg(args, 0).as_bytes(),
    ))))
}

fn sha256sum(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(hash::hex(&hash::sha256(
        str_arg(args, 0).as_bytes(),
    ))))
}

fn sha512sum(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(hash::hex(&hash::sha512(
        str_arg(args, 0).as_bytes(),
    ))))
}

fn adler32sum(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(
        hash::adler32(str_arg(args, 0).as_bytes()).to_string(),
    ))
}

fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_characters(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        b'x' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
        _ => b"",
    }
}

/// Sprig's `derivePassword` (Master Password's algorithm).
pub fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    const SEED: &[u8] = b"com.lyndir.masterpassword";
    let mut salt = SEED.to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let key = hash::scrypt(password.as_bytes(), &salt, 32768, 8, 2, 64);
    let mut message = SEED.to_vec();
    message.extend_from_slice(&(site.len() as u32).to_be_bytes());
    message.extend_from_slice(site.as_bytes());
    message.extend_from_slice(&counter.to_be_bytes());
    let seed = hash::hmac_sha256(&key, &message);
    let first = usize::from(seed.first().copied().unwrap_or(0));
    let template = templates
        .get(first % templates.len().max(1))
        .copied()
        .unwrap_or("");
    let mut out = String::new();
    for (i, c) in template.bytes().enumerate() {
        let chars = template_characters(c);
        let pick = usize::from(seed.get(i + 1).copied().unwrap_or(0));
        if let Some(&ch) = chars.get(pick % chars.len().max(1)) {
            out.push(char::from(ch));
        }
    }
    out
}

fn derive_password_fn(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(derive_password(
        int_arg(args, 0) as u32,
        &str_arg(args, 1),
        &str_arg(args, 2),
        &str_arg(args, 3),
        &str_arg(args, 4),
    )))
}

// ---------------------------------------------------------------------------------------------
// regex.go

/// Runs `f` with what is left of the render's steps (a VM step is an eighth of one).
fn with_budget<T>(
    state: &mut State<'_>,
    f: impl FnOnce(&mut u64) -> Result<T, regex::Exhausted>,
) -> Result<T, FuncError> {
    let left = MAX_STEPS.saturating_sub(state.steps).saturating_mul(8);
    let mut budget = left;
    let result = f(&mut budget);
    state.steps += (left - budget) / 8;
    result.map_err(|regex::Exhausted| {
        FuncError::Message(format!(
            "the render took more than {MAX_STEPS} steps: stopped"
        ))
    })
}

/// `regexp.MustCompile`'s panic, as the template reports it.
fn must_compile(expr: &str) -> Result<regex::Regex, FuncError> {
    regex::compile(expr).map_err(|e| {
        FuncError::Message(format!(
            "regexp: Compile({}): {e}",
            crate::template::fmt::quote(expr)
        ))
    })
}

fn compile_or_error(expr: &str) -> Result<regex::Regex, FuncError> {
    regex::compile(expr).map_err(|e| FuncError::Message(e.to_string()))
}

fn regex_match(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let Ok(re) = regex::compile(&str_arg(args, 0)) else {
        return Ok(Value::Bool(false));
    };
    let s = str_arg(args, 1);
    Ok(Value::Bool(with_budget(state, |b| re.is_match(&s, b))?))
}

fn must_regex_match(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    let s = str_arg(args, 1);
    Ok(Value::Bool(with_budget(state, |b| re.is_match(&s, b))?))
}

fn find_all(state: &mut State<'_>, re: &regex::Regex, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 1);
    let n = int_arg(args, 2);
    let found = with_budget(state, |b| re.find_all(&s, n, b))?;
    Ok(string_list(
        found
            .into_iter()
            .map(|(a, z)| s.get(a..z).unwrap_or("").to_owned())
            .collect(),
    ))
}

fn regex_find_all(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = must_compile(&str_arg(args, 0))?;
    find_all(state, &re, args)
}

fn must_regex_find_all(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    find_all(state, &re, args)
}

fn regex_find(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = must_compile(&str_arg(args, 0))?;
    let s = str_arg(args, 1);
    Ok(Value::str(with_budget(state, |b| re.find(&s, b))?))
}

fn must_regex_find(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    let s = str_arg(args, 1);
    Ok(Value::str(with_budget(state, |b| re.find(&s, b))?))
}

fn replace_all(
    state: &mut State<'_>,
    re: &regex::Regex,
    args: &[Value],
    literal: bool,
) -> FuncResult {
    let s = str_arg(args, 1);
    let repl = str_arg(args, 2);
    match with_budget(state, |b| re.replace_all(&s, &repl, literal, b, MAX_OUTPUT))? {
        Ok(out) => Ok(Value::str(out)),
        Err(()) => Err(too_large("regexReplaceAll")),
    }
}

fn regex_replace_all(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = must_compile(&str_arg(args, 0))?;
    replace_all(state, &re, args, false)
}

fn must_regex_replace_all(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    replace_all(state, &re, args, false)
}

fn regex_replace_all_literal(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = must_compile(&str_arg(args, 0))?;
    replace_all(state, &re, args, true)
}

fn must_regex_replace_all_literal(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    replace_all(state, &re, args, true)
}

fn split_with(state: &mut State<'_>, re: &regex::Regex, args: &[Value]) -> FuncResult {
    let s = str_arg(args, 1);
    let n = int_arg(args, 2);
    let parts = with_budget(state, |b| re.split(&s, n, b))?;
    Ok(string_list(parts.unwrap_or_default()))
}

fn regex_split(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = must_compile(&str_arg(args, 0))?;
    split_with(state, &re, args)
}

fn must_regex_split(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let re = compile_or_error(&str_arg(args, 0))?;
    split_with(state, &re, args)
}

fn regex_quote_meta(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(regex::quote_meta(&str_arg(args, 0))))
}

// ---------------------------------------------------------------------------------------------
// url.go and paths.

fn url_parse(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let parsed = url::parse(&str_arg(args, 0))
        .map_err(|e| FuncError::Message(format!("unable to parse url: {e}")))?;
    let mut map = BTreeMap::new();
    map.insert("scheme".to_owned(), Value::str(parsed.scheme.as_str()));
    map.insert("host".to_owned(), Value::str(parsed.host.as_str()));
    map.insert("hostname".to_owned(), Value::str(parsed.hostname()));
    map.insert("path".to_owned(), Value::str(parsed.path.as_str()));
    map.insert("query".to_owned(), Value::str(parsed.raw_query.as_str()));
    map.insert("opaque".to_owned(), Value::str(parsed.opaque.as_str()));
    map.insert("fragment".to_owned(), Value::str(parsed.fragment.as_str()));
    map.insert("userinfo".to_owned(), Value::str(parsed.userinfo()));
    Ok(Value::map(map))
}

fn url_join(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let dict = arg(args, 0);
    let map: crate::template::Map = dict.as_map().map(|m| m.snapshot()).unwrap_or_default();
    let get = |key: &str| -> Result<String, FuncError> {
        match map.get(key) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.to_string()),
            Some(Value::Nil) => Err(FuncError::Message(
                "runtime error: invalid memory address or nil pointer dereference".to_owned(),
            )),
            Some(other) => Err(FuncError::Message(format!(
                "unable to parse {key} key, must be of type string, but {} found",
                other.kind_name()
            ))),
        }
    };
    let mut u = url::Url {
        scheme: get("scheme")?,
        host: get("host")?,
        path: get("path")?,
        raw_query: get("query")?,
        opaque: get("opaque")?,
        fragment: get("fragment")?,
        ..url::Url::default()
    };
    let userinfo = get("userinfo")?;
    if !userinfo.is_empty() {
        let parsed = url::parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| FuncError::Message(format!("unable to parse userinfo in dict: {e}")))?;
        u.user = parsed.user;
    }
    Ok(Value::str(u.string()))
}

fn path_base(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(url::base(&str_arg(args, 0))))
}

fn path_dir(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(url::dir(&str_arg(args, 0))))
}

fn path_clean(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(url::clean(&str_arg(args, 0))))
}

fn path_ext(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(url::ext(&str_arg(args, 0))))
}

fn path_is_abs(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 0).starts_with('/')))
}

/// Registers this module's functions.
pub fn register(funcs: &mut Funcs) {
    use Ty::{Any, Bool, Int, Map, String as Str};
    add(funcs, "abbrev", abbrev, &[Int, Str], None);
    add(funcs, "abbrevboth", abbrevboth, &[Int, Int, Str], None);
    add(funcs, "trunc", trunc, &[Int, Str], None);
    add(funcs, "title", title, &[Str], None);
    add(funcs, "untitle", untitle, &[Str], None);
    add(funcs, "substr", substr, &[Int, Int, Str], None);
    add(funcs, "repeat", repeat, &[Int, Str], None);
    add(funcs, "trimall", trim_all, &[Str, Str], None);
    add(funcs, "trimAll", trim_all, &[Str, Str], None);
    add(funcs, "trimSuffix", trim_suffix, &[Str, Str], None);
    add(funcs, "trimPrefix", trim_prefix, &[Str, Str], None);
    add(funcs, "nospace", nospace, &[Str], None);
    add(funcs, "initials", initials, &[Str], None);
    add(funcs, "swapcase", swapcase, &[Str], None);
    add(funcs, "snakecase", snakecase, &[Str], None);
    add(funcs, "camelcase", camelcase, &[Str], None);
    add(funcs, "kebabcase", kebabcase, &[Str], None);
    add(funcs, "wrap", wrap, &[Int, Str], None);
    add(funcs, "wrapWith", wrap_with, &[Int, Str, Str], None);
    add(funcs, "contains", contains, &[Str, Str], None);
    add(funcs, "hasPrefix", has_prefix, &[Str, Str], None);
    add(funcs, "hasSuffix", has_suffix, &[Str, Str], None);
    add(funcs, "cat", cat, &[], Some(Any));
    add(funcs, "replace", replace, &[Str, Str, Str], None);
    add(funcs, "plural", plural, &[Str, Str, Int], None);
    add(funcs, "sha1sum", sha1sum, &[Str], None);
    add(funcs, "sha256sum", sha256sum, &[Str], None);
    add(funcs, "sha512sum", sha512sum, &[Str], None);
    add(funcs, "adler32sum", adler32sum, &[Str], None);
    add(funcs, "split", split, &[Str, Str], None);
    add(funcs, "splitList", split_list, &[Str, Str], None);
    add(funcs, "splitn", splitn, &[Str, Int, Str], None);
    add(funcs, "toStrings", to_strings, &[Any], None);
    add(funcs, "join", join, &[Str, Any], None);
    add(funcs, "sortAlpha", sort_alpha, &[Any], None);
    add(funcs, "ternary", ternary, &[Any, Any, Bool], None);
    add(funcs, "base", path_base, &[Str], None);
    add(funcs, "dir", path_dir, &[Str], None);
    add(funcs, "clean", path_clean, &[Str], None);
    add(funcs, "ext", path_ext, &[Str], None);
    add(funcs, "isAbs", path_is_abs, &[Str], None);
    add(funcs, "osBase", path_base, &[Str], None);
    add(funcs, "osClean", path_clean, &[Str], None);
    add(funcs, "osDir", path_dir, &[Str], None);
    add(funcs, "osExt", path_ext, &[Str], None);
    add(funcs, "osIsAbs", path_is_abs, &[Str], None);
    add(funcs, "b64enc", b64enc, &[Str], None);
    add(funcs, "b64dec", b64dec, &[Str], None);
    add(funcs, "b32enc", b32enc, &[Str], None);
    add(funcs, "b32dec", b32dec, &[Str], None);
    add(
        funcs,
        "derivePassword",
        derive_password_fn,
        &[Int, Str, Str, Str, Str],
        None,
    );
    add(funcs, "regexMatch", regex_match, &[Str, Str], None);
    add(funcs, "mustRegexMatch", must_regex_match, &[Str, Str], None);
    add(
        funcs,
        "regexFindAll",
        regex_find_all,
        &[Str, Str, Int],
        None,
    );
    add(
        funcs,
        "mustRegexFindAll",
        must_regex_find_all,
        &[Str, Str, Int],
        None,
    );
    add(funcs, "regexFind", regex_find, &[Str, Str], None);
    add(funcs, "mustRegexFind", must_regex_find, &[Str, Str], None);
    add(
        funcs,
        "regexReplaceAll",
        regex_replace_all,
        &[Str, Str, Str],
        None,
    );
    add(
        funcs,
        "mustRegexReplaceAll",
        must_regex_replace_all,
        &[Str, Str, Str],
        None,
    );
    add(
        funcs,
        "regexReplaceAllLiteral",
        regex_replace_all_literal,
        &[Str, Str, Str],
        None,
    );
    add(
        funcs,
        "mustRegexReplaceAllLiteral",
        must_regex_replace_all_literal,
        &[Str, Str, Str],
        None,
    );
    add(funcs, "regexSplit", regex_split, &[Str, Str, Int], None);
    add(
        funcs,
        "mustRegexSplit",
        must_regex_split,
        &[Str, Str, Int],
        None,
    );
    add(funcs, "regexQuoteMeta", regex_quote_meta, &[Str], None);
    add(funcs, "urlParse", url_parse, &[Str], None);
    add(funcs, "urlJoin", url_join, &[Map], None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_like_goutils() {
        assert_eq!(lossy(&abbreviate_full(b"hello world", 0, 5)), "he...");
        assert_eq!(
            lossy(&abbreviate_full(b"1234 5678 9123", 5, 10)),
            "...5678..."
        );
        assert_eq!(lossy(&abbreviate_full(b"short", 0, 20)), "short");
    }

    #[test]
    fn case_conversions_like_xstrings() {
        assert_eq!(camel_to_lower("FirstName", '_'), "first_name");
        assert_eq!(camel_to_lower("HTTPServer", '_'), "http_server");
        assert_eq!(camel_to_lower("NoHTTPS", '_'), "no_https");
        assert_eq!(camel_to_lower("GO_PATH", '_'), "go_path");
        assert_eq!(camel_to_lower("GO PATH", '-'), "go-path");
        assert_eq!(camel_to_lower("http2xx", '_'), "http_2xx");
        assert_eq!(camel_to_lower("HTTP20xOK", '_'), "http_20x_ok");
        assert_eq!(camel_to_lower("Duration2m3s", '_'), "duration_2m3s");
        assert_eq!(camel_to_lower("Bld4Floor3rd", '_'), "bld4_floor_3rd");
        assert_eq!(pascal_case("http_server"), "HttpServer");
        assert_eq!(pascal_case("_complex__case_"), "_Complex_Case_");
        assert_eq!(pascal_case("GOLANG_IS_GREAT"), "GolangIsGreat");
        assert_eq!(pascal_case("my-var name"), "MyVarName");
        assert_eq!(go_title("hello wORLD foo-bar"), "Hello WORLD Foo-Bar");
        assert_eq!(go_title("élan vital"), "Élan Vital");
    }

    #[test]
    fn wrapping_like_goutils() {
        assert_eq!(
            lossy(&wrap_custom(
                "the quick brown fox jumps over",
                10,
                "",
                false
            )),
            "the quick\nbrown fox\njumps over"
        );
        assert_eq!(
            lossy(&wrap_custom("aaaaa bbbbb ccccc", 5, "\n  ", true)),
            "aaaaa\n  bbbbb\n  ccccc"
        );
    }

    #[test]
    fn encodings_like_go() {
        assert_eq!(base64_decode("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        assert_eq!(
            base64_decode("!!!").unwrap_err(),
            "illegal base64 data at input byte 0"
        );
        assert_eq!(
            base64_decode("aGk").unwrap_err(),
            "illegal base64 data at input byte 0"
        );
        assert_eq!(base32_decode("NBUQ====").unwrap(), b"hi");
        assert_eq!(
            base32_decode("NB!Q====").unwrap_err(),
            "illegal base32 data at input byte 2"
        );
    }

    #[test]
    fn splits_like_go() {
        assert_eq!(go_split("a,b,,c", ",", -1), ["a", "b", "", "c"]);
        assert_eq!(go_split("a$b$c", "$", 2), ["a", "b$c"]);
        assert_eq!(go_split("abc", "", -1), ["a", "b", "c"]);
        assert_eq!(go_split("abc", "", 2), ["a", "bc"]);
        assert!(go_split("abc", ",", 0).is_empty());
    }

    #[test]
    fn derives_master_passwords() {
        assert_eq!(
            derive_password(1, "long", "password", "user", "example.com"),
            "ZedaFaxcZaso9*"
        );
    }
}
