//! Rules beyond the reference: what `docker compose config` accepts but fails at `up`, or hurts in
//! production. They read the project's files as written (values holding a `$` are left alone: what
//! they become depends on the environment), each finding at the value that causes it, with a fix
//! where the change is mechanical.

use std::collections::BTreeMap;

use drydock_base::rendered::RenderFinding;
use drydock_base::suggest::did_you_mean;
use drydock_base::{Fix, Severity, TextRange};
use drydock_yaml::{Document, NodeId, ScalarKind, ScalarStyle, Stream};

use crate::{literal, rules};

/// One service as a file writes it: its document and its mapping.
struct Service<'s> {
    file: usize,
    name: &'s str,
    document: &'s Document,
    node: NodeId,
}

fn finding(
    rule: &rules::RuleMeta,
    severity: Severity,
    file: usize,
    range: TextRange,
    message: String,
    fix: Option<Fix>,
) -> RenderFinding {
    RenderFinding {
        rule: rule.id.to_owned(),
        severity,
        message,
        file,
        range,
        fix,
    }
}

/// The services of every file, in file order.
fn services<'s>(streams: &[&'s Stream]) -> Vec<Service<'s>> {
    let mut out = Vec::new();
    for (file, stream) in streams.iter().enumerate() {
        for document in &stream.documents {
            out.extend(
                crate::services(document)
                    .into_iter()
                    .map(|(name, node)| Service {
                        file,
                        name,
                        document,
                        node,
                    }),
            );
        }
    }
    out
}

/// The text of `texts[file]` from the start of the line holding `range` through the end of the
/// line its end is on (its line break included): what deleting a whole entry removes.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text
        .get(..range.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |at| at + 1);
    let end = text
        .get(range.end..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |at| range.end + at + 1);
    TextRange::new(start, end)
}

/// Every finding of these rules in the project made of `streams` (texts aligned with them).
pub fn check(streams: &[&Stream], texts: &[&str]) -> Vec<RenderFinding> {
    let mut out = Vec::new();
    for (file, stream) in streams.iter().enumerate() {
        let text = texts.get(file).copied().unwrap_or_default();
        for document in &stream.documents {
            let Some(root) = document.root else { continue };
            if let Some(version) = document.get(root, "version") {
                let range = TextRange::new(
                    document.range(version.key).start,
                    document.range(version.value).end,
                );
                out.push(finding(
                    &rules::obsolete_version::RULE,
                    Severity::Warning,
                    file,
                    range,
                    "`version` is obsolete: Docker Compose ignores it (and says so on every command); the Compose Specification has no versions".to_owned(),
                    Some(Fix::replace("Remove `version`", whole_lines(text, range), "")),
                ));
            }
        }
    }
    let services = services(streams);
    for service in &services {
        per_service(service, &mut out);
    }
    healthy_dependencies(&services, &mut out);
    duplicate_host_ports(&services, &mut out);
    out
}

pub(crate) const RESTART_POLICIES: [&str; 4] = ["no", "always", "on-failure", "unless-stopped"];

