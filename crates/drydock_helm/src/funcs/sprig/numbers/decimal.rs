//! The few operations of `shopspring/decimal` v1.4.0 that Sprig's `addf`, `subf`, `mulf`,
//! `divf` and `add1f` use: `NewFromFloat` (the shortest decimal that reads back as the float),
//! exact `Add`, `Sub` and `Mul`, `Div` to 16 places rounded half away from zero, and `Float64`
//! (the nearest float, ties to even).

/// Significant digits a product keeps; beyond them a final nonzero digit stands for the rest,
/// so the nearest float is still found (a product of floats' digits grows with each factor).
const MAX_DIGITS: usize = 2000;

/// `Div`'s places.
const DIVISION_PRECISION: i64 = 16;

/// `±digits × 10^exp`; `digits` most significant first, without leading zeros (none: zero).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    fn zero() -> Self {
        Decimal {
            negative: false,
            digits: Vec::new(),
            exp: 0,
        }
    }

    fn normalized(mut self) -> Self {
        let lead = self.digits.iter().take_while(|&&d| d == 0).count();
        self.digits.drain(..lead);
        let trail = self.digits.iter().rev().take_while(|&&d| d == 0).count();
        self.digits.truncate(self.digits.len() - trail);
        self.exp += trail as i64;
        if self.digits.is_empty() {
            return Decimal::zero();
        }
        self
    }

    /// `decimal.NewFromFloat`; NaN and infinities panic in Go, an error here.
    pub fn from_f64(f: f64) -> Result<Self, String> {
        if !f.is_finite() {
            return Err(format!(
                "Cannot create a Decimal from {}",
                crate::template::fmt::float_g(f, None, false)
            ));
        }
        if f == 0.0 {
            return Ok(Decimal::zero());
        }
        // Rust prints the shortest digits that read back as `f`, as Go's `roundShortest`.
        let text = format!("{:e}", f.abs());
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let exponent: i64 = exponent.parse().unwrap_or(0);
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits: Vec<u8> = whole
            .bytes()
            .chain(fraction.bytes())
            .map(|b| b.wrapping_sub(b'0'))
            .collect();
        Ok(Decimal {
            negative: f < 0.0,
            digits,
            exp: exponent - fraction.len() as i64,
        }
        .normalized())
    }

    /// The nearest `float64` (`Rat().Float64()`).
    pub fn to_f64(&self) -> f64 {
        if self.digits.is_empty() {
            return 0.0;
        }
        let mut text = String::with_capacity(self.digits.len() + 24);
        if self.negative {
            text.push('-');
        }
        text.extend(self.digits.iter().map(|&d| char::from(b'0' + d)));
        text.push('e');
        text.push_str(&self.exp.clamp(-1_000_000, 1_000_000).to_string());
        text.parse().unwrap_or(0.0)
    }

    /// The digits scaled to exponent `exp` (at most `self.exp`).
    fn digits_at(&self, exp: i64) -> Vec<u8> {
        let mut digits = self.digits.clone();
        let zeros = (self.exp - exp).max(0) as usize;
        digits.resize(digits.len() + zeros, 0);
        digits
    }

    pub fn add(&self, other: &Decimal) -> Decimal {
        if self.digits.is_empty() {
            return other.clone();
        }
        if other.digits.is_empty() {
            return self.clone();
        }
        let exp = self.exp.min(other.exp);
        let a = self.digits_at(exp);
        let b = other.digits_at(exp);
        if self.negative == other.negative {
            return Decimal {
                negative: self.negative,
                digits: add_digits(&a, &b),
                exp,
            }
            .normalized();
        }
        match compare_digits(&a, &b) {
            std::cmp::Ordering::Equal => Decimal::zero(),
            std::cmp::Ordering::Greater => Decimal {
                negative: self.negative,
                digits: sub_digits(&a, &b),
                exp,
            }
            .normalized(),
            std::cmp::Ordering::Less => Decimal {
                negative: other.negative,
                digits: sub_digits(&b, &a),
                exp,
            }
            .normalized(),
        }
    }

    pub fn sub(&self, other: &Decimal) -> Decimal {
        let mut negated = other.clone();
        if !negated.digits.is_empty() {
            negated.negative = !negated.negative;
        }
        self.add(&negated)
    }

    pub fn mul(&self, other: &Decimal) -> Decimal {
        if self.digits.is_empty() || other.digits.is_empty() {
            return Decimal::zero();
        }
        let mut product = vec![0u32; self.digits.len() + other.digits.len()];
        for (i, &a) in self.digits.iter().enumerate().rev() {
            let mut carry = 0u32;
            for (j, &b) in other.digits.iter().enumerate().rev() {
                if let Some(slot) = product.get_mut(i + j + 1) {
                    let t = *slot + u32::from(a) * u32::from(b) + carry;
                    *slot = t % 10;
                    carry = t / 10;
                }
            }
            if let Some(slot) = product.get_mut(i) {
                *slot += carry;
            }
        }
        let mut digits: Vec<u8> = product.into_iter().map(|d| d as u8).collect();
        let mut exp = self.exp + other.exp;
        let lead = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..lead);
        if digits.len() > MAX_DIGITS {
            let sticky = digits
                .get(MAX_DIGITS..)
                .is_some_and(|rest| rest.iter().any(|&d| d != 0));
            exp += (digits.len() - MAX_DIGITS) as i64;
            digits.truncate(MAX_DIGITS);
            if sticky {
                digits.push(1);
                exp -= 1;
            }
        }
        Decimal {
            negative: self.negative != other.negative,
            digits,
            exp,
        }
        .normalized()
    }

    /// `Div`: the quotient to 16 places, half away from zero. `divisor` comes from a float, so
    /// its digits fit a `u64`.
    pub fn div(&self, divisor: &Decimal) -> Result<Decimal, String> {
        if divisor.digits.is_empty() {
            return Err("decimal division by 0".to_owned());
        }
        let m = divisor.digits.iter().fold(0u128, |n, &d| {
            n.saturating_mul(10).saturating_add(u128::from(d))
        });
        if self.digits.is_empty() {
            return Ok(Decimal::zero());
        }
        // self / divisor × 10^16 = A × 10^e / m.
        let e = self.exp - divisor.exp + DIVISION_PRECISION;
        let (numerator, dropped): (Vec<u8>, &[u8]) = if e >= 0 {
            let mut n = self.digits.clone();
            n.resize(n.len() + e as usize, 0);
            (n, &[])
        } else {
            let k = (-e) as usize;
            let keep = self.digits.len().saturating_sub(k);
            let kept = self.digits.get(..keep).unwrap_or_default().to_vec();
            let dropped = self.digits.get(keep..).unwrap_or_default();
            // Fewer digits than dropped ones: the first dropped digit is a leading zero.
            let first_dropped_is_zero = self.digits.len() < k;
            (kept, if first_dropped_is_zero { &[0] } else { dropped })
        };
        let mut quotient = Vec::with_capacity(numerator.len());
        let mut remainder: u128 = 0;
        for &d in &numerator {
            remainder = remainder * 10 + u128::from(d);
            quotient.push((remainder / m) as u8);
            remainder %= m;
        }
        let twice = remainder * 2;
        let round_up = twice >= m || (twice + 1 == m && dropped.first().is_some_and(|&d| d >= 5));
        let mut q = Decimal {
            negative: false,
            digits: quotient,
            exp: -DIVISION_PRECISION,
        }
        .normalized();
        if round_up {
            q = q.add(&Decimal {
                negative: false,
                digits: vec![1],
                exp: -DIVISION_PRECISION,
            });
        }
        if !q.digits.is_empty() {
            q.negative = self.negative != divisor.negative;
        }
        Ok(q)
    }
}

