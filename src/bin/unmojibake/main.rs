//! `unmojibake`: the command-line filter. Repairs each input file (or
//! standard input) line by line, or value by value with `--csv` and
//! `--jsonl`, and writes UTF-8. Run `unmojibake --help` for the options.
//!
//! - [`flags`]: the flag table, and the help, man page and completions
//!   made from it;
//! - [`records`]: CSV, JSON lines and per-line plan replay, keeping the
//!   structure as read;
//! - [`files`]: output through a temporary file that replaces the target
//!   only on success, and the input adapters.
//!
//! Line mode is [`unmojibake::fix_stream`] (and, with `-j`,
//! [`unmojibake::parallel::fix_stream_parallel`]).

mod detect;
mod files;
mod flags;
mod records;

use std::borrow::Cow;
use std::cell::Cell;
use std::ffi::{OsStr, OsString};
use std::io::{self, BufRead, BufWriter, Read as _, Write};
use std::path::Path;
use std::process::ExitCode;

use unmojibake::parallel::fix_stream_parallel;
use unmojibake::{
    apply_plan_with, fix_stream, fix_stream_explained, parse_plan, plan_to_string, Config, Fixer,
    HtmlUnescape, InputEncoding, NamedEncoding, StreamError, StreamOptions,
};

use files::{CrlfToLf, NulWatch, Output};
use flags::{Args, Generate, Usage};
use records::{Kind, RecordSink};

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The names `-e` accepts, for `--list-encodings` and for the message about
/// an unknown one: ftfy's codec names, then `encoding_rs`'s (each accepts
/// more labels; `--encoding` takes any WHATWG label).
const ENCODINGS: [&str; 59] = [
    "latin-1",
    "windows-1252",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "sloppy-windows-1252",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
    "utf-8",
    "utf-8-variants",
    "cesu-8",
    "UTF-16LE",
    "UTF-16BE",
    "UTF-32",
    "UTF-32LE",
    "UTF-32BE",
    "IBM866",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-8-I",
    "ISO-8859-10",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "KOI8-R",
    "KOI8-U",
    "macintosh",
    "x-mac-cyrillic",
    "IBM855",
    "windows-874",
    "windows-1250",
    "windows-1251",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "GBK",
    "gb18030",
    "Big5",
    "EUC-JP",
    "ISO-2022-JP",
    "Shift_JIS",
    "EUC-KR",
    "Johab",
    "ISO-2022-KR",
    "gb2312",
    "sjis",
    "cp1252",
    "ascii",
];

/// The output buffer, half the 64 KB read buffer: the stream writes the
/// clean lines of a read (all of it but its last, partial line) in one
/// piece, which `BufWriter` passes straight through when it is at least
/// this long, instead of copying it into the buffer first.
const WRITE_BUFFER: usize = 32 * 1024;

fn main() -> ExitCode {
    let args = match flags::parse(std::env::args_os().skip(1)) {
        Ok(args) => args,
        Err(Usage(message)) => return usage_error(&message),
    };
    if args.help {
        return print_and_exit(&flags::help(VERSION));
    }
    if args.version {
        return print_and_exit(&format!("unmojibake {VERSION}\n"));
    }
    if let Some(kind) = args.generate {
        return print_and_exit(&match kind {
            Generate::Man => flags::man_page(VERSION),
            shell => flags::completions(shell),
        });
    }
    if args.list_encodings {
        return print_and_exit(&(ENCODINGS.join("\n") + "\n"));
    }
    match run(&args) {
        Ok(code) => code,
        Err(Usage(message)) => usage_error(&message),
    }
}

fn usage_error(message: &str) -> ExitCode {
    complain(message);
    say_err("Try 'unmojibake --help' for more information.");
    ExitCode::from(2)
}

fn print_and_exit(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}

/// Writes a line to standard error, ignoring failure (there is nowhere
/// left to report it).
fn say_err(line: &str) {
    let mut err = io::stderr().lock();
    let _ = err.write_all(line.as_bytes());
    let _ = err.write_all(b"\n");
}

fn complain(message: &str) {
    say_err(&format!("unmojibake: {message}"));
}

