//! The command line, declared once: [`FLAGS`] holds one [`Flag`] per
//! option, with its names, its value, its help text and what it does.
//! Parsing ([`parse`]), `--help` ([`help`]), the man page ([`man_page`]) and
//! the shell completions ([`completions`]) are all derived from that table,
//! as ripgrep does with its `flags/defs.rs`; a test checks that every flag
//! is documented everywhere and parses.
//!
//! The parser under it is `lexopt`: it has no dependencies, handles
//! `--long=value`, `-ovalue`, `-o=value`, clustered short flags and
//! `--`, and gives values as `OsString`, so a path that is not UTF-8 works
//! however it is written.

use std::ffi::OsString;
use std::fmt::Write as _;

use unmojibake::{Config, NormalizationForm};

/// A chained `Config` setter for a boolean option.
pub type Setter = fn(Config, bool) -> Config;

/// The `--no-<step>` switches: the flag's name, the setter it turns off, and
/// its help.
pub const STEPS: [(&str, Setter, &str); 18] = [
    (
        "no-remove-terminal-escapes",
        Config::remove_terminal_escapes,
        "Keep ANSI escapes such as colours",
    ),
    (
        "no-fix-encoding",
        Config::fix_encoding,
        "Do not repair mojibake",
    ),
    (
        "no-restore-byte-a0",
        Config::restore_byte_a0,
        "Never read a space as lost byte A0",
    ),
    (
        "no-replace-lossy-sequences",
        Config::replace_lossy_sequences,
        "Keep mojibake that lost bytes",
    ),
    (
        "no-decode-inconsistent-utf8",
        Config::decode_inconsistent_utf8,
        "Only repair mojibake in whole lines",
    ),
    (
        "no-fix-c1-controls",
        Config::fix_c1_controls,
        "Keep C1 control characters",
    ),
    (
        "no-fix-latin-ligatures",
        Config::fix_latin_ligatures,
        "Keep ligatures such as \u{fb01}",
    ),
    (
        "no-fix-character-width",
        Config::fix_character_width,
        "Keep fullwidth and halfwidth forms",
    ),
    (
        "no-uncurl-quotes",
        Config::uncurl_quotes,
        "Keep curly quotes",
    ),
    (
        "no-fix-line-breaks",
        Config::fix_line_breaks,
        "Keep CRLF line ends (and, in --csv and --jsonl values, CR, U+2028 and U+0085)",
    ),
    (
        "no-fix-surrogates",
        Config::fix_surrogates,
        "Keep surrogate code points",
    ),
    (
        "no-remove-control-chars",
        Config::remove_control_chars,
        "Keep control characters",
    ),
    (
        "no-fix-mixed-lines",
        Config::fix_mixed_lines,
        "Leave lines that mix clean text and mojibake to ftfy's rules (isolated mojibake \
         words are still repaired: see --no-fix-isolated-words)",
    ),
    (
        "no-fix-isolated-words",
        Config::fix_isolated_words,
        "Do not repair isolated mojibake that ftfy's heuristic misses (m\u{413}\u{a9}dicament)",
    ),
    (
        "no-fix-single-byte-mixups",
        Config::fix_single_byte_mixups,
        "Do not undo one single-byte code page read as another (\u{cf}\u{f0}\u{e8}\u{e2}\u{e5}\u{f2})",
    ),
    (
        "no-fix-cjk-mojibake",
        Config::fix_cjk_mojibake,
        "Do not undo UTF-8 read as GBK, Shift_JIS, Big5 or EUC-KR (\u{6d63}\u{72b2}\u{30bd})",
    ),
    (
        "no-fix-legacy-bytes",
        Config::fix_legacy_bytes,
        "Do not undo legacy bytes read as Latin-1 (\u{c4}\u{e3}\u{b5}\u{c4}) or UTF-8 read as cp866, KOI8-R, cp1258",
    ),
    (
        "no-fix-lone-sequences",
        Config::fix_lone_sequences,
        "Do not undo a lone character's UTF-8 read as cp437 or Windows-1252 (wait \u{393}\u{c7}\u{f6} this)",
    ),
];

/// The most threads used when `-j` is not given: more would hold more
/// chunks in memory for little gain.
pub const DEFAULT_THREADS_MAX: usize = 16;