fn per_service(service: &Service<'_>, out: &mut Vec<RenderFinding>) {
    let Service {
        file,
        name,
        document,
        node,
    } = *service;
    let value_of = |key: &str| document.get(node, key).map(|entry| entry.value);

    if let Some(restart) = value_of("restart")
        && let Some(policy) = literal(document, restart)
    {
        // An empty policy is Docker's default, `no`.
        let known = policy.is_empty()
            || RESTART_POLICIES.contains(&policy)
            || policy
                .strip_prefix("on-failure:")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !known {
            let range = document.range(restart);
            let suggestion = did_you_mean(policy, RESTART_POLICIES.into_iter());
            out.push(finding(
                &rules::invalid_restart::RULE,
                Severity::Error,
                file,
                range,
                format!(
                    "`{policy}` is not a restart policy{}: `docker compose config` accepts it, but creating the container of service {name:?} fails; the policies are `no`, `always`, `on-failure[:max-retries]` and `unless-stopped`",
                    suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default()
                ),
                suggestion.map(|s| Fix::replace(format!("Replace with `{s}`"), range, s)),
            ));
        }
    }

    if let Some(image) = value_of("image")
        && value_of("build").is_none()
        && let Some(reference) = literal(document, image)
        && !reference.contains('@')
    {
        let last = reference.rsplit('/').next().unwrap_or(reference);
        let tag = last.split_once(':').map(|(_, tag)| tag);
        if tag.is_none_or(|tag| tag == "latest") {
            out.push(finding(
                &rules::image_tag::RULE,
                Severity::Warning,
                file,
                document.range(image),
                format!(
                    "`{reference}` {}: each `docker compose pull` may bring another version, so the same file deploys different code",
                    if tag.is_none() { "has no tag, so it means `latest`" } else { "is tagged `latest`" }
                ),
                None,
            ));
        }
    }

    if let Some(ports) = value_of("ports") {
        for &port in document.items(ports).unwrap_or_default() {
            let Some(scalar) = document.scalar(port) else {
                continue;
            };
            if scalar.style == ScalarStyle::Plain && is_sexagesimal(&scalar.value) {
                let range = document.range(port);
                out.push(finding(
                    &rules::unquoted_port::RULE,
                    Severity::Warning,
                    file,
                    range,
                    format!(
                        "`{}` is not quoted: YAML 1.1 tools (docker-compose v1, PyYAML, many CI linters) read it as a base-60 number, not `HOST:CONTAINER`",
                        scalar.value
                    ),
                    Some(Fix::replace("Quote the port mapping", range, format!("\"{}\"", scalar.value))),
                ));
            }
        }
    }

    if let Some(privileged) = value_of("privileged")
        && document
            .scalar(privileged)
            .is_some_and(|s| s.kind == ScalarKind::Bool(true))
    {
        out.push(finding(
            &rules::privileged::RULE,
            Severity::Warning,
            file,
            document.range(privileged),
            format!("service {name:?} runs privileged: every device and capability of the host, so a process escaping the container owns the host"),
            None,
        ));
    }

    for key in ["network_mode", "pid", "ipc"] {
        if let Some(mode) = value_of(key)
            && literal(document, mode) == Some("host")
        {
            out.push(finding(
                &rules::host_namespace::RULE,
                Severity::Warning,
                file,
                document.range(mode),
                format!(
                    "service {name:?} shares the host's {} namespace (`{key}: host`): its processes see and reach the host's {}",
                    match key { "network_mode" => "network", "pid" => "process", _ => "IPC" },
                    match key { "network_mode" => "interfaces and every port listening on them", "pid" => "processes, and can signal them", _ => "shared memory" },
                ),
                None,
            ));
        }
    }

    if let Some(caps) = value_of("cap_add") {
        for &cap in document.items(caps).unwrap_or_default() {
            if literal(document, cap).is_some_and(|c| c.eq_ignore_ascii_case("ALL")) {
                out.push(finding(
                    &rules::cap_add_all::RULE,
                    Severity::Warning,
                    file,
                    document.range(cap),
                    format!("service {name:?} adds every capability (`cap_add: [ALL]`): nearly as much as `privileged`; add the few it needs"),
                    None,
                ));
            }
        }
    }

    if let Some(volumes) = value_of("volumes") {
        for &volume in document.items(volumes).unwrap_or_default() {
            let source = match document.scalar(volume) {
                Some(_) => literal(document, volume).map(|v| v.split(':').next().unwrap_or(v)),
                None => document
                    .get(volume, "source")
                    .and_then(|e| literal(document, e.value)),
            };
            if source.is_some_and(|s| s.trim_end_matches('/').ends_with("docker.sock")) {
                out.push(finding(
                    &rules::docker_socket::RULE,
                    Severity::Warning,
                    file,
                    document.range(volume),
                    format!("service {name:?} mounts the Docker socket: whoever controls the container controls the Docker daemon, and through it the host"),
                    None,
                ));
            }
        }
    }

    if let Some(volumes) = value_of("volumes") {
        mount_targets(service, volumes, out);
    }

    if let Some(image) = value_of("image").and_then(|i| literal(document, i))
        && let Some(database) = database(image)
        && let Some(ports) = value_of("ports")
    {
        for &item in document.items(ports).unwrap_or_default() {
            let everywhere = published(document, item)
                .iter()
                .any(|(ip, _, _)| ip.is_empty() || ip == "::");
            if !everywhere {
                continue;
            }
            let range = document.range(item);
            // The short syntax takes the address in front: `127.0.0.1:5432:5432`.
            let fix = document.scalar(item).and_then(|scalar| {
                let at = match scalar.style {
                    ScalarStyle::Plain => range.start,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => range.start + 1,
                    _ => return None,
                };
                let text = literal(document, item)?;
                let parts = text.split(':').count();
                (parts == 2).then(|| {
                    Fix::replace(
                        "Publish it on 127.0.0.1 only",
                        TextRange::empty(at),
                        "127.0.0.1:",
                    )
                })
            });
            out.push(finding(
                &rules::database_port_exposed::RULE,
                Severity::Warning,
                file,
                range,
                format!(
                    "service {name:?} ({database}) publishes its port on every interface of the host: the database answers whoever reaches the machine, not only the project's services (which reach it by name without `ports`); publish it on `127.0.0.1`, or not at all"
                ),
                fix,
            ));
        }
    }

    if let Some(environment) = value_of("environment") {
        // (name, value, where): `KEY: value` or `- KEY=value`; a name without a value is left.
        let pairs: Vec<(&str, &str, NodeId)> = match document.entries(environment) {
            Some(entries) => entries
                .iter()
                .filter_map(|e| {
                    let scalar = document.scalar(e.value)?;
                    (scalar.kind != ScalarKind::Null)
                        .then(|| Some((document.key_str(e)?, scalar.value.as_str(), e.value)))?
                })
                .collect(),
            None => document
                .items(environment)
                .unwrap_or_default()
                .iter()
                .filter_map(|&item| {
                    let text = document.scalar(item)?.value.as_str();
                    let (key, value) = text.split_once('=')?;
                    Some((key, value, item))
                })
                .collect(),
        };
        for (key, value, node) in pairs {
            if !is_secret_name(key) {
                continue;
            }
            if value.is_empty() || value.contains('$') {
                continue;
            }
            out.push(finding(
                &rules::secret_in_environment::RULE,
                Severity::Warning,
                file,
                document.range(node),
                format!(
                    "`{key}` of service {name:?} is a secret written in the Compose file: it is kept in version control and shown by `docker inspect` and `docker compose config`; give it through `secrets:` (many images read a `{key}_FILE`), or from a `.env` kept out of version control (`{key}: ${{{key}}}`)"
                ),
                None,
            ));
        }
    }

    if let Some(links) = document.get(node, "links") {
        out.push(finding(
            &rules::links::RULE,
            Severity::Info,
            file,
            document.range(links.key),
            "`links` is a legacy option: services of a project reach each other by name on its network already; `depends_on` orders their start".to_owned(),
            None,
        ));
    }
}

