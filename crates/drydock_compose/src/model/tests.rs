//! The decoders the conformance fixed point cannot reach, because the reference's output is
//! already in their printed form: sizes, durations, shell commands, list forms of mappings,
//! scalars of the wrong type that compose-go converts, and Go's number and string printing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use super::{go, to_json, write_go_json};
use drydock_base::json::Value;
use drydock_yaml::owned::{FileId, Node};

fn dict(yaml: &str) -> Node {
    let stream = drydock_yaml::parse(yaml);
    let document = &stream.documents[0];
    let mut budget = 100_000;
    Node::from_yaml(document, document.root.unwrap(), FileId(0), &mut budget).unwrap()
}

/// The service `s` declared by `body` (YAML indented by four spaces), printed compactly.
fn service(body: &str) -> String {
    let yaml = format!("name: p\nservices:\n  s:\n{body}");
    let model = to_json(&dict(&yaml)).unwrap();
    let s = model.get("services").unwrap().get("s").unwrap().clone();
    compact(&s)
}

/// The error binding `body` as service `s` gives.
fn service_error(body: &str) -> String {
    let yaml = format!("name: p\nservices:\n  s:\n{body}");
    to_json(&dict(&yaml)).unwrap_err().to_string()
}

/// A value printed by Go's printer with the line breaks and indentation taken out.
fn compact(value: &Value) -> String {
    write_go_json(value)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("")
}

const NULLS: &str = r#""command": null,"entrypoint": null"#;

