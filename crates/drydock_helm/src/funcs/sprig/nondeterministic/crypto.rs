//! Sprig's crypto functions (`crypto.go`) as deterministic stand-ins: PEM-shaped keys and
//! certificates, bcrypt-shaped hashes, and Sprig's real AES-256-CBC with a derived IV.

use std::rc::Rc;

use super::super::{add, arg, str_arg};
use super::{Rng, charge};
use crate::encoding::base64_encode;
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, Object, Ty, Value};

/// The work a crypto function does: about its arguments' text and a key's or certificate's size.
fn args_len(args: &[Value]) -> usize {
    args.iter()
        .map(|a| a.as_str().map_or(0, str::len))
        .sum::<usize>()
        + 4096
}

/// Sprig's `certificate`: a PEM certificate and its PEM key.
#[derive(Debug)]
struct Certificate {
    cert: String,
    key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> String {
        "sprig.certificate".to_owned()
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(self.cert.as_str())),
            "Key" => Some(Value::str(self.key.as_str())),
            _ => None,
        }
    }
    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn has_method(&self, _: &str) -> bool {
        false
    }
    fn print(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }
}

/// Go's `pem.EncodeToMemory`: the base64 body in lines of 64.
pub fn pem_encode(kind: &str, der: &[u8]) -> String {
    let body = base64_encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// Go's `pem.Decode` (without headers): the first well-formed block's type and bytes (a block
/// starts the text or a line).
pub fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    const BEGIN: &str = "-----BEGIN ";
    // Go tries every `BEGIN` line; a few are enough here, and keep the search linear.
    for (at, _) in text.match_indices(BEGIN).take(16) {
        if at > 0 && text.as_bytes().get(at - 1) != Some(&b'\n') {
            continue;
        }
        let after = text.get(at + BEGIN.len()..).unwrap_or_default();
        let Some(end_type) = after.find("-----") else {
            continue;
        };
        let kind = after.get(..end_type).unwrap_or_default();
        let line_end = after.get(end_type + 5..).unwrap_or_default();
        let Some(body) = line_end
            .strip_prefix("\r\n")
            .or_else(|| line_end.strip_prefix('\n'))
        else {
            continue;
        };
        let Some(end) = body.find(&format!("-----END {kind}-----")) else {
            continue;
        };
        let body: String = body
            .get(..end)
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        if let Ok(bytes) = super::super::strings::base64_decode(&body) {
            return Some((kind.to_owned(), bytes));
        }
    }
    None
}

/// Sprig's `parsePrivateKeyPEM`, as far as a stand-in checks: the block and its type.
fn parse_private_key(text: &str) -> Result<(String, Vec<u8>), String> {
    let (kind, bytes) = pem_decode(text).ok_or("no PEM data in input")?;
    if kind == "PRIVATE KEY" {
        return Ok((kind, bytes));
    }
    let Some(algorithm) = kind.strip_suffix(" PRIVATE KEY") else {
        return Err(format!("no private key data in PEM block of type {kind}"));
    };
    if !matches!(algorithm, "RSA" | "EC" | "DSA") {
        return Err(format!("invalid private key type {kind}"));
    }
    Ok((kind, bytes))
}

/// `len` bytes shaped like DER: a SEQUENCE header, `prefix`, then seeded bytes.
fn der_like(rng: &mut Rng, len: usize, prefix: &[u8]) -> Vec<u8> {
    let content = len.saturating_sub(4).min(0xffff);
    let mut out = vec![0x30, 0x82, (content >> 8) as u8, content as u8];
    out.extend_from_slice(prefix);
    let fill = (content + 4).saturating_sub(out.len());
    out.extend(rng.bytes(fill));
    out
}