/// What the command line asks for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub files: Vec<OsString>,
    pub output: Option<OsString>,
    pub in_place: bool,
    pub encoding: Option<String>,
    pub guess: bool,
    pub strict: bool,
    pub explain: bool,
    /// `-j/--threads`: worker threads; 0 (not given) means the machine's
    /// cores, at most [`DEFAULT_THREADS_MAX`].
    pub threads: usize,
    pub normalization: Option<Option<NormalizationForm>>,
    pub preserve_entities: bool,
    pub encoding_only: bool,
    pub ftfy: bool,
    /// The `--no-<step>` switches given, by flag name.
    pub off: Vec<&'static str>,
    pub csv: bool,
    pub tsv: bool,
    pub delimiter: Option<u8>,
    pub jsonl: bool,
    pub check: bool,
    pub diff: bool,
    pub apply_plan: Option<String>,
    pub list_encodings: bool,
    pub detect: bool,
    pub json: bool,
    pub generate: Option<Generate>,
    pub help: bool,
    pub version: bool,
}

/// What `--generate` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generate {
    Man,
    Bash,
    Zsh,
    Fish,
}

/// The sections of `--help` and the man page, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Input,
    Modes,
    Output,
    Repairs,
    Steps,
    Other,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Input,
        Section::Modes,
        Section::Output,
        Section::Repairs,
        Section::Steps,
        Section::Other,
    ];

    fn title(self) -> &'static str {
        match self {
            Section::Input => "Input",
            Section::Modes => "Structured input (each value repaired on its own)",
            Section::Output => "Output",
            Section::Repairs => {
                "Repairs (default: every step of ftfy's fix_text, then NFC, and the five repairs beyond ftfy)"
            }
            Section::Steps => "Steps (each one switched off)",
            Section::Other => "Other",
        }
    }
}

/// How a flag acts on [`Args`].
#[derive(Clone, Copy)]
pub enum Action {
    /// A flag without a value.
    Switch(fn(&mut Args)),
    /// A flag with a value; the function checks it.
    Value(fn(&mut Args, OsString) -> Result<(), String>),
}

/// One command-line option.
#[derive(Clone, Copy)]
pub struct Flag {
    /// The long name, without `--`.
    pub long: &'static str,
    /// Other long names that mean the same.
    pub aliases: &'static [&'static str],
    pub short: Option<char>,
    /// The value's name in the help (`FILE`); `None` for a switch.
    pub value_name: Option<&'static str>,
    /// The values a shell can complete, when they are a fixed set.
    pub choices: &'static [&'static str],
    pub section: Section,
    /// The help text: a sentence or a few, wrapped when printed.
    pub doc: &'static str,
    pub action: Action,
    /// A value the parser accepts, for the table's own test.
    #[cfg_attr(not(test), allow(dead_code))]
    pub example: &'static str,
}

const fn switch(
    long: &'static str,
    short: Option<char>,
    section: Section,
    doc: &'static str,
    set: fn(&mut Args),
) -> Flag {
    Flag {
        long,
        aliases: &[],
        short,
        value_name: None,
        choices: &[],
        section,
        doc,
        action: Action::Switch(set),
        example: "",
    }
}

const fn valued(
    long: &'static str,
    short: Option<char>,
    value_name: &'static str,
    section: Section,
    doc: &'static str,
    set: fn(&mut Args, OsString) -> Result<(), String>,
    example: &'static str,
) -> Flag {
    Flag {
        long,
        aliases: &[],
        short,
        value_name: Some(value_name),
        choices: &[],
        section,
        doc,
        action: Action::Value(set),
        example,
    }
}

fn text(value: OsString, what: &str) -> Result<String, String> {
    value
        .into_string()
        .map_err(|v| format!("invalid {what} {:?}: not UTF-8", v.to_string_lossy()))
}

/// The `--no-<step>` flags, one per entry of [`STEPS`].
macro_rules! step_flags {
    ($($i:literal)*) => {
        [$(Flag {
            long: STEPS[$i].0,
            aliases: &[],
            short: None,
            value_name: None,
            choices: &[],
            section: Section::Steps,
            doc: STEPS[$i].2,
            action: Action::Switch(|a| a.off.push(STEPS[$i].0)),
            example: "",
        },)*]
    };
}

const STEP_FLAGS: [Flag; 18] = step_flags!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17);
// A step added to STEPS without its flag here fails to build.
const _: () = assert!(STEP_FLAGS.len() == STEPS.len());

