//! Go's `text/template/parse`: the tokens of [`super::lex`] made into trees, one per template
//! (the file's own and each `define` / `block`), with Go's checks and messages: functions must
//! exist, variables must be declared, `break` only inside `range`, `else` and `end` in place.

use std::rc::Rc;

use super::lex::{self, Kind, Token};

/// A name written in a template (a field, a function, a variable, a number or string as
/// written): a range of the template's text, which every name of the file shares, not a copy of
/// its own. A chart's templates hold many thousands of names: a copy each was an allocation to
/// make and free each, most of the cost of a tree. A name that is not in the text as written
/// (a string with escapes, unquoted) holds a text of its own.
#[derive(Clone)]
pub struct Name {
    text: Rc<str>,
    start: usize,
    end: usize,
}

impl Name {
    /// A name of its own, not in a template's text.
    pub fn owned(name: &str) -> Name {
        Name {
            text: Rc::from(name),
            start: 0,
            end: name.len(),
        }
    }

    pub fn as_str(&self) -> &str {
        self.text.get(self.start..self.end).unwrap_or_default()
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A node of a template's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Text between actions: `len` bytes at `pos` of the tree's text ([`Tree::slice`]), not a
    /// copy of them.
    Text {
        pos: usize,
        len: usize,
    },
    Action {
        pos: usize,
        line: usize,
        pipe: Pipe,
        /// The action's text, its delimiters included.
        span: std::ops::Range<usize>,
    },
    If(Branch),
    Range(Branch),
    With(Branch),
    Template {
        pos: usize,
        line: usize,
        name: String,
        pipe: Option<Pipe>,
    },
    Break {
        pos: usize,
    },
    Continue {
        pos: usize,
    },
}

/// `if`, `range` and `with`: the pipeline, the body and the `else` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub pos: usize,
    pub line: usize,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

/// A pipeline: optional variable declarations (`$x :=`, `$i, $v :=`) or assignment (`$x =`),
/// then commands separated by `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipe {
    pub pos: usize,
    pub line: usize,
    pub is_assign: bool,
    pub decl: Vec<Name>,
    pub cmds: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `.a.b`: the field names.
    Field {
        pos: usize,
        idents: Vec<Name>,
    },
    /// `$x.a.b`: `$x`, then the field names.
    Variable {
        pos: usize,
        idents: Vec<Name>,
    },
    /// `(pipeline).a.b`, or another term followed by fields.
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<Name>,
    },
    /// A function's name.
    Identifier {
        pos: usize,
        name: Name,
    },
    Dot {
        pos: usize,
    },
    Nil {
        pos: usize,
    },
    Bool {
        pos: usize,
        value: bool,
    },
    Number {
        pos: usize,
        number: Number,
    },
    String {
        pos: usize,
        quoted: Name,
        text: Name,
    },
    Pipe(Box<Pipe>),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::String { pos, .. } => *pos,
            Arg::Pipe(pipe) => pipe.pos,
        }
    }
}

/// A number constant and what it can be, as Go's `NumberNode` says.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub text: Name,
    pub int: Option<i64>,
    pub uint: Option<u64>,
    pub float: Option<f64>,
    /// A character constant (`'a'`): an int that prints as its code.
    pub is_char: bool,
}

/// A parse error, in Go's terms: the template's name, the line, the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub name: String,
    pub line: usize,
    pub pos: usize,
    pub message: String,
    /// For an `unexpected EOF`: where the innermost block left open (an `if` never closed)
    /// starts. Go's message names the end of the file; the mistake is there.
    pub opened: Option<usize>,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "template: {}:{}: {}", self.name, self.line, self.message)
    }
}

/// One template of a file: its name (the file's own is the file's name) and body.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub name: String,
    /// The text of the file it was parsed from (positions are offsets into it).
    pub text: Rc<str>,
    /// The file it was written in (Go's `ParseName`), shared by the trees of the file and by
    /// every trace of what they print.
    pub parse_name: Rc<str>,
    pub root: Vec<Node>,
}

impl Tree {
    /// The text of a [`Node::Text`] of this tree (or of a template defined in the same file).
    pub fn slice(&self, pos: usize, len: usize) -> &str {
        text_at(&self.text, pos, len)
    }
}

