//! Structure-aware repair: `--csv`/`--tsv`, `--jsonl`, and the per-line
//! replay of `--apply-plan`. [`RecordSink`] is a [`Write`] that receives the
//! decoded input (UTF-8 text, from `fix_stream` with a configuration that
//! changes nothing), cuts it into records, repairs each value on its own and
//! writes the record back with everything else exactly as read.
//!
//! CSV follows RFC 4180 with two leniencies that real files need: a record
//! may end with LF as well as CRLF, and a quote inside an unquoted field is
//! data (as the `csv` crate reads it). A field is written back byte for byte
//! when its repair changes nothing; a changed field keeps its quoting, and
//! an unquoted one is quoted when its new value holds the delimiter, a quote
//! or a line break, so the record reads back with the same fields. The `csv`
//! crate is not used for this: it gives neither the raw bytes of a field,
//! nor whether it was quoted, nor the line end, and it reads `"a"b` as `ab`
//! without complaint, so it cannot write a record back as read. The tests
//! use it as the independent reader that checks the output.
//!
//! JSON lines: a line is checked with `serde_json`; in a valid line every
//! string that is not an object key is decoded with `serde_json`, repaired,
//! and, when it changed, encoded again with `serde_json` (with `\uXXXX`
//! escapes for non-ASCII when the original string was all ASCII). Everything
//! else (whitespace, key order, numbers, the escapes of unchanged strings,
//! the line end) is copied.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};

/// What kind of records the input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// CSV with this delimiter.
    Csv(u8),
    /// One JSON value per line.
    Jsonl,
    /// Plain lines, each repaired whole (with its line end).
    Lines,
}

/// A record that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed {
    /// 1-based line of the input.
    pub line: u64,
    /// 1-based column (in characters) in that line.
    pub column: u64,
    pub message: String,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Repairs one value: `None` when it stays as it is.
pub type Repair<'r> = &'r dyn Fn(&str) -> Option<String>;

/// See the [module docs](self).
pub struct RecordSink<'r, W: Write> {
    out: W,
    kind: Kind,
    repair: Repair<'r>,
    strict: bool,
    /// Text received and not yet written: the start of a record.
    buf: Vec<u8>,
    /// The line number of `buf[0]`, 1-based.
    line: u64,
    /// Whether the first text has been seen (for the byte-order mark).
    started: bool,
    /// After an unfinished record: the buffer length at which to look
    /// again whatever arrives (double what was there), so that a record
    /// that keeps growing (an open quote, a long line) is scanned a
    /// logarithmic number of times, not once per write.
    retry_at: usize,
    /// Malformed records passed through (not strict).
    pub warnings: Vec<Malformed>,
    /// The malformed record that stopped a strict run.
    pub error: Option<Malformed>,
}

impl<'r, W: Write> RecordSink<'r, W> {
    pub fn new(out: W, kind: Kind, repair: Repair<'r>, strict: bool) -> Self {
        RecordSink {
            out,
            kind,
            repair,
            strict,
            buf: Vec::new(),
            line: 1,
            started: false,
            retry_at: 0,
            warnings: Vec::new(),
            error: None,
        }
    }

