//! `unmojibake`: the command-line filter. Repairs each input file (or
//! standard input) line by line and writes UTF-8, built on
//! [`unmojibake::fix_stream`]. Run `unmojibake --help` for the options.
//!
//! Argument parsing is done by hand with the standard library only, so the
//! `cli` feature adds no dependency.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use unmojibake::{
    fix_stream, fix_stream_explained, plan_to_string, Config, Fixer, HtmlUnescape, InputEncoding,
    NamedEncoding, NormalizationForm, StreamError, StreamOptions,
};

const VERSION: &str = env!("CARGO_PKG_VERSION");

const HELP: &str = "\
Repair mojibake and normalise text, line by line: an ftfy-compatible filter.

Usage: unmojibake [OPTIONS] [FILE]...

Reads each FILE in turn (standard input when none is given, and for '-')
and writes the repaired text, as UTF-8, to standard output. Each input line
gives one output line, and a missing final newline stays missing.

Input:
  -e, --encoding LABEL  Decode the input as LABEL, strictly: any WHATWG label
                        (shift_jis, euc-jp, gbk, gb18030, big5, euc-kr,
                        koi8-r, windows-1251, iso-8859-7, utf-16le, ...) or
                        an ftfy codec name (sloppy-windows-1250 ... -1257,
                        latin-1, macroman, cp437, utf-8-variants, cesu-8)
  -g, --guess           Detect each file's encoding: a byte-order mark,
                        UTF-8, CESU-8, UTF-8 with stray Windows-1252 bytes,
                        UTF-16 without a mark, or a legacy charset (Shift_JIS,
                        EUC-JP, GBK, Big5, EUC-KR, windows-1250..1258, KOI8,
                        ISO-8859-x, Mac Roman, ...)
      --strict          Make input that does not decode cleanly an error,
                        reported with its file, line and byte offset
  Without -e or -g, the input is UTF-8; a UTF-16 byte-order mark at the
  start of a file switches to UTF-16. Invalid UTF-8 is not an error: a line
  that is not UTF-8 is read as CESU-8 / Java modified UTF-8 if it is that,
  and otherwise each invalid byte is taken as its Windows-1252 character,
  so no byte is lost. --strict turns this off.

Output:
  -o, --output FILE     Write to FILE instead of standard output (refused
                        when FILE is one of the inputs)
      --explain         For each changed line, print FILE:LINE: and its plan,
                        such as [('encode', 'sloppy-windows-1252'), ('decode',
                        'utf-8')], on standard error; with -g, also the
                        encoding detected for each file
  -j, --threads N       Repair with N threads: chunks of lines are repaired
                        in parallel and written in order (UTF-8 input; with
                        -e, -g, --strict or --explain, one thread is used)

Repairs (default: every step of ftfy's fix_text, then NFC, and the three
repairs beyond ftfy: mixed lines, single-byte mix-ups, CJK mojibake):
  -n, --normalization FORM
                        NFC, NFD, NFKC, NFKD, or none
      --preserve-entities
                        Leave HTML entities such as &amp; alone
      --encoding-only   Only repair mojibake, as ftfy's fix_encoding does
      --ftfy            Only ftfy's repairs: the three below switched off
      --no-unescape-html               Same as --preserve-entities
      --no-remove-terminal-escapes     Keep ANSI escapes such as colours
      --no-fix-encoding                Do not repair mojibake
      --no-restore-byte-a0             Never read a space as lost byte A0
      --no-replace-lossy-sequences     Keep mojibake that lost bytes
      --no-decode-inconsistent-utf8    Only repair mojibake in whole lines
      --no-fix-c1-controls             Keep C1 control characters
      --no-fix-latin-ligatures         Keep ligatures such as ﬁ
      --no-fix-character-width         Keep fullwidth and halfwidth forms
      --no-uncurl-quotes               Keep curly quotes
      --no-fix-line-breaks             Keep CRLF, CR, U+2028 and U+0085
      --no-fix-surrogates              Keep surrogate code points
      --no-remove-control-chars        Keep control characters
      --no-fix-mixed-lines             Leave lines that mix clean text and
                                       mojibake, and isolated mojibake
                                       ftfy does not see, to ftfy
      --no-fix-single-byte-mixups      Do not undo one single-byte code
                                       page read as another (Ïðèâåò)
      --no-fix-cjk-mojibake            Do not undo UTF-8 read as GBK,
                                       Shift_JIS, Big5 or EUC-KR (浣犲ソ)

  -h, --help            Print this help
  -V, --version         Print the version