/// A private key of Sprig's `genPrivateKey` type: its PEM type and bytes.
fn private_key(kind: &str, rng: &mut Rng) -> Option<(&'static str, Vec<u8>)> {
    Some(match kind {
        "" | "rsa" => (
            "RSA PRIVATE KEY",
            der_like(rng, 2349, &[2, 1, 0, 2, 0x82, 2, 1, 0]),
        ),
        "dsa" => (
            "DSA PRIVATE KEY",
            der_like(rng, 862, &[2, 1, 0, 2, 0x82, 1, 1, 0]),
        ),
        "ecdsa" => {
            let mut der = vec![0x30, 0x77, 2, 1, 1, 4, 0x20];
            der.extend(rng.bytes(32));
            der.extend_from_slice(&[
                0xa0, 0x0a, 6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7, 0xa1, 0x44, 3, 0x42, 0, 4,
            ]);
            der.extend(rng.bytes(64));
            ("EC PRIVATE KEY", der)
        }
        "ed25519" => {
            let mut der = vec![
                0x30, 0x2e, 2, 1, 0, 0x30, 5, 6, 3, 0x2b, 0x65, 0x70, 4, 0x22, 4, 0x20,
            ];
            der.extend(rng.bytes(32));
            ("PRIVATE KEY", der)
        }
        _ => return None,
    })
}

/// The RSA-2048 key Sprig makes for a certificate.
fn rsa_2048(rng: &mut Rng) -> String {
    pem_encode(
        "RSA PRIVATE KEY",
        &der_like(rng, 1192, &[2, 1, 0, 2, 0x82, 1, 1, 0]),
    )
}

/// A certificate's PEM, about as long as Go's for these names.
fn cert_pem(rng: &mut Rng, cn: &str, sans: usize, self_signed: bool) -> String {
    let names = cn.len() * if self_signed { 2 } else { 1 } + if self_signed { 0 } else { 32 };
    let len = (780 + names + sans).min(60_000);
    // The signed part, then the signature's algorithm and bits (RSA-2048 with SHA-256).
    let tbs = len - 4 - 4 - 276;
    let header = [
        0x30,
        0x82,
        (tbs >> 8) as u8,
        tbs as u8,
        0xa0,
        3,
        2,
        1,
        2,
        2,
        0x11,
        0,
    ];
    pem_encode("CERTIFICATE", &der_like(rng, len, &header))
}

fn certificate(cert: String, key: String) -> Value {
    Value::Object(Rc::new(Certificate { cert, key }))
}

/// The bytes a certificate's seed covers: the common name, SANs, days and any key.
fn seed_of(name: &str, parts: &[&str], days: i64) -> Rng {
    let mut all: Vec<&[u8]> = vec![name.as_bytes()];
    all.extend(parts.iter().map(|p| p.as_bytes()));
    let days = days.to_le_bytes();
    all.push(&days);
    Rng::seeded(&all)
}

/// Sprig's `getNetIPs` and `getAlternateDNSStrs` checks: the SANs' text, or Go's error.
fn sans(ips: &Value, dns: &Value) -> Result<String, FuncError> {
    let mut text = String::new();
    for ip in ips.as_list().unwrap_or_default() {
        let Some(s) = ip.as_str() else {
            return Err(format!(
                "error parsing ip: {} is not a string",
                crate::template::fmt::v(ip)
            )
            .into());
        };
        if s.parse::<core::net::IpAddr>().is_err() {
            return Err(format!("error parsing ip: {s}").into());
        }
        text.push_str(s);
        text.push('\0');
    }
    for name in dns.as_list().unwrap_or_default() {
        let Some(s) = name.as_str() else {
            return Err(format!(
                "error processing alternate dns name: {} is not a string",
                crate::template::fmt::v(name)
            )
            .into());
        };
        text.push_str(s);
        text.push('\0');
    }
    Ok(text)
}

fn int_value(args: &[Value], i: usize) -> i64 {
    match arg(args, i) {
        Value::Int(n) | Value::Int64(n) => n,
        _ => 0,
    }
}

