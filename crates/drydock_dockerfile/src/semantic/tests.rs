//! The semantic layer through one helper: a Dockerfile in, a one-line-per-fact summary out.

use super::*;
use crate::parse;
use drydock_base::text::LineIndex;

/// Summarises stages, then each instruction (line, keyword, the variables visible before it,
/// expanded words that changed, unset references with their source text), then references.
fn check(input: &str, expected: &str) {
    let tree = parse(input);
    let semantic = analyze(input, &tree);
    let index = LineIndex::new(input);
    let mut out = Vec::new();
    for stage in &semantic.stages {
        let base = match &stage.base {
            Base::Scratch => "scratch".to_owned(),
            Base::Stage(i) => format!("stage {i}"),
            Base::Image(image) => format!(
                "image {}|{}|{}|{}",
                image.registry.as_deref().unwrap_or("-"),
                image.repository,
                image.tag.as_deref().unwrap_or("-"),
                image.digest.as_deref().unwrap_or("-")
            ),
            Base::Invalid(message) => format!("invalid: {message}"),
        };
        let mut line = format!(
            "stage {} {}: {base} [{}..{})",
            stage.index,
            stage.name.as_deref().unwrap_or("-"),
            stage.from,
            stage.end
        );
        if let Some(platform) = &stage.platform_expanded {
            line.push_str(&format!(" platform={}", platform.value));
        }
        out.push(line);
    }
    for (i, (instruction, info)) in tree
        .instructions
        .iter()
        .zip(&semantic.instructions)
        .enumerate()
    {
        let env = semantic.env(i);
        let vars: Vec<String> = env
            .bindings()
            .iter()
            .filter(|b| b.kind != BindingKind::Automatic)
            .map(|b| match &b.value {
                Some(v) => format!("{}={v}", b.name),
                None => b.name.clone(),
            })
            .collect();
        let mut line = format!(
            "{}: {} [{}]",
            index.position(instruction.range.start).line,
            instruction.keyword_text,
            vars.join(" ")
        );
        for word in &info.words {
            if word.raw != word.value {
                line.push_str(&format!(" {}→{}", word.raw, word.value));
            }
            for reference in word.references.iter().filter(|r| !r.set) {
                line.push_str(&format!(" -{}", reference.range.slice(input)));
            }
        }
        for (what, at) in [
            ("shell", info.shell),
            ("user", info.user),
            ("workdir", info.workdir),
        ] {
            if let Some(at) = at {
                line.push_str(&format!(" {what}@{}", at));
            }
        }
        out.push(line);
    }
    for reference in &semantic.references {
        let target = match &reference.target {
            Target::Stage(i) => format!("stage {i}"),
            Target::MissingIndex(i) => format!("missing index {i}"),
            Target::Image(image) => format!("image {}", image.text),
            Target::Invalid(message) => format!("invalid: {message}"),
        };
        out.push(format!(
            "ref {:?} {:?} {} -> {target}",
            reference.kind,
            reference.range.slice(input),
            reference.value
        ));
    }
    let got = out.join("\n");
    assert_eq!(got.trim(), expected.trim(), "\n--- got ---\n{got}\n");
}

#[test]
fn stages_and_bases() {
    check(
        "FROM node:20 AS Build\nFROM build\nFROM scratch\nFROM ghcr.io/o/app@sha256:0123456789abcdef0123456789abcdef\nFROM Build\n",
        "
stage 0 build: image -|node|20|- [0..1)
stage 1 -: stage 0 [1..2)
stage 2 -: scratch [2..3)
stage 3 -: image ghcr.io|o/app|-|sha256:0123456789abcdef0123456789abcdef [3..4)
stage 4 -: invalid: invalid reference format: repository name (Build) must be lowercase [4..5)
1: FROM []
2: FROM []
3: FROM []
4: FROM []
5: FROM []
ref From \"build\" build -> stage 0",
    );
}

#[test]
fn global_args_in_from_and_redeclared_in_stage() {
    check(
        "ARG VERSION=20\nARG BASE=node:${VERSION}\nARG EMPTY\nFROM --platform=$BUILDPLATFORM ${BASE}-alpine\nRUN echo $VERSION\nARG VERSION\nARG EMPTY\nARG TARGETARCH\nRUN true\n",
        "
stage 0 -: image -|node|20-alpine|- [3..9) platform=linux/amd64
1: ARG []
2: ARG [VERSION=20] node:${VERSION}→node:20
3: ARG [VERSION=20 BASE=node:20]
4: FROM [VERSION=20 BASE=node:20 EMPTY] $BUILDPLATFORM→linux/amd64 ${BASE}-alpine→node:20-alpine
5: RUN []
6: ARG []
7: ARG [VERSION=20]
8: ARG [VERSION=20 EMPTY]
9: RUN [VERSION=20 EMPTY TARGETARCH=amd64]",
    );
}