/// Every option but the `--no-<step>` ones, in help order within each
/// section.
const MAIN_FLAGS: &[Flag] = &[
    valued(
        "encoding",
        Some('e'),
        "LABEL",
        Section::Input,
        "Decode the input as LABEL, strictly: any WHATWG label (shift_jis, euc-jp, gbk, \
         gb18030, big5, euc-kr, koi8-r, windows-1251, iso-8859-7, utf-16le, ...), an ftfy \
         codec name (sloppy-windows-1250 ... -1257, latin-1, macroman, cp437, \
         utf-8-variants, cesu-8), or one this tool adds (utf-32, utf-32le, utf-32be, \
         mac-cyrillic, ibm855/cp855, johab, iso-2022-kr). --list-encodings lists them.",
        |a, v| {
            a.encoding = Some(text(v, "encoding")?);
            Ok(())
        },
        "koi8-r",
    ),
    switch(
        "guess",
        Some('g'),
        Section::Input,
        "Detect each file's encoding: a byte-order mark, UTF-8, CESU-8, UTF-8 with stray \
         Windows-1252 bytes, UTF-16 or UTF-32 without a mark, ISO-2022-JP/-KR, or a legacy \
         charset (Shift_JIS, EUC-JP, GBK, Big5, EUC-KR, Johab, windows-1250..1258, KOI8, \
         IBM866, IBM855, x-mac-cyrillic, ISO-8859-x, Mac Roman, ...).",
        |a| a.guess = true,
    ),
    switch(
        "strict",
        None,
        Section::Input,
        "Make input that does not decode cleanly an error, reported with its file, line and \
         byte offset; with --csv or --jsonl, a malformed record too (file, line, column). \
         Without it, invalid UTF-8 is read losslessly (CESU-8, or each bad byte as its \
         Windows-1252 character) and a malformed record is passed through unchanged with \
         a warning.",
        |a| a.strict = true,
    ),
    switch(
        "list-encodings",
        None,
        Section::Input,
        "List the encoding names -e accepts, and exit.",
        |a| a.list_encodings = true,
    ),
    switch(
        "detect",
        None,
        Section::Input,
        "Decode and repair nothing: detect each file's encoding as -g would (standard input \
         as <stdin>) and print 'FILE: ENCODING (CONFIDENCE, LANGUAGE)', the confidence from 0 \
         to 1 (low for short inputs), the language when the text tells. With --json, one JSON \
         object per file, with the runner-up encodings.",
        |a| a.detect = true,
    ),
    switch(
        "json",
        None,
        Section::Output,
        "With --detect: print one JSON object per file (file, encoding, confidence, language, \
         how, alternatives).",
        |a| a.json = true,
    ),
    switch(
        "csv",
        None,
        Section::Modes,
        "Read CSV (RFC 4180): repair each field on its own and write the records back as \
         read: quoting, delimiters, line ends (CRLF too), a byte-order mark and the field \
         count are kept; a field that needs quotes after its repair gets them.",
        |a| a.csv = true,
    ),
    switch(
        "tsv",
        None,
        Section::Modes,
        "--csv with a tab as the delimiter.",
        |a| a.tsv = true,
    ),
    valued(
        "delimiter",
        None,
        "CHAR",
        Section::Modes,
        "The field delimiter for --csv: one ASCII character, or 'tab' (default ',').",
        |a, v| {
            let v = text(v, "delimiter")?;
            a.delimiter = Some(match v.as_str() {
                "tab" | "\\t" => b'\t',
                _ if v.len() == 1 && v.is_ascii() && v != "\"" && v != "\n" && v != "\r" => {
                    *v.as_bytes().first().expect("one byte, just checked")
                }
                _ => {
                    return Err(format!(
                        "invalid delimiter {v:?}: use one ASCII character other than a quote or a line break, or 'tab'"
                    ))
                }
            });
            Ok(())
        },
        ";",
    ),
    switch(
        "jsonl",
        None,
        Section::Modes,
        "Read JSON lines: repair each string value on its own (keys are left alone) and \
         write every line back as read: whitespace, key order, numbers, escapes of \
         unchanged strings and line ends are kept.",
        |a| a.jsonl = true,
    ),
    valued(
        "output",
        Some('o'),
        "FILE",
        Section::Output,
        "Write to FILE instead of standard output. The output goes to a temporary file \
         beside FILE, which replaces FILE only when every input was read and repaired; \
         on any failure FILE is left as it was. Refused when FILE is one of the inputs.",
        |a, v| {
            a.output = Some(v);
            Ok(())
        },
        "out.txt",
    ),
    switch(
        "in-place",
        Some('i'),
        Section::Output,
        "Repair each FILE in place: through a temporary file beside it that replaces it only \
         when that file was repaired without error.",
        |a| a.in_place = true,
    ),
    switch(
        "check",
        None,
        Section::Output,
        "Write nothing; print FILE:LINE for each input line that the repair would change, \
         and exit with status 1 if there is one.",
        |a| a.check = true,
    ),
    switch(
        "diff",
        None,
        Section::Output,
        "Write nothing; print a unified diff of what the repair would change, and exit with \
         status 1 if it would change something.",
        |a| a.diff = true,
    ),
    switch(
        "explain",
        None,
        Section::Output,
        "For each changed line, print FILE:LINE: and its plan, such as [('encode', \
         'sloppy-windows-1252'), ('decode', 'utf-8')], on standard error; with -g, also the \
         encoding detected for each file. A plan replays with --apply-plan.",
        |a| a.explain = true,
    ),
    valued(
        "apply-plan",
        None,
        "PLAN",
        Section::Repairs,
        "Instead of the repair, replay PLAN (as --explain prints it) on each line, or on \
         each value with --csv or --jsonl. A line the plan cannot be applied to is written \
         unchanged and reported.",
        |a, v| {
            a.apply_plan = Some(text(v, "plan")?);
            Ok(())
        },
        "[('encode', 'latin-1'), ('decode', 'utf-8')]",
    ),
    valued(
        "threads",
        Some('j'),
        "N",
        Section::Output,
        "Repair with N threads: chunks of lines are repaired in parallel and written in \
         order (plain UTF-8 line input only; otherwise one thread is used). The default is \
         the number of cores (at most 16); -j 1 repairs on one thread.",
        |a, v| {
            let v = text(v, "thread count")?;
            match v.parse::<usize>() {
                Ok(n) if n >= 1 => {
                    a.threads = n;
                    Ok(())
                }
                _ => Err(format!(
                    "-j/--threads takes a number of threads (1 or more), not {v:?}"
                )),
            }
        },
        "2",
    ),
    Flag {
        aliases: &["normalisation"],
        choices: &["NFC", "NFD", "NFKC", "NFKD", "none"],
        ..valued(
            "normalization",
            Some('n'),
            "FORM",
            Section::Repairs,
            "Unicode normalization: NFC (the default), NFD, NFKC, NFKD, or none.",
            |a, v| {
                let v = text(v, "normalization")?;
                a.normalization = Some(if v.eq_ignore_ascii_case("none") {
                    None
                } else {
                    Some(v.parse().map_err(|_| {
                        format!("invalid normalization {v:?}: use NFC, NFD, NFKC, NFKD or none")
                    })?)
                });
                Ok(())
            },
            "NFKC",
        )
    },
    Flag {
        aliases: &["no-unescape-html"],
        ..switch(
            "preserve-entities",
            None,
            Section::Repairs,
            "Leave HTML entities such as &amp; alone.",
            |a| a.preserve_entities = true,
        )
    },
    switch(
        "encoding-only",
        None,
        Section::Repairs,
        "Only repair mojibake, as ftfy's fix_encoding does.",
        |a| a.encoding_only = true,
    ),
    switch(
        "ftfy",
        None,
        Section::Repairs,
        "Only ftfy's repairs: the six beyond it (mixed lines, isolated words, single-byte \
         mix-ups, CJK mojibake, legacy bytes, lone sequences) switched off.",
        |a| a.ftfy = true,
    ),
    Flag {
        choices: &["man", "bash", "zsh", "fish"],
        ..valued(
            "generate",
            None,
            "KIND",
            Section::Other,
            "Print the man page (man) or a shell completion script (bash, zsh, fish), and exit.",
            |a, v| {
                let v = text(v, "--generate kind")?;
                a.generate = Some(match v.as_str() {
                    "man" => Generate::Man,
                    "bash" => Generate::Bash,
                    "zsh" => Generate::Zsh,
                    "fish" => Generate::Fish,
                    _ => {
                        return Err(format!(
                            "invalid --generate kind {v:?}: use man, bash, zsh or fish"
                        ))
                    }
                });
                Ok(())
            },
            "man",
        )
    },
    switch(
        "help",
        Some('h'),
        Section::Other,
        "Print this help, and exit.",
        |a| a.help = true,
    ),
    switch(
        "version",
        Some('V'),
        Section::Other,
        "Print the version, and exit.",
        |a| a.version = true,
    ),
];