    /// Writes what is left at the end of the input, and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        self.process(true)?;
        self.out.flush()
    }

    /// The writer, back.
    #[cfg(test)]
    pub fn into_inner(self) -> W {
        self.out
    }

    fn process(&mut self, at_end: bool) -> io::Result<()> {
        if !self.started {
            if self.buf.len() < 3 && !at_end {
                return Ok(());
            }
            self.started = true;
            // A byte-order mark is not part of the first value.
            if self.buf.starts_with("\u{feff}".as_bytes()) {
                self.out.write_all("\u{feff}".as_bytes())?;
                self.buf.drain(..3);
            }
        }
        let mut start = 0;
        let mut out = Vec::new();
        loop {
            let rest = self
                .buf
                .get(start..)
                .expect("`start` sums the lengths of records read from the buffer");
            if rest.is_empty() {
                break;
            }
            let step = match self.kind {
                Kind::Csv(delimiter) => csv_record(rest, delimiter, at_end, self.repair, &mut out),
                Kind::Jsonl => {
                    line_record(rest, at_end, |line| jsonl_line(line, self.repair, &mut out))
                }
                Kind::Lines => line_record(rest, at_end, |line| {
                    let text = as_str(line);
                    match (self.repair)(text) {
                        Some(fixed) => out.extend_from_slice(fixed.as_bytes()),
                        None => out.extend_from_slice(line),
                    }
                    Ok(())
                }),
            };
            let (used, malformed) = match step {
                Step::Incomplete => break,
                Step::Done(used) => (used, None),
                Step::Malformed { used, at, message } => (used, Some((at, message))),
            };
            let record = rest
                .get(..used)
                .expect("a record step uses bytes of `rest`");
            if let Some((at, message)) = malformed {
                let before = record
                    .get(..at)
                    .expect("a record is malformed at a position within it");
                let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
                let malformed = Malformed {
                    line: self.line + memchr::memchr_iter(b'\n', before).count() as u64,
                    column: chars_before(
                        before
                            .get(line_start..)
                            .expect("after a line break found in `before`"),
                    ) + 1,
                    message,
                };
                if self.strict {
                    self.error = Some(malformed.clone());
                    return Err(io::Error::other(malformed.to_string()));
                }
                self.warnings.push(malformed);
                out.extend_from_slice(record);
            }
            self.out.write_all(&out)?;
            out.clear();
            self.line += memchr::memchr_iter(b'\n', record).count() as u64;
            start += used;
        }
        self.buf.drain(..start);
        self.retry_at = self.buf.len().saturating_mul(2);
        Ok(())
    }
}

impl<W: Write> Write for RecordSink<'_, W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        // A record ends at a line end: look when one arrives (while what
        // waits is small, so that a stream is not held back), or when the
        // waiting text has doubled.
        let line_end = self.buf.len() < RETRY_SMALL && memchr::memchr(b'\n', data).is_some();
        if line_end || self.buf.len() >= self.retry_at {
            self.process(false)?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Below this many waiting bytes, every line end is a reason to look for
/// a finished record.
const RETRY_SMALL: usize = 64 << 10;

/// What one record step did.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// More input is needed to finish the record.
    Incomplete,
    /// The record took this many bytes, and is written.
    Done(usize),
    /// The record (this many bytes) is malformed at byte `at`; nothing is
    /// written for it.
    Malformed {
        used: usize,
        at: usize,
        message: String,
    },
}

/// The text of a slice of the decoded input, which is UTF-8 and cut only at
/// ASCII bytes.
fn as_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("the decoded input is UTF-8, cut at ASCII bytes")
}

/// The characters in `bytes`, the start of a line of the decoded input up
/// to where a record is malformed. That place comes from a parser (JSON
/// columns are counted in bytes): should it fall inside a character, the
/// characters before that one are counted.
fn chars_before(bytes: &[u8]) -> u64 {
    let valid = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(bytes.get(..e.valid_up_to()).expect("a prefix"))
            .expect("the valid prefix"),
    };
    valid.chars().count() as u64
}

/// One line (with its `\n`, or the rest at the end) handed to `each`.
fn line_record(
    rest: &[u8],
    at_end: bool,
    each: impl FnOnce(&[u8]) -> Result<(), (usize, String)>,
) -> Step {
    let used = match memchr::memchr(b'\n', rest) {
        Some(i) => i + 1,
        None if at_end => rest.len(),
        None => return Step::Incomplete,
    };
    match each(
        rest.get(..used)
            .expect("`used` ends at a line break found in `rest`, or at its end"),
    ) {
        Ok(()) => Step::Done(used),
        Err((at, message)) => Step::Malformed { used, at, message },
    }
}

/// A field of a CSV record.
struct Field {
    /// The raw bytes, quotes included.
    start: usize,
    end: usize,
    quoted: bool,
}

