//! Port specifications (`"127.0.0.1:8080-8081:80-81/udp"`) read as Docker reads them
//! (go-connections' `nat.ParsePortSpecs`, which compose-go's `ParsePortConfig` calls): one
//! published port per container port, ranges expanded, in the order of the container ports'
//! `port/proto` texts.

/// One port of a specification, as compose-go's `ServicePortConfig` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortConfig {
    pub host_ip: String,
    pub target: u32,
    pub published: String,
    pub protocol: String,
}

fn parse_range(text: &str) -> Option<(u64, u64)> {
    if text.is_empty() {
        return None;
    }
    let number = |t: &str| -> Option<u64> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse::<u64>().ok().filter(|&n| n <= 65_535)
    };
    match text.split_once('-') {
        None => number(text).map(|n| (n, n)),
        Some((start, end)) => {
            let (start, end) = (number(start)?, number(end)?);
            (end >= start).then_some((start, end))
        }
    }
}

/// Whether `text` is an IP address as Go's `net.ParseIP` reads one.
fn is_ip(text: &str) -> bool {
    text.parse::<core::net::IpAddr>().is_ok()
}

/// The ports of one specification, or the reference's message.
pub fn parse_port_spec(raw: &str) -> Result<Vec<PortConfig>, String> {
    let parts: Vec<&str> = raw.split(':').collect();
    let n = parts.len();
    let (ip, host_port, container) = match n {
        1 => (
            String::new(),
            "",
            parts.first().copied().unwrap_or_default(),
        ),
        2 => (
            String::new(),
            parts.first().copied().unwrap_or_default(),
            parts.get(1).copied().unwrap_or_default(),
        ),
        3 => (
            parts.first().copied().unwrap_or_default().to_owned(),
            parts.get(1).copied().unwrap_or_default(),
            parts.get(2).copied().unwrap_or_default(),
        ),
        _ => (
            parts.get(..n - 2).unwrap_or_default().join(":"),
            parts.get(n - 2).copied().unwrap_or_default(),
            parts.get(n - 1).copied().unwrap_or_default(),
        ),
    };
    let (container, proto) = match container.split_once('/') {
        Some((port, proto)) => (port, if proto.is_empty() { "tcp" } else { proto }),
        None => (container, "tcp"),
    };
    let mut ip = ip;
    if ip.starts_with('[') {
        match ip.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            Some(inner) if !inner.contains(['[', ']']) => ip = inner.to_owned(),
            _ => {
                return Err(format!(
                    "invalid IP address {ip}: address {ip}:: missing port in address"
                ));
            }
        }
    }
    if !ip.is_empty() && !is_ip(&ip) {
        return Err(format!("invalid IP address: {ip}"));
    }
    if container.is_empty() {
        return Err(format!("no port specified: {raw}<empty>"));
    }
    let (start, end) =
        parse_range(container).ok_or_else(|| format!("invalid containerPort: {container}"))?;
    let (host_start, host_end) = if host_port.is_empty() {
        (0, 0)
    } else {
        parse_range(host_port).ok_or_else(|| format!("invalid hostPort: {host_port}"))?
    };
    if !host_port.is_empty() && end - start != host_end - host_start && end != start {
        return Err(format!(
            "invalid ranges specified for container and host Ports: {container} and {host_port}"
        ));
    }
    let proto = proto.to_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let mut out: Vec<(String, PortConfig)> = Vec::new();
    let mut host = host_port.to_owned();
    for i in 0..=(end - start) {
        let port = start + i;
        if !host_port.is_empty() {
            host = (host_start + i).to_string();
        }
        if start == end && host_start != host_end {
            host = format!("{host}-{host_end}");
        }
        out.push((
            format!("{port}/{proto}"),
            PortConfig {
                host_ip: ip.clone(),
                target: u32::try_from(port).unwrap_or_default(),
                published: host.clone(),
                protocol: proto.clone(),
            },
        ));
    }
    // The reference groups by `port/proto` text and walks the keys sorted.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out.into_iter().map(|(_, config)| config).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifications_expand_as_docker_reads_them() {
        let ports = parse_port_spec("127.0.0.1:8080-8081:80-81/UDP").unwrap();
        assert_eq!(ports.len(), 2);
        assert_eq!(ports[0].published, "8080");
        assert_eq!(ports[1].target, 81);
        assert_eq!(ports[0].protocol, "udp");
        let ports = parse_port_spec("9000-9010:80").unwrap();
        assert_eq!(ports[0].published, "9000-9010");
        let ports = parse_port_spec("[::1]:80:80").unwrap();
        assert_eq!(ports[0].host_ip, "::1");
        assert!(parse_port_spec("80-79").is_err());
        assert!(parse_port_spec("a:80").is_err());
        // Sorted as texts: 10000/tcp before 9999/tcp.
        let ports = parse_port_spec("9999-10000").unwrap();
        assert_eq!(ports[0].target, 10000);
    }
}
