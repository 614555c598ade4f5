//! Parallel repair of UTF-8 streams: [`fix_stream_parallel`], the engine
//! behind the CLI's `-j N`.
//!
//! The calling thread reads the input in chunks of whole lines and queues
//! them; `threads - 1` workers and the calling thread itself (when it has
//! nothing to write) each repair a chunk at a time with
//! [`fix_stream`] (UTF-8 input is decoded line by line,
//! and a segment never spans lines, so a chunk on its own gives the same
//! text). The calling thread writes the results in input order as they come
//! in, and reads ahead at most four chunks per thread. Reading,
//! repairing and writing overlap, and no more than `threads` threads are
//! busy. Chunks are read straight into buffers that are reused, as are the
//! buffers of the results.
//!
//! The one state carried from line to line, HTML unescaping switched off
//! for good by a `<` under [`HtmlUnescape::Auto`], is handed on by repairing
//! every chunk after the first `<` with unescaping off. A chunk never starts
//! with byte FE or FF, which at the start of a stream would be read as a
//! UTF-16 byte-order mark; a stream that starts with one goes through
//! [`fix_stream`] whole, as does any input that is not
//! read as plain UTF-8 ([`InputEncoding::Utf8`] without
//! [`StreamOptions::strict`]). A line longer than 1 MiB is not held whole
//! either: the writes catch up, and from that line on the rest of the
//! input goes through [`fix_stream`] on the calling thread, so that memory
//! stays bounded.

use std::io::{self, BufRead, Read, Write};
use std::sync::{mpsc, Mutex};

use crate::stream::{fix_stream, InputEncoding, StreamError, StreamOptions};
use crate::{Fixer, HtmlUnescape};

/// Bytes of whole lines per work item (at least; a chunk ends at a line
/// break). The buffers of the chunks read ahead are new memory until they
/// come back for reuse, and its page faults weigh on short inputs: at
/// 128 KiB, `-j 2` on 2 MB of clean multilingual text faulted 850 pages
/// against `-j 1`'s 316, and on 2 MB of clean ASCII it ran slower than
/// `-j 1` (3.38 against 2.19 ms). At 64 KiB the best of 15 runs went
/// from 3.38 to 2.90 ms on 2 MB of clean ASCII and from 4.21 to 3.93 ms on
/// clean multilingual text, and 20 MB inputs ran as fast or faster
/// (32 KiB gained no more and lost on 20 MB of mojibake).
const PARALLEL_CHUNK: usize = 64 << 10;
/// Work items read ahead per thread: bounds the memory held.
const PARALLEL_AHEAD: usize = 4;
/// Buffers larger than this (grown for a long line) are not reused.
const PARALLEL_KEEP: usize = 4 * PARALLEL_CHUNK;
/// A line longer than this is not read whole into a chunk: from its start
/// on, the input is repaired on one thread by [`fix_stream`], which holds
/// no more than a segment of a long line (see the [module docs](self)).
const PARALLEL_LONG: usize = 1 << 20;

/// Repairs UTF-8 input with `threads` threads, and writes exactly what
/// [`fix_stream`] writes (see the [module docs](self)). With `threads` 0
/// or 1, or input that is not read as plain UTF-8 (a named or guessed
/// encoding, or strict decoding), it is [`fix_stream`] itself.
///
/// Memory is bounded by `threads` × 4 chunks of 64 KiB (more for lines
/// longer than a chunk).
///
/// # Errors
/// As [`fix_stream`]. After a read error, the whole lines read before it
/// are written, and then the error is returned.
///
/// ```
/// use unmojibake::{parallel::fix_stream_parallel, Fixer, StreamOptions};
/// let input = "CafÃ©\n".repeat(50_000);
/// let mut out = Vec::new();
/// fix_stream_parallel(input.as_bytes(), &mut out, &Fixer::default(), &StreamOptions::new(), 2).unwrap();
/// assert_eq!(out, "Café\n".repeat(50_000).as_bytes());
/// ```
pub fn fix_stream_parallel<R: BufRead, W: Write>(
    mut reader: R,
    mut writer: W,
    fixer: &Fixer,
    options: &StreamOptions,
    threads: usize,
) -> Result<(), StreamError> {
    if threads <= 1 || options.strict || options.encoding != InputEncoding::Utf8 {
        return fix_stream(reader, writer, fixer, options).map(|_| ());
    }
    let head = loop {
        match reader.fill_buf() {
            Ok(head) => break head,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(StreamError::Read(e)),
        }
    };
    if matches!(head.first(), Some(0xFE | 0xFF)) {
        return fix_stream(reader, writer, fixer, options).map(|_| ());
    }
    fix_parallel(&mut reader, &mut writer, fixer, options, threads)
}

/// A work item: a chunk of whole lines and a buffer for its repair. Both
/// buffers go from the calling thread to a worker and back, and are reused
/// for later chunks.
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

/// A repaired work item: when `result` is `Ok`, `output` holds the
/// repaired chunk.
struct Done {
    index: usize,
    result: Result<(), StreamError>,
    input: Vec<u8>,
    output: Vec<u8>,
}

