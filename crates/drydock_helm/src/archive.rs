//! Subcharts vendored as `charts/<name>-<version>.tgz`, read as Helm v4 reads them
//! (`pkg/chart/loader/archive.LoadArchiveFiles`, called by `LoadFiles` for every `charts/*.tgz`).
//!
//! A chart read from the disk hands each file's bytes to [`add_file`]: a subchart archive is
//! expanded into `charts/<archive>.tgz/<path>` entries of the chart's files, so the renderer meets a
//! folder subchart named after the archive, as Helm keys subcharts by that first segment (a
//! folder `charts/common/` and an archive `charts/common-0.0.5.tgz` are two subcharts to Helm,
//! and stay two here). An archive Helm would refuse stays one entry, `charts/<archive>.tgz`,
//! whose text is Helm's reason; [`crate::chart::render`] refuses the chart with it.
//!
//! Files that are not UTF-8 text are left out, as the disk readers leave them out of folder
//! charts (`Files` holds text; Helm would keep their bytes for `.Files`). Helm's UTF-8 byte
//! order mark is removed from the start of each file, as Helm removes it.
//!
//! Bounded as Helm bounds it: at most [`MAX_DECOMPRESSED_CHART_SIZE`] bytes of files per archive
//! (nested archives share it), [`MAX_DECOMPRESSED_FILE_SIZE`] per file; the decompressed stream,
//! tar headers included, is cut a little past that. Linear in the input, never panics.

use miniz_oxide::inflate::stream::{InflateState, inflate};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// Helm's `MaxDecompressedChartSize`: the files of one archive, decompressed.
pub const MAX_DECOMPRESSED_CHART_SIZE: u64 = 100 * 1024 * 1024;

/// Helm's `MaxDecompressedFileSize`: one file of an archive, decompressed.
pub const MAX_DECOMPRESSED_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// Room for tar headers past the files' limit: a stream longer than this is cut.
const HEADER_ROOM: u64 = 16 * 1024 * 1024;

/// Archives inside archives inside archives: a gzip quine must end somewhere.
const MAX_NESTING: usize = 8;

/// Go's `archive/tar` refuses extended headers (PAX records, GNU long names) longer than this.
const MAX_SPECIAL_FILE_SIZE: u64 = 1 << 20;

/// One file of an archive: its path with the top folder removed, cleaned, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveFile {
    pub name: String,
    pub data: Vec<u8>,
}

/// A chart's files, as [`crate::chart::Files`] names them (not imported: the renderer reads
/// this module, and modules do not import each other in a loop).
type Files = std::collections::BTreeMap<String, String>;

/// Adds a chart's file, read from the disk as bytes, to `files` under `path` (relative to the
/// chart): a subchart archive (`charts/x.tgz`, also in a subchart's `charts/`) expanded, a text
/// file kept, anything else left out. The one way the disk readers fill a chart's files.
pub fn add_file(files: &mut Files, path: &str, bytes: Vec<u8>) {
    if is_subchart_archive(path) {
        let mut budget = MAX_DECOMPRESSED_CHART_SIZE;
        expand(files, path, &bytes, &mut budget, 0);
    } else if let Ok(text) = String::from_utf8(bytes) {
        files.insert(path.to_owned(), text);
    }
}

/// Whether `path` (relative to the top chart) is an archive Helm loads as a subchart:
/// `charts/<name>.tgz` directly in the `charts/` of the chart or of one of its subcharts
/// (`charts/a/charts/b.tgz`); Helm passes over names that start with `_` or `.`.
pub fn is_subchart_archive(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').collect();
    let Some((name, folders)) = segments.split_last() else {
        return false;
    };
    folders.len() % 2 == 1
        && folders
            .iter()
            .step_by(2)
            .all(|segment| *segment == "charts")
        && name.ends_with(".tgz")
        && !name.starts_with(['_', '.'])
}

/// Expands the archive at `path` into `files` under `path/`, or records why Helm refuses it.
fn expand(files: &mut Files, path: &str, bytes: &[u8], budget: &mut u64, depth: usize) {
    let read = if depth >= MAX_NESTING {
        Err(format!(
            "chart archives are nested more than {MAX_NESTING} deep"
        ))
    } else {
        read_limited(bytes, budget)
    };
    match read {
        Ok(entries) => {
            for entry in entries {
                let inner = format!("{path}/{}", entry.name);
                if is_subchart_archive(&entry.name) {
                    expand(files, &inner, &entry.data, budget, depth + 1);
                } else if let Ok(text) = String::from_utf8(entry.data) {
                    files.insert(inner, text);
                }
            }
        }
        Err(reason) => {
            files.insert(path.to_owned(), reason);
        }
    }
}

