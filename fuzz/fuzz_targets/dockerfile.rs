//! Any bytes, read as a Dockerfile: parse, BuildKit dump, expansion of every word with BuildKit's
//! shell lexer, and every rule through `check_file`, including applying each fix.
//!
//! Beyond "never panics" it asserts the tree's own promises: every range lies inside the text on
//! character boundaries, and every non-blank byte belongs to a node.

#![no_main]

use drydock_core::dockerfile::shell::{Env, Lexer, Platform};
use drydock_core::dockerfile::{Arguments, Dockerfile, Instruction, Word, dump, parse};
use drydock_core::{SourceFile, TextRange, check_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let file = parse(text);
    let _ = dump(&file);
    tree_accounts_for_every_byte(text, &file);
    expand_every_word(text, &file, options(data.len()));
    check(text);
});

/// Lexer options and platform from the input's length, so that mutations explore them all
/// without taking bytes away from the Dockerfile.
fn options(selector: usize) -> (Platform, [bool; 4]) {
    let platform = if selector & 1 == 0 {
        Platform::Unix
    } else {
        Platform::Windows
    };
    let bit = |n: u32| selector >> n & 1 == 1;
    (platform, [bit(1), bit(2), bit(3), bit(4)])
}

fn assert_in(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end && text.get(range.start..range.end).is_some(),
        "{what} {range:?} is not a slice of the {} bytes of input",
        text.len()
    );
}

fn tree_accounts_for_every_byte(text: &str, file: &Dockerfile) {
    let mut leaves: Vec<TextRange> = Vec::new();
    leaves.extend(file.bom);
    for directive in &file.directives {
        assert_in(text, directive.name_range, "directive name");
        assert_in(text, directive.value_range, "directive value");
        leaves.push(directive.range);
    }
    leaves.extend(file.comments.iter().copied());
    for instruction in &file.instructions {
        instruction_leaves(text, instruction, &mut leaves);
    }
    for error in &file.errors {
        assert_in(text, error.range, "error");
    }
    let mut covered = vec![false; text.len() + 1];
    for leaf in &leaves {
        assert_in(text, *leaf, "node");
        if let Some(bytes) = covered.get_mut(leaf.start..leaf.end) {
            bytes.fill(true);
        }
    }
    for (offset, c) in text.char_indices() {
        assert!(
            c.is_whitespace() || covered.get(offset) == Some(&true),
            "byte {offset} ({c:?}) belongs to no node"
        );
    }
}

fn instruction_leaves(text: &str, instruction: &Instruction, leaves: &mut Vec<TextRange>) {
    assert_in(text, instruction.range, "instruction");
    leaves.push(instruction.keyword_range);
    for flag in &instruction.flags {
        assert_in(text, flag.name.range, "flag name");
        if let Some(value) = &flag.value {
            assert_in(text, value.range, "flag value");
        }
        leaves.push(flag.range);
    }
    leaves.extend(instruction.flag_terminator);
    leaves.extend(instruction.continuations.iter().copied());
    for segment in instruction
        .arg_segments
        .iter()
        .chain(&instruction.empty_continuation_lines)
    {
        assert_in(text, *segment, "argument segment");
    }
    for heredoc in &instruction.heredocs {
        leaves.extend([heredoc.marker, heredoc.body, heredoc.terminator]);
        let _ = heredoc.content(text);
    }
    arguments_leaves(text, &instruction.arguments, leaves);
}

fn arguments_leaves(text: &str, arguments: &Arguments, leaves: &mut Vec<TextRange>) {
    match arguments {
        Arguments::Empty => {}
        Arguments::Exec { range, elements } => {
            leaves.push(*range);
            for element in elements {
                assert_in(text, element.range, "JSON element");
            }
        }
        Arguments::Shell { command, .. } => leaves.push(command.range),
        Arguments::List { words, .. } => leaves.extend(words.iter().map(|word| word.range)),
        Arguments::Pairs(pairs) => {
            for pair in pairs {
                leaves.extend([pair.key.range, pair.value.range]);
                leaves.extend(pair.equals);
            }
        }
        Arguments::Declarations(declarations) => {
            for declaration in declarations {
                assert_in(text, declaration.name.range, "ARG name");
                if let Some(default) = &declaration.default {
                    assert_in(text, default.range, "ARG default");
                }
                leaves.push(declaration.word.range);
            }
        }
        Arguments::Healthcheck { kind, command } => {
            leaves.push(kind.range);
            arguments_leaves(text, command, leaves);
        }
        Arguments::Onbuild(inner) => instruction_leaves(text, inner, leaves),
        Arguments::Unknown(range) | Arguments::Invalid(range) => leaves.push(*range),
    }
}

