//! What a Dockerfile means, on top of its syntax tree: stages, the variables visible at each
//! instruction, and what `FROM`, `COPY --from` and `RUN --mount=from=` refer to.
//!
//! It follows BuildKit's `dockerfile2llb` (`toDispatchState`, `dispatchArg`, `dispatchEnv`):
//! - ARGs before the first `FROM` are global: `FROM` lines expand in them, together with the
//!   automatic platform ARGs (`TARGETPLATFORM`, `BUILDARCH`…). Inside a stage they are invisible
//!   until re-declared by `ARG NAME`, which takes the global default.
//! - A stage's variables start from its base stage's (`FROM builder`), or from the base image's,
//!   which we do not know without a registry ([`Stage::base_env_known`]).
//! - `ENV` and `ARG` values expand in the variables before the instruction; all words of one
//!   `ENV` see the values from before it (`ENV A=1 B=$A` gives B the *old* A).
//! - Stage names compare case-insensitively; `FROM name` only matches an *earlier* stage, while
//!   `COPY --from` matches any stage by name or index; anything else is an image.

use super::image::ImageRef;
use super::mount::Mount;
use super::shell::{Env, ExpandError, Lexer, Platform, VarRef};
use super::syntax::{Arguments, Dockerfile, Flag, Instruction, Keyword, Word};
use drydock_base::text::TextRange;

/// The automatic platform ARGs BuildKit defines in the global scope, with the values of a
/// linux/amd64 build (the real ones depend on the builder).
pub const PLATFORM_ARGS: [(&str, &str); 8] = [
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
    ("BUILDVARIANT", ""),
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("TARGETVARIANT", ""),
];

/// The meaning of a whole Dockerfile. Computed once per check ([`analyze`]).
#[derive(Debug, Clone, Default)]
pub struct Semantic {
    pub stages: Vec<Stage>,
    /// One per entry of [`Dockerfile::instructions`], in the same order.
    pub instructions: Vec<InstructionInfo>,
    /// Every `COPY --from`, `RUN --mount=from=` (and `FROM` naming an earlier stage), resolved.
    pub references: Vec<StageReference>,
    /// Variable scopes: 0 is the global scope (platform ARGs, then ARGs before the first
    /// `FROM`); stage `i` uses scope `i + 1`.
    scopes: Vec<Vec<Binding>>,
    /// The escape character, for [`Semantic::lexer`].
    escape: char,
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub index: usize,
    /// The `FROM` instruction's index in [`Dockerfile::instructions`].
    pub from: usize,
    /// One past the last instruction of the stage.
    pub end: usize,
    /// The name after `AS`, lower-cased as BuildKit stores it.
    pub name: Option<String>,
    /// The name as written.
    pub name_word: Option<Word>,
    /// The `AS` keyword as written.
    pub as_word: Option<Word>,
    /// The image word as written (`node:${VERSION}`).
    pub base_word: Option<Word>,
    /// The image word after expanding the global ARGs.
    pub base_expanded: Option<ExpandedWord>,
    pub base: Base,
    /// The `--platform` flag, as written, and expanded.
    pub platform: Option<Flag>,
    pub platform_expanded: Option<ExpandedWord>,
}

/// What a stage builds on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`: an empty file system, no variables.
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    Image(ImageRef),
    /// Not a valid reference after expansion (or no image word at all): the message says why.
    Invalid(String),
}

/// What an instruction sees.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InstructionInfo {
    /// `None` before the first `FROM`.
    pub stage: Option<usize>,
    /// The variables visible *before* the instruction runs: the first `visible` bindings of
    /// scope `scope`.
    scope: usize,
    visible: usize,
    /// The words BuildKit expands in this instruction, in its order, with their results.
    pub words: Vec<ExpandedWord>,
    /// The `SHELL` instruction in force (in this stage or a base stage), if any.
    pub shell: Option<usize>,
    /// The last `USER` instruction before this one (in this stage or a base stage), if any.
    pub user: Option<usize>,
    /// The last `WORKDIR` instruction before this one (in this stage or a base stage), if any.
    pub workdir: Option<usize>,
}

/// Whether a path in the image (a `WORKDIR`, a `COPY` destination) is absolute: `/…`, and for
/// Windows images `C:\…`, `C:/…` and `\…` (BuildKit asks the platform's `IsAbs`).
pub fn is_absolute_path(path: &str) -> bool {
    path.starts_with(['/', '\\'])
        || matches!(path.as_bytes(), [drive, b':', b'\\' | b'/', ..] if drive.is_ascii_alphabetic())
}