/// Every flag, in table order.
pub fn flags() -> impl Iterator<Item = &'static Flag> {
    MAIN_FLAGS.iter().chain(STEP_FLAGS.iter())
}

/// A usage error.
#[derive(Debug)]
pub struct Usage(pub String);

/// Parses the arguments after the program name.
pub fn parse(argv: impl IntoIterator<Item = OsString>) -> Result<Args, Usage> {
    use lexopt::Arg;

    let mut args = Args::default();
    let mut parser = lexopt::Parser::from_args(argv);
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => return Err(Usage(describe_lexopt(e))),
        };
        let (flag, shown) = match arg {
            Arg::Value(file) => {
                args.files.push(file);
                continue;
            }
            Arg::Short(c) => (flags().find(|f| f.short == Some(c)), format!("-{c}")),
            Arg::Long(name) => (
                flags().find(|f| f.long == name || f.aliases.contains(&name)),
                format!("--{name}"),
            ),
        };
        let Some(flag) = flag else {
            return Err(Usage(unknown_option(&shown)));
        };
        match flag.action {
            Action::Switch(set) => set(&mut args),
            Action::Value(set) => {
                let value = parser
                    .value()
                    .map_err(|_| Usage(format!("option '{shown}' needs a value")))?;
                set(&mut args, value).map_err(Usage)?;
            }
        }
    }
    check_combinations(&args)?;
    Ok(args)
}