/// Expands every word of every instruction as BuildKit would, in an environment that grows with
/// each `ARG` and `ENV`, and checks that each reference range lies in its word.
fn expand_every_word(text: &str, file: &Dockerfile, (platform, flags): (Platform, [bool; 4])) {
    let mut lexer = Lexer::new(file.escape).with_platform(platform);
    [
        lexer.raw_quotes,
        lexer.raw_escapes,
        lexer.literal_quotes,
        lexer.keep_unset,
    ] = flags;
    let mut env: Vec<(String, String)> = Vec::new();
    for instruction in &file.instructions {
        expand_instruction(text, &lexer, instruction, &mut env);
    }
}

fn expand_instruction(
    text: &str,
    lexer: &Lexer,
    instruction: &Instruction,
    env: &mut Vec<(String, String)>,
) {
    expand(lexer, &instruction.args, env);
    for flag in &instruction.flags {
        if let Some(value) = &flag.value {
            expand(lexer, &value.value, env);
        }
    }
    for heredoc in instruction.heredocs.iter().filter(|heredoc| heredoc.expand) {
        expand(lexer, &heredoc.content(text), env);
    }
    expand_arguments(text, lexer, &instruction.arguments, env);
}

fn expand_arguments(
    text: &str,
    lexer: &Lexer,
    arguments: &Arguments,
    env: &mut Vec<(String, String)>,
) {
    let words = |words: &[Word], env: &Vec<(String, String)>| {
        for word in words {
            expand(lexer, &word.value, env);
        }
    };
    match arguments {
        Arguments::Exec { elements, .. } => words(elements, env),
        Arguments::Shell { command, .. } => {
            expand(lexer, &command.value, env);
        }
        Arguments::List { words: list, .. } => words(list, env),
        Arguments::Pairs(pairs) => {
            for pair in pairs {
                let key = expand(lexer, &pair.key.value, env).unwrap_or_default();
                let value = expand(lexer, &pair.value.value, env).unwrap_or_default();
                env.push((key, value));
            }
        }
        Arguments::Declarations(declarations) => {
            for declaration in declarations {
                let value = declaration
                    .default
                    .as_ref()
                    .and_then(|default| expand(lexer, &default.value, env))
                    .unwrap_or_default();
                env.push((declaration.name.value.clone(), value));
            }
        }
        Arguments::Healthcheck { command, .. } => expand_arguments(text, lexer, command, env),
        Arguments::Onbuild(inner) => expand_instruction(text, lexer, inner, env),
        Arguments::Empty | Arguments::Unknown(_) | Arguments::Invalid(_) => {}
    }
}

/// The expanded value, or `None` when BuildKit would fail on the word.
fn expand(lexer: &Lexer, word: &str, env: &(impl Env + ?Sized)) -> Option<String> {
    match lexer.expand(word, env) {
        Ok(expanded) => {
            for reference in &expanded.references {
                assert_in(word, reference.range, "variable reference");
                assert_in(word, reference.name_range, "variable name");
            }
            Some(expanded.value)
        }
        Err(error) => {
            assert_in(word, error.range, "expansion error");
            let _ = error.to_string();
            None
        }
    }
}

/// Every rule over the text as a Dockerfile; every fix applies, and its result parses.
fn check(text: &str) {
    let file = SourceFile {
        name: "Dockerfile".to_owned(),
        text: text.to_owned(),
    };
    for finding in check_file(&file) {
        assert_in(text, finding.range, "finding");
        for label in &finding.labels {
            assert_in(text, label.range, "label");
        }
        if let Some(fix) = &finding.fix {
            for edit in &fix.edits {
                assert_in(text, edit.range, "fix edit");
            }
            // Parsing, not checking, the result: checking every fixed text costs findings ×
            // file size, and slows the fuzzer down where findings abound.
            let fixed = fix.apply(text);
            tree_accounts_for_every_byte(&fixed, &parse(&fixed));
        }
    }
}