#[test]
fn sizes_follow_go_units() {
    assert_eq!(
        service("    mem_limit: 512m\n    shm_size: 1gb\n    mem_reservation: 100k\n"),
        format!(
            r#"{{{NULLS},"mem_limit": "536870912","mem_reservation": "102400","shm_size": "1073741824"}}"#
        )
    );
    for (text, bytes) in [
        ("512", 512),
        ("1.5KiB", 1536),
        ("2 MB", 2_097_152),
        ("1B", 1),
        ("10", 10),
        ("-1", -1),
    ] {
        let expected = if bytes == 0 {
            String::new()
        } else {
            format!(r#","memswap_limit": "{bytes}""#)
        };
        assert_eq!(
            service(&format!("    memswap_limit: '{text}'\n")),
            format!("{{{NULLS}{expected}}}"),
            "{text}"
        );
    }
    assert_eq!(go::ram_in_bytes("1x").unwrap_err(), "invalid suffix: 'x'");
    assert_eq!(go::ram_in_bytes("m").unwrap_err(), "invalid size: 'm'");
    assert!(service_error("    mem_limit: 12qq\n").contains("services.s.mem_limit"));
}

#[test]
fn durations_print_as_go_does() {
    for (text, printed) in [
        ("90s", "1m30s"),
        ("3600s", "1h0m0s"),
        ("1.5s", "1.5s"),
        ("500ms", "500ms"),
        ("1d", "24h0m0s"),
        ("1h30m", "1h30m0s"),
        ("2us", "2\u{b5}s"),
        ("1.5ms", "1.5ms"),
        ("0", "0s"),
        ("-2m", "-2m0s"),
    ] {
        let nanos = go::parse_duration(text).unwrap();
        assert_eq!(go::duration_string(nanos), printed, "{text}");
    }
    assert!(go::parse_duration("10").is_err());
    assert!(go::parse_duration("1x").is_err());
    assert!(go::parse_duration("").is_err());
}

#[test]
fn healthchecks_bind_their_durations_and_test() {
    let yaml = "name: p\nservices:\n  s:\n    healthcheck:\n      test: curl -f http://localhost\n      interval: 90s\n      start_period: 1m\n      retries: 3\n";
    let model = to_json(&dict(yaml)).unwrap();
    let health = model
        .get("services")
        .and_then(|s| s.get("s"))
        .and_then(|s| s.get("healthcheck"))
        .unwrap();
    assert_eq!(
        compact(health),
        r#"{"test": ["CMD-SHELL","curl -f http://localhost"],"interval": "1m30s","retries": 3,"start_period": "1m0s"}"#
    );
    let yaml = "name: p\nservices:\n  s:\n    healthcheck:\n      interval: 10\n";
    assert!(
        to_json(&dict(yaml))
            .unwrap_err()
            .message
            .contains("missing unit")
    );
}

#[test]
fn cpus_from_strings_and_float32_printing() {
    assert_eq!(
        service("    cpus: '0.5'\n    cpu_percent: 0.1\n"),
        format!(r#"{{"cpu_percent": 0.1,"cpus": 0.5,{NULLS}}}"#)
    );
    assert_eq!(
        service("    deploy:\n      resources:\n        limits:\n          cpus: '0.001'\n"),
        format!(
            r#"{{"deploy": {{"resources": {{"limits": {{"cpus": 0.001}}}},"placement": {{}}}},{NULLS}}}"#
        )
    );
}

#[test]
fn ulimits_single_or_soft_and_hard() {
    assert_eq!(
        service(
            "    ulimits:\n      nproc: 65535\n      nofile:\n        soft: 1024\n        hard: 2048\n"
        ),
        format!(
            r#"{{{NULLS},"ulimits": {{"nofile": {{"soft": 1024,"hard": 2048}},"nproc": 65535}}}}"#
        )
    );
}

#[test]
fn commands_are_split_as_a_shell_would() {
    assert_eq!(
        service(r#"    command: sh -c 'echo "a b"' "c d"\n"#.replace("\\n", "\n").as_str()),
        r#"{"command": ["sh","-c","echo \"a b\"","c d"],"entrypoint": null}"#
    );
    assert_eq!(
        service("    command: []\n    entrypoint: ['a', 'b']\n"),
        r#"{"command": [],"entrypoint": ["a","b"]}"#
    );
    assert_eq!(
        go::shell_words(r"echo a\ b 'c\d' && rm -rf /").unwrap(),
        ["echo", "a b", r"c\d"]
    );
    assert_eq!(go::shell_words("x 2>/dev/null").unwrap(), ["x"]);
    assert_eq!(
        go::shell_words("echo $(date)").unwrap(),
        ["echo", "$(date)"]
    );
    assert!(go::shell_words("echo 'open").is_err());
    assert!(service_error("    command: \"echo 'open\"\n").contains("invalid command line"));
}

#[test]
fn mappings_from_lists_and_maps() {
    assert_eq!(
        service("    environment:\n      - FOO\n      - BAR=1=2\n      - EMPTY=\n"),
        format!(r#"{{{NULLS},"environment": {{"BAR": "1=2","EMPTY": "","FOO": null}}}}"#)
    );
    assert_eq!(
        service(
            "    environment:\n      N: 1\n      F: 1.5\n      B: true\n      U:\n      BIG: 1000000.0\n"
        ),
        format!(
            r#"{{{NULLS},"environment": {{"B": "true","BIG": "1e+06","F": "1.5","N": "1","U": null}}}}"#
        )
    );
    assert_eq!(
        service(
            "    labels:\n      - a=b\n      - c\n    sysctls:\n      - net.core.somaxconn=1024\n"
        ),
        format!(
            r#"{{{NULLS},"labels": {{"a": "b","c": ""}},"sysctls": {{"net.core.somaxconn": "1024"}}}}"#
        )
    );
    assert!(service_error("    environment:\n      - 'FOO =1'\n").contains("trailing space"));
}

#[test]
fn extra_hosts_print_as_a_sorted_list() {
    assert_eq!(
        service(
            "    extra_hosts:\n      - somehost:162.242.195.82\n      - otherhost=[::1]\n      - multi=1.1.1.1,2.2.2.2\n"
        ),
        format!(
            r#"{{{NULLS},"extra_hosts": ["multi=1.1.1.1","multi=2.2.2.2","otherhost=::1","somehost=162.242.195.82"]}}"#
        )
    );
    assert_eq!(
        service("    extra_hosts:\n      b: 10.0.0.1\n      a: ['1.1.1.1', '::1']\n"),
        format!(r#"{{{NULLS},"extra_hosts": ["a=1.1.1.1","a=::1","b=10.0.0.1"]}}"#)
    );
    assert!(service_error("    extra_hosts: ['nohost']\n").contains("missing IP"));
}

#[test]
fn numbers_and_strings_convert_as_compose_go_casts_them() {
    // `expose` numbers become strings, `published` numbers become strings, `target` strings
    // are refused (uint32 has no cast), booleans may be strings.
    assert_eq!(
        service(
            "    expose: [80, '443']\n    ports:\n      - target: 80\n        published: 8080\n    tty: 'yes'\n    privileged: 'false'\n    init: 'true'\n"
        ),
        format!(
            r#"{{{NULLS},"init": true,"expose": ["80","443"],"ports": [{{"target": 80,"published": "8080"}}],"tty": true}}"#
        )
    );
    assert!(service_error("    ports:\n      - target: '80'\n").contains("uint32"));
    assert!(service_error("    tty: maybe\n").contains("invalid boolean"));
    assert!(service_error("    image: true\n").contains("services.s.image"));
    assert_eq!(
        service("    scale: '3'\n    pids_limit: 2.9\n"),
        format!(r#"{{"scale": 3,{NULLS},"pids_limit": 2}}"#)
    );
}

#[test]
fn file_modes_print_in_octal() {
    assert_eq!(
        service(
            "    secrets:\n      - source: a\n        mode: 0440\n      - source: b\n        mode: 288\n"
        ),
        format!(
            r#"{{{NULLS},"secrets": [{{"source": "a","mode": "0440"}},{{"source": "b","mode": "0440"}}]}}"#
        )
    );
}

#[test]
fn resources_and_top_level() {
    let yaml = "name: p\nx-b: {z: 1, a: [1.5, null]}\nservices: {}\nsecrets:\n  s:\n    content: hidden\nconfigs:\n  c:\n    content: shown\n  e:\n    environment: E\n    content: from-env\nnetworks:\n  n:\n    external: 'yes'\nvolumes: {}\n";
    let model = to_json(&dict(yaml)).unwrap();
    assert_eq!(
        compact(&model),
        r#"{"configs": {"c": {"content": "shown"},"e": {"environment": "E"}},"name": "p","networks": {"n": {"ipam": {},"external": true}},"secrets": {"s": {}},"services": {},"x-b": {"a": [1.5,null],"z": 1}}"#
    );
}

#[test]
fn watch_triggers_read_the_legacy_initial_sync() {
    assert_eq!(
        service(
            "    develop:\n      watch:\n        - path: /a\n          action: sync\n          x-initialSync: true\n"
        ),
        format!(
            r#"{{"develop": {{"watch": [{{"path": "/a","action": "sync","exec": {{"command": null}},"initial_sync": true}}]}},{NULLS}}}"#
        )
    );
}

#[test]
fn ssh_keys_with_paths_cannot_be_printed() {
    assert_eq!(
        service("    build:\n      context: .\n      ssh: [default]\n"),
        format!(r#"{{{NULLS},"build": {{"context": ".","ssh": ["default"]}}}}"#)
    );
    assert!(
        service_error("    build:\n      context: .\n      ssh:\n        default: /key\n")
            .contains("json: error calling MarshalJSON for type types.SSHKey")
    );
}

#[test]
fn go_prints_numbers_and_strings_its_way() {
    assert_eq!(go::json_number(1e21), "1e+21");
    assert_eq!(go::json_number(1e20), "100000000000000000000");
    assert_eq!(go::json_number(0.000_000_1), "1e-7");
    assert_eq!(go::json_number(0.000_001), "0.000001");
    assert_eq!(go::json_number(-2.5), "-2.5");
    assert_eq!(go::sprint_float(1e6), "1e+06");
    assert_eq!(go::sprint_float(123_456.0), "123456");
    assert_eq!(go::sprint_float(0.000_01), "1e-05");
    assert_eq!(go::sprint_float(0.5), "0.5");
    let mut out = String::new();
    go::write_json_string(&mut out, "a<b>&c\u{2028}\u{1}\u{8}\n\"\\é");
    assert_eq!(out, r#""a\u003cb\u003e\u0026c\u2028\u0001\b\n\"\\é""#);
    let value = Value::Object(vec![
        ("a".to_owned(), Value::Array(vec![])),
        ("b".to_owned(), Value::Object(vec![])),
        (
            "c".to_owned(),
            Value::Array(vec![Value::Number(1.0), Value::Null]),
        ),
    ]);
    assert_eq!(
        write_go_json(&value),
        "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    null\n  ]\n}"
    );
}

#[test]
fn refusals_name_where_they_are() {
    let error = to_json(&dict(
        "name: p\nservices:\n  s:\n    ports:\n      - target: -1\n",
    ))
    .unwrap_err();
    assert_eq!(error.path, "services.s.ports[0].target");
    assert!(error.origin.is_some());
    assert!(to_json(&dict("- a")).is_err());
    assert!(to_json(&dict("name: p\nservices: [a]\n")).is_err());
}
