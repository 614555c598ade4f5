//! Line-oriented streaming: repair text from any [`BufRead`] into any
//! [`Write`] with bounded memory.
//!
//! [`fix_stream`] decodes the input (see [`InputEncoding`]), cuts the text
//! into ftfy's segments (a line including its `\n`, or
//! [`max_decode_length`](crate::Config::max_decode_length) code points of a
//! longer line) and feeds them in order to one
//! [`LineFixer`], so the output is exactly
//! [`Fixer::fix`] of the whole decoded text, and the same whatever sizes
//! the reader hands out.
//!
//! Memory is bounded by the longest segment, not the input: bytes are read
//! a buffer at a time; a line longer than 64 KiB is decoded in pieces cut at
//! a character boundary (never inside a UTF-8 sequence), and decoded text
//! waits only until it makes a whole line or more than `max_decode_length`
//! code points. Multi-byte legacy encodings and UTF-16 go through
//! `encoding_rs`'s streaming decoder, which carries a character split
//! between two reads over to the next.
//!
//! The writer is flushed whenever the reader's buffer has been used up, so
//! an interactive pipe sees each line as soon as it is repaired. Give it a
//! buffered writer ([`std::io::BufWriter`]) for speed.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};

use encoding_rs::{Decoder, DecoderResult, Encoding};

use crate::bytes::{self, Bom, Choice, DecodedAs, NamedEncoding};
use crate::codecs::{self, Codec, ExtraDecoder, ExtraEncoding};
use crate::{Fixer, LineFixer, Step};

/// How much of the input [`InputEncoding::Guess`] looks at before deciding.
const SNIFF_LEN: usize = 64 * 1024;

/// A line longer than this many bytes is decoded in pieces.
const LINE_PIECE: usize = 64 * 1024;

/// How the input bytes are decoded.
///
/// ```
/// use unmojibake::{InputEncoding, NamedEncoding};
/// let named = InputEncoding::Named(NamedEncoding::for_label("koi8-r").unwrap());
/// assert_ne!(named, InputEncoding::default());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputEncoding {
    /// UTF-8 (the default). A line that is not valid UTF-8 is decoded as
    /// CESU-8 / Java's modified UTF-8 if the whole line is that, otherwise
    /// sequence by sequence with each invalid byte taken as sloppy
    /// Windows-1252, so no byte is lost. A UTF-16 byte-order mark at the
    /// very start, or UTF-32LE's, switches to that encoding (UTF-32BE's
    /// needs [`InputEncoding::Guess`]); a UTF-8 one is kept as U+FEFF, which
    /// `remove_control_chars` removes. With
    /// [`StreamOptions::strict`], invalid UTF-8 is an error instead.
    #[default]
    Utf8,
    /// Decide from the first 64 KiB that hold a non-ASCII byte, as
    /// [`decode_bytes`](crate::decode_bytes) does. A detected legacy charset
    /// replaces malformed sequences with U+FFFD unless
    /// [`StreamOptions::strict`] is set.
    Guess,
    /// A named encoding, decoded strictly: a sequence that is not valid in
    /// it is an error, whatever [`StreamOptions::strict`] says.
    Named(NamedEncoding),
}

/// Options for [`fix_stream`].
///
/// ```
/// use unmojibake::{InputEncoding, StreamOptions};
/// let options = StreamOptions::new().encoding(InputEncoding::Guess).strict(true);
/// assert!(options.strict);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamOptions {
    /// How to decode the input.
    pub encoding: InputEncoding,
    /// Make input that does not decode cleanly an error.
    pub strict: bool,
    /// Never add a line: one output line per input line, whatever the
    /// repair does. A line whose repair would add a line break (an HTML
    /// entity such as `&#10;`, or `fix_line_breaks` turning a lone CR or
    /// U+2028 inside the line into one) is repaired again with HTML
    /// unescaping and `fix_line_breaks` switched off. Off by default, as
    /// ftfy does not do this; the CLI's line mode turns it on.
    pub keep_lines: bool,
}

impl StreamOptions {
    /// The defaults: UTF-8 with the lossless fallback, not strict.
    ///
    /// ```
    /// use unmojibake::StreamOptions;
    /// assert_eq!(StreamOptions::new(), StreamOptions::default());
    /// ```
    pub fn new() -> StreamOptions {
        StreamOptions::default()
    }

    /// Sets [`encoding`](StreamOptions::encoding).
    ///
    /// ```
    /// use unmojibake::{InputEncoding, StreamOptions};
    /// assert_eq!(StreamOptions::new().encoding(InputEncoding::Guess).encoding, InputEncoding::Guess);
    /// ```
    #[must_use]
    pub fn encoding(mut self, encoding: InputEncoding) -> StreamOptions {
        self.encoding = encoding;
        self
    }

    /// Sets [`strict`](StreamOptions::strict).
    ///
    /// ```
    /// use unmojibake::StreamOptions;
    /// assert!(StreamOptions::new().strict(true).strict);
    /// ```
    #[must_use]
    pub fn strict(mut self, strict: bool) -> StreamOptions {
        self.strict = strict;
        self
    }