/// The files of a chart archive (gzip'd tar), as Helm's `LoadArchiveFiles` reads them, or why
/// Helm refuses it, in Helm's (and Go's) words.
pub fn read(bytes: &[u8]) -> Result<Vec<ArchiveFile>, String> {
    let mut budget = MAX_DECOMPRESSED_CHART_SIZE;
    read_limited(bytes, &mut budget)
}

fn read_limited(bytes: &[u8], budget: &mut u64) -> Result<Vec<ArchiveFile>, String> {
    let stream = gunzip(bytes, budget.saturating_add(HEADER_ROOM))?;
    let mut tar = Tar {
        data: &stream.data,
        at: 0,
        end_error: stream.end_error,
    };
    let mut files = Vec::new();
    while let Some(entry) = tar.next()? {
        if let Some(file) = accept(entry, budget)? {
            files.push(file);
        }
    }
    if files.is_empty() {
        return Err("no files in chart archive".to_owned());
    }
    Ok(files)
}

/// Helm's checks on one tar entry: directories and global headers passed over, the top folder
/// removed, paths that escape refused, sizes bounded.
fn accept(entry: Entry<'_>, budget: &mut u64) -> Result<Option<ArchiveFile>, String> {
    if entry.is_dir || entry.typeflag == b'g' || entry.typeflag == b'x' {
        // Go reads past the skipped data on the next call, and fails there if it is cut.
        entry.data?;
        return Ok(None);
    }
    let name = entry.name.as_str();
    let name = clean_name(name)?;
    let too_large = || {
        format!("decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}")
    };
    if entry.size > i128::from(*budget) {
        return Err(too_large());
    }
    if entry.size > i128::from(MAX_DECOMPRESSED_FILE_SIZE) {
        return Err(format!(
            "decompressed chart file {} is larger than the maximum file size {MAX_DECOMPRESSED_FILE_SIZE}",
            go_quote(&entry.name)
        ));
    }
    let data = entry.data?;
    let written = data.len() as u64;
    *budget = budget.saturating_sub(written);
    if i128::from(written) < entry.size || *budget == 0 {
        return Err(too_large());
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    Ok(Some(ArchiveFile {
        name,
        data: data.to_vec(),
    }))
}

/// An entry's path as Helm keeps it: split at `\` if it has one (made on Windows), else at `/`;
/// the first segment dropped; cleaned; refused when it would land outside the chart.
fn clean_name(raw: &str) -> Result<String, String> {
    let delimiter = if raw.contains('\\') { '\\' } else { '/' };
    let mut parts = raw.split(delimiter);
    let top = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let joined = rest.join("/");
    if joined.starts_with('/') {
        return Err("chart illegally contains absolute paths".to_owned());
    }
    let cleaned = clean_path(&joined);
    if cleaned == "." {
        return Err(format!(
            "chart illegally contains content outside the base directory: {}",
            go_quote(raw)
        ));
    }
    if cleaned.starts_with("..") {
        return Err("chart illegally references parent directory".to_owned());
    }
    if is_drive_path(&cleaned) {
        return Err("chart contains illegally named files".to_owned());
    }
    if top == "Chart.yaml" {
        return Err("chart yaml not in base directory".to_owned());
    }
    Ok(cleaned)
}

/// Go's `path.Clean` for a relative path: `.` and empty segments dropped, `..` folded.
fn clean_path(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|last| *last != "..") {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            _ => out.push(segment),
        }
    }
    if out.is_empty() {
        ".".to_owned()
    } else {
        out.join("/")
    }
}

/// Helm's `^[a-zA-Z]:/`: a Windows drive, made by mixing `/` and `\`.
fn is_drive_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    matches!(bytes, [letter, b':', b'/', ..] if letter.is_ascii_alphabetic())
}