fn compare_digits(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let a = a
        .get(a.iter().take_while(|&&d| d == 0).count()..)
        .unwrap_or_default();
    let b = b
        .get(b.iter().take_while(|&&d| d == 0).count()..)
        .unwrap_or_default();
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn add_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let len = a.len().max(b.len()) + 1;
    let mut out = vec![0u8; len];
    let mut carry = 0u8;
    for (i, slot) in out.iter_mut().rev().enumerate() {
        let x = if i < a.len() {
            a.get(a.len() - 1 - i).copied().unwrap_or(0)
        } else {
            0
        };
        let y = if i < b.len() {
            b.get(b.len() - 1 - i).copied().unwrap_or(0)
        } else {
            0
        };
        let t = x + y + carry;
        *slot = t % 10;
        carry = t / 10;
    }
    out
}

/// `a - b` for `a ≥ b`.
fn sub_digits(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; a.len()];
    let mut borrow = 0i8;
    for (i, slot) in out.iter_mut().rev().enumerate() {
        let x = a.get(a.len() - 1 - i).copied().unwrap_or(0) as i8;
        let y = if i < b.len() {
            b.get(b.len() - 1 - i).copied().unwrap_or(0) as i8
        } else {
            0
        };
        let mut t = x - y - borrow;
        borrow = 0;
        if t < 0 {
            t += 10;
            borrow = 1;
        }
        *slot = t as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(f: f64) -> Decimal {
        Decimal::from_f64(f).unwrap_or_else(|_| Decimal::zero())
    }

    #[test]
    fn sums_are_exact_in_decimal() {
        assert_eq!(d(0.1).add(&d(0.2)).to_f64(), 0.3);
        assert_eq!(d(1.5).add(&d(2.7)).to_f64(), 4.2);
        assert_eq!(d(5.0).sub(&d(1.25)).to_f64(), 3.75);
        assert_eq!(d(1.0).sub(&d(1.0)).to_f64(), 0.0);
        assert!(d(1.0).sub(&d(1.0)).to_f64().is_sign_positive());
        assert_eq!(d(1e308).add(&d(1e-308)).to_f64(), 1e308);
    }

    #[test]
    fn products_and_quotients() {
        assert_eq!(d(1.5).mul(&d(3.0)).to_f64(), 4.5);
        assert_eq!(d(0.1).mul(&d(3.0)).to_f64(), 0.3);
        assert_eq!(d(10.0).div(&d(4.0)), Ok(d(2.5)));
        assert_eq!(
            d(1.0).div(&d(3.0)).map(|q| q.to_f64()),
            Ok(0.3333333333333333)
        );
        assert_eq!(
            d(2.0).div(&d(3.0)).map(|q| q.to_f64()),
            Ok(0.6666666666666667)
        );
        assert_eq!(
            d(-2.0).div(&d(3.0)).map(|q| q.to_f64()),
            Ok(-0.6666666666666667)
        );
        assert_eq!(d(1e-20).div(&d(3.0)).map(|q| q.to_f64()), Ok(0.0));
        assert_eq!(d(1e-16).div(&d(2.0)).map(|q| q.to_f64()), Ok(1e-16));
        assert_eq!(d(1e-16).div(&d(3.0)).map(|q| q.to_f64()), Ok(0.0));
        assert!(d(1.0).div(&d(0.0)).is_err());
        assert_eq!(d(1e300).mul(&d(1e300)).to_f64(), f64::INFINITY);
    }

    #[test]
    fn nan_is_refused() {
        assert_eq!(
            Decimal::from_f64(f64::INFINITY),
            Err("Cannot create a Decimal from +Inf".to_owned())
        );
    }
}