    /// Sets [`keep_lines`](StreamOptions::keep_lines).
    ///
    /// ```
    /// use unmojibake::{fix_stream, Fixer, StreamOptions};
    /// let input = "a &#10; b &amp;\nCafÃ©\n".as_bytes();
    /// let mut out = Vec::new();
    /// fix_stream(input, &mut out, &Fixer::default(), &StreamOptions::new()).unwrap();
    /// assert_eq!(out, "a \n b &\nCafé\n".as_bytes());
    /// out.clear();
    /// fix_stream(input, &mut out, &Fixer::default(), &StreamOptions::new().keep_lines(true)).unwrap();
    /// assert_eq!(out, "a &#10; b &amp;\nCafé\n".as_bytes());
    /// ```
    #[must_use]
    pub fn keep_lines(mut self, keep_lines: bool) -> StreamOptions {
        self.keep_lines = keep_lines;
        self
    }
}

/// What [`fix_stream`] did.
///
/// ```
/// use unmojibake::{fix_stream, Fixer, StreamOptions};
/// let mut out = Vec::new();
/// let input = "CafÃ©\nok\n".as_bytes();
/// let stats = fix_stream(input, &mut out, &Fixer::default(), &StreamOptions::new()).unwrap();
/// assert_eq!((stats.lines, stats.changed_lines, stats.bytes_read), (2, 1, 11));
/// assert_eq!(stats.bytes_written, 9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamStats {
    /// Lines of output text, counting a last line without `\n`.
    pub lines: u64,
    /// Lines in which some segment was changed.
    pub changed_lines: u64,
    /// Bytes read from the input.
    pub bytes_read: u64,
    /// Bytes written to the output.
    pub bytes_written: u64,
    /// How the input was decoded.
    pub decoded_as: DecodedAs,
}

/// Why [`fix_stream`] stopped.
///
/// ```
/// use unmojibake::{fix_stream, Fixer, StreamError, StreamOptions};
/// let mut out = Vec::new();
/// let err = fix_stream(&b"ok\ncaf\xE9\n"[..], &mut out, &Fixer::default(), &StreamOptions::new().strict(true))
///     .unwrap_err();
/// assert!(matches!(err, StreamError::Decode { line: 2, offset: 6, .. }));
/// assert_eq!(err.to_string(), "line 2: invalid UTF-8 at byte offset 6 (byte 0xE9)");
/// assert_eq!(out, b"ok\n");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// Reading the input failed.
    Read(io::Error),
    /// Writing the output failed.
    Write(io::Error),
    /// The input is not valid in its encoding (strict decoding).
    Decode {
        /// The encoding's name.
        encoding: &'static str,
        /// The line (1-based) where the invalid sequence starts.
        line: u64,
        /// Its offset in bytes from the start of the input.
        offset: u64,
        /// Its first byte, when known.
        byte: Option<u8>,
    },
}

impl StreamError {
    /// Whether this is a write to a closed pipe (the reader of the output
    /// went away, as `head` does).
    ///
    /// ```
    /// use std::io;
    /// use unmojibake::StreamError;
    /// assert!(StreamError::Write(io::ErrorKind::BrokenPipe.into()).is_broken_pipe());
    /// ```
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, StreamError::Write(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Read(e) => write!(f, "read error: {e}"),
            StreamError::Write(e) => write!(f, "write error: {e}"),
            StreamError::Decode {
                encoding,
                line,
                offset,
                byte,
            } => {
                write!(f, "line {line}: invalid {encoding} at byte offset {offset}")?;
                match byte {
                    Some(b) => write!(f, " (byte 0x{b:02X})"),
                    None => f.write_str(" (input ends inside a character)"),
                }
            }
        }
    }
}

/// The message includes the underlying I/O error (`read error: ...`), so
/// `source()` is `None`: a chain of errors prints it once. The I/O error
/// itself is in the variant.
impl std::error::Error for StreamError {}

/// Repairs the text read from `reader` and writes it to `writer`, line by
/// line (see the [module docs](self)). Output is UTF-8; each input line
/// gives one output line (unless `fix_line_breaks` turns a lone CR or
/// U+2028 into a line break), and a missing final `\n` stays missing.
///
/// # Errors
/// [`StreamError::Read`] and [`StreamError::Write`] for I/O errors, and
/// [`StreamError::Decode`] for input that does not decode under strict
/// decoding. The lines before the error have been written and flushed.
///
/// ```
/// use unmojibake::{fix_stream, Fixer, StreamOptions};
/// let mut out = Vec::new();
/// let mut input = "CafÃ©\n".as_bytes().to_vec();
/// input.extend_from_slice(b"caf\xE9"); // a Windows-1252 byte in UTF-8
/// fix_stream(&input[..], &mut out, &Fixer::default(), &StreamOptions::new()).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "Café\ncafé");
/// ```
pub fn fix_stream<R: BufRead, W: Write>(
    reader: R,
    writer: W,
    fixer: &Fixer,
    options: &StreamOptions,
) -> Result<StreamStats, StreamError> {
    run(reader, writer, fixer, options, None)
}

/// [`fix_stream`], calling `on_change(line, steps)` for every segment the
/// repair changed, with its 1-based line number and its plan (print it with
/// [`plan_to_string`](crate::plan_to_string)).
///
/// # Errors
/// As [`fix_stream`].
///
/// ```
/// use unmojibake::{fix_stream_explained, plan_to_string, Fixer, StreamOptions};
/// let mut out = Vec::new();
/// let mut plans = Vec::new();
/// fix_stream_explained("ok\nCafÃ©\n".as_bytes(), &mut out, &Fixer::default(), &StreamOptions::new(), |line, steps| {
///     plans.push((line, plan_to_string(steps)));
/// })
/// .unwrap();
/// assert_eq!(plans.len(), 1);
/// assert_eq!(plans[0].0, 2);
/// ```
pub fn fix_stream_explained<R, W, F>(
    reader: R,
    writer: W,
    fixer: &Fixer,
    options: &StreamOptions,
    mut on_change: F,
) -> Result<StreamStats, StreamError>
where
    R: BufRead,
    W: Write,
    F: FnMut(u64, &[Step]),
{
    run(reader, writer, fixer, options, Some(&mut on_change))
}