/// One word BuildKit expands, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandedWord {
    /// The word in the source.
    pub range: TextRange,
    /// The word as BuildKit reads it before expansion.
    pub raw: String,
    /// The expansion (the raw word when expansion failed).
    pub value: String,
    /// The variables looked up, with their ranges in the source.
    pub references: Vec<VarRef>,
    pub error: Option<ExpandError>,
}

/// A declared variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub name: String,
    /// `None` for an `ARG` without a value: declared, but not set (outside the global scope,
    /// where BuildKit treats it as empty).
    pub value: Option<String>,
    pub kind: BindingKind,
    /// The instruction that declared it (`None` for automatic ARGs).
    pub instruction: Option<usize>,
    /// The name in the source (empty for automatic ARGs).
    pub range: TextRange,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// `TARGETPLATFORM` and friends.
    Automatic,
    Arg,
    Env,
    /// Carried over from the base stage.
    Inherited,
}

/// A reference to a stage or image from inside a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageReference {
    pub instruction: usize,
    pub kind: ReferenceKind,
    /// The value in the source (the flag value or the mount field).
    pub range: TextRange,
    /// The value after expansion.
    pub value: String,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// `COPY --from=…` (and `ADD --from`, which BuildKit rejects).
    CopyFrom,
    /// `RUN --mount=from=…`.
    MountFrom,
    /// `FROM <earlier stage>`.
    From,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stage(usize),
    /// A numeric index with no stage (BuildKit: "invalid stage index").
    MissingIndex(usize),
    Image(ImageRef),
    /// Neither a stage nor a valid image reference.
    Invalid(String),
}

/// The variables visible at one point: implements [`Env`] for the lexer.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    bindings: &'a [Binding],
    /// In the global scope an ARG without value reads as empty.
    global: bool,
}

impl<'a> Scope<'a> {
    /// Every binding in declaration order, later ones shadowing earlier ones.
    pub fn bindings(&self) -> &'a [Binding] {
        self.bindings
    }

    /// The binding that decides `name`'s value (or declaration), if any.
    pub fn get(&self, name: &str) -> Option<&'a Binding> {
        let mut declared = None;
        for binding in self.bindings.iter().rev() {
            if binding.name == name {
                if binding.value.is_some() || self.global {
                    return Some(binding);
                }
                declared.get_or_insert(binding);
            }
        }
        declared
    }

    /// Whether `name` was declared (an ARG without value counts; BuildKit does not report it
    /// as undefined).
    pub fn is_declared(&self, name: &str) -> bool {
        self.bindings.iter().any(|binding| binding.name == name)
    }

    /// Every name visible, each once, in first-declaration order.
    pub fn names(&self) -> Vec<&'a str> {
        let mut seen = std::collections::HashSet::new();
        self.bindings
            .iter()
            .map(|binding| binding.name.as_str())
            .filter(|name| seen.insert(*name))
            .collect()
    }
}

impl Env for Scope<'_> {
    fn lookup(&self, name: &str, platform: Platform) -> Option<&str> {
        self.bindings.iter().rev().find_map(|binding| {
            if !platform.keys_equal(&binding.name, name) {
                return None;
            }
            match &binding.value {
                Some(value) => Some(value.as_str()),
                None if self.global => Some(""),
                None => None,
            }
        })
    }
}