fn describe_lexopt(error: lexopt::Error) -> String {
    match error {
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "option '{option}' takes no value (given {:?})",
            value.to_string_lossy()
        ),
        other => other.to_string(),
    }
}

/// The message for an option that is not in the table, with the closest
/// flag when one is close.
fn unknown_option(shown: &str) -> String {
    let mut message = format!("unknown option '{shown}'");
    if let Some(best) = suggest(shown.trim_start_matches('-')) {
        let _ = write!(message, "; did you mean '--{best}'?");
    }
    message
}

/// The flag name closest to `name`, if it is close enough to be a slip.
pub fn suggest(name: &str) -> Option<&'static str> {
    closest(name, flags().map(|f| f.long))
}

/// The candidate with the least edit distance to `word`, when that distance
/// is at most a third of the word's length (at least 1), or when `word` is a
/// prefix of exactly one candidate.
pub fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut prefixed = Vec::new();
    for candidate in candidates {
        if candidate.starts_with(&word) && !word.is_empty() {
            prefixed.push(candidate);
        }
        let d = edit_distance(&word, &candidate.to_ascii_lowercase());
        if d <= limit && best.map_or(true, |(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    match (best, prefixed.as_slice()) {
        (Some((_, c)), _) => Some(c),
        (None, [only]) => Some(only),
        _ => None,
    }
}

/// Edit distance over characters, counting the swap of two neighbours as
/// one edit (the optimal string alignment distance).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let value = if i == 0 || j == 0 {
                i + j
            } else {
                let get = |i, j| *d.get(at(i, j)).expect("a cell of the table");
                let cost = usize::from(a.get(i - 1) != b.get(j - 1));
                let mut value = (get(i - 1, j - 1) + cost)
                    .min(get(i - 1, j) + 1)
                    .min(get(i, j - 1) + 1);
                if i > 1 && j > 1 && a.get(i - 1) == b.get(j - 2) && a.get(i - 2) == b.get(j - 1) {
                    value = value.min(get(i - 2, j - 2) + 1);
                }
                value
            };
            *d.get_mut(at(i, j)).expect("a cell of the table") = value;
        }
    }
    *d.last().expect("the table has at least one cell")
}

fn check_combinations(args: &Args) -> Result<(), Usage> {
    let conflicts: [(bool, &str); 10] = [
        (args.json && !args.detect, "--json needs --detect"),
        (
            args.detect
                && (args.encoding.is_some()
                    || args.output.is_some()
                    || args.in_place
                    || args.csv
                    || args.tsv
                    || args.jsonl
                    || args.check
                    || args.diff
                    || args.explain
                    || args.apply_plan.is_some()),
            "--detect only reports encodings; it cannot be used with -e, -o, -i, --csv, \
             --tsv, --jsonl, --check, --diff, --explain or --apply-plan",
        ),
        (
            args.guess && args.encoding.is_some(),
            "-e/--encoding and -g/--guess cannot be used together",
        ),
        (
            args.csv && args.jsonl,
            "--csv and --jsonl cannot be used together",
        ),
        (
            args.tsv && args.jsonl,
            "--tsv and --jsonl cannot be used together",
        ),
        (
            args.tsv && args.delimiter.is_some_and(|d| d != b'\t'),
            "--tsv sets the delimiter to a tab; --delimiter cannot change it",
        ),
        (
            args.delimiter.is_some() && !args.csv && !args.tsv,
            "--delimiter needs --csv",
        ),
        (
            args.in_place && args.output.is_some(),
            "-i/--in-place and -o/--output cannot be used together",
        ),
        (
            (args.check || args.diff) && (args.in_place || args.output.is_some()),
            "--check and --diff write nothing; they cannot be used with -o or -i",
        ),
        (
            args.in_place && (args.files.is_empty() || args.files.iter().any(|f| f == "-")),
            "-i/--in-place needs files, not standard input",
        ),
    ];
    match conflicts.iter().find(|(bad, _)| *bad) {
        Some((_, message)) => Err(Usage((*message).to_string())),
        None => Ok(()),
    }
}