Exit status: 0 on success; 1 if some file could not be opened, read or
decoded, or the output could not be written; 2 for a usage error. When the
reader of the output goes away (as with '| head'), unmojibake stops quietly
with status 0.
";

/// A chained `Config` setter for a boolean option.
type Setter = fn(Config, bool) -> Config;

/// The `--no-<option>` switches, with the setter each one turns off.
const SWITCHES: [(&str, Setter); 15] = [
    ("remove-terminal-escapes", Config::remove_terminal_escapes),
    ("fix-encoding", Config::fix_encoding),
    ("restore-byte-a0", Config::restore_byte_a0),
    ("replace-lossy-sequences", Config::replace_lossy_sequences),
    ("decode-inconsistent-utf8", Config::decode_inconsistent_utf8),
    ("fix-c1-controls", Config::fix_c1_controls),
    ("fix-latin-ligatures", Config::fix_latin_ligatures),
    ("fix-character-width", Config::fix_character_width),
    ("uncurl-quotes", Config::uncurl_quotes),
    ("fix-line-breaks", Config::fix_line_breaks),
    ("fix-surrogates", Config::fix_surrogates),
    ("remove-control-chars", Config::remove_control_chars),
    ("fix-mixed-lines", Config::fix_mixed_lines),
    ("fix-single-byte-mixups", Config::fix_single_byte_mixups),
    ("fix-cjk-mojibake", Config::fix_cjk_mojibake),
];

/// What the command line asks for.
#[derive(Default)]
struct Args {
    files: Vec<OsString>,
    output: Option<OsString>,
    encoding: Option<String>,
    guess: bool,
    normalization: Option<Option<NormalizationForm>>,
    preserve_entities: bool,
    encoding_only: bool,
    switched_off: Vec<Setter>,
    strict: bool,
    explain: bool,
    /// `-j/--threads`: worker threads (0 and 1 both mean one).
    threads: usize,
    help: bool,
    version: bool,
}

/// A usage error, printed with a pointer to `--help`.
struct Usage(String);

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(args) => args,
        Err(Usage(message)) => {
            complain(&message);
            say_err("Try 'unmojibake --help' for more information.");
            return ExitCode::from(2);
        }
    };
    if args.help {
        return print_and_exit(&format!("unmojibake {VERSION}\n{HELP}"));
    }
    if args.version {
        return print_and_exit(&format!("unmojibake {VERSION}\n"));
    }
    match run(&args) {
        Ok(code) => code,
        Err(Usage(message)) => {
            complain(&message);
            ExitCode::from(2)
        }
    }
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

fn parse_args(mut argv: impl Iterator<Item = OsString>) -> Result<Args, Usage> {
    let mut args = Args::default();
    let mut only_files = false;
    while let Some(arg) = argv.next() {
        if only_files {
            args.files.push(arg);
            continue;
        }
        let Some(text) = arg.to_str() else {
            if arg.to_string_lossy().starts_with('-') {
                return Err(Usage(format!("unknown option {:?}", arg.to_string_lossy())));
            }
            args.files.push(arg);
            continue;
        };
        if text == "--" {
            only_files = true;
        } else if text == "-" || !text.starts_with('-') {
            args.files.push(arg);
        } else if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(OsString::from(value))),
                None => (long, None),
            };
            long_option(&mut args, name, inline, &mut argv)?;
        } else {
            short_options(&mut args, text, &mut argv)?;
        }
    }
    if args.guess && args.encoding.is_some() {
        return Err(Usage(
            "-e/--encoding and -g/--guess cannot be used together".into(),
        ));
    }
    Ok(args)
}

