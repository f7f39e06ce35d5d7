//! `--set` and `--set-string`: Helm's `strvals` lines (`a.b=1,list[0].name=x,tags={a,b}`) read
//! into the values the files gave, key by key, as Helm reads them: `\` escapes the next
//! character, `true`/`false`/`null` and integers without a leading zero are typed (int64) unless
//! the line is a `--set-string` one, and every error in Helm's words (a line that ends inside a
//! key or an index sets nothing and is no error, as in Helm).
//!
//! One bound Helm does not have: list indexes nest at most [`MAX_LIST_NESTING`] deep
//! (`a[0][0]…`), and one line creates at most [`MAX_LIST_SLOTS`] list items (an index of 65536
//! is allowed, so a short line could otherwise ask for billions).

use std::rc::Rc;

use crate::template::lex::{go_quote, go_quote_rune};
use crate::template::{ListType, Map, MapRef, Value};

/// Helm's `MaxIndex`.
const MAX_INDEX: i64 = 65536;
/// Helm's `MaxNestedNameLevel`.
const MAX_NESTED_NAME_LEVEL: usize = 30;
/// How deep `[i][j]…` may nest (Helm has no limit).
pub const MAX_LIST_NESTING: usize = 100;
/// How many list items one line may create (Helm has no limit).
pub const MAX_LIST_SLOTS: usize = 1 << 20;

/// How a line's values are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// `--set`: booleans, `null` and integers typed.
    Typed,
    /// `--set-string`: every value a string.
    Strings,
}

/// Reads `line` into `values` (Helm's `ParseInto` / `ParseIntoString`); the message is Helm's.
pub fn parse_into(line: &str, values: &mut Map, typing: Typing) -> Result<(), String> {
    let mut parser = Parser {
        chars: line.chars().collect(),
        at: 0,
        typing,
        slots: 0,
    };
    // The top-level map, shared while the line is read, then given back.
    let top = MapRef::new(std::mem::take(values));
    let result = loop {
        match parser.key(&top, 0) {
            Ok(()) => {}
            Err(Stop::Eof) => break Ok(()),
            Err(Stop::NotList) => break Err("not a list".to_owned()),
            Err(Stop::Error(message)) => break Err(message),
        }
    };
    *values = top.snapshot();
    result
}

/// Why reading stopped: the end of the line (Go's `io.EOF`, also when wrapped), a value that is
/// not a `{…}` list (`ErrNotList`), or an error.
enum Stop {
    Eof,
    NotList,
    Error(String),
}

/// Helm's message when a value found is not of the type the line needs (Go's failed type
/// assertion, recovered: `unable to parse key: interface conversion: …`).
fn conversion(found: &Value, wanted: &str) -> Stop {
    let found = match found {
        Value::Nil => "nil".to_owned(),
        other => other.type_name(),
    };
    Stop::Error(format!(
        "unable to parse key: interface conversion: interface {{}} is {found}, not {wanted}"
    ))
}

const LIST_TYPE: &str = "[]interface {}";
const MAP_TYPE: &str = "map[string]interface {}";

struct Parser {
    chars: Vec<char>,
    at: usize,
    typing: Typing,
    /// List items created so far.
    slots: usize,
}