/// A key argument (`…WithKey`): re-encoded as Go's `pemBlockForKey` would.
fn key_arg(args: &[Value], i: usize) -> Result<String, FuncError> {
    let (kind, bytes) = parse_private_key(&str_arg(args, i))
        .map_err(|e| FuncError::Message(format!("parsing private key: {e}")))?;
    Ok(pem_encode(&kind, &bytes))
}

fn gen_private_key(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let kind = str_arg(args, 0);
    let mut rng = Rng::seeded(&[b"genPrivateKey", kind.as_bytes()]);
    Ok(Value::str(match private_key(&kind, &mut rng) {
        Some((pem_type, der)) => pem_encode(pem_type, &der),
        None => format!("Unknown type {kind}"),
    }))
}

fn gen_ca(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let cn = str_arg(args, 0);
    let mut rng = seed_of("genCA", &[&cn], int_value(args, 1));
    let key = rsa_2048(&mut rng);
    Ok(certificate(cert_pem(&mut rng, &cn, 0, true), key))
}

fn gen_ca_with_key(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let cn = str_arg(args, 0);
    let key = key_arg(args, 2)?;
    let mut rng = seed_of("genCAWithKey", &[&cn, &key], int_value(args, 1));
    Ok(certificate(cert_pem(&mut rng, &cn, 0, true), key))
}

fn self_signed(name: &str, args: &[Value], key: Option<String>) -> FuncResult {
    let cn = str_arg(args, 0);
    let sans = sans(&arg(args, 1), &arg(args, 2))?;
    let key_text = key.clone().unwrap_or_default();
    let mut rng = seed_of(name, &[&cn, &sans, &key_text], int_value(args, 3));
    let key = key.unwrap_or_else(|| rsa_2048(&mut rng));
    Ok(certificate(
        cert_pem(&mut rng, &cn, sans.len() * 2, true),
        key,
    ))
}

fn gen_self_signed_cert(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    self_signed("genSelfSignedCert", args, None)
}

fn gen_self_signed_cert_with_key(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let key = key_arg(args, 4)?;
    self_signed("genSelfSignedCertWithKey", args, Some(key))
}

