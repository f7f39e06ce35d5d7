//! The clock, random and crypto stand-ins run in templates.

use super::crypto::{decrypt_aes, encrypt_aes, pem_decode};
use super::gotime::{self, Loc, Time};
use crate::template::{Funcs, Host, Templates, Tree, Value};

struct NoHost;

impl Host for NoHost {
    fn parse(&self, name: &str, text: &str, funcs: &Funcs) -> Result<Vec<Tree>, String> {
        crate::template::parse(name, text, &|f| funcs.contains_key(f)).map_err(|e| e.to_string())
    }
}

fn run(text: &str) -> String {
    let funcs = crate::funcs::all();
    let trees = match crate::template::parse("t", text, &|f| funcs.contains_key(f)) {
        Ok(trees) => trees,
        Err(e) => return format!("ERROR: {e}"),
    };
    let mut templates = Templates::default();
    templates.add(trees);
    let dot = Value::map(crate::template::Map::new());
    let mut out = String::new();
    match crate::template::execute(&templates, &funcs, &NoHost, "t", &dot, &mut out) {
        Ok(()) => out,
        Err(e) => format!("ERROR: {e}"),
    }
}

fn utc(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, ns: i64) -> Time {
    Time::date(y, mo, d, h, mi, s, ns, Loc::Utc)
}

#[test]
fn now_and_date_format_a_fixed_instant() {
    assert_eq!(run("{{ now }}"), "2026-01-01 00:00:00 +0000 UTC");
    assert_eq!(
        run("{{ now | date \"2006-01-02T15:04:05Z07:00\" }}"),
        "2026-01-01T00:00:00Z"
    );
    assert_eq!(run("{{ now | unixEpoch }}"), "1767225600");
    assert_eq!(
        run("{{ now.Unix }} {{ now.Year }} {{ now.Month }} {{ now.Weekday }}"),
        "1767225600 2026 January Thursday"
    );
    assert_eq!(
        run("{{ (now).Format \"Jan _2 03:04PM\" }}"),
        "Jan  1 12:00AM"
    );
    assert_eq!(
        run("{{ dateInZone \"2006-01-02T15:04:05Z\" (now) \"UTC\" }}"),
        "2026-01-01T00:00:00Z"
    );
    assert_eq!(
        run("{{ dateInZone \"15:04 MST -07:00\" (now) \"Asia/Tokyo\" }}"),
        "09:00 JST +09:00"
    );
    assert_eq!(
        run("{{ dateInZone \"15:04 MST\" (now) \"Nowhere/City\" }}"),
        "00:00 UTC"
    );
    assert_eq!(run("{{ date \"2006-01-02\" 0 }}"), "1970-01-01");
    // An `int64` counts too; a string or a float is "now".
    assert_eq!(run("{{ date \"2006\" (int64 86400000000) }}"), "4707");
    assert_eq!(run("{{ date \"2006\" \"1999\" }}"), "2026");
    assert_eq!(
        run("{{ htmlDate 1700000000 }} {{ htmlDateInZone 1700000000 \"Etc/GMT+12\" }}"),
        "2023-11-14 2023-11-14"
    );
    assert_eq!(
        run("{{ date_in_zone \"15 MST\" 0 \"Etc/GMT-3\" }}"),
        "03 +03"
    );
    assert_eq!(
        run("{{ now | dateModify \"-1.5h\" }}"),
        "2025-12-31 22:30:00 +0000 UTC"
    );
    assert_eq!(
        run("{{ now | dateModify \"bogus\" | unixEpoch }}"),
        "1767225600"
    );
    assert!(
        run("{{ now | mustDateModify \"bogus\" }}")
            .contains("error calling mustDateModify: time: invalid duration \"bogus\"")
    );
    assert!(
        run("{{ unixEpoch \"x\" }}")
            .contains("wrong type for value; expected time.Time; got string")
    );
    assert_eq!(
        run("{{ (now.AddDate 0 1 30).Format \"2006-01-02\" }}"),
        "2026-03-03"
    );
    assert_eq!(
        run("{{ now.Sub (toDate \"2006-01-02\" \"2025-12-31\") }}"),
        "24h0m0s"
    );
}