/// [`fix_stream`] with a [`&Config`](crate::Config), as the other
/// `fix_*_with` functions take one (this builds a [`Fixer`] for the call;
/// keep a [`Fixer`] to stream many inputs with one configuration).
///
/// # Errors
/// As [`fix_stream`].
///
/// ```
/// use unmojibake::{fix_stream_with, Config, StreamOptions};
/// let mut out = Vec::new();
/// let config = Config::default().uncurl_quotes(false);
/// fix_stream_with("â€œokâ€\u{9d}\n".as_bytes(), &mut out, &config, &StreamOptions::new()).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "“ok”\n");
/// ```
pub fn fix_stream_with<R: BufRead, W: Write>(
    reader: R,
    writer: W,
    config: &crate::Config,
    options: &StreamOptions,
) -> Result<StreamStats, StreamError> {
    fix_stream(reader, writer, &Fixer::new(config.clone()), options)
}

type Explain<'a> = Option<&'a mut dyn FnMut(u64, &[Step])>;

fn run<R: BufRead, W: Write>(
    reader: R,
    writer: W,
    fixer: &Fixer,
    options: &StreamOptions,
    explain: Explain<'_>,
) -> Result<StreamStats, StreamError> {
    let mut source = Source {
        inner: reader,
        pre: Vec::new(),
        pre_pos: 0,
        offset: 0,
    };
    let mut out = Emitter {
        lines: fixer.line_fixer(),
        writer,
        max: fixer.config().get_max_decode_length(),
        pending: String::new(),
        pending_chars: 0,
        line: 1,
        line_changed: false,
        changed_lines: 0,
        bytes_written: 0,
        explain,
        partial: false,
        dirty_next: None,
        first_lt: None,
        keep_lines: options.keep_lines,
        fallback: None,
    };
    let result = decode_all(&mut source, &mut out, options);
    // Whatever happened, hand over what was written so far.
    let flushed = out.writer.flush().map_err(StreamError::Write);
    let decoded_as = result?;
    flushed?;
    let lines = out.line - 1 + u64::from(out.partial);
    Ok(StreamStats {
        lines,
        changed_lines: out.changed_lines,
        bytes_read: source.offset,
        bytes_written: out.bytes_written,
        decoded_as,
    })
}

/// How the bytes are turned into text once the decision is made.
enum Mode {
    /// Split the bytes into lines at `\n` bytes, then decode each line.
    Lines(LineDecoding, Option<DecodedAs>),
    /// Feed the bytes to a streaming `encoding_rs` decoder, then split the
    /// text.
    Stream {
        decoder: StreamDecoder,
        strict: bool,
        decoded_as: DecodedAs,
    },
}

/// A streaming decoder: `encoding_rs`'s, or one of this crate's for the
/// encodings `encoding_rs` lacks. Both have the same calling conventions.
enum StreamDecoder {
    Rs(Decoder),
    Extra(ExtraDecoder),
}

impl StreamDecoder {
    /// The decoder after a UTF-32 byte-order mark (which is consumed).
    fn utf32(bom: Bom) -> StreamDecoder {
        let extra = if bom == Bom::Utf32Be {
            ExtraEncoding::Utf32Be
        } else {
            ExtraEncoding::Utf32Le
        };
        StreamDecoder::Extra(extra.new_decoder())
    }