/// The value of an option: given inline (`--output=FILE`, `-oFILE`) or as
/// the next argument.
fn value(
    name: &str,
    inline: Option<OsString>,
    argv: &mut impl Iterator<Item = OsString>,
) -> Result<OsString, Usage> {
    inline
        .or_else(|| argv.next())
        .ok_or_else(|| Usage(format!("option '{name}' needs a value")))
}

fn text_value(
    name: &str,
    inline: Option<OsString>,
    argv: &mut impl Iterator<Item = OsString>,
) -> Result<String, Usage> {
    value(name, inline, argv)?.into_string().map_err(|v| {
        Usage(format!(
            "invalid value {:?} for '{name}'",
            v.to_string_lossy()
        ))
    })
}

fn long_option(
    args: &mut Args,
    name: &str,
    inline: Option<OsString>,
    argv: &mut impl Iterator<Item = OsString>,
) -> Result<(), Usage> {
    let flag = |args: &mut Args, set: fn(&mut Args)| -> Result<(), Usage> {
        if inline.is_some() {
            return Err(Usage(format!("option '--{name}' takes no value")));
        }
        set(args);
        Ok(())
    };
    match name {
        "output" => args.output = Some(value("--output", inline, argv)?),
        "threads" => args.threads = parse_threads(&text_value("--threads", inline, argv)?)?,
        "encoding" => args.encoding = Some(text_value("--encoding", inline, argv)?),
        "normalization" | "normalisation" => {
            args.normalization = Some(parse_form(&text_value("--normalization", inline, argv)?)?);
        }
        "guess" => flag(args, |a| a.guess = true)?,
        "strict" => flag(args, |a| a.strict = true)?,
        "explain" => flag(args, |a| a.explain = true)?,
        "preserve-entities" | "no-unescape-html" => flag(args, |a| a.preserve_entities = true)?,
        "encoding-only" => flag(args, |a| a.encoding_only = true)?,
        "ftfy" => flag(args, |a| a.switched_off.push(Config::beyond_ftfy))?,
        "help" => flag(args, |a| a.help = true)?,
        "version" => flag(args, |a| a.version = true)?,
        _ => {
            let setter = name
                .strip_prefix("no-")
                .and_then(|option| SWITCHES.iter().find(|(n, _)| *n == option))
                .map(|(_, setter)| *setter)
                .ok_or_else(|| Usage(format!("unknown option '--{name}'")))?;
            if inline.is_some() {
                return Err(Usage(format!("option '--{name}' takes no value")));
            }
            args.switched_off.push(setter);
        }
    }
    Ok(())
}

fn short_options(
    args: &mut Args,
    text: &str,
    argv: &mut impl Iterator<Item = OsString>,
) -> Result<(), Usage> {
    let cluster = text.get(1..).unwrap_or_default();
    for (i, c) in cluster.char_indices() {
        let rest = cluster.get(i + c.len_utf8()..).unwrap_or_default();
        let inline = (!rest.is_empty()).then(|| OsString::from(rest));
        match c {
            'g' => args.guess = true,
            'h' => args.help = true,
            'V' => args.version = true,
            'o' => {
                args.output = Some(value("-o", inline, argv)?);
                return Ok(());
            }
            'e' => {
                args.encoding = Some(text_value("-e", inline, argv)?);
                return Ok(());
            }
            'n' => {
                args.normalization = Some(parse_form(&text_value("-n", inline, argv)?)?);
                return Ok(());
            }
            'j' => {
                args.threads = parse_threads(&text_value("-j", inline, argv)?)?;
                return Ok(());
            }
            _ => return Err(Usage(format!("unknown option '-{c}'"))),
        }
    }
    Ok(())
}

fn parse_threads(text: &str) -> Result<usize, Usage> {
    match text.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(Usage(format!(
            "-j/--threads takes a number of threads (1 or more), not {text:?}"
        ))),
    }
}

fn parse_form(name: &str) -> Result<Option<NormalizationForm>, Usage> {
    if name.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    name.parse().map(Some).map_err(|_| {
        Usage(format!(
            "invalid normalization {name:?}: use NFC, NFD, NFKC, NFKD or none"
        ))
    })
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
    for setter in &args.switched_off {
        config = setter(config, false);
    }
    config
}

