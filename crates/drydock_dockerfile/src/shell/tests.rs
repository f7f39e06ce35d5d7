//! Cases the BuildKit tables leave out: references and their ranges, error messages, options,
//! patterns (from lex_test.go's `TestProcessWithMatches`), Windows and odd input.

use super::{Lexer, Platform};

/// Expands each input and compares a one-line rendering of the outcome:
/// `value | [word,word] | +SET@start..end -UNSET@start..end` (`""` for an empty value), or
/// `error: message @start..end | references`.
fn check(lexer: Lexer, env: &[(&str, &str)], cases: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(input, expected) in cases {
        let (head, references) = match lexer.expand(input, env) {
            Ok(expanded) => (
                format!(
                    "{} | [{}]",
                    if expanded.value.is_empty() {
                        "\"\""
                    } else {
                        &expanded.value
                    },
                    expanded.words.join(",")
                ),
                expanded.references,
            ),
            Err(error) => (
                format!("error: {error} @{}..{}", error.range.start, error.range.end),
                error.references,
            ),
        };
        let references: Vec<String> = references
            .iter()
            .map(|r| {
                let sign = if r.set { '+' } else { '-' };
                format!("{sign}{}@{}..{}", r.name, r.range.start, r.range.end)
            })
            .collect();
        let got = format!("{head} | {}", references.join(" "));
        let got = got.trim_end();
        if got != expected {
            failures.push(format!(
                "{input:?}\n  expected {expected}\n  got      {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const ENV: &[(&str, &str)] = &[
    ("PWD", "/home"),
    ("NULL", ""),
    ("KOREAN", "한국어"),
    ("SPACE", "a  b"),
];

#[test]
fn syntax_edges() {
    check(
        Lexer::default(),
        ENV,
        &[
            ("$", "$ | [$] |"),
            ("a$", "a$ | [a$] |"),
            ("a\\", "a | [a] |"),
            ("${", "error: syntax error: missing '}' @0..2 |"),
            (
                "${PWD",
                "error: unsupported modifier (\u{fffd}) in substitution @0..5 |",
            ),
            ("${PWD:-x", "error: syntax error: missing '}' @0..8 |"),
            ("${PWD:", "error: syntax error: missing '}' @0..6 |"),
            ("${PWD/x", "error: syntax error: missing '/' in ${} @0..7 |"),
            ("${PWD/x/y", "error: syntax error: missing '}' @0..9 |"),
            ("${}", "error: syntax error: bad substitution @0..2 |"),
            (
                "'$PWD",
                "error: unexpected end of statement while looking for matching single-quote @0..5 |",
            ),
            (
                "\"$PWD",
                "error: unexpected end of statement while looking for matching double-quote @0..5 | +PWD@1..5",
            ),
            (
                "\"a\\",
                "error: unexpected end of statement while looking for matching double-quote @0..3 |",
            ),
            (
                "${PWD:=x}",
                "error: unsupported modifier (:=) in substitution @0..9 | +PWD@0..9",
            ),
            (
                "${PWD:#x}",
                "error: unsupported modifier (:#) in substitution @0..7 |",
            ),
            (
                "${PWD.}",
                "error: unsupported modifier (.) in substitution @0..6 |",
            ),
            ("${a:-${b}}", "\"\" | [] | -b@5..9 -a@0..10"),
            (
                "${NULL:-${PWD}}",
                "/home | [/home] | +PWD@8..14 +NULL@0..15",
            ),
            ("${a:-${b?oops}}", "error: b: oops @5..14 | -b@5..14"),
            ("$1x${#}", "x | [x] | -1@0..2 -#@3..7"),
        ],
    );
}

#[test]
fn required_variables() {
    check(
        Lexer::default(),
        ENV,
        &[
            ("${NULL?}", "\"\" | [] | +NULL@0..8"),
            (
                "${NULL:?}",
                "error: NULL: is not allowed to be empty @0..9 | +NULL@0..9",
            ),
            (
                "${XXX?}",
                "error: XXX: is not allowed to be unset @0..7 | -XXX@0..7",
            ),
            (
                "${XXX:?must set $PWD}",
                "error: XXX: must set /home @0..21 | +PWD@16..20 -XXX@0..21",
            ),
            ("${PWD:?x}", "/home | [/home] | +PWD@0..9"),
        ],
    );
}

#[test]
fn non_ascii() {
    check(
        Lexer::default(),
        ENV,
        &[
            ("안녕$KOREAN", "안녕한국어 | [안녕한국어] | +KOREAN@6..13"),
            ("${KOREAN#한}", "국어 | [국어] | +KOREAN@0..13"),
            ("${KOREAN%?}", "한국 | [한국] | +KOREAN@0..11"),
            ("\u{feff}$PWD", "/home | [/home] | +PWD@3..7"),
            ("a\u{feff}", "a\u{feff} | [a\u{feff}] |"),
            ("$한국어", "\"\" | [] | -한국어@0..10"),
        ],
    );
}

#[test]
fn word_splitting() {
    check(
        Lexer::default(),
        ENV,
        &[
            ("x${SPACE}y", "xa  by | [xa,by] | +SPACE@1..9"),
            ("x\"${SPACE}\"y", "xa  by | [xa  by] | +SPACE@2..10"),
            ("\"\" \"\"", "  | [] |"),
            ("a\\ b c", "a b c | [a b,c] |"),
            ("${NULL:-\"a b\"} c", "a b c | [a,b,c] | +NULL@0..14"),
        ],
    );
}

#[test]
fn patterns() {
    let env = &[
        ("FOO", "xxyy"),
        ("Q", "???y"),
        ("STARS", "a***yy*"),
        ("PATH", "/foo*/*/*.txt"),
        ("NEEDLE", "\\*/"),
        ("URL", "http://google.de"),
        ("EMPTY", ""),
    ];
    check(
        Lexer::default(),
        env,
        &[
            ("${FOO#*x*y}", "y | [y] | +FOO@0..11"),
            ("${FOO#*}", "xxyy | [xxyy] | +FOO@0..8"),
            ("${FOO##*x}", "yy | [yy] | +FOO@0..10"),
            ("${FOO#}", "xxyy | [xxyy] | +FOO@0..7"),
            ("${FOO%y}", "xxy | [xxy] | +FOO@0..8"),
            ("${FOO%%y*}", "xx | [xx] | +FOO@0..10"),
            ("${FOO%x}", "xxyy | [xxyy] | +FOO@0..8"),
            ("${Q#?\\?}", "?y | [?y] | +Q@0..8"),
            ("${STARS%%\\**\\*}", "a | [a] | +STARS@0..15"),
            ("${FOO#$EMPTY}", "xxyy | [xxyy] | +EMPTY@6..12 +FOO@0..13"),
            (
                "${PATH/$NEEDLE/.}",
                "/foo.*/*.txt | [/foo.*/*.txt] | +NEEDLE@7..14 +PATH@0..17",
            ),
            (
                "${PATH//$NEEDLE/.}",
                "/foo..*.txt | [/foo..*.txt] | +NEEDLE@8..15 +PATH@0..18",
            ),
            (
                "${URL/http:\\/\\//https:\\/\\/}",
                "https:\\/\\/google.de | [https:\\/\\/google.de] | +URL@0..27",
            ),
            ("${FOO//\\//\\/}", "xxyy | [xxyy] | +FOO@0..13"),
            (
                "${FOO/$EMPTY/ww}",
                "wwxxyy | [wwxxyy] | +EMPTY@6..12 +FOO@0..16",
            ),
            ("${FOO///}", "xxyy | [xxyy] | +FOO@0..9"),
            ("${NONE///}", "\"\" | [] | -NONE@0..10"),
            (
                "${FOO//ww}",
                "error: syntax error: missing '/' in ${} @0..10 |",
            ),
            (
                "${FOO#\\x}",
                "error: invalid pattern (\\x) in substitution: invalid escape '\\x' @0..9 | +FOO@0..9",
            ),
            ("${FOO%%\\**}", "xxyy | [xxyy] | +FOO@0..11"),
        ],
    );
}

#[test]
fn windows_ignores_case() {
    let windows = Lexer::default().with_platform(Platform::Windows);
    check(
        windows,
        &[("pwd", "/lower"), ("Path", "C:\\bin")],
        &[
            ("$PWD", "/lower | [/lower] | +PWD@0..4"),
            ("${path}", "C:\\bin | [C:\\bin] | +path@0..7"),
        ],
    );
    check(
        Lexer::default(),
        &[("pwd", "/lower")],
        &[("$PWD", "\"\" | [] | -PWD@0..4")],
    );
    // The later of two spellings wins, as BuildKit's `EnvsFromSlice` keeps the last.
    check(
        windows,
        &[("PWD", "/a"), ("pwd", "/b")],
        &[("$PWD", "/b | [/b] | +PWD@0..4")],
    );
}

#[test]
fn backtick_escape() {
    check(
        Lexer::new('`'),
        ENV,
        &[
            ("a`$PWD", "a$PWD | [a$PWD] |"),
            ("a\\$PWD", "a\\/home | [a\\/home] | +PWD@2..6"),
            ("\"a\\b`\"\"", "a\\b\" | [a\\b\"] |"),
            ("c:\\dir` x", "c:\\dir x | [c:\\dir x] |"),
        ],
    );
}

#[test]
fn options() {
    let keep = Lexer {
        keep_unset: true,
        ..Lexer::default()
    };
    check(
        keep,
        ENV,
        &[
            ("$X${X}", "$X${X} | [$X${X}] | -X@0..2 -X@2..6"),
            (
                "${X:-d}${X/a/b}",
                "${X:-d}${X/a/b} | [${X:-d}${X/a/b}] | -X@0..7 -X@7..15",
            ),
            ("${X//a/b}", "${X/a/b} | [${X/a/b}] | -X@0..9"),
            ("${PWD}", "/home | [/home] | +PWD@0..6"),
        ],
    );
    let raw = Lexer {
        raw_quotes: true,
        raw_escapes: true,
        ..Lexer::default()
    };
    check(
        raw,
        ENV,
        &[
            ("'a'\"b\"", "'a'\"b\" | ['a'\"b\"] |"),
            ("a\\ b", "a\\ b | [a\\ b] |"),
            // lex.go writes a kept escape twice inside double quotes.
            ("\"\\t\"", "\"\\\\t\" | [\"\\\\t\"] |"),
        ],
    );
    let literal = Lexer {
        literal_quotes: true,
        ..Lexer::default()
    };
    check(
        literal,
        ENV,
        &[("'$PWD' \"x", "'/home' \"x | ['/home',\"x] | +PWD@1..5")],
    );
}