fn build_config(args: &Args) -> Config {
    let mut config = if args.encoding_only {
        Config::encoding_only()
    } else {
        Config::default()
    };
    if let Some(form) = args.normalization {
        config = config.normalization(form);
    }
    if args.preserve_entities {
        config = config.unescape_html(HtmlUnescape::Never);
    }
    if args.ftfy {
        config = config.beyond_ftfy(false);
    }
    for name in &args.off {
        if let Some((_, setter, _)) = flags::STEPS.iter().find(|(n, _, _)| n == name) {
            config = setter(config, false);
        }
    }
    config
}

/// A configuration under which the pipeline changes nothing: the input is
/// only decoded (for the structured modes and for `--check`).
fn identity_config() -> Config {
    let mut config = Config::default()
        .normalization(None)
        .unescape_html(HtmlUnescape::Never)
        .beyond_ftfy(false);
    for (_, setter, _) in flags::STEPS {
        config = setter(config, false);
    }
    config
}

/// How an I/O error reads in a message: the system's words, without Rust's
/// "(os error N)" suffix.
fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text
            .get(..i)
            .expect("rfind found a match at `i`")
            .to_string(),
        None => text,
    }
}

/// The name an input goes by in messages.
fn display_name(file: &OsStr) -> String {
    if file == "-" {
        "<stdin>".to_string()
    } else {
        Path::new(file).display().to_string()
    }
}

/// What the run does to each input, decided once.
struct Work {
    /// For decoding (the structured modes and --check).
    options: StreamOptions,
    /// For line mode: the same, never adding a line.
    line_options: StreamOptions,
    /// The user's configuration.
    config: Config,
    /// The fixer for line mode: the configuration with `fix_line_breaks`
    /// off, since a line break made inside a line would add a line. A CRLF
    /// line end still becomes LF ([`CrlfToLf`]) when the step is on, and
    /// `keep_lines` in `line_options` catches what else would add one
    /// (`&#10;`).
    line_fixer: Fixer,
    /// Whether CRLF line ends become LF in line mode.
    crlf_to_lf: bool,
    /// The fixer for values (`--csv`, `--jsonl`): the configuration as
    /// given, since a line break inside a value is kept inside it by
    /// quoting or escaping.
    value_fixer: Fixer,
    /// A fixer that changes nothing, to decode only.
    identity: Fixer,
    /// `--csv`/`--tsv`, `--jsonl`, or lines under `--apply-plan`.
    records: Option<Kind>,
    /// `--apply-plan`.
    steps: Option<Vec<unmojibake::Step>>,
    /// Whether to warn about NUL bytes (plain UTF-8 input).
    watch_nul: bool,
    threads: usize,
    explain: bool,
    guess: bool,
    strict: bool,
}

/// Why an input failed.
enum Failure {
    /// The reader of the output went away: stop quietly.
    BrokenPipe,
    /// Writing the output failed (already reported).
    Write,
    /// This input failed (already reported); the others can go on.
    Input,
}

impl Work {
    fn new(args: &Args) -> Result<Work, Usage> {
        let encoding = match &args.encoding {
            Some(label) => InputEncoding::Named(
                NamedEncoding::for_label(label).map_err(|_| unknown_encoding(label))?,
            ),
            None if args.guess => InputEncoding::Guess,
            None => InputEncoding::Utf8,
        };
        let steps = match &args.apply_plan {
            Some(plan) => {
                Some(parse_plan(plan).map_err(|e| Usage(format!("--apply-plan {plan:?}: {e}")))?)
            }
            None => None,
        };
        let records = if args.csv || args.tsv {
            Some(Kind::Csv(if args.tsv {
                b'\t'
            } else {
                // No --delimiter: a comma.
                args.delimiter.unwrap_or(b',')
            }))
        } else if args.jsonl {
            Some(Kind::Jsonl)
        } else if steps.is_some() {
            Some(Kind::Lines)
        } else {
            None
        };
        if args.explain && records.is_some() {
            return Err(Usage(
                "--explain works line by line; it cannot be used with --csv, --jsonl or --apply-plan"
                    .into(),
            ));
        }
        let config = build_config(args);
        Ok(Work {
            options: StreamOptions::new().encoding(encoding).strict(args.strict),
            line_options: StreamOptions::new()
                .encoding(encoding)
                .strict(args.strict)
                .keep_lines(true),
            line_fixer: Fixer::new(config.clone().fix_line_breaks(false)),
            crlf_to_lf: config.get_fix_line_breaks(),
            value_fixer: Fixer::new(config.clone()),
            identity: Fixer::new(identity_config()),
            config,
            records,
            steps,
            watch_nul: encoding == InputEncoding::Utf8,
            threads: match args.threads {
                0 => std::thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(flags::DEFAULT_THREADS_MAX),
                n => n,
            },
            explain: args.explain,
            guess: args.guess,
            strict: args.strict,
        })
    }

