//! Resource quantities (`500m`, `1.5Gi`, `2e3`), as `resource.ParseQuantity` reads them, to
//! compare requests with limits.

/// The value of a quantity in base units (cores, bytes), or `None` when it is not one.
pub fn parse(text: &str) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '+' | '-')))
        .unwrap_or(text.len());
    let (number, suffix) = text.split_at(split);
    if number.is_empty() || number == "." {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        exponent => {
            let digits = exponent.strip_prefix(['e', 'E'])?;
            let power: i32 = digits.parse().ok()?;
            10f64.powi(power)
        }
    };
    Some(value * scale)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn quantities() {
        assert_eq!(parse("500m"), Some(0.5));
        assert_eq!(parse("1"), Some(1.0));
        assert_eq!(parse("1Gi"), Some(1073741824.0));
        assert_eq!(parse("128974848"), Some(128974848.0));
        assert_eq!(parse("129e6"), Some(129e6));
        assert_eq!(parse("123Mi"), Some(123.0 * 1048576.0));
        assert_eq!(parse("1.5"), Some(1.5));
        assert_eq!(parse("1Gb"), None);
        assert_eq!(parse("Gi"), None);
    }
}