/// Go's `%q` for the names Helm quotes: ASCII printable kept, the rest escaped.
fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A gzip stream decompressed as far as it goes, and what a reader meets past its end (`None`:
/// a clean end of input). Go's readers are lazy: an error past what the tar needs is never seen.
struct Stream {
    data: Vec<u8>,
    end_error: Option<String>,
}

const UNEXPECTED_EOF: &str = "unexpected EOF";

/// Go's `gzip.Reader` over `bytes` (members one after another), at most `limit` bytes out. An
/// error in the first member's header is immediate, as `gzip.NewReader`'s is.
fn gunzip(bytes: &[u8], limit: u64) -> Result<Stream, String> {
    let mut data = Vec::new();
    let mut at = header_end(bytes, 0).map_err(|e| e.unwrap_or("EOF").to_owned())?;
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let member_start = data.len();
        let inflated = inflate_member(&mut state, &mut chunk, bytes, &mut at, &mut data, limit);
        if let Err(error) = inflated {
            return Ok(Stream {
                data,
                end_error: Some(error),
            });
        }
        let Some(&[c0, c1, c2, c3, s0, s1, s2, s3]) = bytes.get(at..at.saturating_add(8)) else {
            return Ok(cut(data, UNEXPECTED_EOF));
        };
        at += 8;
        let crc = u32::from_le_bytes([c0, c1, c2, c3]);
        let size = u32::from_le_bytes([s0, s1, s2, s3]);
        let member = data.get(member_start..).unwrap_or_default();
        if crc != crc32(member) || size != member.len() as u32 {
            return Ok(cut(data, "gzip: invalid checksum"));
        }
        // Go reads on into the next member, if there is one.
        match header_end(bytes, at) {
            Ok(next) => at = next,
            Err(None) => {
                return Ok(Stream {
                    data,
                    end_error: None,
                });
            }
            Err(Some(error)) => return Ok(cut(data, error)),
        }
        state.reset(DataFormat::Raw);
    }
}

fn cut(data: Vec<u8>, error: &str) -> Stream {
    Stream {
        data,
        end_error: Some(error.to_owned()),
    }
}

/// One member's deflate data from `*at` into `data`; `*at` left past it.
fn inflate_member(
    state: &mut InflateState,
    chunk: &mut [u8],
    bytes: &[u8],
    at: &mut usize,
    data: &mut Vec<u8>,
    limit: u64,
) -> Result<(), String> {
    loop {
        let input = bytes.get(*at..).unwrap_or_default();
        let result = inflate(state, input, chunk, MZFlush::None);
        *at += result.bytes_consumed;
        data.extend_from_slice(chunk.get(..result.bytes_written).unwrap_or_default());
        if data.len() as u64 > limit {
            data.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            return Err(format!(
                "decompressed chart is larger than the maximum size {MAX_DECOMPRESSED_CHART_SIZE}"
            ));
        }
        match result.status {
            Ok(MZStatus::StreamEnd) => return Ok(()),
            Ok(_) => {}
            Err(MZError::Buf) if result.bytes_consumed == 0 && result.bytes_written == 0 => {
                return Err(UNEXPECTED_EOF.to_owned());
            }
            Err(MZError::Buf) => {}
            Err(_) => return Err(format!("flate: corrupt input before offset {}", *at)),
        }
    }
}

/// Where the gzip member header at `at` ends. `Err(None)`: no bytes at all (Go's `io.EOF`);
/// `Err(Some(_))`: Go's error for a short or wrong header.
fn header_end(bytes: &[u8], at: usize) -> Result<usize, Option<&'static str>> {
    const INVALID: &str = "gzip: invalid header";
    let rest = bytes.get(at..).unwrap_or_default();
    if rest.is_empty() {
        return Err(None);
    }
    let Some(fixed) = rest.get(..10) else {
        return Err(Some(UNEXPECTED_EOF));
    };
    if fixed.get(..3) != Some(&[0x1f, 0x8b, 8][..]) {
        return Err(Some(INVALID));
    }
    let flags = fixed.get(3).copied().unwrap_or_default();
    let mut end = 10usize;
    if flags & 0x04 != 0 {
        let Some(&[lo, hi]) = rest.get(end..end + 2) else {
            return Err(Some(UNEXPECTED_EOF));
        };
        end += 2 + usize::from(u16::from_le_bytes([lo, hi]));
        if end > rest.len() {
            return Err(Some(UNEXPECTED_EOF));
        }
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            // Go reads names and comments into a 512-byte buffer, NUL included.
            let field = rest.get(end..).unwrap_or_default();
            match field.iter().take(512).position(|&b| b == 0) {
                Some(nul) => end += nul + 1,
                None if field.len() < 512 => return Err(Some(UNEXPECTED_EOF)),
                None => return Err(Some(INVALID)),
            }
        }
    }
    if flags & 0x02 != 0 {
        let Some(&[lo, hi]) = rest.get(end..end + 2) else {
            return Err(Some(UNEXPECTED_EOF));
        };
        let header = rest.get(..end).unwrap_or_default();
        if u16::from_le_bytes([lo, hi]) != (crc32(header) & 0xffff) as u16 {
            return Err(Some(INVALID));
        }
        end += 2;
    }
    Ok(at + end)
}