/// Nested more than this, a template is refused (Go has no limit; deep nesting is an attack on
/// the stack).
const MAX_DEPTH: usize = 200;

/// Parses the text of file `name`: its own tree first, then the templates it defines (a later
/// definition of a name replaces an earlier one, as Go's `AddParseTree` does unless the new one
/// is empty). `has_function` says which identifiers are functions.
pub fn parse(
    name: &str,
    text: &str,
    has_function: &dyn Fn(&str) -> bool,
) -> Result<Vec<Tree>, ParseError> {
    let tokens = lex::lex(text);
    let shared: Rc<str> = text.into();
    let mut parser = Parser {
        name,
        text,
        shared: shared.clone(),
        parse_name: name.into(),
        tokens,
        at: 0,
        vars: vec!["$".to_owned()],
        range_depth: 0,
        depth: 0,
        has_function,
        defined: Vec::new(),
        action_line: 0,
        action_start: 0,
        open: Vec::new(),
    };
    let root = parser.parse_root()?;
    for tree in &mut parser.defined {
        tree.text = shared.clone();
    }
    let mut trees = vec![Tree {
        name: name.to_owned(),
        text: shared,
        parse_name: parser.parse_name.clone(),
        root,
    }];
    trees.append(&mut parser.defined);
    Ok(trees)
}

struct Parser<'p> {
    name: &'p str,
    /// The text being parsed.
    text: &'p str,
    /// The same, shared by the names of the trees.
    shared: Rc<str>,
    /// `name`, shared by the trees.
    parse_name: Rc<str>,
    tokens: Vec<Token<'p>>,
    at: usize,
    vars: Vec<String>,
    range_depth: usize,
    depth: usize,
    has_function: &'p dyn Fn(&str) -> bool,
    defined: Vec<Tree>,
    /// The line of the action being parsed (0 outside actions).
    action_line: usize,
    /// Where the action being parsed starts (its `{{`).
    action_start: usize,
    /// Where each block being parsed (`define`, `if`, `range`, `with`, `block`, an `else`)
    /// was opened, the innermost last.
    open: Vec<usize>,
}

type Result<T, E = ParseError> = std::result::Result<T, E>;

/// What ends a list: `{{end}}` or `{{else}}`.
enum End {
    End,
    Else,
}

/// Go's `item.String()`.
fn describe(token: &Token) -> String {
    match token.kind {
        Kind::Eof => "EOF".to_owned(),
        Kind::Error => token.text.to_string(),
        Kind::Block
        | Kind::Break
        | Kind::Continue
        | Kind::Define
        | Kind::Else
        | Kind::End
        | Kind::If
        | Kind::Range
        | Kind::Template
        | Kind::With
        | Kind::Nil => format!("<{}>", token.text),
        _ if token.text.chars().count() > 10 => {
            let head: String = token.text.chars().take(10).collect();
            format!("{}...", lex::go_quote(&head))
        }
        _ => lex::go_quote(&token.text),
    }
}

impl<'p> Parser<'p> {
    /// `part` of the text as a [`Name`]: its range when it is a slice of the text (a token's
    /// text is), else a copy.
    fn name(&self, part: &str) -> Name {
        let start = (part.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        let end = start.wrapping_add(part.len());
        if self
            .text
            .get(start..end)
            .is_some_and(|at| std::ptr::eq(at, part))
        {
            Name {
                text: self.shared.clone(),
                start,
                end,
            }
        } else {
            Name::owned(part)
        }
    }

    fn token(&self) -> Token<'p> {
        self.tokens.get(self.at).cloned().unwrap_or_else(|| Token {
            kind: Kind::Eof,
            pos: 0,
            text: "".into(),
            line: 1,
        })
    }

