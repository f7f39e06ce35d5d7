//! Sprig's collection functions run in templates, against what Helm v4 prints.

use crate::template::{Funcs, Host, MapType, Templates, Tree, Value};

struct NoHost;

impl Host for NoHost {
    fn parse(&self, name: &str, text: &str, funcs: &Funcs) -> Result<Vec<Tree>, String> {
        crate::template::parse(name, text, &|f| funcs.contains_key(f)).map_err(|e| e.to_string())
    }
}

/// Runs `text` with `.Values` read from `values` (YAML), as Helm's top-level dot.
fn run(text: &str, values: &str) -> Result<String, String> {
    let funcs = crate::funcs::all();
    let trees =
        crate::template::parse("t", text, &|f| funcs.contains_key(f)).map_err(|e| e.to_string())?;
    let mut templates = Templates::default();
    templates.add(trees);
    let values = match crate::values::parse_yaml(values)? {
        Value::Map(map, _) => map,
        _ => crate::template::MapRef::default(),
    };
    let mut top = crate::template::Map::new();
    top.insert("Values".to_owned(), Value::Map(values, MapType::Values));
    let dot = Value::Map(crate::template::MapRef::new(top), MapType::Values);
    let mut out = String::new();
    crate::template::execute(&templates, &funcs, &NoHost, "t", &dot, &mut out)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn ok(text: &str) -> String {
    run(text, "").unwrap_or_else(|e| format!("ERROR: {e}"))
}

fn ok_with(text: &str, values: &str) -> String {
    run(text, values).unwrap_or_else(|e| format!("ERROR: {e}"))
}

/// The message after `error calling NAME: `.
fn err(text: &str) -> String {
    match run(text, "") {
        Ok(out) => format!("no error: {out}"),
        Err(e) => e
            .split_once("error calling ")
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or(e),
    }
}

#[test]
fn lists_are_built_and_read() {
    assert_eq!(ok(r#"{{ list 1 "a" true | toJson }}"#), r#"[1,"a",true]"#);
    assert_eq!(ok(r#"{{ tuple | toJson }}"#), "[]");
    assert_eq!(ok("{{ list 1 2 3 | first }}"), "1");
    assert_eq!(ok("{{ list 1 2 3 | last }}"), "3");
    assert_eq!(ok("{{ list 1 2 3 | rest | toJson }}"), "[2,3]");
    assert_eq!(ok("{{ list 1 2 3 | initial | toJson }}"), "[1,2]");
    // Go's nil slice: a list to functions, null to toJson.
    assert_eq!(ok("{{ list | rest | toJson }}"), "null");
    assert_eq!(ok("{{ concat (list) (list) | mustUniq | toJson }}"), "[]");
    assert_eq!(ok("{{ list | first | quote }}"), "");
    assert_eq!(ok("{{ append (list 1) 2 | toJson }}"), "[1,2]");
    assert_eq!(ok("{{ prepend (list 1) 2 | toJson }}"), "[2,1]");
    assert_eq!(ok("{{ concat (list 1) (list 2 3) | toJson }}"), "[1,2,3]");
    assert_eq!(ok("{{ concat (list) | toJson }}"), "null");
    assert_eq!(ok("{{ reverse (list 1 2 3) | toJson }}"), "[3,2,1]");
    assert_eq!(
        ok(r#"{{ compact (list 1 "" 0 "a" false nil (list)) | toJson }}"#),
        r#"[1,"a"]"#
    );
}

#[test]
fn list_functions_fail_as_sprig_does() {
    assert_eq!(
        err(r#"{{ mustFirst "x" }}"#),
        "mustFirst: Cannot find first on type string"
    );
    assert_eq!(
        err(r#"{{ first (dict) }}"#),
        "first: Cannot find first on type map"
    );
    assert_eq!(
        err("{{ first nil }}"),
        "first: runtime error: invalid memory address or nil pointer dereference"
    );
    assert_eq!(err("{{ push 1 2 }}"), "push: Cannot push on type int");
    assert_eq!(
        err("{{ prepend 1.5 2 }}"),
        "prepend: Cannot prepend on type float64"
    );
    assert_eq!(
        err(r#"{{ concat (list 1) "x" }}"#),
        "concat: Cannot concat type string as list"
    );
    assert_eq!(
        err(r#"{{ slice "abcdef" 1 3 }}"#),
        "slice: list should be type of slice or array but string"
    );
    assert_eq!(
        err("{{ reverse true }}"),
        "reverse: Cannot find reverse on type bool"
    );
    assert_eq!(ok("{{ has 1 nil }}"), "false");
    assert_eq!(err("{{ has 1 2 }}"), "has: Cannot find has on type int");
}

#[test]
fn uniq_without_has_compare_deeply() {
    assert_eq!(
        ok(r#"{{ uniq (list "a" "b" "a" 1 1.0 1 (list 1) (list 1)) | toJson }}"#),
        r#"["a","b",1,1,[1]]"#
    );
    assert_eq!(
        ok(r#"{{ without (list "a" "b" "c" 1) "a" "c" 1.0 | toJson }}"#),
        r#"["b",1]"#
    );
    assert_eq!(ok("{{ has 1 (list 1 2) }}"), "true");
    assert_eq!(ok("{{ has 1 .Values.nums }}"), "false");
    assert_eq!(ok_with("{{ has 1 .Values.nums }}", "nums: [1]"), "false");
    assert_eq!(ok_with("{{ has 1.0 .Values.nums }}", "nums: [1]"), "true");
    assert_eq!(
        ok(r#"{{ has (dict "a" (list 1)) (list (dict "a" (list 1))) }}"#),
        "true"
    );
}

#[test]
fn slice_takes_go_bounds() {
    assert_eq!(ok("{{ slice (list 1 2 3 4 5) 1 3 | toJson }}"), "[2,3]");
    assert_eq!(ok("{{ slice (list 1 2 3) | toJson }}"), "[1,2,3]");
    assert_eq!(ok("{{ slice (list 1 2 3) 1 | toJson }}"), "[2,3]");
    assert_eq!(ok(r#"{{ slice (list 1 2 3) "1" "2.0" | toJson }}"#), "[2]");
    assert_eq!(ok("{{ slice (until 3) 1 | typeOf }}"), "[]int");
    assert_eq!(ok("{{ slice (list) 5 9 | toJson }}"), "null");
    assert_eq!(
        err("{{ slice (list 1 2 3) 2 5 }}"),
        "slice: reflect.Value.Slice: slice index out of bounds"
    );
    assert_eq!(
        err("{{ slice (list 1 2 3) 2 1 }}"),
        "slice: reflect.Value.Slice: slice index out of bounds"
    );
}

#[test]
fn chunk_follows_sprigs_arithmetic() {
    assert_eq!(
        ok("{{ chunk 2 (list 1 2 3 4 5) | toJson }}"),
        "[[1,2],[3,4],[5]]"
    );
    assert_eq!(ok("{{ chunk 2 (list) | toJson }}"), "[]");
    assert_eq!(ok("{{ chunk 5 (list 1 2) | toJson }}"), "[[1,2]]");
    assert_eq!(
        err("{{ chunk 0 (list 1 2) }}"),
        "chunk: runtime error: makeslice: len out of range"
    );
    assert_eq!(ok("{{ chunk -3 (list 1 2 3) | toJson }}"), "[]");
    assert_eq!(ok("{{ chunk -3 (list 1) | toJson }}"), "[[1]]");
    assert_eq!(
        err("{{ chunk -1 (list 1 2 3) }}"),
        "chunk: runtime error: makeslice: len out of range"
    );
    assert_eq!(err("{{ chunk 2 3 }}"), "chunk: Cannot chunk type int");
}

#[test]
fn sequences_are_go_ints() {
    assert_eq!(ok("{{ until 3 | toJson }}"), "[0,1,2]");
    assert_eq!(ok("{{ until -3 | toJson }}"), "[0,-1,-2]");
    assert_eq!(ok("{{ until 3 | typeOf }}"), "[]int");
    assert_eq!(ok("{{ untilStep 1 10 3 | toJson }}"), "[1,4,7]");
    assert_eq!(ok("{{ untilStep 5 0 -2 | toJson }}"), "[5,3,1]");
    assert_eq!(ok("{{ untilStep 0 5 -1 | toJson }}"), "[]");
    assert_eq!(ok("{{ seq 3 }}"), "1 2 3");
    assert_eq!(ok("{{ seq 0 }}"), "1 0");
    assert_eq!(ok("{{ seq 2 5 }}"), "2 3 4 5");
    assert_eq!(ok("{{ seq 0 2 6 }}"), "0 2 4 6");
    assert_eq!(ok("{{ seq 5 1 }}"), "5 4 3 2 1");
    assert_eq!(ok("{{ seq 5 1 1 }}"), "");
    assert_eq!(ok("{{ seq 5 -2 1 }}"), "5 3 1");
    assert_eq!(ok("{{ seq }}"), "");
    assert!(err("{{ until 1000000000000 }}").contains("more than"));
    assert!(err("{{ seq 0 9223372036854775806 }}").contains("more than"));
}

#[test]
fn dicts_are_built_and_read() {
    assert_eq!(
        ok(r#"{{ dict "b" 1 "a" "x" | toJson }}"#),
        r#"{"a":"x","b":1}"#
    );
    assert_eq!(ok(r#"{{ dict "odd" | toJson }}"#), r#"{"odd":""}"#);
    assert_eq!(
        ok(r#"{{ dict 1 2 nil 3 | toJson }}"#),
        r#"{"1":2,"\u003cnil\u003e":3}"#
    );
    assert_eq!(ok(r#"{{ get (dict "a" 1) "a" }}"#), "1");
    assert_eq!(ok(r#"{{ get (dict "a" 1) "b" | quote }}"#), r#""""#);
    assert_eq!(ok(r#"{{ hasKey (dict "a" nil) "a" }}"#), "true");
    assert_eq!(
        ok(r#"{{ set (dict "a" 1) "b" 2 | toJson }}"#),
        r#"{"a":1,"b":2}"#
    );
    assert_eq!(ok(r#"{{ unset (dict "a" 1) "a" | toJson }}"#), "{}");
    assert_eq!(
        err(r#"{{ set nil "a" 1 }}"#),
        "set: assignment to entry in nil map"
    );
    assert_eq!(
        ok(r#"{{ pluck "k" (dict "k" 1) (dict "x" 2) (dict "k" 3) | toJson }}"#),
        "[1,3]"
    );
    assert_eq!(
        ok(r#"{{ keys (dict "b" 1 "a" 2) (dict "c" 3) | toJson }}"#),
        r#"["a","b","c"]"#
    );
    assert_eq!(ok(r#"{{ keys (dict) | typeOf }}"#), "[]string");
    assert_eq!(ok(r#"{{ values (dict "b" 1 "a" 2) | toJson }}"#), "[2,1]");
    assert_eq!(
        ok(r#"{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" "z" | toJson }}"#),
        r#"{"a":1,"c":3}"#
    );
    assert_eq!(
        ok(r#"{{ omit (dict "a" 1 "b" 2 "c" 3) "a" | toJson }}"#),
        r#"{"b":2,"c":3}"#
    );
}

#[test]
fn dig_wants_go_maps() {
    let values = "a: {b: {c: found, z: null}}";
    assert_eq!(
        ok_with(r#"{{ dig "b" "c" "default" .Values.a }}"#, values),
        "found"
    );
    assert_eq!(
        ok_with(r#"{{ dig "x" "y" "default" .Values.a }}"#, values),
        "default"
    );
    assert_eq!(
        ok_with(r#"{{ dig "b" "none" .Values.a | toJson }}"#, values),
        r#"{"c":"found","z":null}"#
    );
    assert!(
        run(r#"{{ dig "a" "default" .Values }}"#, values)
            .err()
            .unwrap_or_default()
            .ends_with(
                "error calling dig: interface conversion: interface {} is common.Values, not map[string]interface {}"
            )
    );
    assert!(
        run(r#"{{ dig "b" "z" "x" "d" .Values.a }}"#, values)
            .err()
            .unwrap_or_default()
            .ends_with("interface conversion: interface {} is nil, not map[string]interface {}")
    );
    assert_eq!(
        err(r#"{{ dig 1 "d" (dict) }}"#),
        "dig: interface conversion: interface {} is int, not string"
    );
    assert_eq!(
        err(r#"{{ dig "d" (dict) }}"#),
        "dig: dig needs at least three arguments"
    );
}

#[test]
fn merge_follows_mergo() {
    assert_eq!(
        ok(
            r#"{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 2)) | toJson }}"#
        ),
        r#"{"a":1,"b":3,"n":{"x":1,"y":2}}"#
    );
    assert_eq!(
        ok(
            r#"{{ mergeOverwrite (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 3 "n" (dict "x" 2 "y" 2)) | toJson }}"#
        ),
        r#"{"a":2,"b":3,"n":{"x":2,"y":2}}"#
    );
    // Empty values are filled; nil values are skipped unless overwriting, which sets even
    // empty values.
    assert_eq!(
        ok(r#"{{ merge (dict "a" "" "b" 0 "c" 5) (dict "a" "x" "b" 1 "c" 0 "d" nil) | toJson }}"#),
        r#"{"a":"x","b":1,"c":5}"#
    );
    assert_eq!(
        ok(r#"{{ mergeOverwrite (dict "a" 1 "c" 5) (dict "a" 0 "d" nil) | toJson }}"#),
        r#"{"a":0,"c":5,"d":null}"#
    );
    // Lists are not merged: the first non-empty one stays.
    assert_eq!(
        ok(r#"{{ merge (dict "l" (list 1)) (dict "l" (list 2 3)) | toJson }}"#),
        r#"{"l":[1]}"#
    );
    assert_eq!(
        ok(r#"{{ merge (dict "l" (list)) (dict "l" (list 2 3)) | toJson }}"#),
        r#"{"l":[2,3]}"#
    );
    // A map does not replace a non-empty scalar, nor a scalar a map.
    assert_eq!(
        ok(
            r#"{{ merge (dict "a" "s" "m" (dict "k" 1)) (dict "a" (dict "k" 1) "m" "s") | toJson }}"#
        ),
        r#"{"a":"s","m":{"k":1}}"#
    );
    assert_eq!(ok("{{ merge nil | toJson }}"), "null");
    assert_eq!(ok(r#"{{ merge nil (dict "a" 1) | toJson }}"#), r#"{"a":1}"#);
    assert_eq!(
        ok_with(
            "{{ merge (dict) .Values.defaults .Values.base | toJson }}",
            "defaults: {a: 1, l: [1]}\nbase: {a: 2, b: 3, l: [2, 3]}"
        ),
        r#"{"a":1,"b":3,"l":[1]}"#
    );
}

#[test]
fn defaults_and_reflection() {
    assert_eq!(ok(r#"{{ coalesce "" 0 nil "x" 1 }}"#), "x");
    assert_eq!(ok(r#"{{ coalesce "" 0 | toJson }}"#), "null");
    assert_eq!(
        ok(r#"{{ all 1 "a" true }} {{ all 1 "" }} {{ all }}"#),
        "true false true"
    );
    assert_eq!(
        ok(r#"{{ any 0 "" 1 }} {{ any 0 "" }} {{ any }}"#),
        "true false false"
    );
    assert_eq!(
        ok(r#"{{ ternary "a" "b" true }} {{ ternary "a" "b" false }}"#),
        "a b"
    );
    assert_eq!(
        ok(r#"{{ empty 0 }} {{ empty (list) }} {{ empty (dict "a" 1) }} {{ empty nil }}"#),
        "true true false true"
    );
    assert_eq!(
        ok("{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf nil }}"),
        "int float64 <nil>"
    );
    assert_eq!(
        ok("{{ typeOf .Values }} {{ kindOf .Values }}"),
        "common.Values map"
    );
    assert_eq!(
        ok(r#"{{ typeIs "int" 1 }} {{ typeIsLike "int" 1 }}"#),
        "true true"
    );
    assert_eq!(
        ok(r#"{{ kindOf nil }} {{ kindIs "slice" (list) }}"#),
        "invalid true"
    );
    assert_eq!(
        ok("{{ deepEqual (list 1 (dict \"a\" 1)) (list 1 (dict \"a\" 1)) }} {{ deepEqual 1 1.0 }}"),
        "true false"
    );
    assert_eq!(
        err("{{ deepCopy nil }}"),
        "deepCopy: reflect: call of reflect.Value.Type on zero Value"
    );
    assert_eq!(
        ok(r#"{{ deepCopy (dict "a" (list 1)) | toJson }}"#),
        r#"{"a":[1]}"#
    );
    assert_eq!(ok("{{ deepCopy .Values | typeOf }}"), "common.Values");
}

#[test]
fn go_int_parsing_as_cast_does() {
    use super::{parse_go_int, to_int, trim_zero_decimal};
    assert_eq!(trim_zero_decimal("10.00"), "10");
    assert_eq!(trim_zero_decimal("10"), "10");
    assert_eq!(trim_zero_decimal("1.5"), "1.5");
    assert_eq!(parse_go_int("0x1f"), Some(31));
    assert_eq!(parse_go_int("010"), Some(8));
    assert_eq!(parse_go_int("1_000"), Some(1000));
    assert_eq!(parse_go_int("1__0"), None);
    assert_eq!(parse_go_int("-9223372036854775808"), Some(i64::MIN));
    assert_eq!(parse_go_int("9223372036854775808"), None);
    assert_eq!(parse_go_int("+-1"), None);
    assert_eq!(to_int(&Value::str("x")), 0);
    assert_eq!(to_int(&Value::Float(-2.7)), -2);
    assert_eq!(to_int(&Value::Bool(true)), 1);
}

#[test]
fn shared_parts_cannot_make_work_explode() {
    // 2^64 elements as a tree, in 64 small lists: each call stops at the step budget.
    let build = "{{ $x := list 1 }}{{ range until 64 }}{{ $x = list $x $x }}{{ end }}";
    assert_eq!(ok(&format!("{build}{{{{ deepEqual $x $x }}}}")), "true");
    for call in [
        "has 1 (list $x)",
        "deepEqual $x (list (index $x 0) (index $x 1))",
    ] {
        assert!(
            err(&format!("{build}{{{{ {call} }}}}")).contains("steps: stopped"),
            "{call}"
        );
    }
    // Two maps built alike but apart: merging one into the other visits each shared part as
    // often as the tree it stands for holds it.
    let dicts = r#"{{ $m := dict "a" 1 }}{{ $n := dict "a" 2 }}{{ range until 64 }}{{ $m = dict "a" $m "b" $m }}{{ $n = dict "a" $n "b" $n }}{{ end }}"#;
    assert!(err(&format!("{dicts}{{{{ $_ := merge $m $n }}}}")).contains("not merged"));
    assert!(err(&format!("{dicts}{{{{ $_ := mergeOverwrite $m $n }}}}")).contains("not merged"));
    // A map merged into itself changes nothing, at once.
    assert_eq!(ok(&format!("{dicts}{{{{ $_ := merge $m $m }}}}ok")), "ok");
}
