//! The name syntaxes of Kubernetes (`k8s.io/apimachinery/pkg/util/validation`), each returning
//! why a value does not have it, in the words a reader can act on.

/// RFC 1123 label: at most 63 lower-case letters, digits and `-`, starting and ending with a
/// letter or digit (Namespaces, StatefulSets, Service port names).
pub fn dns1123_label(value: &str) -> Result<(), String> {
    if value.len() > 63 {
        return Err(format!("is {} characters long, more than 63", value.len()));
    }
    label_chars(value, false)
}

/// RFC 1035 label: an RFC 1123 label that starts with a letter (Services).
pub fn dns1035_label(value: &str) -> Result<(), String> {
    dns1123_label(value)?;
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        return Err("starts with a digit, and must start with a letter".into());
    }
    Ok(())
}

/// RFC 1123 subdomain: at most 253 characters, labels joined by `.` (most objects).
pub fn dns1123_subdomain(value: &str) -> Result<(), String> {
    if value.len() > 253 {
        return Err(format!("is {} characters long, more than 253", value.len()));
    }
    label_chars(value, true)
}

fn label_chars(value: &str, dots: bool) -> Result<(), String> {
    if value.is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = value.chars().find(|&c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (dots && c == '.'))
    }) {
        let what = if c.is_ascii_uppercase() {
            format!("has the upper-case letter `{c}`")
        } else {
            format!("has the character `{c}`")
        };
        let allowed = if dots {
            "lower-case letters, digits, `-` and `.`"
        } else {
            "lower-case letters, digits and `-`"
        };
        return Err(format!("{what}: only {allowed} are allowed"));
    }
    let parts: Vec<&str> = if dots {
        value.split('.').collect()
    } else {
        vec![value]
    };
    for part in parts {
        let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !alnum(part.chars().next()) || !alnum(part.chars().last()) {
            return Err(if dots {
                "must start and end with a letter or digit (around each `.` too)".into()
            } else {
                "must start and end with a letter or digit".into()
            });
        }
    }
    Ok(())
}

/// A label or annotation key: `[prefix/]name`, the prefix an RFC 1123 subdomain, the name at
/// most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.
pub fn qualified_name(key: &str) -> Result<(), String> {
    let (prefix, name) = match key.split_once('/') {
        Some((prefix, name)) => (Some(prefix), name),
        None => (None, key),
    };
    if let Some(prefix) = prefix {
        if name.contains('/') {
            return Err("has more than one `/`".into());
        }
        dns1123_subdomain(prefix).map_err(|why| format!("has a prefix `{prefix}` that {why}"))?;
    }
    if name.is_empty() {
        return Err("has an empty name".into());
    }
    if name.len() > 63 {
        return Err(format!(
            "has a name of {} characters, more than 63",
            name.len()
        ));
    }
    label_value(name)
}

/// A label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, starting and ending
/// with a letter or digit.
pub fn label_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    if value.len() > 63 {
        return Err(format!("is {} characters long, more than 63", value.len()));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "has the character `{c}`: only letters, digits, `-`, `_` and `.` are allowed"
        ));
    }
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if !alnum(value.chars().next()) || !alnum(value.chars().last()) {
        return Err("must start and end with a letter or digit".into());
    }
    Ok(())
}

/// An IANA service name (container port names, named targetPorts): at most 15 lower-case
/// letters, digits and `-`, with a letter, no `-` at either end and no `--`.
pub fn iana_svc_name(value: &str) -> Result<(), String> {
    if value.len() > 15 {
        return Err(format!("is {} characters long, more than 15", value.len()));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
    {
        return Err(format!(
            "has the character `{c}`: only lower-case letters, digits and `-` are allowed"
        ));
    }
    if !value.chars().any(|c| c.is_ascii_lowercase()) {
        return Err("has no letter".into());
    }
    if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
        return Err("may not start or end with `-` or contain `--`".into());
    }
    Ok(())
}

/// A value Drydock does not judge: a template placeholder (`{{ .Values.name }}`, `${NAME}`,
/// `$(NAME)`, `<name>`, or an upper-case word with `_` such as `PV_NAME` that a tutorial's `sed`
/// or `envsubst` replaces) that a tool fills in before the object reaches the API server. A
/// single upper-case word (`PORT`, `HTTP`) is judged: it is as often a real mistake.
pub fn is_placeholder(value: &str) -> bool {
    let shouted = value.contains('_')
        && value.chars().any(|c| c.is_ascii_uppercase())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    shouted
        || value.contains("{{")
        || value.contains("${")
        || value.contains("$(")
        || value.contains('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntaxes() {
        assert!(dns1123_label("web-1").is_ok());
        assert!(dns1123_label("1web").is_ok());
        assert!(dns1035_label("1web").is_err());
        assert!(dns1123_label("web.app").is_err());
        assert!(dns1123_subdomain("web.app").is_ok());
        assert!(dns1123_subdomain("web..app").is_err());
        assert!(dns1123_subdomain("Web").is_err());
        assert!(dns1123_subdomain("web-").is_err());
        assert!(qualified_name("app.kubernetes.io/name").is_ok());
        assert!(qualified_name("a/b/c").is_err());
        assert!(qualified_name("Example.com/x").is_err());
        assert!(qualified_name("-x").is_err());
        assert!(label_value("").is_ok());
        assert!(label_value("v1.2_3").is_ok());
        assert!(label_value("bad value").is_err());
        assert!(label_value(&"a".repeat(64)).is_err());
        assert!(iana_svc_name("http").is_ok());
        assert!(iana_svc_name("8080").is_err());
        assert!(iana_svc_name("http--x").is_err());
        assert!(iana_svc_name("metrics-endpoint").is_err());
        assert!(is_placeholder("PV_NAME") && is_placeholder("{{ .Values.name }}"));
        assert!(!is_placeholder("Web_API") && !is_placeholder("PORT"));
    }
}