/// Reads one CSV record at the start of `rest` and writes it, repaired, to
/// `out`.
fn csv_record(
    rest: &[u8],
    delimiter: u8,
    at_end: bool,
    repair: Repair<'_>,
    out: &mut Vec<u8>,
) -> Step {
    let mut fields = Vec::new();
    let mut i = 0;
    // Where the record's line end starts, and where it ends.
    let (term_start, used) = loop {
        let start = i;
        if rest.get(i) == Some(&b'"') {
            // A quoted field: up to the quote that is not doubled.
            i += 1;
            loop {
                let from_i = rest
                    .get(i..)
                    .expect("`i` is at most one past a quote of `rest`");
                match memchr::memchr(b'"', from_i) {
                    None if at_end => {
                        return Step::Malformed {
                            used: rest.len(),
                            at: start,
                            message: "quoted field without its closing quote".into(),
                        }
                    }
                    None => return Step::Incomplete,
                    Some(j) => {
                        i += j + 1;
                        match rest.get(i) {
                            Some(b'"') => i += 1,
                            None if !at_end => return Step::Incomplete,
                            _ => break,
                        }
                    }
                }
            }
            fields.push(Field {
                start,
                end: i,
                quoted: true,
            });
            match rest.get(i) {
                Some(&b) if b == delimiter => i += 1,
                Some(b'\n') => break (i, i + 1),
                Some(b'\r') if rest.get(i + 1) == Some(&b'\n') => break (i, i + 2),
                Some(b'\r') if rest.get(i + 1).is_none() && !at_end => return Step::Incomplete,
                None => break (i, i),
                Some(_) => {
                    // Pass the rest of the line through.
                    let from_i = rest.get(i..).expect("`i` is a byte of `rest`");
                    let used = memchr::memchr(b'\n', from_i).map(|j| i + j + 1);
                    let used = match used {
                        Some(used) => used,
                        None if at_end => rest.len(),
                        None => return Step::Incomplete,
                    };
                    return Step::Malformed {
                        used,
                        at: i,
                        message: "text after the closing quote of a field".into(),
                    };
                }
            }
        } else {
            let field = rest
                .get(i..)
                .expect("`i` is at most one past a delimiter of `rest`");
            let stop = field
                .iter()
                .position(|&b| b == delimiter || b == b'\n')
                .map(|j| i + j);
            match stop {
                None if !at_end => return Step::Incomplete,
                None => {
                    fields.push(Field {
                        start,
                        end: rest.len(),
                        quoted: false,
                    });
                    break (rest.len(), rest.len());
                }
                Some(j) if rest.get(j) == Some(&delimiter) => {
                    fields.push(Field {
                        start,
                        end: j,
                        quoted: false,
                    });
                    i = j + 1;
                }
                Some(j) => {
                    // A line end: LF, or CRLF.
                    let end = if j > start && rest.get(j - 1) == Some(&b'\r') {
                        j - 1
                    } else {
                        j
                    };
                    fields.push(Field {
                        start,
                        end,
                        quoted: false,
                    });
                    break (end, j + 1);
                }
            }
        }
    };
    write_csv_record(rest, &fields, delimiter, repair, out);
    out.extend_from_slice(
        rest.get(term_start..used)
            .expect("the line end of the record, within `rest`"),
    );
    Step::Done(used)
}

/// Writes the fields of a record read by [`csv_record`], each repaired
/// (and quoted when the repair needs it or the field was), separated by
/// `delimiter`.
fn write_csv_record(
    rest: &[u8],
    fields: &[Field],
    delimiter: u8,
    repair: Repair<'_>,
    out: &mut Vec<u8>,
) {
    for (n, field) in fields.iter().enumerate() {
        if n > 0 {
            out.push(delimiter);
        }
        let raw = rest
            .get(field.start..field.end)
            .expect("a field found within `rest`");
        let value: Cow<'_, str> = if field.quoted {
            let inner = raw
                .get(1..raw.len().saturating_sub(1))
                .expect("a quoted field has its opening and closing quotes");
            Cow::Owned(as_str(inner).replace("\"\"", "\""))
        } else {
            Cow::Borrowed(as_str(raw))
        };
        match repair(&value) {
            Some(fixed) if fixed != value => {
                let needs_quotes = field.quoted
                    || fixed
                        .as_bytes()
                        .iter()
                        .any(|&b| b == delimiter || b == b'"' || b == b'\n' || b == b'\r');
                if needs_quotes {
                    out.push(b'"');
                    out.extend_from_slice(fixed.replace('"', "\"\"").as_bytes());
                    out.push(b'"');
                } else {
                    out.extend_from_slice(fixed.as_bytes());
                }
            }
            _ => out.extend_from_slice(raw),
        }
    }
}