/// The CA argument of `genSignedCert`: its certificate text, checked as Sprig checks it.
fn ca_arg(value: &Value) -> Result<String, FuncError> {
    let wrong = |got: &str| {
        FuncError::Message(format!(
            "wrong type for value; expected sprig.certificate; got {got}"
        ))
    };
    let Value::Object(object) = value else {
        return Err(match value {
            Value::Nil => "invalid value; expected sprig.certificate".into(),
            other => wrong(&other.type_name()),
        });
    };
    if object.type_name() != "sprig.certificate" {
        return Err(wrong(&object.type_name()));
    }
    let text = |name: &str| {
        object
            .field(name)
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let (cert, key) = (text("Cert"), text("Key"));
    let (_, der) = pem_decode(&cert).ok_or("unable to decode certificate")?;
    if der.first() != Some(&0x30) {
        return Err(
            "error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate"
                .into(),
        );
    }
    parse_private_key(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(cert)
}

fn signed(name: &str, args: &[Value], key: Option<String>) -> FuncResult {
    let cn = str_arg(args, 0);
    let ca = ca_arg(&arg(args, 4))?;
    let sans = sans(&arg(args, 1), &arg(args, 2))?;
    let key_text = key.clone().unwrap_or_default();
    let mut rng = seed_of(name, &[&cn, &sans, &ca, &key_text], int_value(args, 3));
    let key = key.unwrap_or_else(|| rsa_2048(&mut rng));
    Ok(certificate(
        cert_pem(&mut rng, &cn, sans.len() * 2, false),
        key,
    ))
}

fn gen_signed_cert(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    signed("genSignedCert", args, None)
}

fn gen_signed_cert_with_key(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let key = key_arg(args, 5)?;
    signed("genSignedCertWithKey", args, Some(key))
}

fn build_custom_cert(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let decode = super::super::strings::base64_decode;
    let cert = decode(&str_arg(args, 0)).map_err(|_| "unable to decode base64 certificate")?;
    let key = decode(&str_arg(args, 1)).map_err(|_| "unable to decode base64 private key")?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) = pem_decode(&cert).ok_or("unable to decode certificate")?;
    if der.first() != Some(&0x30) {
        return Err(
            "error parsing certificate: decodedCert.Bytes: x509: malformed certificate".into(),
        );
    }
    parse_private_key(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(certificate(cert, key))
}

/// bcrypt's base64 (its own alphabet, no padding).
fn bcrypt_base64(bytes: &[u8]) -> String {
    const STD: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const BCRYPT: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    base64_encode(bytes)
        .bytes()
        .filter(|&c| c != b'=')
        .map(|c| {
            let i = STD.iter().position(|&s| s == c).unwrap_or(0);
            char::from(BCRYPT.get(i).copied().unwrap_or(b'.'))
        })
        .collect()
}

/// A bcrypt-shaped hash of `password` at Go's default cost: `$2a$10$`, 22 characters of salt,
/// 31 of hash; or Sprig's error text.
fn bcrypt_text(password: &str) -> String {
    if password.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .to_owned();
    }
    let mut rng = Rng::seeded(&[b"bcrypt", password.as_bytes()]);
    let salt = rng.bytes(16);
    let hash = rng.bytes(23);
    format!("$2a$10${}{}", bcrypt_base64(&salt), bcrypt_base64(&hash))
}

fn bcrypt(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    Ok(Value::str(bcrypt_text(&str_arg(args, 0))))
}

fn htpasswd(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    let user = str_arg(args, 0);
    if user.contains(':') {
        return Ok(Value::str(format!("invalid username: {user}")));
    }
    Ok(Value::str(format!(
        "{user}:{}",
        bcrypt_text(&str_arg(args, 1))
    )))
}

/// AES (FIPS-197) with a 256-bit key.
struct Aes256 {
    sbox: &'static [u8; 256],
    inv: &'static [u8; 256],
    keys: Vec<[u8; 16]>,
}

/// The S-box and its inverse: each byte's multiplicative inverse (through powers of the
/// generator 3), then the affine map. Computed once.
fn s_boxes() -> (&'static [u8; 256], &'static [u8; 256]) {
    static TABLES: std::sync::OnceLock<([u8; 256], [u8; 256])> = std::sync::OnceLock::new();
    let (sbox, inv) = TABLES.get_or_init(|| {
        let (mut exp, mut log) = ([0u8; 255], [0u8; 256]);
        let mut x = 1u8;
        for (i, slot) in exp.iter_mut().enumerate() {
            *slot = x;
            if let Some(l) = log.get_mut(usize::from(x)) {
                *l = i as u8;
            }
            x = gmul(x, 3);
        }
        let (mut sbox, mut inv) = ([0u8; 256], [0u8; 256]);
        for x in 0..=255u8 {
            let inverse = if x == 0 {
                0
            } else {
                let l = usize::from(get(&log, usize::from(x)));
                get(&exp, (255 - l) % 255)
            };
            let s = inverse
                ^ inverse.rotate_left(1)
                ^ inverse.rotate_left(2)
                ^ inverse.rotate_left(3)
                ^ inverse.rotate_left(4)
                ^ 0x63;
            if let Some(slot) = sbox.get_mut(usize::from(x)) {
                *slot = s;
            }
            if let Some(slot) = inv.get_mut(usize::from(s)) {
                *slot = x;
            }
        }
        (sbox, inv)
    });
    (sbox, inv)
}

fn get<const N: usize>(a: &[u8; N], i: usize) -> u8 {
    a.get(i).copied().unwrap_or(0)
}

/// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1.
fn gmul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0;
    while b != 0 {
        if b & 1 != 0 {
            p ^= a;
        }
        let high = a & 0x80;
        a <<= 1;
        if high != 0 {
            a ^= 0x1b;
        }
        b >>= 1;
    }
    p
}