impl Parser {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied();
        if c.is_some() {
            self.at += 1;
        }
        c
    }

    /// Helm's `runesUntil`: the characters up to one of `stop` (escapes resolved), and that
    /// character; `None` at the end of the line.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut out = String::new();
        loop {
            match self.next() {
                None => return (out, None),
                Some(c) if stop.contains(&c) => return (out, Some(c)),
                Some('\\') => match self.next() {
                    Some(next) => out.push(next),
                    None => return (out, None),
                },
                Some(c) => out.push(c),
            }
        }
    }

    /// Helm's `typedVal`.
    fn typed(&self, text: String) -> Value {
        if self.typing == Typing::Strings {
            return Value::str(text);
        }
        if text.eq_ignore_ascii_case("true") {
            return Value::Bool(true);
        }
        if text.eq_ignore_ascii_case("false") {
            return Value::Bool(false);
        }
        if text.eq_ignore_ascii_case("null") {
            return Value::Nil;
        }
        if text == "0" {
            return Value::Int64(0);
        }
        if !text.is_empty()
            && !text.starts_with('0')
            && let Ok(n) = text.parse::<i64>()
        {
            return Value::Int64(n);
        }
        Value::str(text)
    }

    /// Helm's `key`: one `key…=value` into `data`.
    fn key(&mut self, data: &MapRef, level: usize) -> Result<(), Stop> {
        match self.until(&['=', '[', ',', '.']) {
            (key, None) => {
                if key.is_empty() {
                    Err(Stop::Eof)
                } else {
                    Err(Stop::Error(format!("key {} has no value", go_quote(&key))))
                }
            }
            (key, Some('[')) => {
                let index = self.index()?;
                let list = match data.get(&key) {
                    None => Vec::new(),
                    Some(found) => take_list(&found)?,
                };
                let (list, result) = self.list_item(list, index, level, 0);
                set(data, key, Value::List(Rc::new(list), ListType::Any));
                result
            }
            (key, Some('=')) => match self.value_list() {
                Ok(list) => {
                    set(data, key, Value::list(list));
                    Ok(())
                }
                Err(Stop::Eof) => {
                    set(data, key, Value::str(""));
                    Err(Stop::Eof)
                }
                Err(Stop::NotList) => {
                    let (text, _) = self.until(&[',']);
                    let value = self.typed(text);
                    set(data, key, value);
                    Ok(())
                }
                Err(error) => Err(error),
            },
            (key, Some(',')) => {
                let message = format!("key {} has no value (cannot end with ,)", go_quote(&key));
                set(data, key, Value::str(""));
                Err(Stop::Error(message))
            }
            (key, Some(_)) => {
                // `.`: a nested map.
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(Stop::Error(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let inner = match data.get(&key) {
                    None => MapRef::new(Map::new()),
                    Some(Value::Map(inner, _)) => inner,
                    Some(found) => return Err(conversion(&found, MAP_TYPE)),
                };
                let result = self.key(&inner, level);
                if result.is_ok() && inner.is_empty() {
                    return Err(Stop::Error(format!(
                        "key map {} has no value",
                        go_quote(&key)
                    )));
                }
                if !inner.is_empty() {
                    set(data, key, Value::Map(inner, crate::template::MapType::Any));
                }
                result
            }
        }
    }

    /// Helm's `keyIndex`: the index up to `]` (errors wrapped as Helm wraps them).
    fn index(&mut self) -> Result<i64, Stop> {
        let (text, stop) = self.until(&[']']);
        if stop.is_none() {
            return Err(Stop::Eof);
        }
        text.parse::<i64>().map_err(|error| {
            let why = match error.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                    "value out of range"
                }
                _ => "invalid syntax",
            };
            Stop::Error(format!(
                "error parsing index: strconv.Atoi: parsing {}: {why}",
                go_quote(&text)
            ))
        })
    }

    /// Helm's `listItem`: what follows `list[index]`, set into `list`. The list comes back
    /// whatever happens (Helm keeps what was set before an end of line).
    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        index: i64,
        level: usize,
        depth: usize,
    ) -> (Vec<Value>, Result<(), Stop>) {
        if index < 0 {
            return (
                list,
                Err(Stop::Error(format!("negative {index} index not allowed"))),
            );
        }
        match self.until(&['[', '.', '=']) {
            (rest, _) if !rest.is_empty() => {
                let runes: Vec<String> = rest.chars().map(go_quote_rune).collect();
                (
                    list,
                    Err(Stop::Error(format!(
                        "unexpected data at end of array index: [{}]",
                        runes.join(" ")
                    ))),
                )
            }
            (_, None) => (list, Err(Stop::Eof)),
            (_, Some('=')) => {
                let value = match self.value_list() {
                    Ok(items) => Value::list(items),
                    Err(Stop::Eof) => Value::str(""),
                    Err(Stop::NotList) => {
                        let (text, _) = self.until(&[',']);
                        self.typed(text)
                    }
                    Err(error) => return (list, Err(error)),
                };
                self.set_index(list, index, value)
            }
            (_, Some('[')) => {
                if depth >= MAX_LIST_NESTING {
                    return (
                        list,
                        Err(Stop::Error(format!(
                            "list indexes nested more than {MAX_LIST_NESTING} deep"
                        ))),
                    );
                }
                let next = match self.index() {
                    Ok(next) => next,
                    Err(error) => return (list, Err(error)),
                };
                let current = match usize::try_from(index).ok().and_then(|i| list.get(i)) {
                    None | Some(Value::Nil) => Vec::new(),
                    Some(found) => match take_list(found) {
                        Ok(items) => items,
                        Err(error) => return (list, Err(error)),
                    },
                };
                let (inner, result) = self.list_item(current, next, level, depth + 1);
                if let Err(error) = result {
                    return (list, Err(error));
                }
                self.set_index(list, index, Value::List(Rc::new(inner), ListType::Any))
            }
            (_, Some(_)) => {
                // `.`: a map in the list.
                let slot = usize::try_from(index).ok().and_then(|i| list.get_mut(i));
                let inner = match slot {
                    None => MapRef::new(Map::new()),
                    Some(Value::Map(inner, _)) => inner.clone(),
                    Some(other) => {
                        // Helm replaces what is there by an empty map.
                        let inner = MapRef::new(Map::new());
                        *other = Value::Map(inner.clone(), crate::template::MapType::Any);
                        inner
                    }
                };
                if let Err(error) = self.key(&inner, level) {
                    return (list, Err(error));
                }
                self.set_index(
                    list,
                    index,
                    Value::Map(inner, crate::template::MapType::Any),
                )
            }
        }
    }

    /// Helm's `setIndex`.
    fn set_index(
        &mut self,
        mut list: Vec<Value>,
        index: i64,
        value: Value,
    ) -> (Vec<Value>, Result<(), Stop>) {
        if index < 0 {
            return (
                list,
                Err(Stop::Error(format!("negative {index} index not allowed"))),
            );
        }
        if index > MAX_INDEX {
            return (
                list,
                Err(Stop::Error(format!(
                    "index of {index} is greater than maximum supported index of {MAX_INDEX}"
                ))),
            );
        }
        let at = usize::try_from(index).unwrap_or_default();
        if list.len() <= at {
            self.slots += at + 1 - list.len();
            if self.slots > MAX_LIST_SLOTS {
                return (
                    list,
                    Err(Stop::Error(format!(
                        "the line makes lists of more than {MAX_LIST_SLOTS} items in all"
                    ))),
                );
            }
            list.resize(at + 1, Value::Nil);
        }
        if let Some(slot) = list.get_mut(at) {
            *slot = value;
        }
        (list, Ok(()))
    }

    /// Helm's `valList`: a `{a,b}` list, or why not.
    fn value_list(&mut self) -> Result<Vec<Value>, Stop> {
        match self.chars.get(self.at) {
            None => return Err(Stop::Eof),
            Some('{') => self.at += 1,
            Some(_) => return Err(Stop::NotList),
        }
        let mut list = Vec::new();
        loop {
            match self.until(&[',', '}']) {
                (_, None) => {
                    return Err(Stop::Error("list must terminate with '}'".to_owned()));
                }
                (text, Some('}')) => {
                    if self.chars.get(self.at) == Some(&',') {
                        self.at += 1;
                    }
                    list.push(self.typed(text));
                    return Ok(list);
                }
                (text, Some(_)) => list.push(self.typed(text)),
            }
        }
    }
}

