//! Parser tests: each case is a Dockerfile snippet and the expected tree summary, run through
//! [`check`], which also verifies that every non-blank byte of the input belongs to a node.

use super::parse;
use crate::syntax::{Arguments, Dockerfile, Instruction};
use drydock_base::text::TextRange;

/// Parses `input`, compares its summary with `expect` (leading/trailing blank lines and the
/// common indentation ignored), and checks that the tree accounts for every non-blank byte.
#[track_caller]
fn check(input: &str, expect: &str) {
    let file = parse(input);
    let actual = summary(input, &file);
    let expect = dedent(expect);
    assert_eq!(
        actual.trim(),
        expect.trim(),
        "\n--- input ---\n{input}\n--- actual ---\n{actual}"
    );
    accounts_for_every_byte(input, &file);
}

fn dedent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per node, each showing the source text of its range.
fn summary(text: &str, file: &Dockerfile) -> String {
    let s = |r: TextRange| format!("{:?}", r.slice(text));
    let mut out = Vec::new();
    for d in &file.directives {
        out.push(format!(
            "directive {}={}",
            s(d.name_range),
            s(d.value_range)
        ));
    }
    for c in &file.comments {
        out.push(format!("comment {}", s(*c)));
    }
    for i in &file.instructions {
        instruction(text, i, "", &mut out);
    }
    for e in &file.errors {
        out.push(format!("error {} {}", s(e.range), e.message));
    }
    out.join("\n")
}