#[test]
fn durations_print_as_go_prints_them() {
    assert_eq!(
        run("{{ duration \"95\" }} {{ duration 95 }} {{ duration (int64 3600) }}"),
        "1m35s 0s 1h0m0s"
    );
    assert_eq!(
        run(
            "{{ durationRound \"2h10m\" }} {{ durationRound \"-49h\" }} {{ durationRound \"1s\" }}"
        ),
        "2h 2d 0s"
    );
    assert_eq!(run("{{ durationRound (int64 3000000000000000) }}"), "1mo");
    assert_eq!(run("{{ ago 1767225000 }} {{ ago (now) }}"), "10m0s 0s");
    assert_eq!(gotime::duration_string(1_500), "1.5µs");
    assert_eq!(gotime::duration_string(-1_000_000_001), "-1.000000001s");
    assert_eq!(
        gotime::duration_string(i64::MIN),
        "-2562047h47m16.854775808s"
    );
    assert_eq!(gotime::parse_duration("1h2m3.5s"), Ok(3_723_500_000_000));
    assert_eq!(gotime::parse_duration(".5us"), Ok(500));
    assert_eq!(gotime::parse_duration("-0"), Ok(0));
    assert_eq!(
        gotime::parse_duration("3"),
        Err("time: missing unit in duration \"3\"".to_owned())
    );
    assert_eq!(
        gotime::parse_duration("3d"),
        Err("time: unknown unit \"d\" in duration \"3d\"".to_owned())
    );
    assert_eq!(
        gotime::parse_duration("9999999999h"),
        Err("time: invalid duration \"9999999999h\"".to_owned())
    );
    assert_eq!(
        gotime::round_duration(1_500_000_000, 1_000_000_000),
        2_000_000_000
    );
    assert_eq!(
        gotime::round_duration(-1_500_000_000, 1_000_000_000),
        -2_000_000_000
    );
    assert_eq!(gotime::round_duration(i64::MAX, 1_000_000_000), i64::MAX);
}

#[test]
fn layouts_format_as_go_formats_them() {
    let t = utc(2009, 2, 3, 16, 5, 6, 78_900_000);
    let cases = [
        ("Mon Jan 2 15:04:05 MST 2006", "Tue Feb 3 16:05:06 UTC 2009"),
        (
            "Monday, January 02 06 3:4:5 PM pm",
            "Tuesday, February 03 09 4:5:6 PM pm",
        ),
        ("2006-01-02T15:04:05.000Z07:00", "2009-02-03T16:05:06.078Z"),
        (
            "15:04:05.999999999 .99 ,000000",
            "16:05:06.0789 .07 ,078900",
        ),
        ("__2 002 _2 _2006", " 34 034  3 _2009"),
        ("-0700 -07:00:00 -07 Z0700", "+0000 +00:00:00 +00 Z"),
        ("Janet Monty 01.0999", "Janet Monty 02.0999"),
    ];
    for (layout, want) in cases {
        assert_eq!(t.format(layout), want, "{layout}");
    }
    let ny = t.in_loc(Loc::load("America/New_York").unwrap());
    assert_eq!(
        ny.format("2006-01-02 15:04 MST -0700"),
        "2009-02-03 11:05 EST -0500"
    );
    let summer = utc(2025, 7, 1, 12, 0, 0, 0);
    assert_eq!(
        summer
            .in_loc(Loc::load("Europe/Berlin").unwrap())
            .format("15:04 MST"),
        "14:00 CEST"
    );
    assert_eq!(
        summer
            .in_loc(Loc::load("America/Los_Angeles").unwrap())
            .format("15:04 MST"),
        "05:00 PDT"
    );
    assert_eq!(
        summer
            .in_loc(Loc::load("Australia/Sydney").unwrap())
            .format("15:04 MST"),
        "22:00 AEST"
    );
    let kathmandu = Loc::load("Asia/Kathmandu").unwrap();
    assert_eq!(
        summer.in_loc(kathmandu).format("15:04 -07:00"),
        "17:45 +05:45"
    );
    assert_eq!(Time::zero().string(), "0001-01-01 00:00:00 +0000 UTC");
    assert_eq!(utc(-1, 1, 1, 0, 0, 0, 0).format("2006 06"), "-0001 01");
    assert!(Loc::load("Etc/GMT+13").is_none());
}