/// How a flag is written in the help: `-o, --output FILE`.
fn synopsis(flag: &Flag) -> String {
    let mut s = String::new();
    match flag.short {
        Some(c) => {
            let _ = write!(s, "-{c}, ");
        }
        None => s.push_str("    "),
    }
    let _ = write!(s, "--{}", flag.long);
    if let Some(value) = flag.value_name {
        let _ = write!(s, " {value}");
    }
    s
}

/// Wraps `text` to lines of at most `width` columns.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

const INTRO: &str = "\
Repair mojibake and normalise text: an ftfy-compatible filter.

Usage: unmojibake [OPTIONS] [FILE]...

Reads each FILE in turn (standard input when none is given, and for '-')
and writes the repaired text, as UTF-8, to standard output. Each input line
gives exactly one output line, and a missing final newline stays missing;
with --csv or --jsonl, each field or string value is repaired on its own
and the structure is written back as read.
";

const OUTRO: &str = "\
Without -e or -g, the input is UTF-8; a UTF-16 (or UTF-32LE) byte-order mark
at the start of a file switches to it, and NUL bytes (as in UTF-16 without a mark)
get a warning that suggests -g. Invalid UTF-8 is not an error: a line that
is not UTF-8 is read as CESU-8 / Java modified UTF-8 if it is that, and
otherwise each invalid byte is taken as its Windows-1252 character, so no
byte is lost. --strict turns this off.

Every input is opened before anything is written; with -o or -i, the
target is replaced only when its inputs were repaired without error.

Exit status: 0 on success; 1 if some file could not be opened, read or
decoded, the output could not be written, or (--check, --diff) a line would
change; 2 for a usage error. When the reader of the output goes away (as
with '| head'), unmojibake stops quietly with status 0.
";

/// The `--help` text.
pub fn help(version: &str) -> String {
    let mut out = format!("unmojibake {version}\n{INTRO}");
    for section in Section::ALL {
        let _ = write!(out, "\n{}:\n", section.title());
        for flag in flags().filter(|f| f.section == section) {
            let head = synopsis(flag);
            let doc = wrap(flag.doc, 50);
            let mut doc = doc.iter();
            if head.chars().count() <= 26 {
                let _ = writeln!(out, "  {head:<26}{}", doc.next().map_or("", String::as_str));
            } else {
                let _ = writeln!(out, "  {head}");
            }
            for line in doc {
                let _ = writeln!(out, "  {:<26}{line}", "");
            }
        }
    }
    out.push('\n');
    out.push_str(OUTRO);
    out
}

/// Escapes text for roff: backslashes, hyphens (as `\-`, so they are not
/// turned into typographic hyphens), a leading dot or quote, and every
/// non-ASCII character (as `\[uXXXX]`).
fn roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '.' | '\'' if i == 0 => {
                out.push_str("\\&");
                out.push(c);
            }
            // groff reads its input as Latin-1 unless told otherwise.
            c if !c.is_ascii() => {
                let _ = write!(out, "\\[u{:04X}]", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out
}

/// The man page, in roff.
pub fn man_page(version: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        ".TH UNMOJIBAKE 1 \"\" \"unmojibake {version}\" \"User Commands\""
    );
    out.push_str(".SH NAME\nunmojibake \\- repair mojibake and normalise text\n");
    out.push_str(".SH SYNOPSIS\n.B unmojibake\n[\\fIOPTIONS\\fR] [\\fIFILE\\fR]...\n");
    out.push_str(".SH DESCRIPTION\n");
    for paragraph in INTRO.split("\n\n").skip(2) {
        let _ = writeln!(out, "{}\n.PP", roff(&paragraph.replace('\n', " ")));
    }
    for section in Section::ALL {
        let _ = writeln!(out, ".SH \"{}\"", roff(&section.title().to_uppercase()));
        for flag in flags().filter(|f| f.section == section) {
            out.push_str(".TP\n");
            let mut head = String::new();
            if let Some(c) = flag.short {
                let _ = write!(head, "\\fB\\-{c}\\fR, ");
            }
            let _ = write!(head, "\\fB\\-\\-{}\\fR", roff(flag.long));
            if let Some(value) = flag.value_name {
                let _ = write!(head, " \\fI{value}\\fR");
            }
            let _ = writeln!(out, "{head}\n{}", roff(flag.doc));
        }
    }
    out.push_str(".SH NOTES\n");
    for paragraph in OUTRO.split("\n\n") {
        let _ = writeln!(out, "{}\n.PP", roff(&paragraph.trim().replace('\n', " ")));
    }
    out
}