impl Semantic {
    /// The variables visible before instruction `index` runs.
    pub fn env(&self, index: usize) -> Scope<'_> {
        let (scope, visible) = self
            .instructions
            .get(index)
            .map_or((0, 0), |info| (info.scope, info.visible));
        self.scope(scope, visible)
    }

    /// Which scope instruction `index` sees (an index of the file's scopes): with
    /// [`Scope::bindings`], a rule that reads many instructions can keep what it learned of a
    /// scope and read only the bindings declared since.
    pub fn env_scope(&self, index: usize) -> usize {
        self.instructions.get(index).map_or(0, |info| info.scope)
    }

    /// The global scope as `FROM` lines see it.
    pub fn global_env(&self) -> Scope<'_> {
        self.scope(0, usize::MAX)
    }

    /// The global ARGs declared in the file (automatic ones left out).
    pub fn global_args(&self) -> impl Iterator<Item = &Binding> {
        self.scopes
            .first()
            .into_iter()
            .flatten()
            .filter(|binding| binding.kind != BindingKind::Automatic)
    }

    fn scope(&self, scope: usize, visible: usize) -> Scope<'_> {
        let bindings = self.scopes.get(scope).map_or(&[][..], |b| b.as_slice());
        Scope {
            bindings: bindings.get(..visible.min(bindings.len())).unwrap_or(&[]),
            global: scope == 0,
        }
    }

    /// The lexer BuildKit uses for this file.
    pub fn lexer(&self) -> Lexer {
        Lexer::new(self.escape)
    }

    /// The stage instruction `index` belongs to.
    pub fn stage_of(&self, index: usize) -> Option<&Stage> {
        self.instructions
            .get(index)
            .and_then(|info| info.stage)
            .and_then(|stage| self.stages.get(stage))
    }

    /// The stage BuildKit builds when no target is given: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The stage by name (case-insensitive) or index, as `COPY --from` looks it up.
    pub fn find_stage(&self, name_or_index: &str) -> Option<&Stage> {
        match name_or_index.parse::<usize>() {
            Ok(index) => self.stages.get(index),
            Err(_) => {
                let lower = name_or_index.to_lowercase();
                self.stages
                    .iter()
                    .find(|stage| stage.name.as_deref() == Some(lower.as_str()))
            }
        }
    }

    /// The first stage of the chain `stage` builds on (following `FROM <stage>` links): where
    /// its file system and variables come from.
    pub fn root_stage(&self, stage: usize) -> Option<&Stage> {
        let mut current = self.stages.get(stage)?;
        // Each step goes to an earlier stage, so this ends.
        while let Base::Stage(base) = current.base {
            current = self.stages.get(base)?;
        }
        Some(current)
    }

    /// Whether all of a stage's variables are known: true when its chain starts at `scratch`.
    /// An image brings variables of its own (`PATH`, `NODE_VERSION`…) we cannot see.
    pub fn base_env_known(&self, stage: usize) -> bool {
        self.root_stage(stage)
            .is_some_and(|root| matches!(root.base, Base::Scratch))
    }

    /// The stages the given one depends on, directly: its base and every stage it copies or
    /// mounts from.
    pub fn dependencies(&self, stage: usize) -> Vec<usize> {
        let mut out = Vec::new();
        if let Some(Base::Stage(base)) = self.stages.get(stage).map(|s| &s.base) {
            out.push(*base);
        }
        for reference in &self.references {
            if let Target::Stage(target) = reference.target
                && self
                    .instructions
                    .get(reference.instruction)
                    .and_then(|i| i.stage)
                    == Some(stage)
                && !out.contains(&target)
            {
                out.push(target);
            }
        }
        out
    }

    /// The stages the final stage needs, itself included, in index order.
    pub fn reachable_from_final(&self) -> Vec<usize> {
        let Some(last) = self.stages.len().checked_sub(1) else {
            return Vec::new();
        };
        let mut seen = vec![false; self.stages.len()];
        let mut stack = vec![last];
        while let Some(stage) = stack.pop() {
            if let Some(slot) = seen.get_mut(stage) {
                if *slot {
                    continue;
                }
                *slot = true;
            }
            stack.extend(self.dependencies(stage));
        }
        (0..self.stages.len())
            .filter(|&i| seen.get(i).copied().unwrap_or(false))
            .collect()
    }
}

impl Instruction {
    /// The first flag named `name` (without `--`), compared case-insensitively like BuildKit.
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|flag| flag.name.value.eq_ignore_ascii_case(name))
    }

    /// The `--mount` flags, split into fields.
    pub fn mounts<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Mount> + 'a {
        self.flags
            .iter()
            .filter_map(move |flag| Mount::from_flag(flag, text))
    }
}

/// Computes the meaning of `tree`, whose source is `text`.
pub fn analyze(text: &str, tree: &Dockerfile) -> Semantic {
    let mut analyzer = Analyzer {
        text,
        lexer: Lexer::new(tree.escape),
        out: Semantic {
            escape: tree.escape,
            scopes: vec![
                PLATFORM_ARGS
                    .iter()
                    .map(|&(name, value)| Binding {
                        name: name.to_owned(),
                        value: Some(value.to_owned()),
                        kind: BindingKind::Automatic,
                        instruction: None,
                        range: TextRange::empty(0),
                    })
                    .collect(),
            ],
            ..Semantic::default()
        },
        shell: None,
        user: None,
        workdir: None,
        stage_state: Vec::new(),
    };
    for (index, instruction) in tree.instructions.iter().enumerate() {
        analyzer.instruction(index, instruction);
    }
    analyzer.resolve_references();
    if let Some(last) = analyzer.out.stages.last_mut() {
        last.end = tree.instructions.len();
    }
    analyzer.out
}