    fn name(&self) -> &'static str {
        match self {
            StreamDecoder::Rs(decoder) => decoder.encoding().name(),
            StreamDecoder::Extra(decoder) => decoder.encoding().name(),
        }
    }

    fn max_utf8_buffer_length_without_replacement(&self, len: usize) -> Option<usize> {
        match self {
            StreamDecoder::Rs(decoder) => decoder.max_utf8_buffer_length_without_replacement(len),
            StreamDecoder::Extra(decoder) => decoder.max_utf8_buffer_length(len),
        }
    }

    fn max_utf8_buffer_length(&self, len: usize) -> Option<usize> {
        match self {
            StreamDecoder::Rs(decoder) => decoder.max_utf8_buffer_length(len),
            StreamDecoder::Extra(decoder) => decoder.max_utf8_buffer_length(len),
        }
    }

    fn decode_to_string_without_replacement(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
    ) -> (DecoderResult, usize) {
        match self {
            StreamDecoder::Rs(decoder) => {
                decoder.decode_to_string_without_replacement(src, dst, last)
            }
            StreamDecoder::Extra(decoder) => {
                decoder.decode_to_string_without_replacement(src, dst, last)
            }
        }
    }

    fn decode_to_string(
        &mut self,
        src: &[u8],
        dst: &mut String,
        last: bool,
    ) -> (encoding_rs::CoderResult, usize, bool) {
        match self {
            StreamDecoder::Rs(decoder) => decoder.decode_to_string(src, dst, last),
            StreamDecoder::Extra(decoder) => decoder.decode_to_string(src, dst, last),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LineDecoding {
    /// UTF-8; an invalid line as CESU-8 if it all is, else per byte.
    Utf8Auto,
    /// UTF-8, each invalid byte as sloppy Windows-1252.
    Utf8PerByte,
    /// UTF-8 or an error.
    Utf8Strict,
    /// CESU-8 / Java, strict.
    VariantsStrict,
    /// One of this crate's ASCII-compatible codecs, strict.
    Codec(Codec),
}

fn decode_all<R: BufRead, W: Write>(
    source: &mut Source<R>,
    out: &mut Emitter<'_, '_, W>,
    options: &StreamOptions,
) -> Result<DecodedAs, StreamError> {
    let mode = match options.encoding {
        InputEncoding::Utf8 => {
            // Look at a second byte only when the first may start a mark, so
            // that an interactive first line is not held back.
            source.prefetch(1)?;
            if matches!(source.buffered().first(), Some(0xFE | 0xFF)) {
                source.prefetch(2)?;
            }
            if source.buffered().starts_with(b"\xFF\xFE") {
                source.prefetch(4)?;
            }
            match Bom::sniff(source.buffered()) {
                // Only the marks that start with FE or FF: the parallel
                // engine starts no chunk with those bytes, but may start one
                // with 00 00 FE FF, which must stay UTF-8 there.
                Some(bom @ Bom::Utf32Le) => {
                    source.consume(bom.len());
                    Mode::Stream {
                        decoder: StreamDecoder::utf32(bom),
                        strict: options.strict,
                        decoded_as: DecodedAs::Bom(bom),
                    }
                }
                Some(bom @ (Bom::Utf16Le | Bom::Utf16Be)) => {
                    source.consume(bom.len());
                    let encoding = if bom == Bom::Utf16Le {
                        encoding_rs::UTF_16LE
                    } else {
                        encoding_rs::UTF_16BE
                    };
                    Mode::Stream {
                        decoder: StreamDecoder::Rs(encoding.new_decoder_without_bom_handling()),
                        strict: options.strict,
                        decoded_as: DecodedAs::Bom(bom),
                    }
                }
                _ if options.strict => Mode::Lines(LineDecoding::Utf8Strict, None),
                _ => Mode::Lines(LineDecoding::Utf8Auto, None),
            }
        }
        InputEncoding::Named(named) => named_mode(source, named)?,
        InputEncoding::Guess => guess_mode(source, out, options.strict)?,
    };
    match mode {
        Mode::Lines(decoding, report) => {
            let computed = decode_lines(source, out, decoding)?;
            // What the mode was chosen as, when that was decided up front.
            Ok(report.unwrap_or(computed))
        }
        Mode::Stream {
            decoder,
            strict,
            decoded_as,
        } => {
            decode_stream(source, out, decoder, strict)?;
            out.finish()?;
            Ok(decoded_as)
        }
    }
}

fn named_mode<R: BufRead>(
    source: &mut Source<R>,
    named: NamedEncoding,
) -> Result<Mode, StreamError> {
    let decoded_as = DecodedAs::Named(named);
    let lines = |decoding| Mode::Lines(decoding, Some(decoded_as));
    Ok(match named {
        NamedEncoding::Codec(Codec::Utf8) => lines(LineDecoding::Utf8Strict),
        NamedEncoding::Codec(Codec::Utf8Variants) => lines(LineDecoding::VariantsStrict),
        NamedEncoding::Codec(codec) => lines(LineDecoding::Codec(codec)),
        NamedEncoding::Encoding(encoding) if encoding == encoding_rs::UTF_8 => {
            lines(LineDecoding::Utf8Strict)
        }
        NamedEncoding::Extra(extra) => Mode::Stream {
            decoder: StreamDecoder::Extra(extra.new_decoder()),
            strict: true,
            decoded_as,
        },
        NamedEncoding::Encoding(encoding) => {
            let mut encoding = encoding;
            if crate::codecs::is_utf16(encoding) {
                source.prefetch(2)?;
                match Bom::sniff(source.buffered()) {
                    Some(Bom::Utf16Le) => {
                        encoding = encoding_rs::UTF_16LE;
                        source.consume(2);
                    }
                    Some(Bom::Utf16Be) => {
                        encoding = encoding_rs::UTF_16BE;
                        source.consume(2);
                    }
                    _ => {}
                }
            }
            Mode::Stream {
                decoder: StreamDecoder::Rs(encoding.new_decoder_without_bom_handling()),
                strict: true,
                decoded_as,
            }
        }
    })
}

/// Reads ahead until 64 KiB that hold a non-ASCII byte (or NUL or ESC),
/// or the end, are buffered; passes plain ASCII lines before them straight
/// through; then decides as [`decode_bytes`](crate::decode_bytes) does.
fn guess_mode<R: BufRead, W: Write>(
    source: &mut Source<R>,
    out: &mut Emitter<'_, '_, W>,
    strict: bool,
) -> Result<Mode, StreamError> {
    let at_end = loop {
        let at_end = source.prefetch(SNIFF_LEN)?;
        let window = source.buffered();
        let plain = window.iter().all(|&b| b.is_ascii() && b != 0 && b != 0x1B);
        if at_end || !plain {
            break at_end;
        }
        // A full window of plain ASCII: it reads the same in every
        // ASCII-compatible charset, so pass its whole lines through.
        let cut = memchr::memrchr(b'\n', window).map_or(window.len(), |i| i + 1);
        let lines = window.get(..cut).expect("cut within the window");
        let text = crate::utf8::from_utf8(lines).expect("a plain window is ASCII");
        out.push(text)?;
        source.consume(cut);
    };
    let at_end = at_end || source.at_end()?;
    let choice = bytes::choose(source.buffered(), at_end);
    let decoded_as = choice.decoded_as();
    let stream = |encoding: &'static Encoding| Mode::Stream {
        decoder: StreamDecoder::Rs(encoding.new_decoder_without_bom_handling()),
        strict,
        decoded_as,
    };
    let lines = |decoding| Mode::Lines(decoding, Some(decoded_as));
    Ok(match choice {
        Choice::Bom(bom) => {
            source.consume(bom.len());
            match bom {
                Bom::Utf8 if strict => lines(LineDecoding::Utf8Strict),
                Bom::Utf8 => lines(LineDecoding::Utf8PerByte),
                Bom::Utf16Le => stream(encoding_rs::UTF_16LE),
                Bom::Utf16Be => stream(encoding_rs::UTF_16BE),
                Bom::Utf32Le | Bom::Utf32Be => Mode::Stream {
                    decoder: StreamDecoder::utf32(bom),
                    strict,
                    decoded_as,
                },
            }
        }
        Choice::Utf8 | Choice::Mixed { .. } if strict => lines(LineDecoding::Utf8Strict),
        Choice::Utf8Variants if strict => lines(LineDecoding::VariantsStrict),
        Choice::Utf8 | Choice::Utf8Variants => lines(LineDecoding::Utf8Auto),
        Choice::Mixed { .. } => lines(LineDecoding::Utf8PerByte),
        Choice::Detected(encoding) => stream(encoding),
        Choice::DetectedExtra(extra) => Mode::Stream {
            decoder: StreamDecoder::Extra(extra.new_decoder()),
            strict,
            decoded_as,
        },
    })
}

/// Byte-line decoding: split at `\n` bytes (every decoder here is
/// ASCII-compatible), cut lines longer than 64 KiB at a character boundary,
/// decode each piece and push the text.
fn decode_lines<R: BufRead, W: Write>(
    source: &mut Source<R>,
    out: &mut Emitter<'_, '_, W>,
    decoding: LineDecoding,
) -> Result<DecodedAs, StreamError> {
    let mut state = LineState {
        decoding,
        text: String::new(),
        invalid: 0,
        variants: false,
    };
    let mut line: Vec<u8> = Vec::new();
    // Offset of line[0] in the input.
    let mut line_start = source.offset;
    loop {
        let chunk_start = source.offset;
        let chunk = source.fill()?;
        if chunk.is_empty() {
            if !line.is_empty() {
                state.decode(&line, line_start, out)?;
            }
            break;
        }
        let len = chunk.len();
        let mut used = 0;
        while let Some(i) = memchr::memchr(b'\n', chunk.get(used..).expect("used <= len")) {
            if line.is_empty() {
                // The whole lines that follow, as far as they are valid
                // UTF-8, in one piece: they decode as themselves.
                let rest = chunk.get(used..).expect("used <= len");
                let whole = memchr::memrchr(b'\n', rest).map_or(0, |j| j + 1);
                let lines = rest.get(..whole).expect("whole lines within rest");
                let valid = match crate::utf8::from_utf8(lines) {
                    Ok(text) => text,
                    Err(e) => {
                        let upto = lines
                            .get(..e.valid_up_to())
                            .expect("valid_up_to is within the bytes");
                        let cut = memchr::memrchr(b'\n', upto).map_or(0, |j| j + 1);
                        crate::utf8::from_utf8(upto.get(..cut).expect("cut within upto"))
                            .expect("a prefix of valid UTF-8 cut after a newline is valid")
                    }
                };
                if !valid.is_empty()
                    && (!matches!(decoding, LineDecoding::Codec(_)) || valid.is_ascii())
                {
                    out.push(valid)?;
                    used += valid.len();
                    continue;
                }
            }
            let end = used + i + 1;
            let piece = chunk.get(used..end).expect("a line within the chunk");
            if line.is_empty() {
                state.decode(piece, chunk_start + used as u64, out)?;
            } else {
                line.extend_from_slice(piece);
                state.decode(&line, line_start, out)?;
                line.clear();
            }
            used = end;
        }
        if used < len {
            if line.is_empty() {
                line_start = chunk_start + used as u64;
            }
            line.extend_from_slice(chunk.get(used..).expect("used < len"));
        }
        source.consume(len);
        if line.len() >= LINE_PIECE {
            let cut = match decoding {
                LineDecoding::Codec(_) => line.len(),
                _ => bytes::utf8_cut(&line),
            };
            let cut = if cut == 0 { line.len() } else { cut };
            state.decode(
                line.get(..cut).expect("cut within the line"),
                line_start,
                out,
            )?;
            line.drain(..cut);
            line_start += cut as u64;
        }
        if source.is_drained() {
            out.flush()?;
        }
    }
    out.finish()?;
    Ok(if state.invalid > 0 {
        DecodedAs::Utf8WithWindows1252Bytes {
            invalid_bytes: state.invalid,
        }
    } else if state.variants {
        DecodedAs::Utf8Variants
    } else {
        DecodedAs::Utf8
    })
}

struct LineState {
    decoding: LineDecoding,
    text: String,
    invalid: usize,
    variants: bool,
}

impl LineState {
    /// Decodes one line (or a piece of a long line) that starts at input
    /// offset `start`, and pushes it.
    fn decode<W: Write>(
        &mut self,
        line: &[u8],
        start: u64,
        out: &mut Emitter<'_, '_, W>,
    ) -> Result<(), StreamError> {
        let error =
            |encoding: &'static str, at: usize, out: &Emitter<'_, '_, W>| StreamError::Decode {
                encoding,
                line: out.line,
                offset: start + at as u64,
                byte: line.get(at).copied(),
            };
        if let Ok(text) = crate::utf8::from_utf8(line) {
            if !matches!(self.decoding, LineDecoding::Codec(_)) || line.is_ascii() {
                return out.push(text);
            }
        }
        self.text.clear();
        match self.decoding {
            LineDecoding::Utf8Auto => {
                let variants = if memchr::memchr2(0xC0, 0xED, line).is_some() {
                    codecs::decode_utf8_variants(line).ok()
                } else {
                    None
                };
                match variants {
                    Some(text) => {
                        self.variants = true;
                        self.text = text;
                    }
                    None => self.invalid += bytes::push_utf8_lossless(line, true, &mut self.text).0,
                }
            }
            LineDecoding::Utf8PerByte => {
                self.invalid += bytes::push_utf8_lossless(line, true, &mut self.text).0;
            }
            LineDecoding::Utf8Strict => {
                let at = crate::utf8::from_utf8(line)
                    .err()
                    .map_or(0, |e| e.valid_up_to());
                return Err(error("UTF-8", at, out));
            }
            LineDecoding::VariantsStrict => match codecs::decode_utf8_variants(line) {
                Ok(text) => self.text = text,
                Err(e) => return Err(error(Codec::Utf8Variants.name(), e.valid_up_to, out)),
            },
            LineDecoding::Codec(codec) => match codecs::decode(line, codec) {
                Ok(text) => self.text = text,
                Err(e) => return Err(error(codec.name(), e.valid_up_to, out)),
            },
        }
        let text = std::mem::take(&mut self.text);
        let pushed = out.push(&text);
        self.text = text;
        pushed
    }
}