/// CRC-32 (IEEE), as gzip's trailer holds it.
fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (n, slot) in (0u32..).zip(table.iter_mut()) {
            let mut c = n;
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        table
    });
    let mut crc = !0u32;
    for &b in bytes {
        let slot = table
            .get(usize::from((crc as u8) ^ b))
            .copied()
            .unwrap_or(0);
        crc = slot ^ (crc >> 8);
    }
    !crc
}

/// One entry of a tar archive as Go's `tar.Reader.Next` returns it, extended headers applied.
struct Entry<'a> {
    name: String,
    typeflag: u8,
    is_dir: bool,
    /// The size the header gives (Helm compares it with what was read).
    size: i128,
    /// The data, or Go's error reading it.
    data: Result<&'a [u8], String>,
}

const INVALID_TAR: &str = "archive/tar: invalid tar header";

/// Go's `tar.Reader` over decompressed bytes: ustar, GNU and V7 headers, GNU long names (`L`),
/// PAX headers (`x`; `path=` and `size=`), global headers (`g`) returned for Helm to skip.
struct Tar<'a> {
    data: &'a [u8],
    at: usize,
    end_error: Option<String>,
}

/// Why a read came up short: Go's error for it.
enum Short {
    /// Nothing left at all: `io.EOF`, unless the stream below broke.
    Eof,
    Partial,
}

impl<'a> Tar<'a> {
    /// `n` bytes, or why not (the stream's own error first, as Go's reader passes it on).
    fn take(&mut self, n: usize) -> Result<&'a [u8], (Short, Option<String>)> {
        let end = self.at.checked_add(n);
        match end.and_then(|end| self.data.get(self.at..end)) {
            Some(bytes) => {
                self.at += n;
                Ok(bytes)
            }
            None => {
                let short = if self.at >= self.data.len() {
                    Short::Eof
                } else {
                    Short::Partial
                };
                self.at = self.data.len();
                Err((short, self.end_error.clone()))
            }
        }
    }

    /// One 512-byte block; `Ok(None)` at a clean end of input.
    fn block(&mut self) -> Result<Option<&'a [u8]>, String> {
        match self.take(512) {
            Ok(block) => Ok(Some(block)),
            Err((_, Some(error))) => Err(error),
            Err((Short::Eof, None)) => Ok(None),
            Err((Short::Partial, None)) => Err(UNEXPECTED_EOF.to_owned()),
        }
    }

    /// `size` bytes of data and the padding to the next block.
    fn body(&mut self, size: u64) -> Result<&'a [u8], String> {
        let n = usize::try_from(size).map_err(|_| UNEXPECTED_EOF.to_owned())?;
        let data = match self.take(n) {
            Ok(data) => data,
            Err((_, Some(error))) => return Err(error),
            Err(_) => return Err(UNEXPECTED_EOF.to_owned()),
        };
        let pad = (512 - n % 512) % 512;
        // Go's reader is content with input that ends in the padding.
        let _ = self.take(pad);
        Ok(data)
    }

    /// The next entry, `None` at the end of the archive.
    fn next(&mut self) -> Result<Option<Entry<'a>>, String> {
        let mut long_name: Option<String> = None;
        let mut pax: Vec<(String, String)> = Vec::new();
        loop {
            let Some(block) = self.block()? else {
                return Ok(None);
            };
            if block.iter().all(|&b| b == 0) {
                // One zero block, then another: the end. Anything else after it is not a header.
                return match self.block()? {
                    None => Ok(None),
                    Some(next) if next.iter().all(|&b| b == 0) => Ok(None),
                    Some(_) => Err(INVALID_TAR.to_owned()),
                };
            }
            let header = Header::parse(block)?;
            match header.typeflag {
                b'x' => {
                    let body = self.special(header.size)?;
                    pax = parse_pax(body)?;
                }
                b'L' => {
                    let body = self.special(header.size)?;
                    long_name = Some(c_string(body));
                }
                b'K' => {
                    self.special(header.size)?;
                }
                _ => return self.entry(header, long_name, &pax).map(Some),
            }
        }
    }

    /// The data of an extended header, bounded as Go bounds it.
    fn special(&mut self, size: i128) -> Result<&'a [u8], String> {
        if size < 0 {
            return Err(INVALID_TAR.to_owned());
        }
        if size > i128::from(MAX_SPECIAL_FILE_SIZE) {
            return Err("archive/tar: header field too long".to_owned());
        }
        self.body(u64::try_from(size).unwrap_or(0))
    }

    fn entry(
        &mut self,
        header: Header,
        long_name: Option<String>,
        pax: &[(String, String)],
    ) -> Result<Entry<'a>, String> {
        let mut name = long_name.unwrap_or(header.name);
        let mut size = header.size;
        for (key, value) in pax {
            match key.as_str() {
                "path" => name = value.clone(),
                "size" => {
                    size = value
                        .parse::<i64>()
                        .map_err(|_| INVALID_TAR.to_owned())?
                        .into()
                }
                _ => {}
            }
        }
        let mut typeflag = header.typeflag;
        // Old archives mark folders with a trailing `/` on a regular file.
        if typeflag == 0 {
            typeflag = if name.ends_with('/') { b'5' } else { b'0' };
        }
        let is_dir = typeflag == b'5' || header.mode & !0o7777 == 0o40000;
        // Links, devices, folders and FIFOs have no data in the archive.
        let header_only = matches!(typeflag, b'1'..=b'6');
        let data = if header_only {
            Ok(&[][..])
        } else if size < 0 {
            return Err(INVALID_TAR.to_owned());
        } else {
            // A slice of what is decompressed already; Helm's limits are checked before it is used.
            self.body(u64::try_from(size).unwrap_or(u64::MAX))
        };
        Ok(Entry {
            name,
            typeflag,
            is_dir,
            size,
            data,
        })
    }
}