#[test]
fn undefined_in_from_and_empty_global_default() {
    check(
        "ARG TAG\nFROM alpine:$TAG\nFROM $MISSING\n",
        "
stage 0 -: invalid: invalid reference format [1..2)
stage 1 -: invalid: base name ($MISSING) should not be blank [2..3)
1: ARG []
2: FROM [TAG] alpine:$TAG→alpine:
3: FROM [TAG] $MISSING→ -$MISSING",
    );
}

#[test]
fn env_sees_values_from_before_it() {
    check(
        "FROM scratch\nENV A=1\nENV A=2 B=$A\nENV C ${B}x \"$A\"\nWORKDIR /w/$C\nLABEL x=$NOPE\n",
        r#"
stage 0 -: scratch [0..6)
1: FROM []
2: ENV []
3: ENV [A=1] $A→1
4: ENV [A=1 A=2 B=1] ${B}x "$A"→1x 2
5: WORKDIR [A=1 A=2 B=1 C=1x 2] /w/$C→/w/1x 2
6: LABEL [A=1 A=2 B=1 C=1x 2] $NOPE→ -$NOPE workdir@4"#,
    );
}

#[test]
fn stage_inherits_env_and_state_from_its_base() {
    check(
        "FROM alpine AS base\nARG A=1\nARG B\nENV E=e\nSHELL [\"/bin/bash\", \"-c\"]\nUSER app\nFROM base\nRUN true\nFROM alpine\nRUN true\n",
        r#"
stage 0 base: image -|alpine|-|- [0..6)
stage 1 -: stage 0 [6..8)
stage 2 -: image -|alpine|-|- [8..10)
1: FROM []
2: ARG []
3: ARG [A=1]
4: ENV [A=1 B]
5: SHELL [A=1 B E=e]
6: USER [A=1 B E=e] shell@4
7: FROM [] shell@4 user@5
8: RUN [A=1 E=e] shell@4 user@5
9: FROM []
10: RUN []
ref From "base" base -> stage 0"#,
    );
}

#[test]
fn copy_from_and_mount_from() {
    check(
        "ARG IMG=busybox\nFROM alpine AS one\nARG IMG\nCOPY --from=two /a /b\nCOPY --from=1 /a /b\nCOPY --from=7 /a /b\nCOPY --from=$IMG /a /b\nRUN --mount=type=bind,from=ONE,target=/x --mount=from=nginx:1,target=/y true\nFROM scratch AS two\n",
        r#"
stage 0 one: image -|alpine|-|- [1..8)
stage 1 two: scratch [8..9)
1: ARG []
2: FROM [IMG=busybox]
3: ARG []
4: COPY [IMG=busybox]
5: COPY [IMG=busybox]
6: COPY [IMG=busybox]
7: COPY [IMG=busybox] $IMG→busybox
8: RUN [IMG=busybox]
9: FROM [IMG=busybox]
ref CopyFrom "two" two -> stage 1
ref CopyFrom "1" 1 -> stage 1
ref CopyFrom "7" 7 -> missing index 7
ref CopyFrom "$IMG" busybox -> image busybox
ref MountFrom "ONE" ONE -> stage 0
ref MountFrom "nginx:1" nginx:1 -> image nginx:1"#,
    );
}

#[test]
fn references_point_into_the_source() {
    let input = "FROM scratch\nCOPY --chown=$USR:$GRP a \\\n  $DEST\n";
    let tree = parse(input);
    let semantic = analyze(input, &tree);
    let unset: Vec<&str> = semantic.instructions[1]
        .words
        .iter()
        .flat_map(|w| w.references.iter())
        .filter(|r| !r.set)
        .map(|r| r.name_range.slice(input))
        .collect();
    assert_eq!(unset, ["USR", "GRP", "DEST"]);
    assert_eq!(semantic.final_stage().map(|s| s.index), Some(0));
    assert_eq!(semantic.reachable_from_final(), [0]);
}

#[test]
fn reachability_follows_bases_and_copies() {
    let input = "FROM alpine AS a\nFROM alpine AS b\nFROM a AS c\nCOPY --from=b / /\nFROM alpine AS unused\nFROM c\n";
    let tree = parse(input);
    let semantic = analyze(input, &tree);
    assert_eq!(semantic.reachable_from_final(), [0, 1, 2, 4]);
    assert!(!semantic.base_env_known(2));
    assert_eq!(semantic.root_stage(4).map(|s| s.index), Some(0));
}
