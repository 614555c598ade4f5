//! The streaming adapter with arbitrary chunking: the same bytes read in
//! arbitrary pieces give the same output and the same outcome as read in
//! one piece, for every input encoding mode, strict or not.
//!
//! Input layout: byte 0 chooses the options (bits 0-1: UTF-8, guess, or a
//! named encoding; bit 2: strict; bits 3-7: a small `max_decode_length`
//! when non-zero); bytes 1-4 are four chunk sizes (1..=256); the rest is the
//! stream.
#![no_main]

use std::io::{BufRead, Read};

use libfuzzer_sys::fuzz_target;
use unmojibake::{fix_stream, Config, Fixer, InputEncoding, NamedEncoding, StreamOptions};

struct Chunked<'a> {
    data: &'a [u8],
    sizes: [usize; 4],
    next: usize,
    pos: usize,
    end: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunked<'_> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos == self.end {
            let size = self.sizes[self.next % 4];
            self.next += 1;
            self.end = (self.pos + size).min(self.data.len());
        }
        Ok(&self.data[self.pos..self.end])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.end);
    }
}

fn run(
    reader: impl BufRead,
    fixer: &Fixer,
    options: &StreamOptions,
) -> (Vec<u8>, Result<(), String>) {
    let mut out = Vec::new();
    let result = fix_stream(reader, &mut out, fixer, options)
        .map(|_| ())
        .map_err(|e| e.to_string());
    (out, result)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let (head, stream) = data.split_at(5);
    let encoding = match head[0] & 3 {
        0 | 1 => InputEncoding::Utf8,
        2 => InputEncoding::Guess,
        _ => match NamedEncoding::for_label("windows-1251") {
            Ok(named) => InputEncoding::Named(named),
            Err(_) => InputEncoding::Utf8,
        },
    };
    let options = StreamOptions::new()
        .encoding(encoding)
        .strict(head[0] & 4 != 0);
    let mut config = Config::default();
    if head[0] >> 3 != 0 {
        config = config.max_decode_length(usize::from(head[0] >> 3));
    }
    let fixer = Fixer::new(config);
    let sizes = [1, 2, 3, 4].map(|i| usize::from(head[i]) + 1);
    let whole = run(stream, &fixer, &options);
    let chunked = run(
        Chunked {
            data: stream,
            sizes,
            next: 0,
            pos: 0,
            end: 0,
        },
        &fixer,
        &options,
    );
    assert_eq!(chunked, whole, "output depends on read boundaries");
});