fn instruction(text: &str, i: &Instruction, indent: &str, out: &mut Vec<String>) {
    let s = |r: TextRange| format!("{:?}", r.slice(text));
    let words = |ws: &mut dyn Iterator<Item = TextRange>| {
        ws.map(|r| r.slice(text).to_owned())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let known = if i.keyword.is_some() {
        ""
    } else {
        " (unknown)"
    };
    out.push(format!("{indent}{}{known}", s(i.keyword_range)));
    for f in &i.flags {
        let value = f.value.as_ref().map(|v| s(v.range)).unwrap_or_default();
        out.push(format!(
            "{indent}  flag {} {}={value}",
            f.text,
            s(f.name.range)
        ));
    }
    if let Some(t) = i.flag_terminator {
        out.push(format!("{indent}  flags end {}", s(t)));
    }
    let line = match &i.arguments {
        Arguments::Empty => "empty".to_owned(),
        Arguments::Exec { range, elements } => format!(
            "exec {} [{}]",
            s(*range),
            elements
                .iter()
                .map(|w| format!("{:?}", w.value))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Arguments::Shell {
            command,
            json_fallback,
        } => format!(
            "shell {}{}",
            s(command.range),
            if json_fallback.is_some() {
                " (JSON fallback)"
            } else {
                ""
            }
        ),
        Arguments::List {
            words: w,
            json_fallback,
        } => format!(
            "list {}{}",
            words(&mut w.iter().map(|w| w.range)),
            if json_fallback.is_some() {
                " (JSON fallback)"
            } else {
                ""
            }
        ),
        Arguments::Pairs(pairs) => format!(
            "pairs {}",
            pairs
                .iter()
                .map(|p| format!(
                    "{}{}{}",
                    p.key.range.slice(text),
                    p.equals.map_or(" ", |e| e.slice(text)),
                    p.value.range.slice(text)
                ))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Arguments::Declarations(ds) => format!(
            "args {}",
            ds.iter()
                .map(|d| match &d.default {
                    Some(v) => format!(
                        "{} default {}",
                        d.name.range.slice(text),
                        v.range.slice(text)
                    ),
                    None => d.name.range.slice(text).to_owned(),
                })
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        Arguments::Healthcheck { kind, command } => {
            format!("healthcheck {} {:?}", s(kind.range), command)
        }
        Arguments::Onbuild(inner) => {
            out.push(format!("{indent}  onbuild"));
            instruction(text, inner, &format!("{indent}    "), out);
            String::new()
        }
        Arguments::Unknown(r) => format!("unknown {}", s(*r)),
        Arguments::Invalid(r) => format!("invalid {}", s(*r)),
    };
    if !line.is_empty() {
        out.push(format!("{indent}  {line}"));
    }
    for h in &i.heredocs {
        out.push(format!(
            "{indent}  heredoc {} fd={} chomp={} expand={} body={} end={}",
            s(h.marker),
            h.file_descriptor,
            h.chomp,
            h.expand,
            s(h.body),
            s(h.terminator)
        ));
    }
    for r in &i.empty_continuation_lines {
        out.push(format!("{indent}  empty continuation line at {}", r.start));
    }
}

/// Every non-blank byte lies in a leaf of the tree.
fn accounts_for_every_byte(text: &str, file: &Dockerfile) {
    let mut leaves: Vec<TextRange> = Vec::new();
    leaves.extend(file.bom);
    leaves.extend(file.directives.iter().map(|d| d.range));
    leaves.extend(file.comments.iter().copied());
    fn walk(i: &Instruction, leaves: &mut Vec<TextRange>) {
        leaves.push(i.keyword_range);
        leaves.extend(i.flags.iter().map(|f| f.range));
        leaves.extend(i.flag_terminator);
        leaves.extend(i.continuations.iter().copied());
        for h in &i.heredocs {
            leaves.extend([h.marker, h.body, h.terminator]);
        }
        arguments(&i.arguments, leaves);
    }
    fn arguments(a: &Arguments, leaves: &mut Vec<TextRange>) {
        match a {
            Arguments::Empty => {}
            Arguments::Exec { range, .. } => leaves.push(*range),
            Arguments::Shell { command, .. } => leaves.push(command.range),
            Arguments::List { words, .. } => leaves.extend(words.iter().map(|w| w.range)),
            Arguments::Pairs(pairs) => {
                for p in pairs {
                    leaves.extend([p.key.range, p.value.range]);
                    leaves.extend(p.equals);
                }
            }
            Arguments::Declarations(ds) => leaves.extend(ds.iter().map(|d| d.word.range)),
            Arguments::Healthcheck { kind, command } => {
                leaves.push(kind.range);
                arguments(command, leaves);
            }
            Arguments::Onbuild(inner) => walk(inner, leaves),
            Arguments::Unknown(r) | Arguments::Invalid(r) => leaves.push(*r),
        }
    }
    for i in &file.instructions {
        walk(i, &mut leaves);
    }
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        assert!(
            leaves.iter().any(|r| r.contains(offset)),
            "byte {offset} ({c:?}) belongs to no node in\n{text}"
        );
    }
}

#[test]
fn directives_only_at_the_top() {
    check(
        "# Syntax = docker/dockerfile:1\n#check=skip=all\n# escape=`\n# syntax=again\nFROM a\n",
        r##"
        directive "Syntax"="docker/dockerfile:1"
        directive "check"="skip=all"
        directive "escape"="`"
        directive "syntax"="again"
        "FROM"
          list a
        error "# syntax=again" only one syntax parser directive can be used
        "##,
    );
    check(
        "# note\n# escape=`\nFROM a\n",
        r##"
        comment "# note"
        comment "# escape=`"
        "FROM"
          list a
        "##,
    );
    check(
        "# escape=x\nFROM a\n",
        r##"
        directive "escape"="x"
        "FROM"
          list a
        error "x" invalid escape token 'x' does not match ` or \
        "##,
    );
}

#[test]
fn bom_crlf_and_case() {
    check(
        "\u{feff}from a\r\nRun echo hi\r\n",
        r##"
        "from"
          list a
        "Run"
          shell "echo hi"
        "##,
    );
}

#[test]
fn continuations() {
    check(
        "RUN one \\  \n  # note\n\n  two \\\n three\nCMD x \\",
        r##"
        comment "# note"
        "RUN"
          shell "one \\  \n  # note\n\n  two \\\n three"
          empty continuation line at 21
        "CMD"
          shell "x"
        "##,
    );
    // An escaped escape character does not continue the line.
    check(
        "RUN a \\\\\nRUN b\n",
        r##"
        "RUN"
          shell "a \\\\"
        "RUN"
          shell "b"
        "##,
    );
    check(
        "# escape=`\nRUN dir c:\\ `\n  && echo\n",
        r##"
        directive "escape"="`"
        "RUN"
          shell "dir c:\\ `\n  && echo"
        "##,
    );
}

#[test]
fn exec_and_shell_forms() {
    check(
        "CMD [\"a\", \"b c\"]\nENTRYPOINT ['a']\nSHELL [\"sh\", \"-c\"] tail\nVOLUME [\"/a\" /b\nRUN []\n",
        r##"
        "CMD"
          exec "[\"a\", \"b c\"]" ["a", "b c"]
        "ENTRYPOINT"
          shell "['a']" (JSON fallback)
        "SHELL"
          exec "[\"sh\", \"-c\"] tail" ["sh", "-c"]
        "VOLUME"
          list ["/a" | /b (JSON fallback)
        "RUN"
          exec "[]" []
        "##,
    );
    // A JSON array of something else than strings is an error for that instruction only.
    check(
        "FROM a\nCMD [\"a\", 1]\nRUN ok\n",
        r##"
        "FROM"
          list a
        "CMD"
          invalid "[\"a\", 1]"
        "RUN"
          shell "ok"
        error "CMD [\"a\", 1]" when using JSON array syntax, arrays must be comprised of strings only
        "##,
    );
}

#[test]
fn flags() {
    check(
        "COPY --from=build --chown=\"a b\" -- --x /y\nRUN --mount=type=cache,target=/c --network none\nCOPY --link\n",
        r##"
        "COPY"
          flag --from=build "from"="build"
          flag --chown=a b "chown"="\"a b\""
          flags end "--"
          list --x | /y
        "RUN"
          flag --mount=type=cache,target=/c "mount"="type=cache,target=/c"
          flag --network "network"=
          shell "none"
        "COPY"
          flag --link "link"=
          empty
        "##,
    );
}

#[test]
fn env_label_arg() {
    check(
        "ENV a=1 b=\"x y\" c=d\\ e\nENV k legacy value\nLABEL \"k\"=v\nARG name\nARG n=\"d\" m\nENV PATH\nENV a=b c\n",
        r##"
        "ENV"
          pairs a=1 | b="x y" | c=d\ e
        "ENV"
          pairs k legacy value
        "LABEL"
          pairs "k"=v
        "ARG"
          args name
        "ARG"
          args n default "d" | m
        "ENV"
          invalid "PATH"
        "ENV"
          invalid "a=b c"
        error "ENV PATH" ENV must have two arguments
        error "ENV a=b c" Syntax error - can't find = in "c". Must be of the form: name=value
        "##,
    );
}

#[test]
fn onbuild_healthcheck_unknown() {
    check(
        "ONBUILD RUN echo hi\nONBUILD\nHEALTHCHECK --interval=5s CMD [\"x\"]\nHEALTHCHECK NONE\nCOPY. /app\n",
        r##"
        "ONBUILD"
          onbuild
            "RUN"
              shell "echo hi"
        "ONBUILD"
          empty
        "HEALTHCHECK"
          flag --interval=5s "interval"="5s"
          healthcheck "CMD" Exec { range: TextRange { start: 58, end: 63 }, elements: [Word { value: "x", range: TextRange { start: 59, end: 62 } }] }
        "HEALTHCHECK"
          healthcheck "NONE" Empty
        "COPY." (unknown)
          unknown "/app"
        "##,
    );
}

#[test]
fn heredocs() {
    check(
        "RUN <<EOF\necho hi\nEOF\nRUN 3<<-'A B' <<\"C\" python3\n\tx\n\tA B\ny\nC\nFROM a\n",
        r##"
        "RUN"
          shell "<<EOF"
          heredoc "<<EOF" fd=0 chomp=false expand=true body="echo hi\n" end="EOF"
        "RUN"
          shell "3<<-'A B' <<\"C\" python3"
          heredoc "3<<-'A B'" fd=3 chomp=true expand=false body="\tx\n" end="\tA B"
          heredoc "<<\"C\"" fd=0 chomp=false expand=false body="y\n" end="C"
        "FROM"
          list a
        "##,
    );
    // Heredocs under ONBUILD and on COPY; none in exec form.
    check(
        "ONBUILD COPY <<a <<b /x\n1\na\n2\nb\nRUN [\"<<EOF\"]\nEOF\n",
        r##"
        "ONBUILD"
          onbuild
            "COPY"
              list <<a | <<b | /x
          heredoc "<<a" fd=0 chomp=false expand=true body="1\n" end="a"
          heredoc "<<b" fd=0 chomp=false expand=true body="2\n" end="b"
        "RUN"
          exec "[\"<<EOF\"]" ["<<EOF"]
        "EOF" (unknown)
          unknown ""
        "##,
    );
    check(
        "FROM a\nRUN <<EOF\nno end\n",
        r##"
        "FROM"
          list a
        "RUN"
          shell "<<EOF"
          heredoc "<<EOF" fd=0 chomp=false expand=true body="no end\n" end=""
        error "<<EOF" unterminated heredoc: no line `EOF` ends it
        "##,
    );
}

#[test]
fn empty_files_are_errors() {
    check("", r##"error "" the file has no instructions"##);
    check(
        "# only\n\n",
        r##"
        comment "# only"
        error "" the file has no instructions
        "##,
    );
}

#[test]
fn never_panics_on_odd_input() {
    for input in [
        "\\",
        "\\\n",
        "RUN \\\n\\\n",
        "ONBUILD ONBUILD ONBUILD",
        "RUN <<",
        "RUN <<\"",
        "CMD [\"\\ud800\"",
        "ENV \u{a0}=\u{85}",
        "COPY --é=ü x",
        "HEALTHCHECK \u{3000}CMD x",
        "# escape=\u{1F600}\nFROM a",
    ] {
        let file = parse(input);
        accounts_for_every_byte(input, &file);
        let _ = crate::dump(&file);
    }
    let deep = format!("{}RUN x", "ONBUILD ".repeat(200));
    let _ = parse(&deep);
}

/// The byte-accounting invariant over the shared corpus, when it is present.
#[test]
fn corpus_trees_account_for_every_byte() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfiles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{} is absent: corpus not checked", dir.display());
        return;
    };
    let mut count = 0;
    for entry in entries.flatten() {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        accounts_for_every_byte(&text, &parse(&text));
        count += 1;
    }
    println!("{count} corpus files: every non-blank byte belongs to a node");
    assert!(count > 800, "expected the whole corpus, read {count} files");
}