/// Helm's `set`: an empty key sets nothing.
fn set(data: &MapRef, key: String, value: Value) {
    if !key.is_empty() {
        data.insert(key, value);
    }
}

/// The items of a value that must be a `[]interface {}`.
fn take_list(found: &Value) -> Result<Vec<Value>, Stop> {
    match found {
        Value::List(items, ListType::Any) => Ok(items.as_ref().clone()),
        other => Err(conversion(other, LIST_TYPE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `lines` read in turn over the values of `yaml`, as JSON (Helm's `--set` over `-f`).
    fn read(yaml: &str, lines: &[(&str, Typing)]) -> Result<String, String> {
        let mut values = match crate::values::parse_yaml(yaml) {
            Ok(Value::Map(map, _)) => map.snapshot(),
            _ => Map::new(),
        };
        for (line, typing) in lines {
            parse_into(line, &mut values, *typing)?;
        }
        Ok(crate::json::to_json(&Value::map(values)))
    }

    fn set(line: &str) -> Result<String, String> {
        read("", &[(line, Typing::Typed)])
    }

    // Each expectation is what helm v4.1.4 gives for the same `--set` (checked with
    // `helm template` and `toJson .Values`).
    #[test]
    fn values_are_typed_as_helm_types_them() {
        assert_eq!(
            set("a=1,b=true,c=NULL,d=0,e=007,f=-3,g=x y,h=,i=1.5").as_deref(),
            Ok(r#"{"a":1,"b":true,"c":null,"d":0,"e":"007","f":-3,"g":"x y","h":"","i":"1.5"}"#)
        );
        assert_eq!(
            read("", &[("a=1,b=true", Typing::Strings)]).as_deref(),
            Ok(r#"{"a":"1","b":"true"}"#)
        );
    }

    #[test]
    fn keys_nest_lists_and_escapes() {
        assert_eq!(
            set(r"a.b.c=1,l[1].n=x,m[0][1]=2,t={x,2,},e=a\,b,k\.d=3").as_deref(),
            Ok(
                r#"{"a":{"b":{"c":1}},"e":"a,b","k.d":3,"l":[null,{"n":"x"}],"m":[[null,2]],"t":["x",2,""]}"#
            )
        );
    }

    #[test]
    fn lines_merge_into_the_files_values() {
        assert_eq!(
            read(
                "a:\n  b: 1\n  c: [1, 2]\n",
                &[
                    ("a.d=x,a.c[2]=3", Typing::Typed),
                    ("a.b=1", Typing::Strings)
                ]
            )
            .as_deref(),
            Ok(r#"{"a":{"b":"1","c":[1,2,3],"d":"x"}}"#)
        );
    }

    #[test]
    fn errors_are_helms() {
        assert_eq!(set("a").unwrap_err(), r#"key "a" has no value"#);
        assert_eq!(
            set("a,b=1").unwrap_err(),
            r#"key "a" has no value (cannot end with ,)"#
        );
        assert_eq!(set("a.=1").unwrap_err(), r#"key map "a" has no value"#);
        assert_eq!(
            set("a[x]=1").unwrap_err(),
            r#"error parsing index: strconv.Atoi: parsing "x": invalid syntax"#
        );
        assert_eq!(set("a[-1]=1").unwrap_err(), "negative -1 index not allowed");
        assert_eq!(
            set("a[70000]=1").unwrap_err(),
            "index of 70000 is greater than maximum supported index of 65536"
        );
        assert_eq!(
            set("a[0]x=1").unwrap_err(),
            "unexpected data at end of array index: ['x']"
        );
        assert_eq!(set("a={x,y").unwrap_err(), "list must terminate with '}'");
        assert_eq!(
            read("a: x\n", &[("a.b=1", Typing::Typed)]).unwrap_err(),
            "unable to parse key: interface conversion: interface {} is string, not map[string]interface {}"
        );
        assert_eq!(
            read("a: {b: 1}\n", &[("a[0]=1", Typing::Typed)]).unwrap_err(),
            "unable to parse key: interface conversion: interface {} is map[string]interface {}, not []interface {}"
        );
        let deep = format!("{}=1", vec!["k"; 32].join("."));
        assert_eq!(
            set(&deep).unwrap_err(),
            "value name nested level is greater than maximum supported nested level of 30"
        );
    }

    #[test]
    fn a_line_cut_short_sets_nothing_more() {
        assert_eq!(set("a=1,b[0").as_deref(), Ok(r#"{"a":1}"#));
        assert_eq!(set("a=1,b.").as_deref(), Ok(r#"{"a":1}"#));
        assert_eq!(set("a=1,b[0]").as_deref(), Ok(r#"{"a":1,"b":[]}"#));
    }

    #[test]
    fn adversarial_lines_are_bounded() {
        let deep = format!("a{}=1", "[0]".repeat(5000));
        assert!(set(&deep).is_err());
        let wide: Vec<String> = (0..100).map(|i| format!("k{i}[65536]=1")).collect();
        assert!(set(&wide.join(",")).is_err());
    }
}