    /// Repairs one value (a field, a string, or a line under
    /// `--apply-plan`): `None` when it stays as it is.
    fn repair_value(&self, value: &str, failures: &Cell<u64>) -> Option<String> {
        match &self.steps {
            Some(steps) => match apply_plan_with(value, steps, &self.config) {
                Ok(fixed) => (fixed != value).then_some(fixed),
                Err(_) => {
                    failures.set(failures.get() + 1);
                    None
                }
            },
            None => match self.value_fixer.fix(value) {
                Cow::Borrowed(_) => None,
                Cow::Owned(fixed) => Some(fixed),
            },
        }
    }

    /// Repairs one input into `out`, reporting what goes wrong.
    fn process(
        &self,
        name: &str,
        reader: &mut dyn BufRead,
        out: &mut dyn Write,
        output_name: &str,
    ) -> Result<(), Failure> {
        let mut reader = NulWatch::new(reader, self.watch_nul);
        let malformed = Cell::new(false);
        let result = match self.records {
            Some(kind) => self.process_records(name, kind, &mut reader, out, &malformed),
            None => self.process_lines(name, &mut reader, out),
        };
        if let Some(offset) = reader.first_nul() {
            complain(&format!(
                "{name}: warning: the input holds NUL bytes (the first at byte offset {offset}); \
                 it may be UTF-16 without a byte-order mark: -g detects it, or name it with \
                 -e utf-16le or -e utf-16be"
            ));
        }
        if malformed.get() {
            // A malformed record under --strict: reported already.
            return Err(Failure::Input);
        }
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.is_broken_pipe() => Err(Failure::BrokenPipe),
            Err(StreamError::Write(e)) => {
                complain(&format!("{output_name}: write error: {}", describe(&e)));
                Err(Failure::Write)
            }
            Err(StreamError::Read(e)) => {
                complain(&format!("{name}: read error: {}", describe(&e)));
                Err(Failure::Input)
            }
            Err(e) => {
                complain(&format!("{name}: {e}"));
                complain(
                    if matches!(self.options.encoding, InputEncoding::Named(_)) {
                        "hint: try -g to detect the encoding, or name another with -e"
                    } else if self.guess {
                        "hint: without --strict, undecodable bytes are replaced with U+FFFD"
                    } else {
                        "hint: without --strict, such bytes are read as Windows-1252; or name the encoding with -e, or detect it with -g"
                    },
                );
                Err(Failure::Input)
            }
        }
    }

    fn process_lines(
        &self,
        name: &str,
        reader: &mut dyn BufRead,
        out: &mut dyn Write,
    ) -> Result<(), StreamError> {
        let mut writer = CrlfToLf::new(out, self.crlf_to_lf);
        if self.explain {
            let stats = fix_stream_explained(
                &mut *reader,
                &mut writer,
                &self.line_fixer,
                &self.line_options,
                |line, steps| {
                    say_err(&format!("{name}:{line}: {}", plan_to_string(steps)));
                },
            )?;
            if self.guess {
                say_err(&format!("{name}: decoded as {}", stats.decoded_as));
            }
        } else {
            fix_stream_parallel(
                &mut *reader,
                &mut writer,
                &self.line_fixer,
                &self.line_options,
                self.threads,
            )?;
        }
        writer.finish().map_err(StreamError::Write)
    }

    fn process_records(
        &self,
        name: &str,
        kind: Kind,
        reader: &mut dyn BufRead,
        out: &mut dyn Write,
        malformed: &Cell<bool>,
    ) -> Result<(), StreamError> {
        let failures = Cell::new(0);
        let repair = |value: &str| self.repair_value(value, &failures);
        let mut sink = RecordSink::new(out, kind, &repair, self.strict);
        let result = fix_stream(&mut *reader, &mut sink, &self.identity, &self.options)
            .and_then(|_| sink.finish().map_err(StreamError::Write));
        for warning in &sink.warnings {
            complain(&format!(
                "{name}:{warning} (passed through unchanged; --strict makes this an error)"
            ));
        }
        if let Some(error) = &sink.error {
            complain(&format!("{name}:{error}"));
            malformed.set(true);
        }
        if self.strict && failures.get() > 0 {
            malformed.set(true);
        }
        let what = if kind == Kind::Lines { "line" } else { "value" };
        match failures.get() {
            0 => {}
            n => complain(&format!(
                "{name}: warning: the plan could not be applied to {n} {what}{}, written unchanged",
                if n == 1 { "" } else { "s" }
            )),
        }
        result
    }
}