fn fix_parallel(
    reader: &mut dyn BufRead,
    writer: &mut dyn Write,
    fixer: &Fixer,
    options: &StreamOptions,
    threads: usize,
) -> Result<(), StreamError> {
    let never = Fixer::new(fixer.config().clone().unescape_html(HtmlUnescape::Never));
    let auto_html = fixer.config().get_unescape_html() == HtmlUnescape::Auto;
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
        let chunk = input.get(..len).expect("len is the filled part of input");
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
                // A poisoned lock (another worker panicked) still holds a
                // sound receiver.
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
        // The rest of the input after a very long line, on this thread.
        let rest = |reader: &mut dyn BufRead, writer: &mut dyn Write, html_off: bool| {
            let rest_fixer = if html_off { &never } else { fixer };
            fix_stream(reader, writer, rest_fixer, options).map(|_| ())
        };
        let result = feed_and_write(
            &mut *reader,
            writer,
            &queue,
            &repair,
            &rest,
            ahead,
            auto_html,
        );
        // Dropping the sender stops the workers once the queue is empty.
        drop(work_tx);
        result
    })
}

/// Repairs the rest of the input on the calling thread, told whether HTML
/// unescaping is off (see [`feed_and_write`]).
type RepairRest<'a> =
    dyn Fn(&mut dyn BufRead, &mut dyn Write, bool) -> Result<(), StreamError> + 'a;

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
/// written, as [`fix_stream`] does, and then the error is returned. After
/// a line longer than [`PARALLEL_LONG`], the chunks before it are written,
/// and then `rest` repairs what is left of the input (from that line on),
/// told whether HTML unescaping is off.
fn feed_and_write(
    reader: &mut dyn BufRead,
    writer: &mut dyn Write,
    queue: &Queue<'_>,
    repair: &dyn Fn(Job) -> Done,
    rest: &RepairRest<'_>,
    ahead: usize,
    auto_html: bool,
) -> Result<(), StreamError> {
    let mut chunker = Chunker::default();
    let mut free_outputs: Vec<Vec<u8>> = Vec::new();
    let mut seen_lt = false;
    let mut sent = 0;
    let mut written = 0;
    let mut waiting = std::collections::BTreeMap::new();
    // The buffer holding the start of a line too long for a chunk.
    let mut long_start: Option<(Vec<u8>, usize)> = None;
    loop {
        while !chunker.done() && sent - written < ahead {
            let (input, len) = chunker.next_chunk(reader);
            if chunker.long_line {
                // Keep the start of the long line for `rest`.
                long_start = Some((input, len));
                break;
            }
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
                // A new buffer when none is free.
                output: free_outputs.pop().unwrap_or_default(),
                html_off,
            };
            if queue.work_tx.send(job).is_err() {
                break;
            }
            sent += 1;
        }
        if written == sent {
            if let Some((start, len)) = long_start.take() {
                let start = start
                    .get(..len)
                    .expect("a chunk's length is within its buffer");
                let start = io::Cursor::new(start.to_vec());
                return rest(&mut start.chain(reader), writer, seen_lt);
            }
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
    /// The last chunk handed out is the start of a line longer than
    /// [`PARALLEL_LONG`], with no line break in it; nothing more is read.
    long_line: bool,
}

impl Chunker {
    /// Whether every chunk has been handed out.
    fn done(&self) -> bool {
        self.eof || self.long_line
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
        // A new buffer when none is free.
        let mut buffer = self.free.pop().unwrap_or_default();
        let mut filled = self.carry.len();
        let mut want = PARALLEL_CHUNK.max(filled + (16 << 10));
        if buffer.len() < want {
            buffer.resize(want, 0);
        }
        buffer
            .get_mut(..filled)
            .expect("the buffer was just made at least as long as the carry")
            .copy_from_slice(&self.carry);
        self.carry.clear();
        // Line breaks before this offset are not followed by a valid cut.
        let mut searched = 0;
        loop {
            while filled < want && !self.eof {
                let room = buffer
                    .get_mut(filled..want)
                    .expect("`filled` < `want` <= the buffer's length");
                match reader.read(room) {
                    Ok(0) => self.eof = true,
                    Ok(n) => filled += n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        // Keep the whole lines read before the error.
                        self.eof = true;
                        self.error = Some(e);
                        let read = buffer.get(..filled).expect("`filled` is within the buffer");
                        filled = memchr::memrchr(b'\n', read).map_or(0, |i| i + 1);
                    }
                }
            }
            if self.eof {
                return (buffer, filled);
            }
            let unsearched = buffer
                .get(searched..filled)
                .expect("`searched` <= `filled` <= the buffer's length");
            if let Some(cut) = last_cut(unsearched).map(|cut| searched + cut) {
                self.carry.extend_from_slice(
                    buffer
                        .get(cut..filled)
                        .expect("a cut within the searched bytes"),
                );
                return (buffer, cut);
            }
            if filled >= PARALLEL_LONG {
                // Too long to hold whole: handed out as it is, for
                // `fix_stream` to read on from.
                self.long_line = true;
                return (buffer, filled);
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
    while let Some(i) = memchr::memrchr(
        b'\n',
        bytes
            .get(..end)
            .expect("`end` only moves back from the length"),
    ) {
        if !matches!(bytes.get(i + 1), Some(0xFE | 0xFF)) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}