/// The fields of a tar header block Drydock needs.
struct Header {
    name: String,
    mode: i128,
    size: i128,
    typeflag: u8,
}

impl Header {
    fn parse(block: &[u8]) -> Result<Header, String> {
        let field = |from: usize, len: usize| block.get(from..from + len).unwrap_or_default();
        let invalid = || INVALID_TAR.to_owned();
        // Go accepts the checksum summed as unsigned or as signed bytes.
        let stored = parse_numeric(field(148, 8)).ok_or_else(invalid)?;
        let (mut unsigned, mut signed) = (0i128, 0i128);
        for (i, &b) in block.iter().enumerate() {
            let b = if (148..156).contains(&i) { b' ' } else { b };
            unsigned += i128::from(b);
            signed += i128::from(b as i8);
        }
        if stored != unsigned && stored != signed {
            return Err(invalid());
        }
        let magic = field(257, 8);
        let ustar = magic == b"ustar\x0000";
        let mut name = c_string(field(0, 100));
        if ustar {
            let prefix = c_string(field(345, 155));
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        Ok(Header {
            name,
            mode: parse_numeric(field(100, 8)).ok_or_else(invalid)?,
            size: parse_numeric(field(124, 12)).ok_or_else(invalid)?,
            typeflag: block.get(156).copied().unwrap_or(0),
        })
    }
}

/// A NUL-terminated field as text (Go keeps its bytes; Drydock's names are text).
fn c_string(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

/// Go's `parseNumeric`: base-256 when the top bit is set, else octal padded with spaces/NULs.
fn parse_numeric(bytes: &[u8]) -> Option<i128> {
    if let Some((&first, rest)) = bytes.split_first()
        && first & 0x80 != 0
    {
        let negative = first & 0x40 != 0;
        let inv = if negative { 0xff } else { 0 };
        let mut x: u64 = u64::from((first ^ inv) & 0x7f);
        for &b in rest {
            if x >> 56 != 0 {
                return None;
            }
            x = (x << 8) | u64::from(b ^ inv);
        }
        if x >> 63 != 0 {
            return None;
        }
        let x = i128::from(x);
        return Some(if negative { -x - 1 } else { x });
    }
    let trimmed = trim(bytes, b" \0");
    if trimmed.is_empty() {
        return Some(0);
    }
    let text = c_string(trimmed);
    u64::from_str_radix(&text, 8).ok().map(i128::from)
}

fn trim<'a>(bytes: &'a [u8], cut: &[u8]) -> &'a [u8] {
    let start = bytes.iter().position(|b| !cut.contains(b));
    let end = bytes.iter().rposition(|b| !cut.contains(b));
    match (start, end) {
        (Some(start), Some(end)) => bytes.get(start..=end).unwrap_or_default(),
        _ => &[],
    }
}