/// Repairs the string values of one JSON line and writes it to `out`; or
/// says where it is not JSON.
fn jsonl_line(line: &[u8], repair: Repair<'_>, out: &mut Vec<u8>) -> Result<(), (usize, String)> {
    let text = as_str(line);
    let body = text.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() {
        out.extend_from_slice(line);
        return Ok(());
    }
    if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
        // serde_json counts columns in bytes, from 1.
        let at = body
            .lines()
            .take(e.line().saturating_sub(1))
            .map(|l| l.len() + 1)
            .sum::<usize>()
            + e.column().saturating_sub(1);
        let mut message = e.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        return Err((at.min(body.len()), format!("not JSON: {message}")));
    }
    let bytes = body.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while let Some(j) = memchr::memchr(
        b'"',
        bytes
            .get(i..)
            .expect("`i` is at most one past a closing quote"),
    ) {
        let open = i + j;
        // The closing quote: the next one not escaped.
        let mut k = open + 1;
        while let Some(&b) = bytes.get(k) {
            match b {
                b'\\' => k += 2,
                b'"' => break,
                _ => k += 1,
            }
        }
        let close = k.min(bytes.len());
        let token = body
            .get(open..=close)
            .expect("valid JSON: every string has its closing quote");
        i = close + 1;
        let after = body.get(i..).expect("after a closing quote").trim_start();
        if after.starts_with(':') {
            continue; // an object key
        }
        let Ok(value) = serde_json::from_str::<String>(token) else {
            continue; // a lone surrogate escape: left as it is
        };
        let Some(fixed) = repair(&value).filter(|fixed| *fixed != value) else {
            continue;
        };
        let Ok(mut encoded) = serde_json::to_string(&fixed) else {
            continue;
        };
        if token.is_ascii() && !encoded.is_ascii() {
            encoded = ascii_escape(&encoded);
        }
        out.extend_from_slice(
            bytes
                .get(copied..open)
                .expect("`copied` is the end of an earlier string, before `open`"),
        );
        out.extend_from_slice(encoded.as_bytes());
        copied = i;
    }
    out.extend_from_slice(
        line.get(copied..)
            .expect("`copied` is the end of a string of the line"),
    );
    Ok(())
}