/// Stream decoding through an `encoding_rs` decoder.
fn decode_stream<R: BufRead, W: Write>(
    source: &mut Source<R>,
    out: &mut Emitter<'_, '_, W>,
    mut decoder: StreamDecoder,
    strict: bool,
) -> Result<(), StreamError> {
    let mut text = String::new();
    // The last bytes before this chunk: a malformed sequence reported at the
    // start of a chunk (or at the end of the input) can begin there, and its
    // first byte must be named whatever the read sizes were.
    let mut prev_tail: Vec<u8> = Vec::new();
    loop {
        let chunk_start = source.offset;
        let chunk = source.fill()?;
        let last = chunk.is_empty();
        let len = chunk.len();
        let mut read_total = 0;
        loop {
            let rest = chunk
                .get(read_total..)
                .expect("the decoder reads within the chunk");
            let room = if strict {
                decoder.max_utf8_buffer_length_without_replacement(rest.len())
            } else {
                decoder.max_utf8_buffer_length(rest.len())
            };
            // `None` only on overflow; the room is a hint.
            text.reserve(room.unwrap_or(rest.len().saturating_mul(3)).max(16));
            if strict {
                let (result, read) =
                    decoder.decode_to_string_without_replacement(rest, &mut text, last);
                read_total += read;
                match result {
                    DecoderResult::InputEmpty => break,
                    DecoderResult::OutputFull => continue,
                    DecoderResult::Malformed(bad, after) => {
                        out.push(&text)?;
                        let back = usize::from(after) + usize::from(bad);
                        let byte = match read_total.checked_sub(back) {
                            Some(at) => chunk.get(at).copied(),
                            None => {
                                let before = back - read_total;
                                prev_tail
                                    .len()
                                    .checked_sub(before)
                                    .and_then(|at| prev_tail.get(at))
                                    .copied()
                            }
                        };
                        return Err(StreamError::Decode {
                            encoding: decoder.name(),
                            line: out.line,
                            offset: (chunk_start + read_total as u64).saturating_sub(back as u64),
                            byte,
                        });
                    }
                }
            } else {
                let (result, read, _) = decoder.decode_to_string(rest, &mut text, last);
                read_total += read;
                match result {
                    encoding_rs::CoderResult::InputEmpty => break,
                    encoding_rs::CoderResult::OutputFull => continue,
                }
            }
        }
        out.push(&text)?;
        text.clear();
        if last {
            return Ok(());
        }
        // Keep the last 16 bytes of the input so far, however short the reads.
        prev_tail.extend_from_slice(chunk);
        let excess = prev_tail.len().saturating_sub(16);
        prev_tail.drain(..excess);
        source.consume(len);
        if source.is_drained() {
            out.flush()?;
        }
    }
}

