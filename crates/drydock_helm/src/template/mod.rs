//! Go's `text/template`, as Helm runs it.

pub mod exec;
pub mod fmt;
pub mod funcs;
pub mod lex;
pub mod parse;
pub mod value;

pub use exec::{ExecError, FuncError, FuncResult, Host, State, Templates, execute};
pub use funcs::{Func, Funcs, Ty};
pub use parse::{ParseError, Tree, parse};
pub use value::{ListType, Map, MapType, Object, Value};
