//! The values a template works on, as Go sees them: each carries its Go type, because Go's
//! templates compare, print and convert by type (`float64` values from YAML, `int` constants,
//! `int64` from Sprig's arithmetic, `[]string` from `splitList`, `common.Values` for `.Values`).

use std::collections::BTreeMap;
use std::rc::Rc;

thread_local! {
    static NIL_LIST: Rc<Vec<Value>> = Rc::new(Vec::new());
}

/// The most nodes and levels a value may have to be printed (see [`Value::printable`]).
pub const PRINT_NODES: usize = 1 << 20;
pub const PRINT_DEPTH: usize = 500;

/// What is printed instead of a value too large or too deep to print.
pub const UNPRINTABLE: &str = "<a value too large or too deep to print>";

/// A map's keys in Go's template order (sorted), each with its value.
pub type Map = BTreeMap<String, Value>;

/// What kind of Go slice a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListType {
    /// `[]interface {}`
    Any,
    /// `[]string`
    String,
    /// `[]int`
    Int,
    /// `[]uint8` (bytes, as some Sprig functions return).
    Bytes,
}

/// What kind of Go map a map is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapType {
    /// `map[string]interface {}`
    Any,
    /// `common.Values` (Helm's `.Values` and what `.Values` functions return).
    Values,
    /// `map[string]string` (Sprig's `semver` parts, `.Files.AsConfig` before YAML).
    String,
}

/// A Go map: shared and mutable, as Go's maps are references (`set $d "k" 1` changes every
/// holder of `$d`). Every access borrows for the time of one operation only, so no borrow is
/// held while a template runs.
#[derive(Clone, Default)]
pub struct MapRef(Rc<std::cell::RefCell<Map>>);

impl std::fmt::Debug for MapRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.try_borrow() {
            Ok(map) => write!(f, "MapRef({} keys)", map.len()),
            Err(_) => f.write_str("MapRef(borrowed)"),
        }
    }
}

impl MapRef {
    pub fn new(map: Map) -> Self {
        MapRef(Rc::new(std::cell::RefCell::new(map)))
    }

    /// The value at `key` (a copy of the handle for a map or list inside).
    pub fn get(&self, key: &str) -> Option<Value> {
        self.0.try_borrow().ok()?.get(key).cloned()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.0.try_borrow().is_ok_and(|map| map.contains_key(key))
    }