/// A shell completion script.
pub fn completions(shell: Generate) -> String {
    let mut out = String::new();
    match shell {
        Generate::Bash => {
            let words: Vec<String> = flags()
                .flat_map(|f| {
                    let mut names = vec![format!("--{}", f.long)];
                    names.extend(f.short.map(|c| format!("-{c}")));
                    names
                })
                .collect();
            out.push_str("# bash completion for unmojibake (unmojibake --generate bash)\n");
            out.push_str("_unmojibake() {\n    local cur prev\n");
            out.push_str(
                "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n",
            );
            out.push_str("    case \"$prev\" in\n");
            for flag in flags().filter(|f| f.value_name.is_some()) {
                let mut names = format!("--{}", flag.long);
                if let Some(c) = flag.short {
                    let _ = write!(names, "|-{c}");
                }
                let words = if flag.long == "encoding" {
                    "$(unmojibake --list-encodings 2>/dev/null)".to_string()
                } else {
                    flag.choices.join(" ")
                };
                if flag.long == "output" {
                    let _ = writeln!(
                        out,
                        "        {names}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;"
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "        {names}) COMPREPLY=($(compgen -W \"{words}\" -- \"$cur\")); return ;;"
                    );
                }
            }
            out.push_str("    esac\n");
            let _ = writeln!(
                out,
                "    if [[ \"$cur\" == -* ]]; then\n        COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"))\n    else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n    fi\n}}",
                words.join(" ")
            );
            out.push_str("complete -F _unmojibake -o filenames unmojibake\n");
        }
        Generate::Zsh => {
            out.push_str("#compdef unmojibake\n# zsh completion for unmojibake (unmojibake --generate zsh)\n");
            out.push_str("_arguments -s \\\n");
            for flag in flags() {
                let doc = flag
                    .doc
                    .split(". ")
                    .next()
                    .expect("split yields at least one piece")
                    .replace(['[', ']'], "")
                    .replace('\'', "'\\''")
                    .replace(':', "\\:");
                let value = match flag.value_name {
                    Some(name) if flag.long == "output" => format!(":{name}:_files"),
                    Some(name) if !flag.choices.is_empty() => {
                        format!(":{name}:({})", flag.choices.join(" "))
                    }
                    Some(name) => format!(":{name}:"),
                    None => String::new(),
                };
                match flag.short {
                    Some(c) => {
                        let _ = writeln!(
                            out,
                            "  '(-{c} --{long})'{{-{c},--{long}}}'[{doc}]{value}' \\",
                            long = flag.long
                        );
                    }
                    None => {
                        let _ = writeln!(out, "  '--{}[{doc}]{value}' \\", flag.long);
                    }
                }
            }
            out.push_str("  '*:file:_files'\n");
        }
        Generate::Fish => {
            out.push_str("# fish completion for unmojibake (unmojibake --generate fish)\n");
            for flag in flags() {
                let mut line = format!("complete -c unmojibake -l {}", flag.long);
                if let Some(c) = flag.short {
                    let _ = write!(line, " -s {c}");
                }
                if flag.value_name.is_some() {
                    line.push_str(" -r");
                    if !flag.choices.is_empty() {
                        let _ = write!(line, " -f -a '{}'", flag.choices.join(" "));
                    }
                }
                let doc = flag
                    .doc
                    .split(". ")
                    .next()
                    .expect("split yields at least one piece")
                    .replace('\'', "\\'");
                let _ = write!(line, " -d '{doc}'");
                out.push_str(&line);
                out.push('\n');
            }
        }
        Generate::Man => out = man_page(env!("CARGO_PKG_VERSION")),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn step_flags_match_steps() {
        for (flag, (step, _, doc)) in STEP_FLAGS.iter().zip(STEPS.iter()) {
            assert_eq!(flag.long, *step);
            assert!(step.starts_with("no-"));
            assert_eq!(flag.doc, *doc);
        }
    }

    #[test]
    fn every_flag_is_documented_and_parses() {
        let help = help("0");
        let man = man_page("0");
        let bash = completions(Generate::Bash);
        let zsh = completions(Generate::Zsh);
        let fish = completions(Generate::Fish);
        let mut count = 0;
        for flag in flags() {
            count += 1;
            assert!(!flag.doc.is_empty(), "--{} has no help", flag.long);
            let long = format!("--{}", flag.long);
            assert!(help.contains(&long), "{long} missing from --help");
            assert!(
                man.contains(&format!(
                    "\\-\\-{}",
                    roff(flag.long).trim_start_matches("\\&")
                )),
                "{long} missing from the man page"
            );
            assert!(bash.contains(&long), "{long} missing from bash completions");
            assert!(zsh.contains(&long), "{long} missing from zsh completions");
            assert!(
                fish.contains(&format!("-l {}", flag.long)),
                "{long} missing from fish completions"
            );
            // Each flag parses, alone and (with its value) in every form,
            // and changes what is parsed.
            let forms: Vec<Vec<String>> = match flag.value_name {
                None => {
                    let mut forms = vec![vec![long.clone()]];
                    if let Some(c) = flag.short {
                        forms.push(vec![format!("-{c}")]);
                    }
                    forms
                }
                Some(_) => {
                    let v = flag.example;
                    let mut forms = vec![
                        vec![long.clone(), v.to_string()],
                        vec![format!("{long}={v}")],
                    ];
                    if let Some(c) = flag.short {
                        forms.push(vec![format!("-{c}"), v.to_string()]);
                        forms.push(vec![format!("-{c}{v}")]);
                        forms.push(vec![format!("-{c}={v}")]);
                    }
                    forms
                }
            };
            for form in forms {
                let mut words: Vec<&str> = form.iter().map(String::as_str).collect();
                // Flags that only make sense with others.
                match flag.long {
                    "delimiter" => words.push("--csv"),
                    "in-place" => words.push("file.txt"),
                    "json" => words.push("--detect"),
                    _ => {}
                }
                let parsed = parse(argv(&words))
                    .unwrap_or_else(|e| panic!("{words:?} does not parse: {}", e.0));
                assert_ne!(parsed, Args::default(), "{words:?} changes nothing");
                if flag.value_name.is_some() && flag.long != "delimiter" {
                    // The same value, however written.
                    let first = parse(argv(&[&long, flag.example])).unwrap();
                    assert_eq!(parsed, first, "{words:?}");
                }
            }
            if flag.value_name.is_none() {
                let message = parse(argv(&[&format!("{long}=x")])).unwrap_err().0;
                assert!(message.contains("takes no value"), "{message}");
            }
        }
        assert_eq!(count, 24 + 18);
        assert!(man.is_ascii(), "the man page is ASCII, with groff escapes");
    }

    #[test]
    fn short_value_with_equals_sign() {
        // Finding 5: `-n=nfc` was read as the form "=nfc".
        let args = parse(argv(&["-n=nfc"])).unwrap();
        assert_eq!(args.normalization, Some(Some(NormalizationForm::Nfc)));
    }

    #[cfg(unix)]
    #[test]
    fn output_path_not_utf8_inline() {
        use std::os::unix::ffi::OsStringExt;
        // Finding 5: `-oout\xff.txt` and `--output=out\xff.txt` failed as
        // unknown options.
        let path = OsString::from_vec(b"out\xff.txt".to_vec());
        for arg in [b"-oout\xff.txt".to_vec(), b"--output=out\xff.txt".to_vec()] {
            let args = parse(vec![OsString::from_vec(arg)]).unwrap();
            assert_eq!(args.output.as_ref(), Some(&path));
        }
    }

    #[test]
    fn misspelt_flags_get_a_suggestion() {
        let message = parse(argv(&["--no-fix-encodin"])).unwrap_err().0;
        assert_eq!(
            message,
            "unknown option '--no-fix-encodin'; did you mean '--no-fix-encoding'?"
        );
        let message = parse(argv(&["--jsnol"])).unwrap_err().0;
        assert!(message.ends_with("did you mean '--jsonl'?"), "{message}");
        let message = parse(argv(&["--zzzzzzzz"])).unwrap_err().0;
        assert_eq!(message, "unknown option '--zzzzzzzz'");
        assert_eq!(suggest("outpt"), Some("output"));
        assert_eq!(suggest("norm"), Some("normalization"));
    }

    #[test]
    fn conflicting_flags_are_usage_errors() {
        for words in [
            &["--csv", "--jsonl"][..],
            &["-i"],
            &["-i", "-"],
            &["-i", "-o", "x", "f"],
            &["--check", "-o", "x"],
            &["--delimiter", ";"],
            &["-e", "latin-1", "-g"],
            &["--json"],
            &["--detect", "-e", "utf-8"],
            &["--detect", "--check"],
        ] {
            assert!(parse(argv(words)).is_err(), "{words:?}");
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
        assert_eq!(edit_distance("jsnol", "jsonl"), 1);
    }
}