    fn next(&mut self) -> Token<'p> {
        let token = self.token();
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn peek(&self) -> Token<'p> {
        self.token()
    }

    fn next_non_space(&mut self) -> Token<'p> {
        loop {
            let token = self.next();
            if token.kind != Kind::Space {
                return token;
            }
        }
    }

    fn peek_non_space(&mut self) -> Token<'p> {
        let token = self.next_non_space();
        self.backup();
        token
    }

    fn backup(&mut self) {
        self.at = self.at.saturating_sub(1);
    }

    fn error_at(&self, token: &Token, message: String) -> ParseError {
        ParseError {
            name: self.name.to_owned(),
            line: token.line,
            pos: token.pos,
            message,
            opened: None,
        }
    }

    /// An error on the line of the token last read.
    fn error(&self, message: String) -> ParseError {
        let token = self
            .tokens
            .get(self.at.saturating_sub(1))
            .cloned()
            .unwrap_or_else(|| self.token());
        self.error_at(&token, message)
    }

    fn unexpected(&self, token: &Token, context: &str) -> ParseError {
        if token.kind == Kind::Error {
            // Go says where the action began when the lexer failed on a later line.
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at {}:{}", self.name, self.action_line);
                if token.text.ends_with(" action") {
                    extra = extra.replacen(" in action", "", 1);
                }
            }
            return self.error_at(token, format!("{}{extra}", token.text));
        }
        self.error_at(
            token,
            format!("unexpected {} in {context}", describe(token)),
        )
    }

    fn expect(&mut self, kind: Kind, context: &str) -> Result<Token<'p>> {
        let token = self.next_non_space();
        if token.kind != kind {
            return Err(self.unexpected(&token, context));
        }
        Ok(token)
    }

    fn parse_root(&mut self) -> Result<Vec<Node>> {
        let mut root = Vec::new();
        loop {
            let token = self.peek();
            match token.kind {
                Kind::Eof => return Ok(root),
                Kind::LeftDelim => {
                    let mark = self.at;
                    self.next();
                    if self.next_non_space().kind == Kind::Define {
                        self.parse_definition()?;
                        continue;
                    }
                    self.at = mark;
                }
                _ => {}
            }
            match self.text_or_action()? {
                Item::Node(node) => root.push(node),
                Item::Comment => {}
                Item::End(End::End) => return Err(self.error("unexpected {{end}}".to_owned())),
                Item::End(End::Else) => {
                    return Err(self.error("unexpected {{else}}".to_owned()));
                }
            }
        }
    }

    fn parse_definition(&mut self) -> Result<()> {
        const CONTEXT: &str = "define clause";
        let token = self.next_non_space();
        if !matches!(token.kind, Kind::String | Kind::RawString) {
            return Err(self.unexpected(&token, CONTEXT));
        }
        let name = unquote(&token.text).map_err(|e| self.error_at(&token, e))?;
        self.expect(Kind::RightDelim, CONTEXT)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_owned()]);
        let (list, end) = self.item_list()?;
        self.vars = saved;
        if !matches!(end, End::End) {
            return Err(self.error(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        self.add(name, list)
    }

    /// A definition joins the file's templates; two non-empty ones of a name in one file are
    /// refused.
    fn add(&mut self, name: String, root: Vec<Node>) -> Result<()> {
        match self.defined.iter_mut().find(|tree| tree.name == name) {
            Some(existing) if is_empty(self.text, &existing.root) => existing.root = root,
            Some(_) if is_empty(self.text, &root) => {}
            Some(_) => {
                return Err(self.error(format!(
                    "template: multiple definition of template {}",
                    lex::go_quote(&name)
                )));
            }
            None => self.defined.push(Tree {
                name,
                text: "".into(),
                parse_name: self.parse_name.clone(),
                root,
            }),
        }
        Ok(())
    }

    /// Nodes up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> Result<(Vec<Node>, End)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("templates nested deeper than {MAX_DEPTH}")));
        }
        self.open.push(self.action_start);
        let mut list = Vec::new();
        while self.peek_non_space().kind != Kind::Eof {
            match self.text_or_action()? {
                Item::Node(node) => list.push(node),
                Item::Comment => {}
                Item::End(end) => {
                    self.depth -= 1;
                    self.open.pop();
                    return Ok((list, end));
                }
            }
        }
        let eof = self.peek();
        let mut error = self.error_at(&eof, "unexpected EOF".to_owned());
        error.opened = self.open.last().copied();
        Err(error)
    }

    fn text_or_action(&mut self) -> Result<Item> {
        let token = self.next_non_space();
        match token.kind {
            Kind::Text => Ok(Item::Node(Node::Text {
                pos: token.pos,
                len: token.text.len(),
            })),
            Kind::LeftDelim => {
                self.action_line = token.line;
                self.action_start = token.pos;
                let mut action = self.action();
                self.action_line = 0;
                if let Ok(Item::Node(Node::Action { span, .. })) = &mut action {
                    span.start = token.pos;
                }
                action
            }
            Kind::Comment => Ok(Item::Comment),
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    fn action(&mut self) -> Result<Item> {
        let token = self.next_non_space();
        match token.kind {
            Kind::Block => return self.block_control().map(Item::Node),
            Kind::Break | Kind::Continue => {
                let keyword = token.text.clone();
                let after = self.next_non_space();
                if after.kind != Kind::RightDelim {
                    return Err(self.unexpected(&after, &format!("{{{{{keyword}}}}}")));
                }
                if self.range_depth == 0 {
                    return Err(
                        self.error_at(&token, format!("{{{{{keyword}}}}} outside {{{{range}}}}"))
                    );
                }
                return Ok(Item::Node(if keyword == "break" {
                    Node::Break { pos: token.pos }
                } else {
                    Node::Continue { pos: token.pos }
                }));
            }
            Kind::Else => {
                let peek = self.peek_non_space();
                if matches!(peek.kind, Kind::If | Kind::With) {
                    return Ok(Item::End(End::Else));
                }
                self.expect(Kind::RightDelim, "else")?;
                return Ok(Item::End(End::Else));
            }
            Kind::End => {
                self.expect(Kind::RightDelim, "end")?;
                return Ok(Item::End(End::End));
            }
            Kind::If => return self.control("if").map(|b| Item::Node(Node::If(b))),
            Kind::Range => return self.control("range").map(|b| Item::Node(Node::Range(b))),
            Kind::With => return self.control("with").map(|b| Item::Node(Node::With(b))),
            Kind::Template => return self.template_control().map(Item::Node),
            _ => {}
        }
        self.backup();
        let token = self.peek();
        let pipe = self.pipeline("command", Kind::RightDelim)?;
        // The pipeline ends at the right delimiter, the token last read.
        let end = self
            .at
            .checked_sub(1)
            .and_then(|last| self.tokens.get(last))
            .map_or(token.pos, |last| last.pos + last.text.len());
        Ok(Item::Node(Node::Action {
            pos: token.pos,
            line: token.line,
            pipe,
            span: token.pos..end.max(token.pos),
        }))
    }

    fn control(&mut self, context: &str) -> Result<Branch> {
        let vars = self.vars.len();
        let result = self.control_inner(context);
        self.vars.truncate(vars);
        result
    }

    fn control_inner(&mut self, context: &str) -> Result<Branch> {
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if context == "range" {
            self.range_depth -= 1;
        }
        let (list, end) = listed?;
        let else_list = match end {
            End::End => None,
            End::Else => {
                let peek = self.peek();
                if context == "if" && peek.kind == Kind::If {
                    self.next();
                    Some(vec![Node::If(self.control("if")?)])
                } else if context == "with" && peek.kind == Kind::With {
                    self.next();
                    Some(vec![Node::With(self.control("with")?)])
                } else {
                    let (list, end) = self.item_list()?;
                    if !matches!(end, End::End) {
                        return Err(self.error("expected end; found {{else}}".to_owned()));
                    }
                    Some(list)
                }
            }
        };
        Ok(Branch {
            pos: pipe.pos,
            line: pipe.line,
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, context: &str) -> Result<(Token<'p>, String)> {
        let token = self.next_non_space();
        if !matches!(token.kind, Kind::String | Kind::RawString) {
            return Err(self.unexpected(&token, context));
        }
        let name = unquote(&token.text).map_err(|e| self.error_at(&token, e))?;
        Ok((token, name))
    }

    fn template_control(&mut self) -> Result<Node> {
        const CONTEXT: &str = "template clause";
        let (token, name) = self.template_name(CONTEXT)?;
        let pipe = if self.next_non_space().kind == Kind::RightDelim {
            None
        } else {
            self.backup();
            Some(self.pipeline(CONTEXT, Kind::RightDelim)?)
        };
        Ok(Node::Template {
            pos: token.pos,
            line: token.line,
            name,
            pipe,
        })
    }

    fn block_control(&mut self) -> Result<Node> {
        const CONTEXT: &str = "block clause";
        let (token, name) = self.template_name(CONTEXT)?;
        let pipe = self.pipeline(CONTEXT, Kind::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$".to_owned()]);
        let saved_range = std::mem::replace(&mut self.range_depth, 0);
        let listed = self.item_list();
        self.vars = saved;
        self.range_depth = saved_range;
        let (list, end) = listed?;
        if !matches!(end, End::End) {
            return Err(self.error(format!("unexpected {{{{else}}}} in {CONTEXT}")));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template {
            pos: token.pos,
            line: token.line,
            name,
            pipe: Some(pipe),
        })
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> Result<Pipe> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("templates nested deeper than {MAX_DEPTH}")));
        }
        let result = self.pipeline_inner(context, end);
        self.depth -= 1;
        result
    }

    fn pipeline_inner(&mut self, context: &str, end: Kind) -> Result<Pipe> {
        let first = self.peek_non_space();
        let mut pipe = Pipe {
            pos: first.pos,
            line: first.line,
            is_assign: false,
            decl: Vec::new(),
            cmds: Vec::new(),
        };
        // Declarations: `$x :=`, `$x =`, `$i, $v :=` (range only).
        loop {
            let variable = self.peek_non_space();
            if variable.kind != Kind::Variable {
                break;
            }
            let mark = self.at;
            self.next_non_space();
            let next = self.peek_non_space();
            match next.kind {
                Kind::Assign | Kind::Declare => {
                    pipe.is_assign = next.kind == Kind::Assign;
                    self.next_non_space();
                    pipe.decl.push(self.name(&variable.text));
                    self.vars.push(variable.text.into_owned());
                    break;
                }
                Kind::Comma => {
                    self.next_non_space();
                    pipe.decl.push(self.name(&variable.text));
                    self.vars.push(variable.text.into_owned());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().kind {
                            Kind::Variable | Kind::RightDelim | Kind::RightParen => continue,
                            _ => {
                                return Err(
                                    self.error("range can only initialize variables".to_owned())
                                );
                            }
                        }
                    }
                    return Err(self.error(format!("too many declarations in {context}")));
                }
                _ => {
                    self.at = mark;
                    break;
                }
            }
        }
        loop {
            let token = self.next_non_space();
            match token.kind {
                kind if kind == end => {
                    if pipe.cmds.is_empty() {
                        return Err(self.error(format!("missing value for {context}")));
                    }
                    for (i, cmd) in pipe.cmds.iter().enumerate().skip(1) {
                        if matches!(
                            cmd.args.first(),
                            Some(
                                Arg::Bool { .. }
                                    | Arg::Dot { .. }
                                    | Arg::Nil { .. }
                                    | Arg::Number { .. }
                                    | Arg::String { .. }
                            )
                        ) {
                            return Err(self.error(format!(
                                "non executable command in pipeline stage {}",
                                i + 1
                            )));
                        }
                    }
                    return Ok(pipe);
                }
                Kind::Bool
                | Kind::Char
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    pipe.cmds.push(self.command()?);
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn command(&mut self) -> Result<Command> {
        let mut cmd = Command {
            pos: self.peek_non_space().pos,
            args: Vec::new(),
        };
        loop {
            self.peek_non_space();
            if let Some(operand) = self.operand()? {
                cmd.args.push(operand);
            }
            let token = self.next();
            match token.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.error("empty command".to_owned()));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> Result<Option<Arg>> {
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(node));
        }
        let pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            let token = self.next();
            fields.push(self.name(token.text.trim_start_matches('.')));
        }
        Ok(Some(match node {
            // Go keeps one node, at the position of the first field chained on.
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field { pos, idents }
            }
            Arg::Variable { mut idents, .. } => {
                idents.extend(fields);
                Arg::Variable { pos, idents }
            }
            Arg::Bool { .. }
            | Arg::String { .. }
            | Arg::Number { .. }
            | Arg::Nil { .. }
            | Arg::Dot { .. } => {
                return Err(self.error(format!(
                    "unexpected . after term {}",
                    lex::go_quote(&arg_string(&node))
                )));
            }
            node => Arg::Chain {
                pos,
                node: Box::new(node),
                fields,
            },
        }))
    }

    fn term(&mut self) -> Result<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.kind {
            Kind::Identifier => {
                if !(self.has_function)(&token.text) {
                    return Err(self.error_at(
                        &token,
                        format!("function {} not defined", lex::go_quote(&token.text)),
                    ));
                }
                Arg::Identifier {
                    pos,
                    name: self.name(&token.text),
                }
            }
            Kind::Dot => Arg::Dot { pos },
            Kind::Nil => Arg::Nil { pos },
            Kind::Variable => {
                if !self.vars.iter().any(|var| *var == token.text) {
                    return Err(self.error_at(
                        &token,
                        format!("undefined variable {}", lex::go_quote(&token.text)),
                    ));
                }
                Arg::Variable {
                    pos,
                    idents: vec![self.name(&token.text)],
                }
            }
            Kind::Field => Arg::Field {
                pos,
                idents: vec![self.name(token.text.trim_start_matches('.'))],
            },
            Kind::Bool => Arg::Bool {
                pos,
                value: token.text == "true",
            },
            Kind::Char | Kind::Number => {
                let number = number(self.name(&token.text), token.kind == Kind::Char)
                    .map_err(|e| self.error_at(&token, e))?;
                Arg::Number { pos, number }
            }
            Kind::LeftParen => Arg::Pipe(Box::new(
                self.pipeline("parenthesized pipeline", Kind::RightParen)?,
            )),
            Kind::String | Kind::RawString => {
                // Most strings are their text between the quotes, which is what Go's unquoting
                // gives when they hold no escape (and, raw, no carriage return): that range, not a
                // copy.
                let quoted = token.text.as_ref();
                let inner = [('"', '"'), ('`', '`')]
                    .iter()
                    .find_map(|&(open, close)| quoted.strip_prefix(open)?.strip_suffix(close))
                    .filter(|inner| !inner.contains(['\\', '\r']));
                let text = match inner {
                    Some(inner) => self.name(inner),
                    None => Name::owned(&unquote(quoted).map_err(|e| self.error_at(&token, e))?),
                };
                Arg::String {
                    pos,
                    quoted: self.name(&token.text),
                    text,
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

enum Item {
    Node(Node),
    Comment,
    End(End),
}

/// Whether a body is only blanks. `text` is the text it was parsed from.
pub(crate) fn is_empty(text: &str, nodes: &[Node]) -> bool {
    nodes.iter().all(|node| match node {
        Node::Text { pos, len } => text_at(text, *pos, *len)
            .trim_matches([' ', '\t', '\r', '\n'])
            .is_empty(),
        _ => false,
    })
}

/// The `len` bytes at `pos` of `text` (a text node's).
pub(crate) fn text_at(text: &str, pos: usize, len: usize) -> &str {
    text.get(pos..pos.saturating_add(len)).unwrap_or_default()
}

/// Go's `strconv.Unquote` of a string or raw string literal.
pub fn unquote(quoted: &str) -> std::result::Result<String, String> {
    let invalid = || "invalid syntax".to_owned();
    if let Some(raw) = quoted.strip_prefix('`') {
        let raw = raw.strip_suffix('`').ok_or_else(invalid)?;
        // Go drops carriage returns from raw strings.
        return Ok(raw.replace('\r', ""));
    }
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .or_else(|| quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')))
        .ok_or_else(invalid)?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    // Bytes of `\x` and octal escapes, joined into UTF-8 when they make it.
    let mut bytes: Vec<u8> = Vec::new();
    let flush = |bytes: &mut Vec<u8>, out: &mut String| {
        if !bytes.is_empty() {
            out.push_str(&String::from_utf8_lossy(bytes));
            bytes.clear();
        }
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut bytes, &mut out);
            out.push(c);
            continue;
        }
        let escape = chars.next().ok_or_else(invalid)?;
        let mut hex = |n: usize| -> std::result::Result<u32, String> {
            let mut value = 0u32;
            for _ in 0..n {
                let digit = chars
                    .next()
                    .and_then(|c| c.to_digit(16))
                    .ok_or_else(invalid)?;
                value = value * 16 + digit;
            }
            Ok(value)
        };
        match escape {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => out.push('\''),
            'x' => {
                let value = hex(2)?;
                bytes.push(u8::try_from(value).map_err(|_| invalid())?);
                continue;
            }
            'u' => out.push(char::from_u32(hex(4)?).ok_or_else(invalid)?),
            'U' => out.push(char::from_u32(hex(8)?).ok_or_else(invalid)?),
            '0'..='7' => {
                let mut value = escape.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let digit = chars
                        .next()
                        .and_then(|c| c.to_digit(8))
                        .ok_or_else(invalid)?;
                    value = value * 8 + digit;
                }
                bytes.push(u8::try_from(value).map_err(|_| invalid())?);
                continue;
            }
            _ => return Err(invalid()),
        }
        flush(&mut bytes, &mut out);
    }
    flush(&mut bytes, &mut out);
    Ok(out)
}

/// Go's `newNumber`: what a number or character constant can be.
fn number(name: Name, is_char: bool) -> std::result::Result<Number, String> {
    let text = name.as_str();
    if is_char {
        let value = unquote(text).map_err(|_| format!("malformed character constant: {text}"))?;
        let mut chars = value.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return Err(format!("malformed character constant: {text}"));
        };
        let code = u32::from(c);
        return Ok(Number {
            text: name.clone(),
            int: Some(i64::from(code)),
            uint: Some(u64::from(code)),
            float: Some(f64::from(code)),
            is_char: true,
        });
    }
    if text.ends_with('i') {
        return Err(format!("complex constants are not supported: {text}"));
    }
    let clean: std::borrow::Cow<str> = if text.contains('_') {
        text.chars()
            .filter(|&c| c != '_')
            .collect::<String>()
            .into()
    } else {
        text.into()
    };
    let (negative, unsigned) = match clean.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let lower = unsigned.to_ascii_lowercase();
    let radix_int = |digits: &str, radix: u32| u64::from_str_radix(digits, radix).ok();
    let parsed_uint: Option<u64> = if let Some(hex) = lower.strip_prefix("0x") {
        if hex.contains(['.', 'p']) {
            None
        } else {
            radix_int(hex, 16)
        }
    } else if let Some(oct) = lower.strip_prefix("0o") {
        radix_int(oct, 8)
    } else if let Some(bin) = lower.strip_prefix("0b") {
        radix_int(bin, 2)
    } else if lower.len() > 1 && lower.starts_with('0') && lower.chars().all(|c| c.is_ascii_digit())
    {
        radix_int(&lower[1..], 8)
    } else if lower.chars().all(|c| c.is_ascii_digit()) && !lower.is_empty() {
        lower.parse().ok()
    } else {
        None
    };
    let mut number = Number {
        text: name.clone(),
        int: None,
        uint: None,
        float: None,
        is_char: false,
    };
    if let Some(u) = parsed_uint {
        if negative {
            if u <= i64::MAX as u64 + 1 {
                number.int = Some((u as i128).wrapping_neg() as i64);
            }
        } else {
            number.uint = Some(u);
            number.int = i64::try_from(u).ok();
        }
    }
    let float = if let Some(int) = number.int {
        Some(int as f64)
    } else if let Some(uint) = number.uint {
        Some(uint as f64)
    } else if lower.starts_with("0x") {
        hex_float(&lower).map(|f| if negative { -f } else { f })
    } else {
        unsigned
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite())
            .map(|f| if negative { -f } else { f })
    };
    number.float = float;
    // A float that is an integer is an int too (`1e3`), as Go's parser says.
    if number.int.is_none()
        && number.uint.is_none()
        && let Some(f) = float
        && f.fract() == 0.0
        && f.abs() < 9.2e18
    {
        number.int = Some(f as i64);
        if f >= 0.0 {
            number.uint = Some(f as u64);
        }
    }
    if number.int.is_none() && number.uint.is_none() && number.float.is_none() {
        return Err(format!("illegal number syntax: {}", lex::go_quote(text)));
    }
    Ok(number)
}