/// The database an image runs, by its repository's last part (`postgres:17`, `bitnami/mysql`,
/// `mcr.microsoft.com/mssql/server`).
fn database(image: &str) -> Option<&'static str> {
    const DATABASES: &[&str] = &[
        "postgres",
        "postgis",
        "timescaledb",
        "mysql",
        "mariadb",
        "percona",
        "mongo",
        "mongodb",
        "redis",
        "valkey",
        "keydb",
        "memcached",
        "elasticsearch",
        "opensearch",
        "cassandra",
        "scylla",
        "couchdb",
        "couchbase",
        "neo4j",
        "influxdb",
        "clickhouse",
        "clickhouse-server",
        "cockroach",
        "rethinkdb",
        "arangodb",
        "etcd",
        "questdb",
        "surrealdb",
    ];
    let last = image.rsplit('/').next().unwrap_or(image);
    let repository = last.split([':', '@']).next().unwrap_or(last);
    if image.contains("mssql") {
        return Some("SQL Server");
    }
    DATABASES
        .iter()
        .copied()
        .find(|d| repository.eq_ignore_ascii_case(d))
}

/// Whether a variable's name says it holds a secret (`POSTGRES_PASSWORD`, `API_TOKEN`), and not
/// the path of a file that does (`…_FILE`).
fn is_secret_name(key: &str) -> bool {
    let upper = key.to_ascii_uppercase();
    !upper.ends_with("_FILE")
        && [
            "PASSWORD",
            "PASSWD",
            "SECRET",
            "TOKEN",
            "API_KEY",
            "APIKEY",
            "PRIVATE_KEY",
            "ACCESS_KEY",
        ]
        .iter()
        .any(|word| upper.contains(word))
}

