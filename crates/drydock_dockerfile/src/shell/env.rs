//! The environment a word is expanded in, and how variable names compare.

use std::collections::{BTreeMap, HashMap};

/// Which platform's rules compare variable names: BuildKit on Windows ignores case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Platform {
    #[default]
    Unix,
    Windows,
}

impl Platform {
    /// Whether two variable names denote the same variable (BuildKit's `EqualEnvKeys`).
    pub fn keys_equal(self, a: &str, b: &str) -> bool {
        match self {
            Platform::Unix => a == b,
            Platform::Windows => {
                a.chars().count() == b.chars().count()
                    && a.chars().zip(b.chars()).all(|(x, y)| upper(x) == upper(y))
            }
        }
    }
}

/// Go's `unicode.ToUpper`: the simple (one-character) mapping; characters whose upper case is
/// longer (`ß` → `SS`) stay themselves.
fn upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Variables visible to the lexer.
pub trait Env {
    /// The value of the variable named `name` under `platform`'s comparison, if it is set.
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str>;
}

/// A list of `(key, value)` pairs in declaration order: a later key replaces an earlier one, as
/// in BuildKit's `EnvsFromSlice`.
impl<K: AsRef<str>, V: AsRef<str>> Env for [(K, V)] {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        self.iter()
            .rev()
            .find(|(key, _)| platform.keys_equal(key.as_ref(), name))
            .map(|(_, value)| value.as_ref())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Env for Vec<(K, V)> {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        self.as_slice().lookup(name, platform)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> Env for [(K, V); N] {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        self.as_slice().lookup(name, platform)
    }
}

/// On Windows a map holding both `pwd` and `PWD` answers with the exact spelling first, then
/// with the smallest key that matches (BuildKit's own map order is random there).
impl<S: std::hash::BuildHasher> Env for HashMap<String, String, S> {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        if let Some(value) = self.get(name) {
            return Some(value);
        }
        match platform {
            Platform::Unix => None,
            Platform::Windows => self
                .iter()
                .filter(|(key, _)| platform.keys_equal(key, name))
                .min_by(|a, b| a.0.cmp(b.0))
                .map(|(_, value)| value.as_str()),
        }
    }
}

impl Env for BTreeMap<String, String> {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        if let Some(value) = self.get(name) {
            return Some(value);
        }
        match platform {
            Platform::Unix => None,
            Platform::Windows => self
                .iter()
                .find(|(key, _)| platform.keys_equal(key, name))
                .map(|(_, value)| value.as_str()),
        }
    }
}

impl<E: Env + ?Sized> Env for &E {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        (**self).lookup(name, platform)
    }
}
