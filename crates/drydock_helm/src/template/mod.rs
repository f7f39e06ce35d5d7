//! Go's `text/template`, as Helm runs it.

pub mod builtins;
pub mod exec;
pub mod fmt;
pub mod lex;
pub mod parse;
pub mod value;

pub use exec::{
    Cause, ExecError, Func, FuncError, FuncResult, Funcs, Host, State, Templates, Trace, Traced,
    Ty, UnsetRead, ValueOrigin, ValueOrigins, execute, execute_traced,
};
pub use parse::{ParseError, Tree, parse};
pub use value::{ListType, Map, MapRef, MapType, Object, Value};
