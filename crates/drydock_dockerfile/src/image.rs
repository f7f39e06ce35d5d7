//! Image references (`registry/repository:tag@digest`), split and checked the way Docker's
//! `distribution/reference.ParseNormalizedNamed` does.

/// An image reference split into its parts. `registry` is `None` for Docker Hub's implicit
/// `docker.io`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The reference as it was after variable expansion.
    pub text: String,
    pub registry: Option<String>,
    /// The path after the registry, as written (`node`, `library/node`, `bitnami/redis`).
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Splits `text`. Fails with Docker's message when the reference is not valid.
    pub fn parse(text: &str) -> Result<ImageRef, String> {
        const INVALID: &str = "invalid reference format";
        if text.is_empty() {
            return Err(INVALID.into());
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                if !valid_digest(digest) {
                    return Err(INVALID.into());
                }
                (rest, Some(digest.to_owned()))
            }
            None => (text, None),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest.get(last_slash..).and_then(|last| last.rfind(':')) {
            Some(colon) => {
                let at = last_slash + colon;
                let tag = rest.get(at + 1..).unwrap_or("");
                if !valid_tag(tag) {
                    return Err(INVALID.into());
                }
                (rest.get(..at).unwrap_or(""), Some(tag.to_owned()))
            }
            None => (rest, None),
        };
        if name.len() > 255 {
            return Err("repository name must not be more than 255 characters".into());
        }
        let (registry, repository) = match name.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                if !valid_domain(first) {
                    return Err(INVALID.into());
                }
                (Some(first.to_owned()), path)
            }
            _ => (None, name),
        };
        if repository.is_empty() || !repository.split('/').all(valid_path_component) {
            if repository
                .split('/')
                .all(|c| valid_path_component(&c.to_ascii_lowercase()))
                && !repository.is_empty()
            {
                return Err(format!(
                    "invalid reference format: repository name ({repository}) must be lowercase"
                ));
            }
            return Err(INVALID.into());
        }
        Ok(ImageRef {
            text: text.to_owned(),
            registry,
            repository: repository.to_owned(),
            tag,
            digest,
        })
    }

    /// The repository with Docker Hub's implicit `library/` removed: `node` for `library/node`
    /// and `docker.io/library/node`.
    pub fn short_name(&self) -> &str {
        let hub = self
            .registry
            .as_deref()
            .is_none_or(|r| r == "docker.io" || r == "index.docker.io");
        match self.repository.strip_prefix("library/") {
            Some(short) if hub => short,
            _ => &self.repository,
        }
    }

    /// The last path component: `redis` for `bitnami/redis`.
    pub fn base_name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() {
        return false;
    }
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let start = i;
        while bytes.get(i).copied().is_some_and(alnum) {
            i += 1;
        }
        if i == start {
            return false;
        }
        if i == bytes.len() {
            return true;
        }
        match bytes.get(i) {
            Some(b'.') => i += 1,
            Some(b'_') => {
                i += 1;
                if bytes.get(i) == Some(&b'_') {
                    i += 1;
                }
            }
            Some(b'-') => {
                while bytes.get(i) == Some(&b'-') {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

fn valid_domain(domain: &str) -> bool {
    let (host, port) = if domain.starts_with('[') {
        match domain.find(']') {
            Some(end) => (
                domain.get(..=end).unwrap_or(""),
                domain.get(end + 1..).unwrap_or(""),
            ),
            None => return false,
        }
    } else {
        match domain.split_once(':') {
            Some((host, port)) => (host, domain.get(host.len()..).unwrap_or(port)),
            None => (domain, ""),
        }
    };
    if !port.is_empty() {
        let digits = port.strip_prefix(':').unwrap_or("");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    if host.starts_with('[') {
        return host.len() > 2;
    }
    !host.is_empty()
        && host.split('.').all(|label| {
            let bytes = label.as_bytes();
            !bytes.is_empty()
                && bytes
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && bytes.first().is_some_and(u8::is_ascii_alphanumeric)
                && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// `[\w][\w.-]{0,127}`
fn valid_tag(tag: &str) -> bool {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && bytes.first().copied().is_some_and(word)
        && bytes.iter().all(|&b| word(b) || b == b'.' || b == b'-')
}

/// `algorithm:hex` with at least 32 hex digits.
fn valid_digest(digest: &str) -> bool {
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return false;
    };
    !algorithm.is_empty()
        && algorithm
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
        && algorithm
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'.'))
        && hex.len() >= 32
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::ImageRef;

    #[test]
    fn references() {
        let cases = [
            ("node", "- node - -"),
            ("node:20-alpine", "- node 20-alpine -"),
            ("library/node:20", "- library/node 20 -"),
            ("ghcr.io/owner/app:1.2", "ghcr.io owner/app 1.2 -"),
            ("localhost:5000/app", "localhost:5000 app - -"),
            ("localhost/app:v1", "localhost app v1 -"),
            (
                "alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "- alpine - sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            ("a/b_c__d-e---f.g:x", "- a/b_c__d-e---f.g x -"),
            (
                "Node",
                "error: invalid reference format: repository name (Node) must be lowercase",
            ),
            ("", "error: invalid reference format"),
            ("node:", "error: invalid reference format"),
            ("node:-x", "error: invalid reference format"),
            ("a//b", "error: invalid reference format"),
            ("-a", "error: invalid reference format"),
            ("a@sha256:12", "error: invalid reference format"),
            ("my host/a", "error: invalid reference format"),
        ];
        let mut failures = Vec::new();
        for (input, expected) in cases {
            let got = match ImageRef::parse(input) {
                Ok(r) => format!(
                    "{} {} {} {}",
                    r.registry.as_deref().unwrap_or("-"),
                    r.repository,
                    r.tag.as_deref().unwrap_or("-"),
                    r.digest.as_deref().unwrap_or("-")
                ),
                Err(e) => format!("error: {e}"),
            };
            if got != expected {
                failures.push(format!("{input:?}: expected {expected}, got {got}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert_eq!(
            ImageRef::parse("docker.io/library/node")
                .unwrap()
                .short_name(),
            "node"
        );
    }
}