#[test]
fn dates_parse_as_go_parses_them() {
    let parse =
        |layout: &str, value: &str| gotime::parse(layout, value, Loc::Local).map(|t| t.string());
    assert_eq!(
        parse("2006-01-02", "2024-02-29").unwrap(),
        "2024-02-29 00:00:00 +0000 UTC"
    );
    assert_eq!(
        parse("2006-01-02T15:04:05Z07:00", "2024-05-06T07:08:09+02:00").unwrap(),
        "2024-05-06 07:08:09 +0200 +0200"
    );
    assert_eq!(
        parse("2006-01-02T15:04:05Z07:00", "2024-05-06T07:08:09.123Z").unwrap(),
        "2024-05-06 07:08:09.123 +0000 UTC"
    );
    assert_eq!(
        parse("Jan 2 06 3:04PM MST", "feb 3 99 12:30AM PST").unwrap(),
        "1999-02-03 00:30:00 +0000 PST"
    );
    assert_eq!(
        parse("2006 002", "2024 060").unwrap(),
        "2024-02-29 00:00:00 +0000 UTC"
    );
    assert_eq!(
        parse("2006-01-02", "2023-02-29").unwrap_err(),
        "parsing time \"2023-02-29\": day out of range"
    );
    assert_eq!(
        parse("2006-01-02", "2023-13-01").unwrap_err(),
        "parsing time \"2023-13-01\": month out of range"
    );
    assert_eq!(
        parse("2006-01-02", "2023/01/01").unwrap_err(),
        "parsing time \"2023/01/01\" as \"2006-01-02\": cannot parse \"/01/01\" as \"-\""
    );
    assert_eq!(
        parse("2006-01-02", "2023-01-01x").unwrap_err(),
        "parsing time \"2023-01-01x\": extra text: \"x\""
    );
    assert_eq!(
        parse("2006-01-02", "23-01-01").unwrap_err(),
        "parsing time \"23-01-01\" as \"2006-01-02\": cannot parse \"23-01-01\" as \"2006\""
    );
    assert_eq!(
        run("{{ toDate \"2006-01-02\" \"2017-12-31\" | date \"02/01/2006\" }}"),
        "31/12/2017"
    );
    assert_eq!(
        run("{{ toDate \"2006-01-02\" \"nope\" }}"),
        "0001-01-01 00:00:00 +0000 UTC"
    );
    assert!(
        run("{{ mustToDate \"2006-01-02\" \"nope\" }}")
            .contains("error calling mustToDate: parsing time \"nope\"")
    );
}