/// Where a service's `volumes` item mounts in the container: the short syntax's second part (or
/// its only one, an anonymous volume), or the long syntax's `target`.
fn mount_target(document: &Document, item: NodeId) -> Option<&str> {
    match document.scalar(item) {
        Some(_) => {
            let parts = volume_parts(literal(document, item)?);
            parts.get(1).or_else(|| parts.first()).copied()
        }
        None => document
            .get(item, "target")
            .and_then(|entry| literal(document, entry.value)),
    }
}

/// The `:`-separated parts of a short volume, a Windows drive (`C:\\data`, `D:/x`) kept whole
/// as compose-go keeps it.
fn volume_parts(spec: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let bytes = spec.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let drive = at == start + 1
            && bytes.get(start).is_some_and(u8::is_ascii_alphabetic)
            && matches!(bytes.get(at + 1), Some(b'\\' | b'/'));
        if bytes.get(at) == Some(&b':') && !drive {
            parts.push(spec.get(start..at).unwrap_or_default());
            start = at + 1;
        }
        at += 1;
    }
    parts.push(spec.get(start..).unwrap_or_default());
    parts
}

/// A mount target that is not an absolute path, and two mounts on the same target: the container
/// cannot be created (`mount path must be absolute`, `Duplicate mount point`).
fn mount_targets(service: &Service<'_>, volumes: NodeId, out: &mut Vec<RenderFinding>) {
    let Service {
        file,
        name,
        document,
        ..
    } = *service;
    let mut seen: Vec<&str> = Vec::new();
    for &item in document.items(volumes).unwrap_or_default() {
        // An empty spec is the loader's (`invalid empty volume spec`).
        let Some(target) = mount_target(document, item).filter(|target| !target.is_empty()) else {
            continue;
        };
        let range = document.range(item);
        // A Windows container's path (`C:\data`) is absolute too.
        let windows = target.as_bytes().get(1) == Some(&b':');
        if !target.starts_with('/') && !windows {
            out.push(finding(
                &rules::relative_mount_target::RULE,
                Severity::Error,
                file,
                range,
                format!(
                    "`{target}` is not an absolute path: `docker compose config` accepts it, but creating the container of service {name:?} fails (`mount path must be absolute`)"
                ),
                None,
            ));
            continue;
        }
        let normalized = target.trim_end_matches('/');
        if seen.contains(&normalized) {
            out.push(finding(
                &rules::duplicate_mount_target::RULE,
                Severity::Error,
                file,
                range,
                format!(
                    "service {name:?} mounts `{target}` twice: `docker compose config` accepts it, but creating the container fails (`Duplicate mount point`)"
                ),
                None,
            ));
        }
        seen.push(normalized);
    }
}

/// `HOST:CONTAINER` that YAML 1.1 reads as a sexagesimal integer: digits, then `:` and one or two
/// digits below 60, repeated.
fn is_sexagesimal(value: &str) -> bool {
    let mut parts = value.split(':');
    let head = parts.next().unwrap_or_default();
    let mut tail = parts.peekable();
    !head.is_empty()
        && head.bytes().all(|b| b.is_ascii_digit())
        && tail.peek().is_some()
        && tail.all(|part| {
            (1..=2).contains(&part.len())
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u32>().is_ok_and(|n| n < 60)
        })
}