/// A hexadecimal float (`0x1p-2`).
fn hex_float(lower: &str) -> Option<f64> {
    let body = lower.strip_prefix("0x")?;
    let (mantissa, exponent) = match body.split_once('p') {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut value = 0f64;
    for c in whole.chars() {
        value = value * 16.0 + f64::from(c.to_digit(16)?);
    }
    let mut scale = 1.0 / 16.0;
    for c in fraction.chars() {
        value += f64::from(c.to_digit(16)?) * scale;
        scale /= 16.0;
    }
    Some(value * 2f64.powi(exponent))
}

/// Go's `String()` of an operand, for `at <...>` in execution errors.
pub fn arg_string(arg: &Arg) -> String {
    match arg {
        Arg::Field { idents, .. } => idents.iter().map(|i| format!(".{i}")).collect(),
        Arg::Variable { idents, .. } => idents
            .iter()
            .map(Name::as_str)
            .collect::<Vec<_>>()
            .join("."),
        Arg::Chain { node, fields, .. } => {
            let mut out = match node.as_ref() {
                Arg::Pipe(pipe) => format!("({})", pipe_string(pipe)),
                other => arg_string(other),
            };
            for field in fields {
                out.push('.');
                out.push_str(field);
            }
            out
        }
        Arg::Identifier { name, .. } => name.to_string(),
        Arg::Dot { .. } => ".".to_owned(),
        Arg::Nil { .. } => "nil".to_owned(),
        Arg::Bool { value, .. } => value.to_string(),
        Arg::Number { number, .. } => number.text.to_string(),
        Arg::String { quoted, .. } => quoted.to_string(),
        Arg::Pipe(pipe) => format!("({})", pipe_string(pipe)),
    }
}

pub fn command_string(command: &Command) -> String {
    command
        .args
        .iter()
        .map(arg_string)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn pipe_string(pipe: &Pipe) -> String {
    let mut out = String::new();
    if !pipe.decl.is_empty() {
        out.push_str(
            &pipe
                .decl
                .iter()
                .map(Name::as_str)
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str(if pipe.is_assign { " = " } else { " := " });
    }
    out.push_str(
        &pipe
            .cmds
            .iter()
            .map(command_string)
            .collect::<Vec<_>>()
            .join(" | "),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(_: &str) -> bool {
        true
    }

    fn error(text: &str) -> String {
        parse("t", text, &any)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn go_messages() {
        assert_eq!(error("{{define \"x\"}}"), "template: t:1: unexpected EOF");
        assert_eq!(error("{{end}}"), "template: t:1: unexpected {{end}}");
        assert_eq!(
            error("{{break}}"),
            "template: t:1: {{break}} outside {{range}}"
        );
        assert_eq!(error("{{$x}}"), "template: t:1: undefined variable \"$x\"");
        assert_eq!(
            error("{{1.2.3}}"),
            "template: t:1: unexpected \".3\" in operand"
        );
        assert_eq!(
            error("{{if 1}}{{else}}{{else}}{{end}}"),
            "template: t:1: expected end; found {{else}}"
        );
        assert_eq!(
            error("{{define}}"),
            "template: t:1: unexpected \"}}\" in define clause"
        );
        assert!(parse("t", "{{if .a}}x{{else if .b}}y{{else}}z{{end}}", &any).is_ok());
    }

    #[test]
    fn definitions_are_trees() {
        let trees = parse(
            "t",
            "a{{define \"x\"}}b{{end}}{{block \"y\" .}}c{{end}}",
            &any,
        )
        .unwrap_or_default();
        let names: Vec<&str> = trees.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["t", "x", "y"]);
    }

    #[test]
    fn numbers() {
        let n = number(Name::owned("1e3"), false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((n.int, n.float), (Some(1000), Some(1000.0)));
        let n = number(Name::owned("0x1F"), false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.int, Some(31));
        let n = number(Name::owned("-5"), false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.int, Some(-5));
        let n = number(Name::owned("'a'"), true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(n.int, Some(97));
    }
}
