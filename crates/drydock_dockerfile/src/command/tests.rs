//! Data-driven cases: each script and the commands found in it, one line per command:
//! `name arg arg… @source-of-name`, nested `sh -c` commands marked with `>`, pipeline members
//! after the first with `|`.

use super::*;
use crate::parse;

fn summary(text: &str) -> String {
    let script = Script::parse(text, &SourceMap::contiguous(0, text.len()));
    render(&script, text)
}

fn render(script: &Script, text: &str) -> String {
    let mut out = Vec::new();
    for c in &script.commands {
        let mut line = String::new();
        if c.nested_shell {
            line.push('>');
        }
        if c.pipe_position > 0 {
            line.push('|');
        }
        line.push_str(&c.name.value);
        for a in &c.args {
            line.push(' ');
            line.push_str(&a.value);
        }
        line.push_str(&format!(" @{:?}", c.name.range.slice(text)));
        out.push(line);
    }
    out.join("\n")
}

#[track_caller]
fn check(text: &str, expected: &str) {
    assert_eq!(summary(text), expected.trim(), "script: {text:?}");
}

#[test]
fn lists_and_pipes() {
    check(
        "apt-get update && apt-get install -y curl || true; echo a | grep a &",
        r#"
apt-get update @"apt-get"
apt-get install -y curl @"apt-get"
true @"true"
echo a @"echo"
|grep a @"grep"
"#,
    );
    let script = Script::parse("a | b |& c", &SourceMap::contiguous(0, 10));
    assert_eq!(script.pipes.len(), 2);
    assert!(
        script
            .commands
            .iter()
            .all(|c| c.pipeline == script.commands[0].pipeline)
    );
}

#[test]
fn quotes_escapes_and_expansions() {
    check(
        r#"echo 'a b' "c $HOME d" e\ f ${X:-y} $(id -u) `date`"#,
        r#"
echo a b c $HOME d e f ${X:-y} $(id -u) `date` @"echo"
id -u @"id"
date @"date"
"#,
    );
    let script = Script::parse("echo \"$x\" y*", &SourceMap::contiguous(0, 12));
    let args = &script.commands[0].args;
    assert!(args[0].quoted && args[0].dynamic);
    assert!(!args[1].quoted && args[1].dynamic);
}

#[test]
fn compound_commands() {
    check(
        "if [ -f x ]; then cd /a; else (cd /b && make); fi; for f in a b; do rm $f; done; \
         while true; do { echo x; }; done; case $x in a|b) ls ;; *) pwd ;; esac; f() { id; }",
        r#"
[ -f x ] @"["
cd /a @"cd"
cd /b @"cd"
make @"make"
rm $f @"rm"
true @"true"
echo x @"echo"
ls @"ls"
pwd @"pwd"
id @"id"
"#,
    );
}

#[test]
fn assignments_wrappers_and_redirections() {
    check(
        "DEBIAN_FRONTEND=noninteractive sudo -E -u root apt-get install x > /dev/null 2>&1 < in",
        r#"apt-get install x @"apt-get""#,
    );
    let script = Script::parse("env A=1 B=2 npm ci", &SourceMap::contiguous(0, 18));
    let c = &script.commands[0];
    assert!(c.is("npm"));
    assert_eq!(c.assignments.len(), 2);
    assert_eq!(c.wrappers[0].value, "env");
    check(
        "/usr/bin/apt-get -qq update",
        r#"/usr/bin/apt-get -qq update @"/usr/bin/apt-get""#,
    );
    assert!(
        Script::parse("/usr/bin/apt-get x", &SourceMap::contiguous(0, 18)).commands[0]
            .is("apt-get")
    );
}

#[test]
fn shell_c_strings_are_scripts() {
    check(
        r#"sh -c 'apt-get update && curl -s x | bash' && bash -ec "cd /x""#,
        r#"
sh -c apt-get update && curl -s x | bash @"sh"
>apt-get update @"apt-get"
>curl -s x @"curl"
>|bash @"bash"
bash -ec cd /x @"bash"
>cd /x @"cd"
"#,
    );
}

#[test]
fn heredocs_in_scripts_are_skipped() {
    check(
        "cat <<EOF > /etc/x\nrm -rf /\nEOF\necho done",
        r#"
cat @"cat"
echo done @"echo"
"#,
    );
    check(
        "cat <<-EOF\n\trm -rf /\n\tEOF\nls",
        r#"
cat @"cat"
ls @"ls"
"#,
    );
}

#[test]
fn comments_and_continuations() {
    check(
        "apt-get install \\\n  curl # comment && rm x\n# whole line\nls",
        r#"
apt-get install curl @"apt-get"
ls @"ls"
"#,
    );
}

#[test]
fn pipefail() {
    let script = Script::parse(
        "set -euxo pipefail; curl x | sh",
        &SourceMap::contiguous(0, 31),
    );
    assert!(script.pipefail_before(script.pipes[0].range.start));
    let script = Script::parse(
        "curl x | sh; set -o pipefail",
        &SourceMap::contiguous(0, 28),
    );
    assert!(!script.pipefail_before(script.pipes[0].range.start));
}