    pub fn len(&self) -> usize {
        self.0.try_borrow().map_or(0, |map| map.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the entries, in key order (what `range` walks, whatever its body changes).
    pub fn snapshot(&self) -> Map {
        self.0
            .try_borrow()
            .map(|map| map.clone())
            .unwrap_or_default()
    }

    pub fn keys(&self) -> Vec<String> {
        self.0
            .try_borrow()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Sets `key` (Go's `m[key] = value`).
    pub fn insert(&self, key: String, value: Value) {
        if let Ok(mut map) = self.0.try_borrow_mut() {
            map.insert(key, value);
        }
    }

    /// Deletes `key`.
    pub fn remove(&self, key: &str) -> Option<Value> {
        self.0.try_borrow_mut().ok()?.remove(key)
    }

    /// Replaces the whole content.
    pub fn replace(&self, map: Map) {
        if let Ok(mut slot) = self.0.try_borrow_mut() {
            *slot = map;
        }
    }

    /// Whether both handles are the same map.
    /// The map's identity (what every holder of it shares).
    pub fn id(&self) -> usize {
        Rc::as_ptr(&self.0) as *const u8 as usize
    }

    pub fn ptr_eq(&self, other: &MapRef) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// Runs `f` over the entries, borrowed (nothing may change the map meanwhile).
    pub fn with<R>(&self, f: impl FnOnce(&Map) -> R) -> R {
        match self.0.try_borrow() {
            Ok(map) => f(&map),
            Err(_) => f(&Map::new()),
        }
    }
}

/// A Go value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// The nil interface: a missing key, `nil`.
    #[default]
    Nil,
    Bool(bool),
    /// Go's `int`.
    Int(i64),
    /// Go's `int64`.
    Int64(i64),
    /// Go's `uint64` (rare: `uint` constants).
    Uint(u64),
    Float(f64),
    String(Rc<str>),
    List(Rc<Vec<Value>>, ListType),
    Map(MapRef, MapType),
    /// A Helm object with fields and methods (`.Files`, `.Capabilities`…).
    Object(Rc<dyn Object>),
}

/// A value with methods: what the template may call on it, and its fields.
pub trait Object: std::fmt::Debug {
    /// Its Go type, for messages (`*chart.Metadata`, `files.Files`…).
    fn type_name(&self) -> String;
    /// A field or a method without arguments, by name.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls method `name` with `args`; `None` when there is no such method.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
    /// Whether `name` is a method (called with arguments).
    fn has_method(&self, name: &str) -> bool;
    /// How `%v` prints it.
    fn print(&self) -> String;
    /// Its entries when `range` walks it (a map's keys in order); `None` when it cannot.
    fn entries(&self) -> Option<Vec<(String, Value)>> {
        None
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Nil, Value::Nil) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) | (Value::Int64(a), Value::Int64(b)) => a == b,
            (Value::Uint(a), Value::Uint(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::List(a, ta), Value::List(b, tb)) => ta == tb && a == b,
            (Value::Map(a, ta), Value::Map(b, tb)) => {
                ta == tb && (a.ptr_eq(b) || a.snapshot() == b.snapshot())
            }
            (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Value {
    pub fn str(text: impl Into<Rc<str>>) -> Self {
        Value::String(text.into())
    }

    /// Go's nil `[]interface {}`: a list with no items that `toJson` writes `null` (a handle
    /// shared by every nil slice marks it).
    pub fn nil_list() -> Self {
        NIL_LIST.with(|list| Value::List(list.clone(), ListType::Any))
    }

    /// Whether this is [`Value::nil_list`].
    pub fn is_nil_list(&self) -> bool {
        match self {
            Value::List(items, _) => NIL_LIST.with(|list| Rc::ptr_eq(items, list)),
            _ => false,
        }
    }

    pub fn list(items: Vec<Value>) -> Self {
        Value::List(Rc::new(items), ListType::Any)
    }

    pub fn strings(items: Vec<String>) -> Self {
        Value::List(
            Rc::new(items.into_iter().map(Value::str).collect()),
            ListType::String,
        )
    }

    pub fn map(map: Map) -> Self {
        Value::Map(MapRef::new(map), MapType::Any)
    }

    /// Go's type name (`%T`).
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".to_owned(),
            Value::Bool(_) => "bool".to_owned(),
            Value::Int(_) => "int".to_owned(),
            Value::Int64(_) => "int64".to_owned(),
            Value::Uint(_) => "uint64".to_owned(),
            Value::Float(_) => "float64".to_owned(),
            Value::String(_) => "string".to_owned(),
            Value::List(_, ListType::Any) => "[]interface {}".to_owned(),
            Value::List(_, ListType::String) => "[]string".to_owned(),
            Value::List(_, ListType::Int) => "[]int".to_owned(),
            Value::List(_, ListType::Bytes) => "[]uint8".to_owned(),
            Value::Map(_, MapType::Any) => "map[string]interface {}".to_owned(),
            Value::Map(_, MapType::Values) => "common.Values".to_owned(),
            Value::Map(_, MapType::String) => "map[string]string".to_owned(),
            Value::Object(object) => object.type_name(),
        }
    }

    /// Go's `reflect.Kind` name (Sprig's `kindOf`).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Uint(_) => "uint64",
            Value::Float(_) => "float64",
            Value::String(_) => "string",
            Value::List(..) => "slice",
            Value::Map(..) => "map",
            Value::Object(_) => "struct",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether printing the value stays within bounds: at most [`PRINT_NODES`] nodes (a value
    /// built by sharing its parts stands for a tree exponentially larger than itself) and
    /// [`PRINT_DEPTH`] levels (a map that holds itself is infinitely deep).
    pub fn printable(&self) -> bool {
        let mut budget = PRINT_NODES;
        let mut pending = vec![(self.clone(), 0usize)];
        while let Some((value, depth)) = pending.pop() {
            if budget == 0 || depth > PRINT_DEPTH {
                return false;
            }
            budget -= 1;
            match &value {
                Value::List(items, _) => {
                    pending.extend(items.iter().map(|item| (item.clone(), depth + 1)));
                }
                Value::Map(map, _) => {
                    map.with(|entries| {
                        pending.extend(entries.values().map(|item| (item.clone(), depth + 1)));
                    });
                }
                _ => {}
            }
            if pending.len() > PRINT_NODES {
                return false;
            }
        }
        true
    }

    /// A map's value at `key`.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.as_map()?.get(key)
    }

    /// A list's items (a copy of the handles); none for anything else.
    pub fn items(&self) -> Vec<Value> {
        self.as_list().map(<[Value]>::to_vec).unwrap_or_default()
    }

    /// The map's handle, when the value is a map.
    pub fn as_map(&self) -> Option<&MapRef> {
        match self {
            Value::Map(map, _) => Some(map),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(items, _) => Some(items),
            _ => None,
        }
    }

    /// Go's template truth (`if`, `with`, `and`, `or`, `not`): the zero value, an empty
    /// collection and nil are false.
    pub fn is_true(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(n) | Value::Int64(n) => *n != 0,
            Value::Uint(n) => *n != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::List(items, _) => !items.is_empty(),
            Value::Map(map, _) => !map.is_empty(),
            Value::Object(_) => true,
        }
    }

    /// Sprig's `empty`: Go's zero value.
    pub fn is_empty(&self) -> bool {
        !self.is_true()
    }
}