/// The reader, with bytes read ahead for sniffing served first.
struct Source<R> {
    inner: R,
    pre: Vec<u8>,
    pre_pos: usize,
    /// Bytes consumed so far.
    offset: u64,
}

impl<R: BufRead> Source<R> {
    /// The next bytes; empty at the end.
    fn fill(&mut self) -> Result<&[u8], StreamError> {
        if self.pre_pos < self.pre.len() {
            return Ok(self
                .pre
                .get(self.pre_pos..)
                .expect("`pre_pos` was just checked to be within `pre`"));
        }
        // Retry interrupted reads; the buffer filled is then returned by a
        // second, free call.
        // second, free call. At the end, no second read is made: on a
        // terminal that would wait for another end-of-file.
        let at_end = loop {
            match self.inner.fill_buf() {
                Ok(buf) => break buf.is_empty(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(StreamError::Read(e)),
            }
        };
        if at_end {
            return Ok(&[]);
        }
        self.inner.fill_buf().map_err(StreamError::Read)
    }

    fn consume(&mut self, n: usize) {
        if self.pre_pos < self.pre.len() {
            self.pre_pos = (self.pre_pos + n).min(self.pre.len());
            if self.pre_pos == self.pre.len() {
                self.pre.clear();
                self.pre_pos = 0;
            }
        } else {
            self.inner.consume(n);
        }
        self.offset += n as u64;
    }

    /// The bytes read ahead and not yet consumed.
    fn buffered(&self) -> &[u8] {
        self.pre
            .get(self.pre_pos..)
            .expect("`pre_pos` never passes the end of `pre`")
    }

    /// Whether no read-ahead bytes are left (so the next `fill` reads).
    fn is_drained(&self) -> bool {
        self.pre_pos >= self.pre.len()
    }

    /// Reads ahead until exactly `n` bytes are buffered or the input ends;
    /// returns whether it ended. Takes no more than `n` from the reader, so
    /// what is buffered does not depend on the reader's read sizes.
    fn prefetch(&mut self, n: usize) -> Result<bool, StreamError> {
        if self.pre_pos > 0 {
            self.pre.drain(..self.pre_pos);
            self.pre_pos = 0;
        }
        while self.pre.len() < n {
            let buf = loop {
                match self.inner.fill_buf() {
                    Ok(buf) => break buf,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(StreamError::Read(e)),
                }
            };
            if buf.is_empty() {
                return Ok(true);
            }
            let take = buf.len().min(n - self.pre.len());
            self.pre.extend_from_slice(
                buf.get(..take)
                    .expect("`take` is at most the length of the buffer"),
            );
            self.inner.consume(take);
        }
        Ok(false)
    }

    /// Whether the input ends after the buffered bytes.
    fn at_end(&mut self) -> Result<bool, StreamError> {
        loop {
            match self.inner.fill_buf() {
                Ok(buf) => return Ok(buf.is_empty()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(StreamError::Read(e)),
            }
        }
    }
}

/// Cuts decoded text into ftfy's segments and writes each one repaired.
struct Emitter<'f, 'e, W> {
    lines: LineFixer<'f>,
    writer: W,
    /// `max_decode_length`, at least 1.
    max: usize,
    /// Text of the current line not yet repaired (no `\n` in it).
    pending: String,
    /// Its length in code points.
    pending_chars: usize,
    /// The current line number, 1-based.
    line: u64,
    line_changed: bool,
    changed_lines: u64,
    bytes_written: u64,
    explain: Explain<'e>,
    /// Whether the input ended with a line without `\n`.
    partial: bool,
    /// The scan stopped in the line that `push` takes next: where, in it.
    dirty_next: Option<usize>,
    /// The address of the first `<` of the text `push` is working on,
    /// when a `<` still matters (see [`LineFixer::looks_for_lt`]): one
    /// search per text, not one per line.
    ///
    /// [`LineFixer::looks_for_lt`]: crate::fixer::LineFixer::looks_for_lt
    first_lt: Option<usize>,
    /// [`StreamOptions::keep_lines`].
    keep_lines: bool,
    /// For `keep_lines`: the fixer without HTML unescaping and
    /// `fix_line_breaks`, made when a line first needs it.
    fallback: Option<Fixer>,
}

impl<W: Write> Emitter<'_, '_, W> {
    /// Adds decoded text; repairs and writes every segment it completes.
    fn push(&mut self, mut text: &str) -> Result<(), StreamError> {
        self.first_lt = if self.lines.looks_for_lt() {
            memchr::memchr(b'<', text.as_bytes()).map(|i| text.as_ptr() as usize + i)
        } else {
            None
        };
        loop {
            if self.pending.is_empty() {
                text = self.pass_clean_lines(text)?;
            }
            let Some(i) = memchr::memchr(b'\n', text.as_bytes()) else {
                break;
            };
            let (line, rest) = text.split_at(i + 1);
            if self.pending.is_empty() {
                let dirty = self.dirty_next.take();
                if let Some(at) = dirty.filter(|_| line.len() <= self.max) {
                    // The scan stopped in this line: no need to ask again.
                    self.lines.saw_lt(self.lt_before(line));
                    self.segment_of(line, Some(at))?;
                } else {
                    self.line_segments(line)?;
                }
            } else {
                self.dirty_next = None;
                let mut whole = std::mem::take(&mut self.pending);
                whole.push_str(line);
                self.pending_chars = 0;
                self.line_segments(&whole)?;
                whole.clear();
                self.pending = whole;
            }
            text = rest;
        }
        if text.is_empty() {
            return Ok(());
        }
        self.pending.push_str(text);
        self.pending_chars += count_chars(text);
        // Cut a segment off as soon as the line is known to be longer.
        while self.pending_chars > self.max {
            let cut = nth_char_start(&self.pending, self.max);
            let head: String = self.pending.drain(..cut).collect();
            self.pending_chars -= self.max;
            self.segment(&head)?;
        }
        Ok(())
    }

    /// At the start of a line: writes the whole lines at the start of
    /// `text` that no step changes (found by one scan, up to the first
    /// character that may need work) as they are, and returns the rest.
    /// Their segments would be left alone one by one; the only state they
    /// carry is a `<` switching HTML unescaping off.
    fn pass_clean_lines<'t>(&mut self, text: &'t str) -> Result<&'t str, StreamError> {
        let bytes = text.as_bytes();
        // The scan stops at the first character that may need work; only
        // when there is none is the last line break looked for.
        let clean = match self.lines.fixer().first_dirty(text) {
            None => {
                self.dirty_next = None;
                memchr::memrchr(b'\n', bytes)
            }
            Some(at) => {
                let line_start = bytes
                    .get(..at)
                    .and_then(|before| memchr::memrchr(b'\n', before));
                self.dirty_next = Some(at - line_start.map_or(0, |j| j + 1));
                line_start
            }
        }
        .map_or(0, |j| j + 1);
        if clean == 0 {
            return Ok(text);
        }
        let (head, rest) = text.split_at(clean);
        self.lines.saw_lt(self.lt_before(head));
        self.writer
            .write_all(head.as_bytes())
            .map_err(StreamError::Write)?;
        self.bytes_written += head.len() as u64;
        self.line += memchr::memchr_iter(b'\n', head.as_bytes()).count() as u64;
        Ok(rest)
    }