/// A JSON string with every non-ASCII character as `\uXXXX`.
fn ascii_escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The default repair, as the CLI runs it on values.
    fn fix(text: &str) -> Option<String> {
        match unmojibake::fix_text(text) {
            Cow::Borrowed(_) => None,
            Cow::Owned(fixed) => Some(fixed),
        }
    }

    fn run(kind: Kind, input: &str, strict: bool) -> (String, Vec<Malformed>, Option<Malformed>) {
        // Fed in pieces of every size, to cut records everywhere.
        let mut first: Option<(String, Vec<Malformed>, Option<Malformed>)> = None;
        for piece in [1, 2, 3, 7, 64, usize::MAX] {
            let mut sink = RecordSink::new(Vec::new(), kind, &fix, strict);
            let mut failed = false;
            let bytes = input.as_bytes();
            for chunk in bytes.chunks(piece.min(bytes.len()).max(1)) {
                if sink.write_all(chunk).is_err() {
                    failed = true;
                    break;
                }
            }
            if !failed {
                let _ = sink.finish();
            }
            let warnings = sink.warnings.clone();
            let error = sink.error.clone();
            let out = String::from_utf8(sink.into_inner()).unwrap();
            let result = (out, warnings, error);
            match &first {
                None => first = Some(result),
                Some(first) if !failed => assert_eq!(first, &result, "piece {piece}"),
                Some(_) => {}
            }
        }
        first.unwrap()
    }

    fn csv_fields(text: &str, delimiter: u8) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn csv_round_trip_keeps_structure() {
        let input = "\u{feff}id,note,price\r\n\
                     1,\"CafÃ©, \"\"quoted\"\" â€œcurlyâ€\u{9d}\",3.50\r\n\
                     2,\"two\r\nlines Ã©\",\r\n\
                     3,plain,\"\"\r\n\
                     4,fullwidth ＂x＂ &quot;q&quot;,7\r\n\
                     5,\"unchanged \"\"as is\"\"\",8";
        let (out, warnings, error) = run(Kind::Csv(b','), input, true);
        assert!(warnings.is_empty() && error.is_none());
        assert!(out.starts_with('\u{feff}'));
        // Every record keeps its CRLF; the one inside a quoted value became
        // LF, as fix_line_breaks does to values.
        assert_eq!(
            out.matches("\r\n").count(),
            input.matches("\r\n").count() - 1
        );
        assert!(out.ends_with("5,\"unchanged \"\"as is\"\"\",8"), "{out}");
        let before = csv_fields(input.trim_start_matches('\u{feff}'), b',');
        let after = csv_fields(out.trim_start_matches('\u{feff}'), b',');
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(&after) {
            assert_eq!(b.len(), a.len());
            for (b, a) in b.iter().zip(a) {
                assert_eq!(&unmojibake::fix_text(b), a);
            }
        }
        assert_eq!(after[1][1], "Café, \"quoted\" \"curly\"");
        assert_eq!(after[2][1], "two\nlines é");
        assert_eq!(after[4][1], "fullwidth \"x\" \"q\"");
    }

    #[test]
    fn csv_tab_delimiter_and_unchanged_records_are_byte_identical() {
        let input = "a\tb c\t\"q\"\n\"x\"\"y\"\t\t\n";
        assert_eq!(run(Kind::Csv(b'\t'), input, true).0, input);
        let (out, _, _) = run(Kind::Csv(b'\t'), "CafÃ©\tx,y\n", true);
        assert_eq!(out, "Café\tx,y\n");
    }

    #[test]
    fn csv_malformed_records_pass_through_or_stop() {
        let input = "ok,CafÃ©\n\"bad\"x,CafÃ©\nok,CafÃ©\n\"open,CafÃ©\n";
        let (out, warnings, error) = run(Kind::Csv(b','), input, false);
        assert_eq!(out, "ok,Café\n\"bad\"x,CafÃ©\nok,Café\n\"open,CafÃ©\n");
        assert!(error.is_none());
        assert_eq!(
            warnings,
            vec![
                Malformed {
                    line: 2,
                    column: 6,
                    message: "text after the closing quote of a field".into()
                },
                Malformed {
                    line: 4,
                    column: 1,
                    message: "quoted field without its closing quote".into()
                },
            ]
        );
        let (_, _, error) = run(Kind::Csv(b','), input, true);
        assert_eq!(error.map(|e| (e.line, e.column)), Some((2, 6)));
    }

    #[test]
    fn jsonl_round_trip_keeps_structure() {
        let input = "{\"note\": \"“curly” quotes kept?\", \"n\": 1.50e3, \"nested\": {\"k\": [\"CafÃ©\", null, true, -0]}}\r\n\
                     {\"esc\":\"tab\\there \\u00e9 \\\"q\\\"\",\"ls\":\"a\u{2028}b\",\"key Ã©\":\"x\"}\n\
                     \n\
                     [\"&quot;x&quot;\", 12345678901234567890]\n\
                     {\"ascii\":\"Caf\\u00c3\\u00a9\"}";
        let (out, warnings, error) = run(Kind::Jsonl, input, true);
        assert!(
            warnings.is_empty() && error.is_none(),
            "{warnings:?} {error:?}"
        );
        assert_eq!(out.lines().count(), input.lines().count());
        assert_eq!(out.matches("\r\n").count(), 1);
        let lines: Vec<&str> = out.split('\n').collect();
        assert_eq!(
            lines[0],
            "{\"note\": \"\\\"curly\\\" quotes kept?\", \"n\": 1.50e3, \"nested\": {\"k\": [\"Café\", null, true, -0]}}\r"
        );
        // An unchanged string keeps its escapes; a key is not repaired.
        assert!(lines[1].starts_with("{\"esc\":\"tab\\there \\u00e9 \\\"q\\\"\""));
        assert!(lines[1].contains("\"key Ã©\":\"x\""));
        assert!(lines[1].contains("\"ls\":\"a\\nb\""), "{}", lines[1]);
        assert_eq!(lines[3], "[\"\\\"x\\\"\", 12345678901234567890]");
        assert_eq!(lines[4], "{\"ascii\":\"Caf\\u00e9\"}");
        for (a, b) in input.lines().zip(out.lines()) {
            if a.trim().is_empty() {
                continue;
            }
            let a: serde_json::Value = serde_json::from_str(a).unwrap();
            let b: serde_json::Value = serde_json::from_str(b).unwrap();
            assert_eq!(shape(&a), shape(&b));
        }
    }

    /// A JSON value with every string replaced by `""`.
    fn shape(value: &serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::String(_) => Value::String(String::new()),
            Value::Array(items) => Value::Array(items.iter().map(shape).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
            }
            other => other.clone(),
        }
    }

    #[test]
    fn an_open_quote_does_not_make_the_scan_quadratic() {
        // 200k lines inside one open quote, written a line at a time.
        let mut sink = RecordSink::new(Vec::new(), Kind::Csv(b','), &fix, false);
        sink.write_all(b"a,\"open\n").unwrap();
        let line = "CafÃ© x,y,z and more text on the line\n".as_bytes();
        let started = std::time::Instant::now();
        for _ in 0..200_000 {
            sink.write_all(line).unwrap();
        }
        sink.finish().unwrap();
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        assert_eq!(sink.warnings.len(), 1);
        assert_eq!(sink.into_inner().len(), 8 + 200_000 * line.len());
    }

    #[test]
    fn jsonl_malformed_lines() {
        let input = "{\"a\": \"CafÃ©\"}\n{\"a\": CafÃ©}\n";
        let (out, warnings, _) = run(Kind::Jsonl, input, false);
        assert_eq!(out, "{\"a\": \"Café\"}\n{\"a\": CafÃ©}\n");
        assert_eq!(warnings.len(), 1);
        assert_eq!((warnings[0].line, warnings[0].column), (2, 7));
        assert!(
            warnings[0].message.starts_with("not JSON"),
            "{:?}",
            warnings[0]
        );
        let (_, _, error) = run(Kind::Jsonl, input, true);
        assert_eq!(error.map(|e| e.line), Some(2));
    }

    fn field() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just(",".to_string()),
                Just("\"".to_string()),
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just("Ã©".to_string()),
                Just("“".to_string()),
                Just("\u{2028}".to_string()),
                Just("&amp;".to_string()),
                "[a-z ]{0,4}",
            ],
            0..5,
        )
        .prop_map(|parts| parts.concat())
    }

    /// A CSV field as a writer would quote it: when needed, or at random.
    fn quote(value: &str, always: bool) -> String {
        if always || value.contains([',', '"', '\n', '\r']) || value.is_empty() {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_string()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn csv_structure_is_kept(
            records in prop::collection::vec(
                prop::collection::vec((field(), any::<bool>()), 1..4), 1..5),
            crlf in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let input: String = records
                .iter()
                .map(|r| {
                    let fields: Vec<String> = r.iter().map(|(v, q)| quote(v, *q)).collect();
                    fields.join(",") + end
                })
                .collect();
            let (out, warnings, error) = run(Kind::Csv(b','), &input, true);
            prop_assert!(warnings.is_empty() && error.is_none());
            let before = csv_fields(&input, b',');
            let after = csv_fields(&out, b',');
            prop_assert_eq!(before.len(), after.len());
            for (b, a) in before.iter().zip(&after) {
                prop_assert_eq!(b.len(), a.len());
                for (b, a) in b.iter().zip(a) {
                    prop_assert_eq!(&*unmojibake::fix_text(b), a.as_str());
                }
            }
            // Record ends are kept.
            prop_assert_eq!(out.ends_with(end), true);
        }

        #[test]
        fn jsonl_structure_is_kept(
            values in prop::collection::vec(prop::collection::vec(field(), 0..4), 1..5),
        ) {
            let input: String = values
                .iter()
                .map(|vs| serde_json::json!({"k": vs, "n": vs.len()}).to_string() + "\n")
                .collect();
            let (out, warnings, error) = run(Kind::Jsonl, &input, true);
            prop_assert!(warnings.is_empty() && error.is_none());
            prop_assert_eq!(out.lines().count(), input.lines().count());
            for (a, b) in input.lines().zip(out.lines()) {
                let a: serde_json::Value = serde_json::from_str(a).unwrap();
                let b: serde_json::Value = serde_json::from_str(b).unwrap();
                prop_assert_eq!(shape(&a), shape(&b));
                let fixed: Vec<String> = a["k"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| unmojibake::fix_text(v.as_str().unwrap()).into_owned())
                    .collect();
                prop_assert_eq!(&b["k"], &serde_json::json!(fixed));
            }
        }
    }
}