#[test]
fn random_strings_have_the_shape_and_repeat() {
    let a = run("{{ randAlphaNum 16 }}");
    assert_eq!(a.len(), 16);
    assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(a, run("{{ randAlphaNum 16 }}"));
    assert!(
        run("{{ randAlpha 40 }}")
            .chars()
            .all(|c| c.is_ascii_alphabetic())
    );
    assert!(
        run("{{ randNumeric 40 }}")
            .chars()
            .all(|c| c.is_ascii_digit())
    );
    assert!(
        run("{{ randAscii 40 }}")
            .chars()
            .all(|c| (' '..='~').contains(&c))
    );
    assert_eq!(run("{{ randAlpha -3 }}|{{ randAlpha 0 }}"), "|");
    assert!(run("{{ randAlphaNum 1000000000 }}").starts_with("ERROR:"));
    assert!(run("{{ randAlphaNum 9223372036854775807 }}").starts_with("ERROR:"));
    assert!(run("{{ randAlphaNum 1.5 }}").contains("expected integer"));
    let bytes = run("{{ randBytes 24 }}");
    assert_eq!(
        crate::funcs::sprig::strings::base64_decode(&bytes)
            .unwrap()
            .len(),
        24
    );
    assert!(run("{{ randBytes -1 }}").contains("makeslice: len out of range"));
    let n: i64 = run("{{ randInt 5 9 }}").parse().unwrap();
    assert!((5..9).contains(&n));
    assert!(run("{{ randInt 3 3 }}").contains("invalid argument to Intn"));
    let uuid = run("{{ uuidv4 }}");
    assert_eq!(uuid.len(), 36);
    assert_eq!(uuid.as_bytes()[14], b'4');
    assert!(matches!(uuid.as_bytes()[19], b'8' | b'9' | b'a' | b'b'));
    let mut shuffled: Vec<char> = run("{{ shuffle \"hello wörld\" }}").chars().collect();
    shuffled.sort_unstable();
    let mut original: Vec<char> = "hello wörld".chars().collect();
    original.sort_unstable();
    assert_eq!(shuffled, original);
}

#[test]
fn keys_and_certificates_are_pem_shaped() {
    for (kind, pem_type) in [
        ("rsa", "RSA PRIVATE KEY"),
        ("", "RSA PRIVATE KEY"),
        ("ecdsa", "EC PRIVATE KEY"),
        ("ed25519", "PRIVATE KEY"),
        ("dsa", "DSA PRIVATE KEY"),
    ] {
        let key = run(&format!("{{{{ genPrivateKey {kind:?} }}}}"));
        assert!(
            key.starts_with(&format!("-----BEGIN {pem_type}-----\n")),
            "{key}"
        );
        assert!(key.ends_with(&format!("\n-----END {pem_type}-----\n")));
        assert!(key.lines().all(|l| l.len() <= 64));
        let (t, der) = pem_decode(&key).unwrap();
        assert_eq!(t, pem_type);
        assert_eq!(der[0], 0x30);
    }
    assert_eq!(run("{{ genPrivateKey \"x\" }}"), "Unknown type x");
    let ca = "{{ $ca := genCA \"my-ca\" 365 }}";
    let cert = run(&format!("{ca}{{{{ $ca.Cert }}}}"));
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----\nMII"));
    assert!(
        run(&format!("{ca}{{{{ $ca.Key }}}}"))
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA")
    );
    let signed = format!(
        "{ca}{{{{ $c := genSignedCert \"svc\" (list \"10.0.0.1\") (list \"a.example\") 365 $ca }}}}{{{{ $c.Cert }}}}{{{{ $c.Key }}}}"
    );
    let out = run(&signed);
    assert!(
        out.contains("-----END CERTIFICATE-----\n-----BEGIN RSA PRIVATE KEY-----"),
        "{out}"
    );
    assert_eq!(out, run(&signed));
    assert!(
        run(&format!(
            "{ca}{{{{ genSignedCert \"svc\" (list \"nope\") nil 365 $ca }}}}"
        ))
        .contains("error parsing ip: nope")
    );
    assert!(
        run("{{ genSignedCert \"svc\" nil nil 365 (dict) }}")
            .contains("expected sprig.certificate; got map[string]interface {}")
    );
    assert!(
        run("{{ genSelfSignedCert \"x\" nil (list 1) 3 }}")
            .contains("error processing alternate dns name: 1 is not a string")
    );
    let with_key = "{{ $k := genPrivateKey \"ecdsa\" }}{{ $c := genSelfSignedCertWithKey \"x\" nil nil 3 $k }}{{ eq $c.Key $k }}";
    assert_eq!(run(with_key), "true");
    assert!(
        run("{{ genCAWithKey \"x\" 3 \"junk\" }}")
            .contains("parsing private key: no PEM data in input")
    );
    let custom = format!(
        "{ca}{{{{ $b := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) }}}}{{{{ eq $b.Cert $ca.Cert }}}}"
    );
    assert_eq!(run(&custom), "true");
    assert!(
        run("{{ buildCustomCert \"!\" \"\" }}").contains("unable to decode base64 certificate")
    );
}