impl Aes256 {
    fn new(key: &[u8; 32]) -> Aes256 {
        let (sbox, inv) = s_boxes();
        // Key expansion: 60 words for 15 round keys.
        let mut words: Vec<[u8; 4]> = key
            .chunks(4)
            .map(|c| [c.first(), c.get(1), c.get(2), c.get(3)].map(|b| b.copied().unwrap_or(0)))
            .collect();
        let mut rcon = 1u8;
        for i in 8..60 {
            let mut t = words.get(i - 1).copied().unwrap_or_default();
            if i % 8 == 0 {
                t = [t[1], t[2], t[3], t[0]].map(|b| get(sbox, usize::from(b)));
                t[0] ^= rcon;
                rcon = gmul(rcon, 2);
            } else if i % 8 == 4 {
                t = t.map(|b| get(sbox, usize::from(b)));
            }
            let back = words.get(i - 8).copied().unwrap_or_default();
            words.push([
                back[0] ^ t[0],
                back[1] ^ t[1],
                back[2] ^ t[2],
                back[3] ^ t[3],
            ]);
        }
        let keys = words
            .chunks(4)
            .map(|w| std::array::from_fn(|i| w.get(i / 4).map_or(0, |word| get(word, i % 4))))
            .collect();
        Aes256 { sbox, inv, keys }
    }

    fn round_key(&self, round: usize) -> [u8; 16] {
        self.keys.get(round).copied().unwrap_or_default()
    }

    fn encrypt(&self, block: [u8; 16]) -> [u8; 16] {
        let mut s = xor(block, self.round_key(0));
        for round in 1..=14 {
            // SubBytes and ShiftRows (byte r of column c comes from column c + r).
            let shifted: [u8; 16] = std::array::from_fn(|i| {
                let (c, r) = (i / 4, i % 4);
                get(self.sbox, usize::from(get(&s, (c + r) % 4 * 4 + r)))
            });
            s = if round == 14 {
                shifted
            } else {
                mix(shifted, [2, 3, 1, 1])
            };
            s = xor(s, self.round_key(round));
        }
        s
    }

    fn decrypt(&self, block: [u8; 16]) -> [u8; 16] {
        let mut s = xor(block, self.round_key(14));
        for round in (0..14).rev() {
            // InvShiftRows and InvSubBytes (byte r of column c goes to column c + r).
            let shifted: [u8; 16] = std::array::from_fn(|i| {
                let (c, r) = (i / 4, i % 4);
                get(self.inv, usize::from(get(&s, (c + 4 - r) % 4 * 4 + r)))
            });
            s = xor(shifted, self.round_key(round));
            if round > 0 {
                s = mix(s, [14, 11, 13, 9]);
            }
        }
        s
    }
}

fn xor(a: [u8; 16], b: [u8; 16]) -> [u8; 16] {
    std::array::from_fn(|i| get(&a, i) ^ get(&b, i))
}

/// MixColumns with the circulant row `m` (`[2, 3, 1, 1]`, or its inverse `[14, 11, 13, 9]`).
fn mix(s: [u8; 16], m: [u8; 4]) -> [u8; 16] {
    std::array::from_fn(|i| {
        let (c, r) = (i / 4, i % 4);
        (0..4).fold(0, |acc, k| {
            acc ^ gmul(get(&m, (k + 4 - r) % 4), get(&s, c * 4 + k))
        })
    })
}

/// Sprig's key: the password's bytes, zero-padded or cut to 32.
fn aes_key(password: &str) -> Aes256 {
    let mut key = [0u8; 32];
    for (k, b) in key.iter_mut().zip(password.bytes()) {
        *k = b;
    }
    Aes256::new(&key)
}

fn block_of(bytes: &[u8]) -> [u8; 16] {
    std::array::from_fn(|i| bytes.get(i).copied().unwrap_or(0))
}