/// PAX records, `"<len> <key>=<value>\n"` each.
fn parse_pax(mut body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let invalid = || INVALID_TAR.to_owned();
    let mut records = Vec::new();
    while !body.is_empty() {
        let space = body.iter().position(|&b| b == b' ').ok_or_else(invalid)?;
        let len: usize = std::str::from_utf8(body.get(..space).unwrap_or_default())
            .ok()
            .and_then(|n| n.parse().ok())
            .filter(|&n| n >= 5 && n <= body.len())
            .ok_or_else(invalid)?;
        let record = body.get(space + 1..len).unwrap_or_default();
        let Some((&b'\n', record)) = record.split_last() else {
            return Err(invalid());
        };
        let eq = record.iter().position(|&b| b == b'=').ok_or_else(invalid)?;
        let key = String::from_utf8_lossy(record.get(..eq).unwrap_or_default()).into_owned();
        let value = String::from_utf8_lossy(record.get(eq + 1..).unwrap_or_default()).into_owned();
        records.push((key, value));
        body = body.get(len..).unwrap_or_default();
    }
    Ok(records)
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A ustar header block for `name` (ustar's 100 bytes, no prefix) of `size` and `typeflag`.
    fn header(name: &str, size: usize, typeflag: u8) -> Vec<u8> {
        let mut block = vec![0u8; 512];
        let name = name.as_bytes();
        block[..name.len().min(100)].copy_from_slice(&name[..name.len().min(100)]);
        block[100..107].copy_from_slice(b"0000644");
        block[124..135].copy_from_slice(format!("{size:011o}").as_bytes());
        block[156] = typeflag;
        block[257..265].copy_from_slice(b"ustar\x0000");
        block[148..156].copy_from_slice(b"        ");
        let sum: u32 = block.iter().map(|&b| u32::from(b)).sum();
        block[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        block
    }

    /// A tar entry: header, data, padding.
    fn entry(name: &str, typeflag: u8, data: &[u8]) -> Vec<u8> {
        let mut out = header(name, data.len(), typeflag);
        out.extend_from_slice(data);
        out.resize(out.len().div_ceil(512) * 512, 0);
        out
    }

    fn file(name: &str, data: &str) -> Vec<u8> {
        entry(name, b'0', data.as_bytes())
    }

    /// A whole archive: the entries and the two zero blocks that end it.
    fn tar(entries: &[Vec<u8>]) -> Vec<u8> {
        let mut out = entries.concat();
        out.extend_from_slice(&[0u8; 1024]);
        out
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
        out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
        out.extend_from_slice(&crc32(data).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out
    }

    fn names(bytes: &[u8]) -> Result<Vec<String>, String> {
        read(bytes).map(|files| files.into_iter().map(|f| f.name).collect())
    }

    fn chart() -> Vec<Vec<u8>> {
        vec![
            entry("common/", b'5', b""),
            file("common/Chart.yaml", "name: common\n"),
            file("common/templates/_x.tpl", "{{ define \"x\" }}x{{ end }}"),
        ]
    }

    #[test]
    fn files_lose_the_top_folder_and_folders_are_passed_over() {
        let files = read(&gzip(&tar(&chart()))).unwrap();
        assert_eq!(files[0].name, "Chart.yaml");
        assert_eq!(files[0].data, b"name: common\n");
        assert_eq!(files[1].name, "templates/_x.tpl");
        assert_eq!(files.len(), 2);
    }

    #[test]
    fn what_is_not_gzip_or_not_tar_is_refused_in_gos_words() {
        assert_eq!(names(b""), Err("EOF".to_owned()));
        assert_eq!(names(b"name: x\n"), Err(UNEXPECTED_EOF.to_owned()));
        assert_eq!(
            names(b"name: x\nversion: 1\n"),
            Err("gzip: invalid header".to_owned())
        );
        let not_tar = gzip(&[b'x'; 2048]);
        assert_eq!(names(&not_tar), Err(INVALID_TAR.to_owned()));
        assert_eq!(
            names(&gzip(&tar(&[]))),
            Err("no files in chart archive".to_owned())
        );
    }

    #[test]
    fn a_cut_archive_is_an_unexpected_eof() {
        let whole = gzip(&tar(&chart()));
        for end in [5, 12, whole.len() / 2] {
            assert_eq!(
                names(&whole[..end]),
                Err(UNEXPECTED_EOF.to_owned()),
                "cut at {end}"
            );
        }
        // Data cut inside a file, the gzip stream itself whole.
        let mut cut = tar(&chart());
        cut.truncate(512 * 3 + 5);
        assert_eq!(names(&gzip(&cut)), Err(UNEXPECTED_EOF.to_owned()));
    }

    #[test]
    fn a_bad_checksum_counts_only_where_the_tar_reads_to_it() {
        // Go's tar reader stops at the two zero blocks and never reads gzip's trailer.
        let mut whole = gzip(&tar(&chart()));
        let at = whole.len() - 8;
        whole[at] ^= 1;
        assert!(read(&whole).is_ok());
        // Without the end blocks, it reads to the end of the stream, and the trailer is checked.
        let mut open = gzip(&chart().concat());
        let at = open.len() - 8;
        open[at] ^= 1;
        assert_eq!(names(&open), Err("gzip: invalid checksum".to_owned()));
    }

    #[test]
    fn paths_that_leave_the_chart_are_refused_in_helms_words() {
        let refused = |name: &str| names(&gzip(&tar(&[file(name, "x")]))).unwrap_err();
        assert_eq!(
            refused("c/../../etc/passwd"),
            "chart illegally references parent directory"
        );
        assert_eq!(
            refused("c//etc/passwd"),
            "chart illegally contains absolute paths"
        );
        assert_eq!(
            refused("README.md"),
            "chart illegally contains content outside the base directory: \"README.md\""
        );
        assert_eq!(refused("c/C:/x"), "chart contains illegally named files");
        assert_eq!(refused("Chart.yaml/x"), "chart yaml not in base directory");
        // Made on Windows: `\` splits.
        assert_eq!(
            names(&gzip(&tar(&[file("c\\templates\\a.yaml", "x")]))),
            Ok(vec!["templates/a.yaml".to_owned()])
        );
        assert_eq!(
            names(&gzip(&tar(&[file("c/./templates//a.yaml", "x")]))),
            Ok(vec!["templates/a.yaml".to_owned()])
        );
    }

    #[test]
    fn long_names_come_from_gnu_and_pax_headers() {
        let long = format!("c/templates/{}.yaml", "n".repeat(150));
        let gnu = entry("././@LongLink", b'L', format!("{long}\0").as_bytes());
        let record = format!("path={long}\n");
        let len = record.len() + 4;
        let pax = entry("c/PaxHeader", b'x', format!("{len} {record}").as_bytes());
        let global = entry("pax_global_header", b'g', b"9 a=bcd\n");
        let archive = tar(&[
            global,
            gnu,
            file("c/short-name", "gnu"),
            pax,
            file("c/other", "pax"),
        ]);
        let files = read(&gzip(&archive)).unwrap();
        let expected = long.strip_prefix("c/").unwrap();
        assert_eq!(files.len(), 2);
        assert!(files.iter().all(|f| f.name == expected));
        assert_eq!(files[1].data, b"pax");
        let broken = entry("c/PaxHeader", b'x', b"99 path=x\n");
        assert_eq!(
            names(&gzip(&tar(&[broken, file("c/a", "x")]))),
            Err(INVALID_TAR.to_owned())
        );
    }

    #[test]
    fn sizes_are_bounded_as_helm_bounds_them() {
        // A header that claims 6 MiB: refused before anything is read.
        let big = header("c/big", 6 << 20, b'0');
        assert_eq!(
            names(&gzip(&big)),
            Err(
                "decompressed chart file \"c/big\" is larger than the maximum file size 5242880"
                    .to_owned()
            )
        );
        let mut budget = 10;
        assert_eq!(
            read_limited(&gzip(&tar(&[file("c/a", "0123456789")])), &mut budget),
            Err("decompressed chart is larger than the maximum size 104857600".to_owned())
        );
    }

    #[test]
    fn archives_expand_into_the_charts_folder_and_a_broken_one_stays_as_the_reason() {
        let inner = gzip(&tar(&[file("inner/Chart.yaml", "name: inner\n")]));
        let outer = gzip(&tar(&[
            file("outer/Chart.yaml", "name: outer\n"),
            file("outer/values.yaml", "\u{feff}a: 1\n"),
            entry("outer/icon.png", b'0', &[0x89, b'P', 0xff]),
            entry("outer/charts/inner-1.0.0.tgz", b'0', &inner),
            entry("outer/charts/_skipped.tgz", b'0', b"not gzip"),
        ]));
        let mut files = Files::new();
        add_file(&mut files, "charts/outer-1.0.0.tgz", outer);
        add_file(
            &mut files,
            "charts/broken-1.0.0.tgz",
            b"not a gzip stream".to_vec(),
        );
        add_file(&mut files, "Chart.yaml", b"name: top\n".to_vec());
        add_file(&mut files, "logo.png", vec![0xff, 0xfe]);
        let keys: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "Chart.yaml",
                "charts/broken-1.0.0.tgz",
                "charts/outer-1.0.0.tgz/Chart.yaml",
                "charts/outer-1.0.0.tgz/charts/_skipped.tgz",
                "charts/outer-1.0.0.tgz/charts/inner-1.0.0.tgz/Chart.yaml",
                "charts/outer-1.0.0.tgz/values.yaml",
            ]
        );
        assert_eq!(files["charts/broken-1.0.0.tgz"], "gzip: invalid header");
        // Helm passes over `_` names: not read as an archive, kept as the text it is.
        assert_eq!(
            files["charts/outer-1.0.0.tgz/charts/_skipped.tgz"],
            "not gzip"
        );
        assert_eq!(files["charts/outer-1.0.0.tgz/values.yaml"], "a: 1\n");
    }

    #[test]
    fn only_archives_in_a_charts_folder_are_subcharts() {
        assert!(is_subchart_archive("charts/a-1.0.0.tgz"));
        assert!(is_subchart_archive("charts/a/charts/b-1.0.0.tgz"));
        assert!(!is_subchart_archive("a-1.0.0.tgz"));
        assert!(!is_subchart_archive("templates/charts/a.tgz"));
        assert!(!is_subchart_archive("charts/_a.tgz"));
        assert!(!is_subchart_archive("charts/a.tar.gz"));
    }

    /// `helm template` of a chart `top` whose `charts/` holds `archives`.
    fn render(archives: &[(&str, Vec<u8>)]) -> String {
        let mut files = Files::new();
        add_file(
            &mut files,
            "Chart.yaml",
            b"apiVersion: v2\nname: top\nversion: 0.1.0\n".to_vec(),
        );
        for (name, bytes) in archives {
            add_file(&mut files, &format!("charts/{name}"), bytes.clone());
        }
        match crate::chart::render(&files, &crate::chart::Options::default()) {
            Ok(manifests) => crate::chart::print(&manifests),
            Err(error) => format!("Error: {}", error.helm_message()),
        }
    }

    #[test]
    fn a_chart_renders_its_archived_subcharts_and_is_refused_for_a_broken_one() {
        let sub = gzip(&tar(&[
            file(
                "sub/Chart.yaml",
                "apiVersion: v2\nname: sub\nversion: 1.0.0\n",
            ),
            file("sub/values.yaml", "greeting: hi\n"),
            file(
                "sub/templates/cm.yaml",
                "kind: ConfigMap\ndata:\n  greeting: {{ .Values.greeting }}\n",
            ),
        ]));
        assert_eq!(
            render(&[("sub-1.0.0.tgz", sub.clone())]),
            "---\n# Source: top/charts/sub/templates/cm.yaml\nkind: ConfigMap\ndata:\n  greeting: hi\n"
        );
        assert_eq!(
            render(&[
                ("sub-1.0.0.tgz", sub.clone()),
                ("zz-1.0.0.tgz", b"<html></html>".to_vec())
            ]),
            "Error: error unpacking subchart zz-1.0.0.tgz in top: gzip: invalid header"
        );
        let headless = gzip(&tar(&[file("sub/values.yaml", "a: 1\n")]));
        assert_eq!(
            render(&[("sub-1.0.0.tgz", headless)]),
            "Error: error unpacking subchart sub-1.0.0.tgz in top: Chart.yaml file is missing"
        );
        let escaping = gzip(&tar(&[file("sub/../../x", "a: 1\n")]));
        assert_eq!(
            render(&[("sub-1.0.0.tgz", escaping)]),
            "Error: error unpacking subchart sub-1.0.0.tgz in top: chart illegally references parent directory"
        );
    }

    #[test]
    fn any_bytes_are_read_without_a_panic() {
        let whole = gzip(&tar(&chart()));
        let raw = tar(&chart());
        for end in 0..raw.len() {
            let _ = read(&gzip(&raw[..end]));
        }
        for at in 0..whole.len() {
            let mut flipped = whole.clone();
            flipped[at] ^= 0x55;
            let _ = read(&flipped);
        }
    }
}
