//! Sprig's clock, random and crypto functions (`date.go`, `crypto.go`, the `rand…` strings,
//! `randInt`, `uuidv4`, `shuffle`), as deterministic stand-ins.
//!
//! Helm gives these functions the time of the render and fresh randomness, so `helm template`
//! prints different text on every run. Drydock renders offline and must be reproducible: the
//! same chart and values render the same text every time. So here:
//!
//! - **Clock**: "now" is fixed at 2026-01-01T00:00:00Z, and the local zone is UTC. Given their
//!   input, the functions are Go's: `date`, `dateInZone`, `toDate` format and parse with Go's
//!   layouts (`gotime`), durations print and parse as Go's `time.Duration` does, and `now`
//!   returns a `time.Time` with its methods (`Unix`, `Format`, `UTC`, `Year`, `Add`…).
//!   Locations: `UTC`, `Local`, `Etc/GMT±N` and a table of common zones with their current
//!   daylight saving rules; an unknown zone is UTC (as Sprig's `dateInZone` does when Go cannot
//!   load it).
//! - **Random**: the output has the length and alphabet Sprig's would, drawn from SplitMix64
//!   seeded by a hash of the function's name and arguments. The same call gives the same text,
//!   anywhere in any render (two `randAlphaNum 16` give the same password).
//! - **Crypto**: keys and certificates are PEM-shaped (`-----BEGIN RSA PRIVATE KEY-----`,
//!   base64 lines of a DER-like body of a realistic length), not real keys: nothing can verify
//!   them. `htpasswd` and `bcrypt` give the bcrypt format (`$2a$10$` and 53 characters) without
//!   computing bcrypt, so such a hash matches no password. `encryptAES` and `decryptAES` are
//!   Sprig's AES-256-CBC (the password zero-padded or cut to 32 bytes, PKCS#7 padding, the IV
//!   first, base64), with an IV derived from the password and the text instead of a random one:
//!   Sprig's `decryptAES` reads what `encryptAES` writes here, and the other way round.
//!
//! Sizes are bounded: a random string, byte count or key longer than [`MAX_RANDOM`] fails
//! instead of allocating what Go would.
//!
//! The conformance data masks the lines Helm renders differently on every run
//! (`../shared/conformance/helm/renders/_nondeterministic.tsv`), so these stand-ins are compared
//! with Helm's output everywhere else.

use super::{add, arg, str_arg};
use crate::template::exec::{FuncError, FuncResult, MAX_STEPS, State};
use crate::template::{Funcs, Ty, Value};

pub mod clock;
mod crypto;
pub mod gotime;
#[cfg(test)]
mod tests;

/// The longest string (or byte count) a random function makes: Go would allocate any size.
pub const MAX_RANDOM: usize = 1 << 20;

/// SplitMix64: a small, fast generator, seeded from the call it serves.
pub struct Rng(u64);

impl Rng {
    /// A generator seeded by a hash (FNV-1a) of `parts`, each length-prefixed.
    pub fn seeded(parts: &[&[u8]]) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |b: u8| {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        };
        for part in parts {
            for b in (part.len() as u64).to_le_bytes() {
                eat(b);
            }
            for &b in *part {
                eat(b);
            }
        }
        Rng(h)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let word = self.next_u64().to_le_bytes();
            out.extend(word.iter().take(n - out.len()));
        }
        out
    }
}

/// Counts `n` units of work against the render's step budget, so that making long strings in a
/// loop cannot run long.
fn charge(state: &mut State<'_>, n: usize) -> Result<(), FuncError> {
    state.steps = state
        .steps
        .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
    if state.steps > MAX_STEPS {
        return Err(FuncError::Message(format!(
            "the render took more than {MAX_STEPS} steps: stopped"
        )));
    }
    Ok(())
}

/// A count within [`MAX_RANDOM`], as an error otherwise.
fn bounded(name: &str, count: i64) -> Result<usize, FuncError> {
    match usize::try_from(count) {
        Ok(n) if n <= MAX_RANDOM => Ok(n),
        _ => Err(FuncError::Message(format!(
            "{name}: {count} is more than the {MAX_RANDOM} this renderer makes"
        ))),
    }
}