#[test]
fn htpasswd_and_bcrypt_have_bcrypt_shape() {
    let line = run("{{ htpasswd \"admin\" \"secret\" }}");
    let hash = line.strip_prefix("admin:$2a$10$").unwrap();
    assert_eq!(hash.len(), 53);
    assert!(
        hash.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/')
    );
    assert!(matches!(hash.as_bytes()[21], b'.' | b'O' | b'e' | b'u'));
    assert_eq!(line, run("{{ htpasswd \"admin\" \"secret\" }}"));
    assert_eq!(run("{{ htpasswd \"a:b\" \"x\" }}"), "invalid username: a:b");
    assert_eq!(run("{{ bcrypt \"x\" | len }}"), "60");
    assert!(
        run(&format!("{{{{ bcrypt {:?} }}}}", "x".repeat(73)))
            .contains("password length exceeds 72 bytes")
    );
}

#[test]
fn aes_is_sprigs_aes_256_cbc() {
    // FIPS-197, appendix C.3.
    let key: [u8; 32] = std::array::from_fn(|i| i as u8);
    let block: [u8; 16] = std::array::from_fn(|i| (i as u8) * 0x11);
    let encrypted = super::crypto::aes_block(&key, block, false);
    let hex: String = encrypted.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, "8ea2b7ca516745bfeafc49904b496089");
    assert_eq!(super::crypto::aes_block(&key, encrypted, true), block);
    for text in [
        "a",
        "exactly sixteen!",
        "ünïcode and a longer text over blocks",
    ] {
        let sealed = encrypt_aes("pw", text);
        assert_eq!(decrypt_aes("pw", &sealed).unwrap(), text);
        assert_eq!(sealed, encrypt_aes("pw", text));
    }
    assert_eq!(
        run("{{ encryptAES \"k\" \"hi\" | decryptAES \"k\" }}"),
        "hi"
    );
    assert_eq!(
        run("{{ encryptAES \"k\" \"\" }}|{{ decryptAES \"k\" \"\" }}"),
        "|"
    );
    assert!(
        run("{{ decryptAES \"k\" \"aGk=\" }}")
            .contains("slice bounds out of range [:16] with capacity 3")
    );
    assert!(run("{{ decryptAES \"k\" \"!!\" }}").contains("illegal base64 data"));
}

#[test]
fn extreme_inputs_neither_panic_nor_run_long() {
    for text in [
        "{{ (now.AddDate 9223372036854775807 9223372036854775807 9223372036854775807).Year }}",
        "{{ (now.AddDate -9223372036854775807 -9 -9).Unix }}",
        "{{ now.Add 9223372036854775807 }}",
        "{{ (now.Add -9223372036854775807).Sub now }}",
        "{{ date \"2006\" (int64 9223372036854775807) }}",
        "{{ dateInZone \"MST\" (int64 -9223372036854775807) \"America/New_York\" }}",
        "{{ dateInZone \"MST\" (int64 9223372036854775807) \"Australia/Sydney\" }}",
        "{{ duration \"99999999999999999999\" }}",
        "{{ randInt -9223372036854775807 9223372036854775807 }}",
        "{{ ago (int64 -9223372036854775807) }}",
    ] {
        let _ = run(text);
    }
    let many = "-----BEGIN X-----\n".repeat(50_000);
    assert!(pem_decode(&many).is_none());
    assert!(
        run("{{ range until 100 }}{{ $x := randAlphaNum 1000000 }}{{ end }}").contains("steps")
    );
}
