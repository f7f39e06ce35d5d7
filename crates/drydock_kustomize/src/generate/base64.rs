//! Base64 the way kustomize writes Secret data and ConfigMap `binaryData`.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Kustomize wraps encodings of 70 characters or more (`kyaml/yaml/datamap.go`): every
/// 70-character line, the last one too, ends with `\n`. The line breaks are part of the value,
/// so they change the name hash and have to be reproduced exactly.
const LINE_LEN: usize = 70;

/// Standard, padded base64 of `bytes`, wrapped as kustomize wraps it.
pub fn encode(bytes: &[u8]) -> String {
    let mut plain = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let digit = |shift: u32| {
            ALPHABET
                .get(((n >> shift) & 63) as usize)
                .copied()
                .map_or('A', char::from)
        };
        plain.push(digit(18));
        plain.push(digit(12));
        plain.push(if chunk.len() > 1 { digit(6) } else { '=' });
        plain.push(if chunk.len() > 2 { digit(0) } else { '=' });
    }
    if plain.len() < LINE_LEN {
        return plain;
    }
    let mut wrapped = String::with_capacity(plain.len() + plain.len() / LINE_LEN + 1);
    let mut rest = plain.as_str();
    while !rest.is_empty() {
        // Base64 is ASCII, so any byte offset is a character boundary.
        let (line, tail) = rest.split_at(rest.len().min(LINE_LEN));
        wrapped.push_str(line);
        wrapped.push('\n');
        rest = tail;
    }
    wrapped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_wraps_like_kustomize() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"\xff\xfe"), "//4=");
        // 51 bytes encode to 68 characters: one line, no newline.
        assert!(!encode(&[7; 51]).contains('\n'));
        // 52 bytes encode to 72: two lines, each ending with a newline.
        let wrapped = encode(&[7; 52]);
        assert_eq!(wrapped.lines().map(str::len).collect::<Vec<_>>(), [70, 2]);
        assert!(wrapped.ends_with('\n'));
    }
}