    /// Whether the text `push` is working on has its first `<` before the
    /// end of `piece`, a slice of it.
    fn lt_before(&self, piece: &str) -> bool {
        let end = piece.as_ptr() as usize + piece.len();
        self.first_lt.is_some_and(|lt| lt < end)
    }

    /// Writes a whole line (ending with `\n`, or the last line) as segments.
    fn line_segments(&mut self, mut line: &str) -> Result<(), StreamError> {
        if line.len() > self.max {
            let mut chars = count_chars(line);
            while chars > self.max {
                let cut = nth_char_start(line, self.max);
                let (head, rest) = line.split_at(cut);
                self.segment(head)?;
                line = rest;
                chars -= self.max;
            }
        }
        self.segment(line)
    }

    /// Repairs and writes one segment.
    fn segment(&mut self, segment: &str) -> Result<(), StreamError> {
        self.segment_of(segment, None)
    }

    /// [`segment`](Self::segment); `dirty` says that the scan has already
    /// stopped in it, and where, so the pipeline need not ask again.
    fn segment_of(&mut self, segment: &str, dirty: Option<usize>) -> Result<(), StreamError> {
        let write = |writer: &mut W, text: &str| writer.write_all(text.as_bytes());
        let changed = if let Some(explain) = self.explain.as_mut() {
            let mut fixed = self.lines.fix_segment_and_explain(segment);
            if self.keep_lines && adds_line_feeds(segment, &fixed.text) {
                let base = self.lines.fixer();
                fixed = self
                    .fallback
                    .get_or_insert_with(|| keep_lines_fixer(base))
                    .fix_and_explain(segment);
            }
            write(&mut self.writer, &fixed.text).map_err(StreamError::Write)?;
            self.bytes_written += fixed.text.len() as u64;
            let changed = fixed.text != segment;
            if changed || !fixed.steps.is_empty() {
                explain(self.line, &fixed.steps);
            }
            changed
        } else {
            let mut fixed = if let Some(at) = dirty {
                self.lines.fix_dirty_segment(segment, at, false)
            } else {
                self.lines.fix_segment(segment)
            };
            if self.keep_lines && adds_line_feeds(segment, &fixed) {
                let base = self.lines.fixer();
                fixed = self
                    .fallback
                    .get_or_insert_with(|| keep_lines_fixer(base))
                    .fix(segment);
            }
            write(&mut self.writer, &fixed).map_err(StreamError::Write)?;
            self.bytes_written += fixed.len() as u64;
            let changed = fixed != segment;
            if let Cow::Owned(fixed) = fixed {
                self.lines.recycle(fixed);
            }
            changed
        };
        self.line_changed |= changed;
        if segment.ends_with('\n') {
            self.end_line();
        }
        Ok(())
    }