fn int_value(args: &[Value], i: usize) -> i64 {
    match arg(args, i) {
        Value::Int(n) | Value::Int64(n) => n,
        _ => 0,
    }
}

/// `count` characters of `alphabet` (ASCII), seeded by the function's name and count.
fn random_string(state: &mut State<'_>, name: &str, count: i64, alphabet: &[u8]) -> FuncResult {
    // goutils fails for a negative count; Sprig ignores the error and returns "".
    if count <= 0 {
        return Ok(Value::str(""));
    }
    let n = bounded(name, count)?;
    charge(state, n)?;
    let mut rng = Rng::seeded(&[name.as_bytes(), &count.to_le_bytes()]);
    let text: String = (0..n)
        .map(|_| {
            let i = rng.below(alphabet.len() as u64) as usize;
            char::from(alphabet.get(i).copied().unwrap_or(b'a'))
        })
        .collect();
    Ok(Value::str(text))
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const DIGITS: &[u8] = b"0123456789";

fn rand_alpha_num(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    random_string(state, "randAlphaNum", int_value(args, 0), ALPHANUMERIC)
}

fn rand_alpha(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    random_string(state, "randAlpha", int_value(args, 0), LETTERS)
}

fn rand_numeric(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    random_string(state, "randNumeric", int_value(args, 0), DIGITS)
}

fn rand_ascii(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    // goutils' printable ASCII: space (32) to tilde (126).
    let printable: Vec<u8> = (32u8..=126).collect();
    random_string(state, "randAscii", int_value(args, 0), &printable)
}

fn rand_bytes(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let count = int_value(args, 0);
    if count < 0 {
        return Err("runtime error: makeslice: len out of range".into());
    }
    let n = bounded("randBytes", count)?;
    charge(state, n)?;
    let bytes = Rng::seeded(&[b"randBytes", &count.to_le_bytes()]).bytes(n);
    Ok(Value::str(crate::encoding::base64_encode(&bytes)))
}

fn rand_int(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let (min, max) = (int_value(args, 0), int_value(args, 1));
    let span = max.wrapping_sub(min);
    if span <= 0 {
        return Err("invalid argument to Intn".into());
    }
    let mut rng = Rng::seeded(&[b"randInt", &min.to_le_bytes(), &max.to_le_bytes()]);
    let offset = rng.below(span as u64) as i64;
    Ok(Value::Int(min.wrapping_add(offset)))
}

/// A version 4 UUID's text from 16 bytes.
pub fn uuid_text(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or_default().to_owned();
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

fn uuidv4(_: &mut State<'_>, _: &[Value]) -> FuncResult {
    let mut bytes = [0u8; 16];
    let random = Rng::seeded(&[b"uuidv4"]).bytes(16);
    for (b, r) in bytes.iter_mut().zip(random) {
        *b = r;
    }
    Ok(Value::str(uuid_text(bytes)))
}

/// `xstrings.Shuffle`: the characters in a (seeded) Fisher–Yates order.
fn shuffle(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let text = str_arg(args, 0);
    charge(state, text.len())?;
    let mut chars: Vec<char> = text.chars().collect();
    let mut rng = Rng::seeded(&[b"shuffle", text.as_bytes()]);
    for i in (1..chars.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        chars.swap(i, j);
    }
    Ok(Value::str(chars.into_iter().collect::<String>()))
}

/// Registers the clock, random and crypto functions.
pub fn register(funcs: &mut Funcs) {
    use Ty::{Int, String};
    clock::register(funcs);
    add(funcs, "randAlphaNum", rand_alpha_num, &[Int], None);
    add(funcs, "randAlpha", rand_alpha, &[Int], None);
    add(funcs, "randNumeric", rand_numeric, &[Int], None);
    add(funcs, "randAscii", rand_ascii, &[Int], None);
    add(funcs, "randBytes", rand_bytes, &[Int], None);
    add(funcs, "randInt", rand_int, &[Int, Int], None);
    add(funcs, "uuidv4", uuidv4, &[], None);
    add(funcs, "shuffle", shuffle, &[String], None);
    crypto::register(funcs);
}