struct Analyzer<'a> {
    text: &'a str,
    lexer: Lexer,
    out: Semantic,
    shell: Option<usize>,
    user: Option<usize>,
    workdir: Option<usize>,
    /// Per stage, the `SHELL`, `USER` and `WORKDIR` in force at its end so far.
    stage_state: Vec<(Option<usize>, Option<usize>, Option<usize>)>,
}

impl Analyzer<'_> {
    fn current_scope(&self) -> usize {
        self.out.stages.len()
    }

    fn instruction(&mut self, index: usize, instruction: &Instruction) {
        if instruction.keyword == Some(Keyword::From) {
            self.from(index, instruction);
        }
        // `FROM` itself sees the global scope.
        let scope = if instruction.keyword == Some(Keyword::From) {
            0
        } else {
            self.current_scope()
        };
        let visible = self.out.scopes.get(scope).map_or(0, Vec::len);
        let stage = self.out.stages.len().checked_sub(1);
        let mut info = InstructionInfo {
            stage,
            scope,
            visible,
            words: Vec::new(),
            shell: self.shell,
            user: self.user,
            workdir: self.workdir,
        };
        match instruction.keyword {
            Some(Keyword::From) => {
                if let Some(stage) = self.out.stages.last() {
                    info.words.extend(stage.platform_expanded.clone());
                    info.words.extend(stage.base_expanded.clone());
                }
            }
            Some(Keyword::Arg) => info.words = self.arg(index, instruction, scope),
            Some(Keyword::Env) => info.words = self.env(index, instruction, scope),
            Some(keyword) => {
                info.words = self.expand_words(instruction, keyword, scope, visible);
                match keyword {
                    Keyword::Shell => self.shell = Some(index),
                    Keyword::User => self.user = Some(index),
                    Keyword::Workdir => self.workdir = Some(index),
                    _ => {}
                }
                self.references(index, instruction, keyword, scope, visible);
            }
            None => {}
        }
        if let Some(state) = stage.and_then(|stage| self.stage_state.get_mut(stage)) {
            *state = (self.shell, self.user, self.workdir);
        }
        self.out.instructions.push(info);
    }

    fn from(&mut self, index: usize, instruction: &Instruction) {
        let stage_index = self.out.stages.len();
        if let Some(previous) = self.out.stages.last_mut() {
            previous.end = index;
        }
        let words: &[Word] = match &instruction.arguments {
            Arguments::List { words, .. } => words,
            _ => &[],
        };
        let base_word = words.first().cloned();
        let (as_word, name_word) = match words {
            [_, as_word, name] if as_word.value.eq_ignore_ascii_case("as") => {
                (Some(as_word.clone()), Some(name.clone()))
            }
            _ => (None, None),
        };
        let global = self.out.scope(0, usize::MAX);
        let base_expanded = base_word
            .as_ref()
            .map(|word| expand_word(self.text, &self.lexer, word, &global));
        let platform = instruction.flag("platform").cloned();
        let platform_expanded = platform
            .as_ref()
            .and_then(|flag| flag.value.as_ref())
            .map(|word| expand_word(self.text, &self.lexer, word, &global));
        let base = match &base_expanded {
            None => Base::Invalid("`FROM` needs an image".into()),
            Some(word) => {
                let name = word.value.as_str();
                let earlier = self
                    .out
                    .stages
                    .iter()
                    .find(|stage| stage.name.as_deref() == Some(name));
                if let Some(earlier) = earlier {
                    Base::Stage(earlier.index)
                } else if name.eq_ignore_ascii_case("scratch") {
                    Base::Scratch
                } else if name.is_empty() {
                    Base::Invalid(format!("base name ({}) should not be blank", word.raw))
                } else {
                    match ImageRef::parse(name) {
                        Ok(image) => Base::Image(image),
                        Err(message) => Base::Invalid(message),
                    }
                }
            }
        };
        if let (Base::Stage(target), Some(word)) = (&base, &base_expanded) {
            self.out.references.push(StageReference {
                instruction: index,
                kind: ReferenceKind::From,
                range: word.range,
                value: word.value.clone(),
                target: Target::Stage(*target),
            });
        }
        // The new scope starts with what the base stage ends with: BuildKit copies its state,
        // whose environment holds its ENV and valued ARG variables.
        let mut bindings = Vec::new();
        let mut state = (None, None, None);
        if let Base::Stage(base) = base {
            if let Some(base_bindings) = self.out.scopes.get(base + 1) {
                bindings.extend(base_bindings.iter().filter(|b| b.value.is_some()).map(|b| {
                    Binding {
                        kind: BindingKind::Inherited,
                        ..b.clone()
                    }
                }));
            }
            state = self.stage_state.get(base).copied().unwrap_or_default();
        }
        (self.shell, self.user, self.workdir) = state;
        self.stage_state.push(state);
        self.out.scopes.push(bindings);
        self.out.stages.push(Stage {
            index: stage_index,
            from: index,
            end: index + 1,
            name: name_word.as_ref().map(|w| w.value.to_lowercase()),
            name_word,
            as_word,
            base_word,
            base_expanded,
            base,
            platform,
            platform_expanded,
        });
    }

    fn push_binding(&mut self, scope: usize, binding: Binding) {
        if let Some(bindings) = self.out.scopes.get_mut(scope) {
            bindings.push(binding);
        }
    }

    /// `ARG`: each declaration in turn; a default expands in what is visible so far, a bare
    /// name inside a stage takes the global value.
    fn arg(&mut self, index: usize, instruction: &Instruction, scope: usize) -> Vec<ExpandedWord> {
        let Arguments::Declarations(declarations) = &instruction.arguments else {
            return Vec::new();
        };
        let mut words = Vec::new();
        for declaration in declarations {
            let name = declaration.name.value.clone();
            let value = match &declaration.default {
                Some(default) => {
                    let env = self.out.scope(scope, usize::MAX);
                    let expanded = expand_word(self.text, &self.lexer, default, &env);
                    let value = expanded.value.clone();
                    words.push(expanded);
                    Some(value)
                }
                None if scope == 0 => None,
                None => self
                    .out
                    .scopes
                    .first()
                    .and_then(|global| global.iter().rev().find(|b| b.name == name))
                    .and_then(|b| b.value.clone()),
            };
            self.push_binding(
                scope,
                Binding {
                    name,
                    value,
                    kind: BindingKind::Arg,
                    instruction: Some(index),
                    range: declaration.name.range,
                },
            );
        }
        words
    }

    /// `ENV`: every key and value expands in the variables from before the instruction.
    fn env(&mut self, index: usize, instruction: &Instruction, scope: usize) -> Vec<ExpandedWord> {
        let Arguments::Pairs(pairs) = &instruction.arguments else {
            return Vec::new();
        };
        let env = self.out.scope(scope, usize::MAX);
        let mut words = Vec::new();
        let mut bindings = Vec::new();
        for pair in pairs {
            let key = expand_word(self.text, &self.lexer, &pair.key, &env);
            let value = expand_word(self.text, &self.lexer, &pair.value, &env);
            bindings.push(Binding {
                name: key.value.clone(),
                value: Some(value.value.clone()),
                kind: BindingKind::Env,
                instruction: Some(index),
                range: pair.key.range,
            });
            words.push(key);
            words.push(value);
        }
        for binding in bindings {
            self.push_binding(scope, binding);
        }
        words
    }

    /// The words BuildKit expands in the other instructions.
    fn expand_words(
        &self,
        instruction: &Instruction,
        keyword: Keyword,
        scope: usize,
        visible: usize,
    ) -> Vec<ExpandedWord> {
        let env = self.out.scope(scope, visible);
        let expand = |word: &Word| expand_word(self.text, &self.lexer, word, &env);
        let flag_values = |names: &[&str]| -> Vec<ExpandedWord> {
            instruction
                .flags
                .iter()
                .filter(|flag| {
                    names
                        .iter()
                        .any(|name| flag.name.value.eq_ignore_ascii_case(name))
                })
                .filter_map(|flag| flag.value.as_ref())
                .map(expand)
                .collect()
        };
        let argument_words = || -> Vec<ExpandedWord> {
            match &instruction.arguments {
                Arguments::List { words, .. } => words.iter().map(expand).collect(),
                Arguments::Exec { elements, .. } => elements.iter().map(expand).collect(),
                Arguments::Shell { command, .. } => vec![expand(command)],
                Arguments::Pairs(pairs) => pairs
                    .iter()
                    .flat_map(|pair| [expand(&pair.key), expand(&pair.value)])
                    .collect(),
                _ => Vec::new(),
            }
        };
        match keyword {
            Keyword::Add | Keyword::Copy => {
                let mut words = flag_values(&["chown", "chmod", "checksum", "from"]);
                words.extend(argument_words());
                words
            }
            Keyword::Label
            | Keyword::Expose
            | Keyword::User
            | Keyword::Workdir
            | Keyword::Stopsignal
            | Keyword::Volume => argument_words(),
            Keyword::Run => flag_values(&["mount"]),
            _ => Vec::new(),
        }
    }

    /// Records `COPY --from` and `RUN --mount=from=` for resolution once all stages are known.
    fn references(
        &mut self,
        index: usize,
        instruction: &Instruction,
        keyword: Keyword,
        scope: usize,
        visible: usize,
    ) {
        let env = self.out.scope(scope, visible);
        let mut found = Vec::new();
        match keyword {
            Keyword::Copy | Keyword::Add => {
                if let Some(word) = instruction.flag("from").and_then(|f| f.value.as_ref()) {
                    let expanded = expand_word(self.text, &self.lexer, word, &env);
                    found.push((ReferenceKind::CopyFrom, word.range, expanded.value));
                }
            }
            Keyword::Run => {
                for mount in instruction.mounts(self.text) {
                    if let Some(field) = mount.get("from")
                        && let Some(value) = &field.value
                    {
                        let value = self
                            .lexer
                            .expand(value, &env)
                            .map_or_else(|_| value.clone(), |e| e.value);
                        found.push((ReferenceKind::MountFrom, field.value_range, value));
                    }
                }
            }
            _ => {}
        }
        for (kind, range, value) in found {
            self.out.references.push(StageReference {
                instruction: index,
                kind,
                range,
                value,
                // Resolved in `resolve_references` once every stage is known.
                target: Target::Invalid(String::new()),
            });
        }
    }

    fn resolve_references(&mut self) {
        let stages = &self.out.stages;
        for reference in &mut self.out.references {
            let value = reference.value.as_str();
            reference.target = match reference.kind {
                ReferenceKind::From => continue,
                ReferenceKind::CopyFrom if value.parse::<i64>().is_ok() => {
                    match value.parse::<usize>() {
                        Ok(index) if index < stages.len() => Target::Stage(index),
                        Ok(index) => Target::MissingIndex(index),
                        Err(_) => Target::Invalid(format!("invalid stage index {value}")),
                    }
                }
                ReferenceKind::CopyFrom | ReferenceKind::MountFrom => {
                    let lower = value.to_lowercase();
                    match stages
                        .iter()
                        .find(|stage| stage.name.as_deref() == Some(lower.as_str()))
                    {
                        Some(stage) => Target::Stage(stage.index),
                        None => match ImageRef::parse(value) {
                            Ok(image) => Target::Image(image),
                            Err(message) => Target::Invalid(message),
                        },
                    }
                }
            };
        }
    }
}

/// Expands `word` in `env`, placing the references in the source.
fn expand_word(text: &str, lexer: &Lexer, word: &Word, env: &Scope<'_>) -> ExpandedWord {
    let (value, references, error) = match lexer.expand(&word.value, env) {
        Ok(expanded) => (expanded.value, expanded.references, None),
        Err(error) => (word.value.clone(), error.references.clone(), Some(error)),
    };
    ExpandedWord {
        range: word.range,
        raw: word.value.clone(),
        value,
        references: references
            .into_iter()
            .map(|reference| VarRef {
                range: place(text, word, reference.range),
                name_range: place(text, word, reference.name_range),
                ..reference
            })
            .collect(),
        error,
    }
}

/// Moves a range inside `word.value` into the source. When the value is not the source verbatim
/// (quotes removed, continuations joined), the whole word is the best place.
pub fn place(text: &str, word: &Word, inner: TextRange) -> TextRange {
    if word.range.slice(text) == word.value && inner.end <= word.value.len() {
        inner.offset_by(word.range.start)
    } else {
        word.range
    }
}

#[cfg(test)]
mod tests;