/// Sprig's `encryptAES`: AES-256-CBC, PKCS#7 padding, the IV first, base64 (the IV derived from
/// the password and the text).
pub fn encrypt_aes(password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let aes = aes_key(password);
    let mut content = plaintext.as_bytes().to_vec();
    let padding = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(padding as u8, padding));
    let iv = block_of(
        &Rng::seeded(&[b"encryptAES", password.as_bytes(), plaintext.as_bytes()]).bytes(16),
    );
    let mut out = iv.to_vec();
    let mut previous = iv;
    for chunk in content.chunks(16) {
        previous = aes.encrypt(xor(block_of(chunk), previous));
        out.extend_from_slice(&previous);
    }
    base64_encode(&out)
}

/// Sprig's `decryptAES`, with the errors Go's panics give.
pub fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, String> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = super::super::strings::base64_decode(crypt64)?;
    let aes = aes_key(password);
    let Some((iv, body)) = crypt.split_at_checked(16) else {
        return Err(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt64.len() / 4 * 3
        ));
    };
    if body.len() % 16 != 0 {
        return Err("crypto/cipher: input not full blocks".to_owned());
    }
    let mut previous = block_of(iv);
    let mut plain = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let block = block_of(chunk);
        plain.extend_from_slice(&xor(aes.decrypt(block), previous));
        previous = block;
    }
    let Some(&last) = plain.last() else {
        return Err("runtime error: index out of range [-1]".to_owned());
    };
    let Some(end) = plain.len().checked_sub(usize::from(last)) else {
        return Err(format!(
            "runtime error: slice bounds out of range [:{}]",
            plain.len() as i64 - i64::from(last)
        ));
    };
    plain.truncate(end);
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

/// One AES-256 block, for tests against FIPS-197.
#[cfg(test)]
pub fn aes_block(key: &[u8; 32], block: [u8; 16], decrypt: bool) -> [u8; 16] {
    let aes = Aes256::new(key);
    if decrypt {
        aes.decrypt(block)
    } else {
        aes.encrypt(block)
    }
}

fn encrypt_aes_func(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    Ok(Value::str(encrypt_aes(
        &str_arg(args, 0),
        &str_arg(args, 1),
    )))
}

fn decrypt_aes_func(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args_len(args))?;
    Ok(Value::str(
        decrypt_aes(&str_arg(args, 0), &str_arg(args, 1)).map_err(FuncError::Message)?,
    ))
}

pub fn register(funcs: &mut Funcs) {
    use Ty::{Any, Int, List, String};
    add(funcs, "genPrivateKey", gen_private_key, &[String], None);
    add(funcs, "genCA", gen_ca, &[String, Int], None);
    add(
        funcs,
        "genCAWithKey",
        gen_ca_with_key,
        &[String, Int, String],
        None,
    );
    add(
        funcs,
        "genSelfSignedCert",
        gen_self_signed_cert,
        &[String, List, List, Int],
        None,
    );
    add(
        funcs,
        "genSelfSignedCertWithKey",
        gen_self_signed_cert_with_key,
        &[String, List, List, Int, String],
        None,
    );
    add(
        funcs,
        "genSignedCert",
        gen_signed_cert,
        &[String, List, List, Int, Any],
        None,
    );
    add(
        funcs,
        "genSignedCertWithKey",
        gen_signed_cert_with_key,
        &[String, List, List, Int, Any, String],
        None,
    );
    add(
        funcs,
        "buildCustomCert",
        build_custom_cert,
        &[String, String],
        None,
    );
    add(
        funcs,
        "encryptAES",
        encrypt_aes_func,
        &[String, String],
        None,
    );
    add(
        funcs,
        "decryptAES",
        decrypt_aes_func,
        &[String, String],
        None,
    );
    add(funcs, "htpasswd", htpasswd, &[String, String], None);
    add(funcs, "bcrypt", bcrypt, &[String], None);
}