/// How an I/O error reads in a message: the system's words, without Rust's
/// "(os error N)" suffix.
fn describe(error: &io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
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

fn run(args: &Args) -> Result<ExitCode, Usage> {
    let encoding = match &args.encoding {
        Some(label) => {
            InputEncoding::Named(NamedEncoding::for_label(label).map_err(|e| Usage(e.to_string()))?)
        }
        None if args.guess => InputEncoding::Guess,
        None => InputEncoding::Utf8,
    };
    let options = StreamOptions::new().encoding(encoding).strict(args.strict);
    let fixer = Fixer::new(build_config(args));
    let stdin_only = [OsString::from("-")];
    let files: &[OsString] = if args.files.is_empty() {
        &stdin_only
    } else {
        &args.files
    };

    let output_name = match &args.output {
        Some(path) if path != "-" => {
            if let Some(input) = files.iter().find(|f| same_file(f, path)) {
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
    let sink: Box<dyn Write> = match &args.output {
        Some(path) if path != "-" => match File::create(path) {
            Ok(file) => Box::new(file),
            Err(e) => {
                complain(&format!("{output_name}: {}", describe(&e)));
                return Ok(ExitCode::from(1));
            }
        },
        _ => stdout_sink(),
    };
    let mut writer = BufWriter::with_capacity(64 * 1024, sink);

    let mut failed = false;
    for file in files {
        let name = display_name(file);
        let reader = match open_input(file) {
            Ok(reader) => reader,
            Err(e) => {
                complain(&format!("{name}: {}", describe(&e)));
                failed = true;
                continue;
            }
        };
        let parallel =
            args.threads > 1 && !args.explain && !args.strict && options_are_plain_utf8(args);
        let result = if parallel {
            fix_parallel(reader, &mut writer, &fixer, &options, args.threads).map(|()| None)
        } else if args.explain {
            fix_stream_explained(reader, &mut writer, &fixer, &options, |line, steps| {
                say_err(&format!("{name}:{line}: {}", plan_to_string(steps)));
            })
            .map(Some)
        } else {
            fix_stream(reader, &mut writer, &fixer, &options).map(Some)
        };
        match result {
            Ok(stats) => {
                if let Some(stats) = stats.filter(|_| args.explain && args.guess) {
                    say_err(&format!("{name}: decoded as {}", stats.decoded_as));
                }
            }
            Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
            Err(StreamError::Write(e)) => {
                complain(&format!("{output_name}: write error: {}", describe(&e)));
                return Ok(ExitCode::from(1));
            }
            Err(StreamError::Read(e)) => {
                complain(&format!("{name}: read error: {}", describe(&e)));
                failed = true;
            }
            Err(e) => {
                complain(&format!("{name}: {e}"));
                complain(if args.encoding.is_some() {
                    "hint: try -g to detect the encoding, or name another with -e"
                } else if args.guess {
                    "hint: without --strict, undecodable bytes are replaced with U+FFFD"
                } else {
                    "hint: without --strict, such bytes are read as Windows-1252; or name the encoding with -e, or detect it with -g"
                });
                failed = true;
            }
        }
    }
    match writer.flush() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => {
            complain(&format!("{output_name}: write error: {}", describe(&e)));
            return Ok(ExitCode::from(1));
        }
        Ok(()) => {}
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Whether the input is read as plain UTF-8 (no `-e`, no `-g`): the only
/// decoding that works line by line on raw bytes, so that chunks of lines
/// can be decoded and repaired apart.
fn options_are_plain_utf8(args: &Args) -> bool {
    args.encoding.is_none() && !args.guess
}

/// Bytes of whole lines per work item of `-j` (at least; a chunk ends at a
/// line break).
const PARALLEL_CHUNK: usize = 128 << 10;
/// Work items of `-j` read ahead per thread: bounds the memory held.
const PARALLEL_AHEAD: usize = 4;
/// `-j` buffers larger than this (grown for a long line) are not reused.
const PARALLEL_KEEP: usize = 4 * PARALLEL_CHUNK;

/// A `-j` work item: a chunk of whole lines and a buffer for its repair.
/// Both buffers go from the calling thread to a worker and back, and are
/// reused for later chunks.
struct Job {
    /// The chunk's place in the input, from 0.
    index: usize,
    /// The chunk is `input[..len]`; what follows is spare room.
    input: Vec<u8>,
    len: usize,
    /// Empty: receives the repaired chunk.
    output: Vec<u8>,
    /// Whether HTML unescaping is already off.
    html_off: bool,
}

/// A repaired `-j` work item: when `result` is `Ok`, `output` holds the
/// repaired chunk.
struct Done {
    index: usize,
    result: Result<(), StreamError>,
    input: Vec<u8>,
    output: Vec<u8>,
}

/// `-j N`: repairs UTF-8 input with `threads` threads, and writes exactly
/// what [`fix_stream`] writes.
///
/// The calling thread reads the input in chunks of whole lines and queues
/// them; `threads - 1` workers and the calling thread itself (when it has
/// nothing to write) each repair a chunk at a time with [`fix_stream`]
/// (UTF-8 input is decoded line by line, and a segment never spans lines,
/// so a chunk on its own gives the same text). The calling thread writes
/// the results in input order as they come in, and reads ahead at most
/// [`PARALLEL_AHEAD`] chunks per thread. Reading, repairing and writing
/// overlap, and no more than `threads` threads are busy. Chunks are read
/// straight into buffers that are reused, as are the buffers of the
/// results. The one state carried from line to line, HTML
/// unescaping switched off for good by a `<` under `HtmlUnescape::Auto`, is
/// handed on by repairing every chunk after the first `<` with unescaping
/// off. A chunk never starts with byte FE or FF, which at the start of a
/// stream would be read as a UTF-16 byte-order mark; a file that starts
/// with one goes through [`fix_stream`] whole.
fn fix_parallel(
    mut reader: Box<dyn BufRead>,
    writer: &mut dyn Write,
    fixer: &Fixer,
    options: &StreamOptions,
    threads: usize,
) -> Result<(), StreamError> {
    use std::sync::{mpsc, Mutex};

    let head = reader.fill_buf().map_err(StreamError::Read)?;
    if matches!(head.first(), Some(0xFE | 0xFF)) {
        return fix_stream(reader, writer, fixer, options).map(|_| ());
    }
    let never = Fixer::new(fixer.config().clone().unescape_html(HtmlUnescape::Never));
    let auto_html = fixer.config().unescape_html == HtmlUnescape::Auto;
    let ahead = threads.saturating_mul(PARALLEL_AHEAD).max(2);
    let (work_tx, work_rx) = mpsc::sync_channel::<Job>(ahead);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let repair = |job: Job| -> Done {
        let Job {
            index,
            input,
            len,
            mut output,
            html_off,
        } = job;
        let chunk_fixer = if html_off { &never } else { fixer };
        output.clear();
        output.reserve(len + len / 8);
        let chunk = input.get(..len).unwrap_or_default();
        let result = fix_stream(chunk, &mut output, chunk_fixer, options).map(|_| ());
        Done {
            index,
            result,
            input,
            output,
        }
    };
    std::thread::scope(|scope| {
        // The calling thread repairs chunks too, between reading and
        // writing: `threads` threads in all, not one more that would
        // compete with them for the cores.
        for _ in 1..threads {
            let done_tx = done_tx.clone();
            let (work_rx, repair) = (&work_rx, &repair);
            scope.spawn(move || loop {
                let job = work_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(job) = job else {
                    return;
                };
                if done_tx.send(repair(job)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let queue = Queue {
            work_tx: &work_tx,
            work_rx: &work_rx,
            done_rx: &done_rx,
        };
        let result = feed_and_write(&mut *reader, writer, &queue, &repair, ahead, auto_html);
        // Dropping the sender stops the workers once the queue is empty.
        drop(work_tx);
        result
    })
}

/// The channels of [`fix_parallel`], as the calling thread sees them.
struct Queue<'q> {
    work_tx: &'q std::sync::mpsc::SyncSender<Job>,
    work_rx: &'q std::sync::Mutex<std::sync::mpsc::Receiver<Job>>,
    done_rx: &'q std::sync::mpsc::Receiver<Done>,
}

/// The calling thread's part of [`fix_parallel`]: reads chunks and sends
/// them off, keeping at most `ahead` unwritten, writes the results in
/// order, and repairs a waiting chunk itself when there is nothing to
/// write yet. After a read error, the whole lines read before it are
/// written, as [`fix_stream`] does, and then the error is returned.
fn feed_and_write(
    reader: &mut dyn BufRead,
    writer: &mut dyn Write,
    queue: &Queue<'_>,
    repair: &dyn Fn(Job) -> Done,
    ahead: usize,
    auto_html: bool,
) -> Result<(), StreamError> {
    let mut chunker = Chunker::default();
    let mut free_outputs: Vec<Vec<u8>> = Vec::new();
    let mut seen_lt = false;
    let mut sent = 0;
    let mut written = 0;
    let mut waiting = std::collections::BTreeMap::new();
    loop {
        while !chunker.done() && sent - written < ahead {
            let (input, len) = chunker.next_chunk(reader);
            let Some(chunk) = input.get(..len).filter(|c| !c.is_empty()) else {
                chunker.recycle(input);
                continue;
            };
            let html_off = seen_lt;
            seen_lt = seen_lt || (auto_html && memchr::memchr(b'<', chunk).is_some());
            let job = Job {
                index: sent,
                input,
                len,
                output: free_outputs.pop().unwrap_or_default(),
                html_off,
            };
            if queue.work_tx.send(job).is_err() {
                break;
            }
            sent += 1;
        }
        if written == sent {
            writer.flush().map_err(StreamError::Write)?;
            return match chunker.error.take() {
                Some(e) => Err(StreamError::Read(e)),
                None => Ok(()),
            };
        }
        while let Ok(done) = queue.done_rx.try_recv() {
            waiting.insert(done.index, done);
        }
        if !waiting.contains_key(&written) {
            // Nothing to write yet: repair a queued chunk here, or wait for
            // a worker when every chunk is taken (a worker waiting for work
            // holds the queue's lock, and then the queue is empty).
            let job = queue
                .work_rx
                .try_lock()
                .ok()
                .and_then(|rx| rx.try_recv().ok());
            let done = match job {
                Some(job) => repair(job),
                None => queue.done_rx.recv().map_err(|_| {
                    // Every worker is gone: cannot happen while work is
                    // pending.
                    StreamError::Write(io::Error::other("worker threads stopped"))
                })?,
            };
            waiting.insert(done.index, done);
        }
        while let Some(done) = waiting.remove(&written) {
            done.result?;
            writer.write_all(&done.output).map_err(StreamError::Write)?;
            written += 1;
            chunker.recycle(done.input);
            if done.output.capacity() <= PARALLEL_KEEP {
                free_outputs.push(done.output);
            }
        }
        if sent - written >= ahead || chunker.done() {
            // Nothing more to read now: hand what is written to the reader
            // of the output.
            writer.flush().map_err(StreamError::Write)?;
        }
    }
}

/// Cuts the input into `-j` chunks of whole lines, read straight into
/// reused buffers.
#[derive(Default)]
struct Chunker {
    /// Bytes read after the last cut: the start of the next chunk.
    carry: Vec<u8>,
    /// Buffers given back, to read the next chunks into.
    free: Vec<Vec<u8>>,
    /// The input has ended (or failed).
    eof: bool,
    /// The read error that ended the input.
    error: Option<io::Error>,
}

impl Chunker {
    /// Whether every chunk has been handed out.
    fn done(&self) -> bool {
        self.eof
    }

    /// Takes back a buffer handed out by [`next_chunk`](Self::next_chunk).
    fn recycle(&mut self, buffer: Vec<u8>) {
        if buffer.len() <= PARALLEL_KEEP {
            self.free.push(buffer);
        }
    }

    /// Reads the next chunk of whole lines: at least [`PARALLEL_CHUNK`]
    /// bytes (or the rest of the input), ending after a line break that is
    /// not followed by byte FE or FF. Returns a buffer and the chunk's
    /// length in it (0 when nothing is left); what follows the chunk is kept
    /// for the next. A read error ends the input after the last line break
    /// read, and is kept in `error`.
    fn next_chunk(&mut self, reader: &mut dyn BufRead) -> (Vec<u8>, usize) {
        let mut buffer = self.free.pop().unwrap_or_default();
        let mut filled = self.carry.len();
        let mut want = PARALLEL_CHUNK.max(filled + (16 << 10));
        if buffer.len() < want {
            buffer.resize(want, 0);
        }
        if let Some(start) = buffer.get_mut(..filled) {
            start.copy_from_slice(&self.carry);
        }
        self.carry.clear();
        // Line breaks before this offset are not followed by a valid cut.
        let mut searched = 0;
        loop {
            while filled < want && !self.eof {
                match reader.read(buffer.get_mut(filled..want).unwrap_or_default()) {
                    Ok(0) => self.eof = true,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        // Keep the whole lines read before the error.
                        self.eof = true;
                        self.error = Some(e);
                        let read = buffer.get(..filled).unwrap_or_default();
                        filled = memchr::memrchr(b'\n', read).map_or(0, |i| i + 1);
                    }
                }
            }
            if self.eof {
                return (buffer, filled);
            }
            let unsearched = buffer.get(searched..filled).unwrap_or_default();
            if let Some(cut) = last_cut(unsearched).map(|cut| searched + cut) {
                self.carry
                    .extend_from_slice(buffer.get(cut..filled).unwrap_or_default());
                return (buffer, cut);
            }
            // A line longer than the buffer: read on into a larger one. The
            // last byte's line break, if it is one, can be cut at once the
            // next byte is known.
            searched = filled.saturating_sub(1);
            want = filled.saturating_mul(2);
            buffer.resize(want, 0);
        }
    }
}

/// Where `bytes` can be cut: after its last line break that is followed by
/// a byte other than FE or FF.
fn last_cut(bytes: &[u8]) -> Option<usize> {
    // The last byte's successor is not known yet.
    let mut end = bytes.len().saturating_sub(1);
    while let Some(i) = memchr::memrchr(b'\n', bytes.get(..end).unwrap_or_default()) {
        if !matches!(bytes.get(i + 1), Some(0xFE | 0xFF)) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

fn open_input(file: &OsStr) -> io::Result<Box<dyn BufRead>> {
    if file == "-" {
        return Ok(stdin_source());
    }
    let handle = File::open(file)?;
    if handle.metadata()?.is_dir() {
        return Err(io::Error::other("is a directory"));
    }
    Ok(Box::new(BufReader::with_capacity(64 * 1024, handle)))
}

/// Standard input as a plain file descriptor with a large buffer (the
/// standard library's stdin has a small one).
#[cfg(unix)]
fn stdin_source() -> Box<dyn BufRead> {
    use std::os::fd::AsFd;
    match io::stdin().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(BufReader::with_capacity(64 * 1024, File::from(fd))),
        Err(_) => Box::new(io::stdin().lock()),
    }
}

#[cfg(not(unix))]
fn stdin_source() -> Box<dyn BufRead> {
    Box::new(io::stdin().lock())
}

/// Standard output as a plain file descriptor, so that writes are not
/// split at every line break by the standard library's line buffering.
#[cfg(unix)]
fn stdout_sink() -> Box<dyn Write> {
    use std::os::fd::AsFd;
    match io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => Box::new(File::from(fd)),
        Err(_) => Box::new(io::stdout()),
    }
}

#[cfg(not(unix))]
fn stdout_sink() -> Box<dyn Write> {
    Box::new(io::stdout())
}

/// Whether `input` (a path, or `-` for standard input) and `output` are the
/// same file.
fn same_file(input: &OsStr, output: &OsStr) -> bool {
    // Only a regular file can be clobbered; /dev/null may be both.
    let Some(out_meta) = std::fs::metadata(output).ok().filter(|m| m.is_file()) else {
        return false;
    };
    let in_meta = if input == "-" {
        stdin_metadata()
    } else {
        std::fs::metadata(input).ok()
    };
    match in_meta {
        Some(in_meta) => same_inode(&in_meta, &out_meta, input, output),
        None => false,
    }
}

#[cfg(unix)]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    None
}

#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata, _: &OsStr, _: &OsStr) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata, a: &OsStr, b: &OsStr) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
