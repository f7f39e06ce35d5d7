//! Never lose work: autosave to local storage, and share links that carry the whole workspace in
//! the URL fragment (which browsers never send to a server).

use crate::saved::Saved;

const KEY: &str = "drydock.workspace.v1";

/// A share link's fragment prefix: `#w=<base64url(deflate(json))>`.
pub const SHARE_PREFIX: &str = "#w=";
/// Links longer than this are refused when made (browsers and chat tools truncate long URLs).
pub const MAX_LINK_CHARS: usize = 64 * 1024;
/// A link's content may not inflate past this, whatever the link claims.
pub const MAX_SHARED_BYTES: usize = 2 * 1024 * 1024;

/// Saves the workspace; `false` when the browser refused (storage full or disabled). Editing
/// goes on in memory either way.
pub fn save(saved: &Saved) -> bool {
    local_storage().is_some_and(|storage| storage.set_item(KEY, &saved.to_json()).is_ok())
}

fn local_storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// How the page was opened: the full playground, or embedded in another page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mode {
    pub embed: bool,
    pub read_only: bool,
    pub diagram: bool,
    pub theme: Option<crate::saved::Theme>,
}

impl Mode {
    /// Reads `?embed=1&readonly=1&diagram=0&theme=dark` from the page's address.
    pub fn from_location() -> Mode {
        let search = gloo::utils::window()
            .location()
            .search()
            .unwrap_or_default();
        let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
        let get = |key: &str| params.as_ref().and_then(|p| p.get(key));
        let flag = |key: &str| get(key).is_some_and(|v| v != "0" && v != "false");
        Mode {
            embed: flag("embed"),
            read_only: flag("readonly"),
            diagram: get("diagram").is_none_or(|v| v != "0" && v != "false" && v != "off"),
            theme: match get("theme").as_deref() {
                Some("dark") => Some(crate::saved::Theme::Dark),
                Some("light") => Some(crate::saved::Theme::Light),
                _ => None,
            },
        }
    }
}

pub fn load() -> Option<Saved> {
    let json = local_storage()?.get_item(KEY).ok()??;
    Saved::from_json(&json).ok()
}

/// The fragment for a share link, or why there is none. The browser compresses
/// (`CompressionStream`), so this waits for it.
pub async fn share_fragment(saved: &Saved) -> Result<String, String> {
    let json = saved.to_json();
    let compressed =
        wasm_bindgen_futures::JsFuture::from(crate::editor::deflate_raw(json.as_bytes()))
            .await
            .map(|bytes| js_sys::Uint8Array::new(&bytes).to_vec())
            .map_err(|_| "This browser could not compress the workspace for a link.".to_owned())?;
    share_fragment_of(&compressed)
}

/// The share fragment for `compressed` (the workspace's JSON, raw deflate), or why there is none.
pub fn share_fragment_of(compressed: &[u8]) -> Result<String, String> {
    let fragment = format!("{SHARE_PREFIX}{}", base64url::encode(compressed));
    if fragment.len() > MAX_LINK_CHARS {
        return Err(format!(
            "This workspace is too large for a share link ({} KB compressed; the limit is {} KB). Download it as a zip instead.",
            compressed.len() / 1024,
            MAX_LINK_CHARS * 3 / 4 / 1024
        ));
    }
    Ok(fragment)
}

/// The fragment that opens `saved` in the playground without compressing it (an embed's
/// "open in the playground" link, written on every render).
pub fn embed_fragment(saved: &Saved) -> String {
    format!(
        "{EMBED_PREFIX}{}",
        base64url::encode(saved.to_json().as_bytes())
    )
}

/// An embed's fragment prefix: `#j=<base64url(json)>`, uncompressed, so that `drydock-embed.js`
/// can write it with nothing but the browser's own functions.
pub const EMBED_PREFIX: &str = "#j=";

/// Decodes a share fragment (`#w=…`, or an embed's `#j=…`).
pub fn decode_fragment(fragment: &str) -> Result<Saved, String> {
    if let Some(data) = fragment.strip_prefix(EMBED_PREFIX) {
        if data.len() > MAX_LINK_CHARS * 4 {
            return Err("The embedded workspace is larger than Drydock accepts.".to_owned());
        }
        let json =
            base64url::decode(data).ok_or("The embedded workspace is damaged (not base64url).")?;
        return Saved::from_json_bytes(&json)
            .map_err(|e| format!("The embedded workspace is not valid: {e}"));
    }
    let data = fragment.strip_prefix(SHARE_PREFIX).unwrap_or(fragment);
    if data.len() > MAX_LINK_CHARS {
        return Err("The share link is longer than Drydock accepts.".to_owned());
    }
    let compressed = base64url::decode(data).ok_or("The share link is damaged (not base64url).")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_SHARED_BYTES)
        .map_err(|_| {
            format!(
                "The share link is damaged or inflates past {} MB.",
                MAX_SHARED_BYTES / 1024 / 1024
            )
        })?;
    Saved::from_json_bytes(&json)
        .map_err(|e| format!("The share link does not hold a workspace: {e}"))
}

mod base64url {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                let digit = (n >> (18 - 6 * i)) & 63;
                if let Some(c) = ALPHABET.get(digit as usize) {
                    out.push(char::from(*c));
                }
            }
        }
        out
    }

    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let digits: Vec<u32> = text
            .bytes()
            .map(|c| {
                ALPHABET
                    .iter()
                    .position(|a| *a == c)
                    .and_then(|p| u32::try_from(p).ok())
            })
            .collect::<Option<_>>()?;
        if digits.len() % 4 == 1 {
            return None;
        }
        let mut out = Vec::with_capacity(digits.len() * 3 / 4);
        for chunk in digits.chunks(4) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, d)| acc | (d << (18 - 6 * i)));
            let bytes = n.to_be_bytes();
            out.extend(bytes.iter().skip(1).take(chunk.len() - 1));
        }
        Some(out)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trips() {
            for input in [
                &b""[..],
                b"a",
                b"ab",
                b"abc",
                b"abcd",
                &[0, 255, 128, 7, 63],
            ] {
                assert_eq!(super::decode(&super::encode(input)).as_deref(), Some(input));
            }
            assert_eq!(super::decode("a"), None);
            assert_eq!(super::decode("ab=c"), None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saved::PlaygroundSettings;
    use drydock_core::SourceFile;

    #[test]
    fn share_links_round_trip_and_refuse_bombs() {
        let saved = Saved {
            files: vec![SourceFile {
                name: "Dockerfile".into(),
                text: "FROM alpine\n".repeat(50),
            }],
            active: 0,
            settings: PlaygroundSettings::default(),
        };
        let json = saved.to_json();
        let fragment =
            share_fragment_of(&miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)).unwrap();
        assert_eq!(decode_fragment(&fragment).unwrap(), saved);
        assert_eq!(decode_fragment(&embed_fragment(&saved)).unwrap(), saved);
        // 10 MB of zeros compresses to a few KB but must not be inflated.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 10 * 1024 * 1024], 9);
        assert!(decode_fragment(&base64url::encode(&bomb)).is_err());
        assert!(decode_fragment("#w=!!!").is_err());
    }
}
