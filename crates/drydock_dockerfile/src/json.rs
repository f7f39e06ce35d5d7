//! The JSON (exec) form: a JSON array of strings, read the way Go's `encoding/json` decoder
//! reads BuildKit's instruction arguments. The first complete value counts; what follows it is
//! ignored, as `json.Decoder.Decode` ignores it.

/// What a text starting with `[` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum JsonArray {
    /// A valid array of strings: each decoded string with its byte range, and the end of `]`.
    Strings {
        elements: Vec<(String, usize, usize)>,
        end: usize,
    },
    /// Valid JSON, but an element is not a string: BuildKit rejects the instruction.
    NotStrings,
    /// Not valid JSON: BuildKit falls back to shell form.
    Invalid(String),
}

/// Go's `encoding/json` refuses deeper nesting than this.
const MAX_DEPTH: usize = 10_000;

pub(super) fn parse_array(text: &str) -> JsonArray {
    let bytes = text.as_bytes();
    let mut reader = Reader { bytes, pos: 0 };
    reader.skip_ws();
    if reader.peek() != Some(b'[') {
        return JsonArray::Invalid("a JSON array starts with `[`".into());
    }
    reader.pos += 1;
    let mut elements = Vec::new();
    let mut all_strings = true;
    reader.skip_ws();
    if reader.peek() == Some(b']') {
        return JsonArray::Strings {
            elements,
            end: reader.pos + 1,
        };
    }
    loop {
        reader.skip_ws();
        let start = reader.pos;
        if reader.peek() == Some(b'"') {
            match reader.string() {
                Ok(value) => elements.push((value, start, reader.pos)),
                Err(message) => return JsonArray::Invalid(message),
            }
        } else {
            all_strings = false;
            if let Err(message) = reader.value() {
                return JsonArray::Invalid(message);
            }
        }
        reader.skip_ws();
        match reader.peek() {
            Some(b',') => reader.pos += 1,
            Some(b']') => {
                reader.pos += 1;
                break;
            }
            Some(_) => return JsonArray::Invalid("expected `,` or `]` in the array".into()),
            None => return JsonArray::Invalid("the array is not closed with `]`".into()),
        }
    }
    if all_strings {
        JsonArray::Strings {
            elements,
            end: reader.pos,
        }
    } else {
        JsonArray::NotStrings
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Validates any JSON value without recursion (nesting is kept on an explicit stack so
    /// hostile input cannot overflow ours).
    fn value(&mut self) -> Result<(), String> {
        // `true` = inside an object (expecting `"key": value`), `false` = inside an array.
        let mut stack: Vec<bool> = Vec::new();
        loop {
            self.skip_ws();
            // Read one value start.
            match self.peek() {
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        stack.push(false);
                        if stack.len() >= MAX_DEPTH {
                            return Err("JSON nested too deeply".into());
                        }
                        continue;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        stack.push(true);
                        if stack.len() >= MAX_DEPTH {
                            return Err("JSON nested too deeply".into());
                        }
                        self.key()?;
                        continue;
                    }
                }
                Some(b'"') => {
                    self.string()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                _ => return Err("expected a JSON value".into()),
            }
            // After a complete value: close containers or move to the next element.
            loop {
                let Some(&in_object) = stack.last() else {
                    return Ok(());
                };
                self.skip_ws();
                match (self.peek(), in_object) {
                    (Some(b','), false) => {
                        self.pos += 1;
                        break;
                    }
                    (Some(b','), true) => {
                        self.pos += 1;
                        self.skip_ws();
                        self.key()?;
                        break;
                    }
                    (Some(b']'), false) | (Some(b'}'), true) => {
                        self.pos += 1;
                        stack.pop();
                    }
                    _ => return Err("malformed JSON".into()),
                }
            }
        }
    }

    /// `"key":` inside an object.
    fn key(&mut self) -> Result<(), String> {
        if self.peek() != Some(b'"') {
            return Err("expected a string key in a JSON object".into());
        }
        self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err("expected `:` after a JSON object key".into());
        }
        self.pos += 1;
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), String> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err("invalid JSON literal".into())
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err("invalid JSON number".into()),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err("invalid JSON number".into());
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err("invalid JSON number".into());
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let value = u32::from_str_radix(text, 16).ok()?;
        self.pos += 4;
        Some(value)
    }

    /// Reads a string starting at `"` and decodes it like Go (a lone surrogate becomes U+FFFD).
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(byte) = self.peek() else {
                return Err("unterminated JSON string".into());
            };
            self.pos += 1;
            match byte {
                b'"' => return Ok(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let Some(escaped) = self.peek() else {
                        return Err("unterminated JSON string".into());
                    };
                    self.pos += 1;
                    let simple = match escaped {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(0x08),
                        b'f' => Some(0x0c),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return Err("invalid escape in JSON string".into()),
                    };
                    if let Some(byte) = simple {
                        out.push(byte);
                        continue;
                    }
                    let Some(unit) = self.hex4() else {
                        return Err("invalid \\u escape in JSON string".into());
                    };
                    let mut c = char::from_u32(unit);
                    if (0xD800..0xDC00).contains(&unit) {
                        // A high surrogate pairs with a following `\uDC00`–`\uDFFF`.
                        let save = self.pos;
                        let mut paired = false;
                        if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                            self.pos += 2;
                            if let Some(low) = self.hex4()
                                && (0xDC00..0xE000).contains(&low)
                            {
                                c = char::from_u32(
                                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                                );
                                paired = true;
                            }
                        }
                        if !paired {
                            self.pos = save;
                        }
                    }
                    let c = c.unwrap_or('\u{fffd}');
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err("control character in JSON string".into()),
                _ => out.push(byte),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays() {
        assert_eq!(
            parse_array(r#"[ "a", "b\"c" ] tail"#),
            JsonArray::Strings {
                elements: vec![("a".into(), 2, 5), ("b\"c".into(), 7, 13)],
                end: 15
            }
        );
        assert_eq!(parse_array(r#"["a", ["b"]]"#), JsonArray::NotStrings);
        assert_eq!(
            parse_array(r#"["a", 1e5, {"k": [true, null]}]"#),
            JsonArray::NotStrings
        );
        assert!(matches!(parse_array(r#"['a']"#), JsonArray::Invalid(_)));
        assert!(matches!(parse_array(r#"["a""#), JsonArray::Invalid(_)));
        assert!(matches!(
            parse_array(r#"["a", {x}]"#),
            JsonArray::Invalid(_)
        ));
        assert!(matches!(parse_array(r#"[01]"#), JsonArray::Invalid(_)));
        assert_eq!(
            parse_array(r#"["\ud83d\ude00\ud800"]"#),
            JsonArray::Strings {
                elements: vec![("😀\u{fffd}".into(), 1, 21)],
                end: 22
            }
        );
        let deep = "[".repeat(20_000);
        assert!(matches!(parse_array(&deep), JsonArray::Invalid(_)));
    }
}