    fn end_line(&mut self) {
        if self.line_changed {
            self.changed_lines += 1;
        }
        self.line_changed = false;
        self.line += 1;
    }

    /// Writes what is left at the end of the input.
    fn finish(&mut self) -> Result<(), StreamError> {
        let rest = std::mem::take(&mut self.pending);
        self.pending_chars = 0;
        if !rest.is_empty() {
            self.segment(&rest)?;
            self.partial = true;
            if self.line_changed {
                self.changed_lines += 1;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), StreamError> {
        self.writer.flush().map_err(StreamError::Write)
    }
}

/// Whether `fixed` has more line feeds than `segment`.
fn adds_line_feeds(segment: &str, fixed: &str) -> bool {
    let count = |text: &str| memchr::memchr_iter(b'\n', text.as_bytes()).count();
    // An unchanged segment is borrowed: the same slice.
    !std::ptr::eq(segment, fixed) && count(fixed) > count(segment)
}

/// The fixer for [`StreamOptions::keep_lines`]: `base` without the two
/// steps that can make a line break inside a line.
fn keep_lines_fixer(base: &Fixer) -> Fixer {
    Fixer::new(
        base.config()
            .clone()
            .unescape_html(crate::HtmlUnescape::Never)
            .fix_line_breaks(false),
    )
}

/// Code points in `text`.
fn count_chars(text: &str) -> usize {
    text.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// The byte index where code point number `n` (0-based) starts, or the
/// length when there are not that many.
fn nth_char_start(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}
