//! Go's `unicode` package as Sprig's string functions use it: simple (one-to-one) case
//! mappings, and the categories `IsUpper`, `IsLower`, `IsTitle`, `IsPunct`, `IsSpace`,
//! approximated from Rust's properties where Go's tables differ.

/// Titlecase letters (`Lt`).
fn title_range(n: u32) -> bool {
    matches!(
        n,
        0x01C5 | 0x01C8 | 0x01CB | 0x01F2 | 0x1F88..=0x1F8F | 0x1F98..=0x1F9F | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC
    )
}

/// Go's `unicode.ToUpper`.
pub fn simple_upper(c: char) -> char {
    let n = c as u32;
    // Greek letters with ypogegrammeni: the simple mapping is the titlecase form.
    match n {
        0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
            return char::from_u32(n + 8).unwrap_or(c);
        }
        0x1FB3 => return '\u{1FBC}',
        0x1FC3 => return '\u{1FCC}',
        0x1FF3 => return '\u{1FFC}',
        _ => {}
    }
    if title_range(n) && !matches!(n, 0x01C5 | 0x01C8 | 0x01CB | 0x01F2) {
        return c;
    }
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's `unicode.ToLower`.
pub fn simple_lower(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Go's `unicode.ToTitle`.
pub fn simple_title(c: char) -> char {
    match c as u32 {
        0x01C4..=0x01C6 => '\u{01C5}',
        0x01C7..=0x01C9 => '\u{01C8}',
        0x01CA..=0x01CC => '\u{01CB}',
        0x01F1..=0x01F3 => '\u{01F2}',
        _ => simple_upper(c),
    }
}

/// Go's `unicode.IsUpper` (`Lu`).
pub fn is_upper(c: char) -> bool {
    c.is_uppercase() && !matches!(c as u32, 0x2160..=0x216F | 0x24B6..=0x24CF | 0x1F130..=0x1F189)
}

/// Go's `unicode.IsLower` (`Ll`).
pub fn is_lower(c: char) -> bool {
    c.is_lowercase()
        && !matches!(c as u32, 0xAA | 0xBA | 0x02B0..=0x02B8 | 0x02C0 | 0x02C1 | 0x02E0..=0x02E4 | 0x0345 | 0x037A | 0x1D2C..=0x1D6A | 0x1D78 | 0x1D9B..=0x1DBF | 0x2071 | 0x207F | 0x2090..=0x209C | 0x2170..=0x217F | 0x24D0..=0x24E9 | 0x2C7C | 0x2C7D | 0xA69C | 0xA69D | 0xA770 | 0xA7F8 | 0xA7F9 | 0xAB5C..=0xAB5F)
}

/// Go's `unicode.IsTitle` (`Lt`).
pub fn is_title(c: char) -> bool {
    title_range(c as u32)
}

/// Go's `unicode.IsLetter` (`L`), approximately.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c.is_alphabetic()
        && !c.is_numeric()
        && !matches!(c as u32, 0x0345 | 0x05B0..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x0657 | 0x0900..=0x0903 | 0x093A..=0x094C | 0x24B6..=0x24E9)
}

/// Go's `unicode.IsDigit` (`Nd`), approximately.
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    c.is_numeric()
        && !matches!(c as u32, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE | 0x2070..=0x209F | 0x2150..=0x218F | 0x2460..=0x24FF | 0x2776..=0x2793 | 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303A)
}

/// Go's `unicode.IsPunct` (`P`): exact for Latin-1, the common blocks beyond.
pub fn is_punct(c: char) -> bool {
    let n = c as u32;
    if n < 0x80 {
        return matches!(c, '!'..='#' | '%'..='*' | ','..='/' | ':' | ';' | '?' | '@' | '['..=']' | '_' | '{' | '}');
    }
    matches!(
        n,
        0xA1 | 0xA7 | 0xAB | 0xB6 | 0xB7 | 0xBB | 0xBF
            | 0x037E | 0x0387 | 0x055A..=0x055F | 0x0589 | 0x058A | 0x05BE | 0x05C0 | 0x05C3 | 0x05C6
            | 0x05F3 | 0x05F4 | 0x0609 | 0x060A | 0x060C | 0x060D | 0x061B | 0x061D..=0x061F
            | 0x066A..=0x066D | 0x06D4 | 0x0964 | 0x0965 | 0x0970 | 0x0E4F | 0x0E5A | 0x0E5B
            | 0x2010..=0x2027 | 0x2030..=0x2043 | 0x2045..=0x2051 | 0x2053..=0x205E
            | 0x207D | 0x207E | 0x208D | 0x208E | 0x2308..=0x230B | 0x2329 | 0x232A
            | 0x2768..=0x2775 | 0x27C5 | 0x27C6 | 0x27E6..=0x27EF | 0x2983..=0x2998
            | 0x29D8..=0x29DB | 0x29FC | 0x29FD | 0x2CF9..=0x2CFC | 0x2CFE | 0x2CFF
            | 0x2E00..=0x2E2E | 0x2E30..=0x2E4F | 0x2E52..=0x2E5D
            | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x3030 | 0x303D | 0x30A0 | 0x30FB
            | 0xFE10..=0xFE19 | 0xFE30..=0xFE52 | 0xFE54..=0xFE61 | 0xFE63 | 0xFE68 | 0xFE6A | 0xFE6B
            | 0xFF01..=0xFF03 | 0xFF05..=0xFF0A | 0xFF0C..=0xFF0F | 0xFF1A | 0xFF1B | 0xFF1F | 0xFF20
            | 0xFF3B..=0xFF3D | 0xFF3F | 0xFF5B | 0xFF5D | 0xFF5F..=0xFF65
    )
}

/// Go's `unicode.IsSpace`.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Go's `unicode.IsNumber` (`N`).
pub fn is_number(c: char) -> bool {
    c.is_numeric()
}

/// Go's `strings.ToUpper`: each character's simple mapping (`ß` stays).
pub fn go_upper(s: &str) -> String {
    s.chars().map(simple_upper).collect()
}

/// Go's `strings.ToLower`: each character's simple mapping.
pub fn go_lower(s: &str) -> String {
    s.chars().map(simple_lower).collect()
}