/// A service named in `depends_on` with `condition: service_healthy`, which never becomes healthy
/// without a health check.
fn healthy_dependencies(services: &[Service<'_>], out: &mut Vec<RenderFinding>) {
    // What the project's files say of each service: its health check (disabled or not), built.
    let mut checked: BTreeMap<&str, (bool, bool, bool)> = BTreeMap::new();
    for service in services {
        let entry = checked.entry(service.name).or_default();
        if let Some(health) = service.document.get(service.node, "healthcheck") {
            let disabled = service
                .document
                .get(health.value, "disable")
                .and_then(|d| service.document.scalar(d.value))
                .is_some_and(|s| s.kind == ScalarKind::Bool(true))
                || service
                    .document
                    .get(health.value, "test")
                    .and_then(|t| service.document.items(t.value))
                    .and_then(|items| items.first())
                    .and_then(|first| literal(service.document, *first))
                    == Some("NONE");
            *entry = (true, disabled, entry.2);
        }
        entry.2 |= service.document.get(service.node, "build").is_some();
    }
    for service in services {
        let document = service.document;
        let Some(depends) = document.get(service.node, "depends_on") else {
            continue;
        };
        for dependency in document.entries(depends.value).unwrap_or_default() {
            let Some(target) = document.key_str(dependency) else {
                continue;
            };
            let Some(condition) = document.get(dependency.value, "condition") else {
                continue;
            };
            if literal(document, condition.value) != Some("service_healthy") {
                continue;
            }
            let Some(&(has_check, disabled, built)) = checked.get(target) else {
                continue;
            };
            let (severity, why) = if disabled {
                (
                    Severity::Error,
                    format!(
                        "its health check is disabled, so service {:?} never starts",
                        service.name
                    ),
                )
            } else if !has_check && !built {
                (
                    Severity::Warning,
                    format!(
                        "it has no `healthcheck`: unless its image declares a `HEALTHCHECK`, it never becomes healthy and service {:?} never starts",
                        service.name
                    ),
                )
            } else {
                continue;
            };
            out.push(finding(
                &rules::healthy_dependency_without_healthcheck::RULE,
                severity,
                service.file,
                document.range(condition.value),
                format!(
                    "service {:?} waits for {target:?} to be healthy, but {why}",
                    service.name
                ),
                None,
            ));
        }
    }
}

/// One published host port: the address it binds, the port and the protocol.
type Binding = (String, u32, String);

/// The host ports a `ports` item publishes (none when it publishes no fixed port, or is not a
/// literal): `[IP:]HOST[-HOST]:CONTAINER[-CONTAINER][/PROTOCOL]`, or the long syntax.
fn published(document: &Document, item: NodeId) -> Vec<Binding> {
    let (ip, host, protocol) = if document.scalar(item).is_some() {
        let Some(text) = literal(document, item) else {
            return Vec::new();
        };
        let (spec, protocol) = text.split_once('/').unwrap_or((text, "tcp"));
        // An IPv6 address is bracketed: `[::1]:8080:80`.
        let (ip, rest) = match spec.strip_prefix('[') {
            Some(after) => match after.split_once("]:") {
                Some((ip, rest)) => (ip.to_owned(), rest),
                None => return Vec::new(),
            },
            None => {
                let parts: Vec<&str> = spec.split(':').collect();
                match parts.as_slice() {
                    [_] => return Vec::new(),
                    [_, _] => (String::new(), spec),
                    [ip, ..] => (
                        (*ip).to_owned(),
                        spec.get(ip.len() + 1..).unwrap_or_default(),
                    ),
                    [] => return Vec::new(),
                }
            }
        };
        let Some((host, _)) = rest.split_once(':') else {
            return Vec::new();
        };
        (ip, host.to_owned(), protocol.to_owned())
    } else {
        let host = match document
            .get(item, "published")
            .and_then(|e| document.scalar(e.value))
        {
            Some(scalar) if !scalar.value.contains('$') => scalar.value.clone(),
            _ => return Vec::new(),
        };
        let get = |key: &str, default: &str| {
            document
                .get(item, key)
                .and_then(|e| literal(document, e.value))
                .unwrap_or(default)
                .to_owned()
        };
        (get("host_ip", ""), host, get("protocol", "tcp"))
    };
    let ip = if ip == "0.0.0.0" { String::new() } else { ip };
    let (low, high) = host.split_once('-').unwrap_or((&host, &host));
    let (Ok(low), Ok(high)) = (low.parse::<u32>(), high.parse::<u32>()) else {
        return Vec::new();
    };
    // A range publishes each of its ports; a wide one is not expanded (it is rare, and the bound
    // keeps the check linear).
    if high < low || high - low > 1024 {
        return Vec::new();
    }
    (low..=high)
        .map(|port| (ip.clone(), port, protocol.to_ascii_lowercase()))
        .collect()
}

/// The same host port published by two services (on the same address, or one on every address):
/// the second container fails to start (`port is already allocated`).
fn duplicate_host_ports(services: &[Service<'_>], out: &mut Vec<RenderFinding>) {
    let mut taken: BTreeMap<(u32, String), Vec<(String, &str)>> = BTreeMap::new();
    for service in services {
        let document = service.document;
        let Some(ports) = document.get(service.node, "ports") else {
            continue;
        };
        for &item in document.items(ports.value).unwrap_or_default() {
            let mut reported = false;
            for (ip, port, protocol) in published(document, item) {
                let owners = taken.entry((port, protocol.clone())).or_default();
                let clash = owners.iter().find(|(other_ip, other)| {
                    *other != service.name
                        && (other_ip.is_empty() || ip.is_empty() || *other_ip == ip)
                });
                if let Some((_, other)) = clash
                    && !reported
                {
                    reported = true;
                    out.push(finding(
                        &rules::duplicate_host_port::RULE,
                        Severity::Error,
                        service.file,
                        document.range(item),
                        format!(
                            "host port {port}/{protocol} is published by service {other:?} too: the second container to start fails (`port is already allocated`)"
                        ),
                        None,
                    ));
                }
                owners.push((ip, service.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_of(text: &str) -> Vec<(String, String)> {
        let stream = drydock_yaml::parse(text);
        check(&[&stream], &[text])
            .into_iter()
            .map(|f| {
                (
                    f.rule,
                    text.get(f.range.start..f.range.end)
                        .unwrap_or("")
                        .to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn each_rule_finds_its_value() {
        let text = "version: \"3.8\"\nservices:\n  web:\n    image: nginx\n    restart: alway\n    ports:\n      - 22:22\n      - \"8080:80\"\n    privileged: true\n    links: [db]\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:17\n    network_mode: host\n    cap_add: [ALL]\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    ports:\n      - \"127.0.0.1:8080:8080\"\n";
        let found = rules_of(text);
        let expected: Vec<(&str, &str)> = vec![
            ("compose/obsolete-version", "version: \"3.8\""),
            ("compose/invalid-restart", "alway"),
            ("compose/image-tag", "nginx"),
            ("compose/unquoted-port", "22:22"),
            ("compose/privileged", "true"),
            ("compose/links", "links"),
            ("compose/host-namespace", "host"),
            ("compose/cap-add-all", "ALL"),
            (
                "compose/docker-socket",
                "/var/run/docker.sock:/var/run/docker.sock",
            ),
            (
                "compose/healthy-dependency-without-healthcheck",
                "service_healthy",
            ),
            ("compose/duplicate-host-port", "\"127.0.0.1:8080:8080\""),
        ];
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn fixes_are_mechanical() {
        let text = "version: '3'\nservices:\n  web:\n    image: nginx:1.27\n    restart: alwasy\n    ports:\n      - 22:22\n";
        let stream = drydock_yaml::parse(text);
        // The fixes' edits are ranges of the original text that never overlap: applied together,
        // they remove `version`, correct the policy and quote the port.
        let all: Vec<_> = check(&[&stream], &[text])
            .into_iter()
            .filter_map(|f| f.fix)
            .flat_map(|f| f.edits)
            .collect();
        let fixed = drydock_base::diagnostic::apply_edits(text, all.iter());
        assert_eq!(
            fixed,
            "services:\n  web:\n    image: nginx:1.27\n    restart: always\n    ports:\n      - \"22:22\"\n"
        );
    }

    #[test]
    fn what_is_fine_is_left_alone() {
        let text = "services:\n  web:\n    build: .\n    image: shop/web\n    restart: \"on-failure:3\"\n    ports:\n      - \"80:80\"\n      - 8080:80\n      - target: 443\n        published: \"8443\"\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: \"postgres:${PG:-17}\"\n    restart: ${RESTART}\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n    ports:\n      - \"127.0.0.1:5432:5432\"\n  other:\n    image: example/proxy:7@sha256:abc\n    ports:\n      - \"127.0.0.2:80:80/udp\"\n      - \"5432:5432/udp\"\n";
        assert_eq!(rules_of(text), Vec::<(String, String)>::new());
        assert!(is_sexagesimal("22:22") && is_sexagesimal("1:2:3") && !is_sexagesimal("8080:80"));
        assert!(!is_sexagesimal("22") && !is_sexagesimal("a:22"));
        assert_eq!(
            volume_parts("C:\\Users\\data:D:\\config:rw"),
            ["C:\\Users\\data", "D:\\config", "rw"]
        );
        assert_eq!(volume_parts("./a:/data:ro"), ["./a", "/data", "ro"]);
        assert_eq!(volume_parts("/data"), ["/data"]);
    }
}