fn unknown_encoding(label: &str) -> Usage {
    let mut message = format!("unknown encoding {label:?}");
    if let Some(best) = flags::closest(label, ENCODINGS.iter().copied()) {
        message.push_str(&format!("; did you mean '{best}'?"));
    }
    message.push_str(&format!(
        "\nKnown encodings (also listed by --list-encodings): {}",
        ENCODINGS.join(", ")
    ));
    Usage(message)
}

fn run(args: &Args) -> Result<ExitCode, Usage> {
    let stdin_only = [OsString::from("-")];
    let files: &[OsString] = if args.files.is_empty() {
        &stdin_only
    } else {
        &args.files
    };
    if args.detect {
        return Ok(detect::detect_files(files, args.json));
    }
    let work = Work::new(args)?;
    if args.check || args.diff {
        return Ok(check(&work, files, args.diff));
    }
    if args.in_place {
        return Ok(in_place(&work, files));
    }
    let output_name = match &args.output {
        Some(path) if path != "-" => {
            if let Some(input) = files.iter().find(|f| files::same_file(f, path)) {
                return Err(Usage(format!(
                    "refusing to write to {}: it is also an input ({})",
                    display_name(path),
                    display_name(input)
                )));
            }
            display_name(path)
        }
        _ => "<stdout>".to_string(),
    };
    // Every input is opened before the output is touched.
    let mut readers = Vec::with_capacity(files.len());
    let mut missing = false;
    for file in files {
        match files::open_input(file) {
            Ok(reader) => readers.push((display_name(file), reader)),
            Err(e) => {
                complain(&format!("{}: {}", display_name(file), describe(&e)));
                missing = true;
            }
        }
    }
    if missing {
        complain("nothing written: an input could not be opened");
        return Ok(ExitCode::from(1));
    }
    let sink = match &args.output {
        Some(path) if path != "-" => match Output::create(Path::new(path)) {
            Ok(output) => output,
            Err(e) => {
                complain(&format!("{output_name}: {}", describe(&e)));
                return Ok(ExitCode::from(1));
            }
        },
        _ => Output::stdout(),
    };
    let to_file = args.output.as_ref().is_some_and(|p| p != "-");
    let mut writer = BufWriter::with_capacity(WRITE_BUFFER, sink);
    let mut failed = false;
    for (name, mut reader) in readers {
        match work.process(&name, &mut *reader, &mut writer, &output_name) {
            Ok(()) => {}
            Err(Failure::BrokenPipe) => return Ok(ExitCode::SUCCESS),
            Err(Failure::Write) => return Ok(ExitCode::from(1)),
            Err(Failure::Input) => {
                failed = true;
                if to_file {
                    // The output will not replace the target: stop here.
                    break;
                }
            }
        }
    }
    let flushed = writer.flush();
    match flushed {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            complain(&format!("{output_name}: write error: {}", describe(&e)));
            return Ok(ExitCode::from(1));
        }
        Ok(()) => {}
    }
    let sink = match writer.into_inner() {
        Ok(sink) => sink,
        Err(e) => {
            complain(&format!(
                "{output_name}: write error: {}",
                describe(e.error())
            ));
            return Ok(ExitCode::from(1));
        }
    };
    if failed {
        if to_file {
            complain(&format!(
                "{output_name}: left as it was, since an input failed"
            ));
        }
        return Ok(ExitCode::from(1));
    }
    if let Err(e) = sink.commit() {
        complain(&format!("{output_name}: {}", describe(&e)));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `-i`: each file through its own temporary file.
fn in_place(work: &Work, files: &[OsString]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let name = display_name(file);
        let mut reader = match files::open_input(file) {
            Ok(reader) => reader,
            Err(e) => {
                complain(&format!("{name}: {}", describe(&e)));
                failed = true;
                continue;
            }
        };
        let output = match Output::create(Path::new(file)) {
            Ok(output) => output,
            Err(e) => {
                complain(&format!("{name}: {}", describe(&e)));
                failed = true;
                continue;
            }
        };
        let mut writer = BufWriter::with_capacity(WRITE_BUFFER, output);
        let result = work.process(&name, &mut *reader, &mut writer, &name);
        drop(reader);
        let done = result.is_ok()
            && match writer.into_inner() {
                Ok(output) => match output.commit() {
                    Ok(()) => true,
                    Err(e) => {
                        complain(&format!("{name}: {}", describe(&e)));
                        false
                    }
                },
                Err(e) => {
                    complain(&format!("{name}: write error: {}", describe(e.error())));
                    false
                }
            };
        if !done {
            complain(&format!("{name}: left as it was"));
            failed = true;
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--check` and `--diff`: repair each input in memory, and report which
/// lines would change (or print the diff). Exit status 1 when some would.
fn check(work: &Work, files: &[OsString], diff: bool) -> ExitCode {
    let mut failed = false;
    let mut changed = false;
    let mut out = io::stdout().lock();
    for file in files {
        let name = display_name(file);
        let mut bytes = Vec::new();
        let read = files::open_input(file).and_then(|mut r| r.read_to_end(&mut bytes));
        if let Err(e) = read {
            complain(&format!("{name}: {}", describe(&e)));
            failed = true;
            continue;
        }
        let mut original = Vec::new();
        let mut fixed = Vec::new();
        if work
            .process(&name, &mut &bytes[..], &mut fixed, "<memory>")
            .is_err()
        {
            failed = true;
            continue;
        }
        if let Err(e) = fix_stream(&bytes[..], &mut original, &work.identity, &work.options) {
            complain(&format!("{name}: {e}"));
            failed = true;
            continue;
        }
        let (original, fixed) = (
            String::from_utf8_lossy(&original),
            String::from_utf8_lossy(&fixed),
        );
        if original == fixed {
            continue;
        }
        changed = true;
        let text_diff = similar::TextDiff::from_lines(&*original, &*fixed);
        let written = if diff {
            let unified = text_diff
                .unified_diff()
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string();
            out.write_all(unified.as_bytes())
        } else {
            let mut lines = std::collections::BTreeSet::new();
            for op in text_diff.ops() {
                if op.tag() == similar::DiffTag::Equal {
                    continue;
                }
                let range = op.old_range();
                if range.is_empty() {
                    lines.insert(range.start.max(1));
                } else {
                    lines.extend(range.map(|i| i + 1));
                }
            }
            lines
                .iter()
                .try_for_each(|line| writeln!(out, "{name}:{line}"))
        };
        match written {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                complain(&format!("<stdout>: write error: {}", describe(&e)));
                return ExitCode::from(1);
            }
            Ok(()) => {}
        }
    }
    if failed || changed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_encoding_is_accepted() {
        for name in ENCODINGS {
            assert!(NamedEncoding::for_label(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn identity_config_changes_nothing() {
        let fixer = Fixer::new(identity_config());
        for text in [
            "CafÃ©\r\n",
            "&amp; “q” ＂ \u{2028} \r \u{85} \u{feff} \x1b[31m ﬁ \u{1} e\u{301}",
        ] {
            assert_eq!(fixer.fix(text), text);
        }
    }
}