#[test]
fn flags_and_operands() {
    let script = Script::parse(
        "apt-get -t buster-backports install -yq --no-install-recommends=1 a b=1 -- -c",
        &SourceMap::contiguous(0, 77),
    );
    let c = &script.commands[0];
    let flags: Vec<&str> = c.flags().map(|f| f.name).collect();
    assert_eq!(flags, ["t", "y", "q", "no-install-recommends"]);
    let operands: Vec<&str> = c
        .operands(&["t"])
        .iter()
        .map(|w| w.value.as_str())
        .collect();
    assert_eq!(operands, ["install", "a", "b=1", "-c"]);
    assert_eq!(
        c.flag_value(&["t"]).map(|w| w.value.as_str()),
        Some("buster-backports")
    );
}

#[test]
fn odd_input_never_panics_and_stays_linear() {
    for text in [
        "",
        "'",
        "\"",
        "$(",
        "`",
        "(((",
        ")))",
        "${",
        "$((",
        "a |",
        "| a",
        "&&",
        ";;",
        "\\",
        "é ü $'\\'' \"\\",
        "case x in",
        "for",
        "f(",
        "<<",
        "<<EOF",
        "2>",
        "sh -c",
        "sh -c '",
        "a\u{0}b",
        "{ } ( ) ! if then fi",
    ] {
        let _ = summary(text);
    }
    let deep = "$(".repeat(10_000) + &")".repeat(10_000);
    let _ = summary(&deep);
    let nested = "sh -c '".repeat(50);
    let _ = summary(&nested);
    let long = "a && ".repeat(100_000);
    assert_eq!(
        Script::parse(&long, &SourceMap::contiguous(0, long.len()))
            .commands
            .len(),
        100_000
    );
}

fn runs_summary(dockerfile: &str) -> String {
    let tree = parse(dockerfile);
    runs(&tree, dockerfile)
        .iter()
        .map(|run| render(&run.script, dockerfile))
        .collect::<Vec<_>>()
        .join("\n---\n")
}

#[test]
fn runs_map_back_across_continuations() {
    let text = "FROM x\nRUN apt-get update \\\n    && apt-get install \\\n  curl\n";
    let tree = parse(text);
    let all = runs(&tree, text);
    let c = &all[0].script.commands[1];
    assert_eq!(c.args[1].range.slice(text), "curl");
    assert_eq!(c.name.range.slice(text), "apt-get");
    assert_eq!(c.range.slice(text), "apt-get install \\\n  curl",);
}

#[test]
fn runs_exec_form_heredocs_and_shells() {
    assert_eq!(
        runs_summary(
            "FROM x\nRUN [\"sh\", \"-c\", \"cd /x && make\"]\nRUN <<EOF\napt-get update\nEOF\n\
             RUN python3 <<EOF\nimport os\nEOF\nRUN <<-EOT bash\n\tcd /y\n\tEOT\n"
        ),
        r#"sh -c cd /x && make @"\"sh\""
>cd /x @"cd"
>make @"make"
---
apt-get update @"apt-get"
---
python3 @"python3"
---
bash @"bash"
cd /y @"cd""#
    );
    let text = "FROM x\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Item x | y\nFROM y\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n";
    let tree = parse(text);
    let all = runs(&tree, text);
    assert_eq!(all[0].shell.kind, ShellKind::PowerShell);
    assert!(all[0].script.commands.is_empty());
    assert_eq!(all[1].stage, 1);
    assert!(all[1].shell.pipefail);
}

/// Expansions as `name@source` (`?` when guarded), then `= assigned names`.
fn expansions(text: &str) -> String {
    let script = Script::parse(text, &SourceMap::contiguous(0, text.len()));
    let mut out: Vec<String> = script
        .expansions
        .iter()
        .map(|e| {
            format!(
                "{}{}@{}",
                if e.guarded { "?" } else { "" },
                e.name_range.slice(text),
                e.range.slice(text)
            )
        })
        .collect();
    out.push(format!("= {}", script.assigned.join(" ")));
    out.join(" ")
}

#[test]
fn expansions_and_assignments() {
    let cases = [
        ("echo $A \"$B\" '$C' \\$D", "A@$A B@$B = "),
        (
            "echo ${A} ${B:-x} ${C-x} ${D:=x} ${E?m} ${F:+x} ${#G} ${!H} ${I%%.*} ${J:1:2}",
            "A@${A} ?B@${B:-x} ?C@${C-x} ?D@${D:=x} ?E@${E?m} ?F@${F:+x} ?G@${#G} ?H@${!H} \
             I@${I%%.*} J@${J:1:2} = ",
        ),
        ("echo $1 $@ $# ${1} ${#} $$", "= "),
        ("X=1 Y+=2 Z[0]=3 cmd W=4 $V", "V@$V = X Y Z"),
        ("A=$(b=1; echo $c)", "c@$c = b A"),
        ("for f in $L; do echo $f; done", "L@$L f@$f = f"),
        ("select s in a b; do :; done", "= s"),
        ("for ((i=0; i<3; i++)); do echo $i; done", "i@$i = i"),
        ("echo $(( n + 0x1f )) && (( m++ ))", "= n m"),
        ("sh -c 'echo $IN'", "IN@$IN = "),
        ("cat <<EOF\n$BODY\nEOF\necho $AFTER", "AFTER@$AFTER = "),
        ("echo ${UNTERMINATED", "= "),
        ("echo $ ${} ${:-x} $é", "= "),
    ];
    for (text, expected) in cases {
        assert_eq!(expansions(text), expected, "script: {text:?}");
    }
}
