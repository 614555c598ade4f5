//! The streaming adapter gives the same output whatever the read sizes of
//! its source, and the same output as `Fixer::fix` on the whole text.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{self, BufReader, Read};

use unmojibake::{
    fix_stream, fix_stream_explained, Config, DecodedAs, Fixer, InputEncoding, NamedEncoding,
    StreamError, StreamOptions, StreamStats,
};

/// A reader that hands out at most `size` bytes per read.
struct Trickle<'a> {
    data: &'a [u8],
    size: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.size.min(buf.len()).min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        buf[..n].copy_from_slice(head);
        self.data = tail;
        Ok(n)
    }
}

const READ_SIZES: [usize; 4] = [1, 7, 4096, usize::MAX];

/// Streams `data` with reads of `size` bytes (usize::MAX: all at once).
fn stream_with(
    data: &[u8],
    size: usize,
    fixer: &Fixer,
    options: &StreamOptions,
) -> (Result<StreamStats, StreamError>, Vec<u8>) {
    let size = size.min(data.len()).max(1);
    let reader = BufReader::with_capacity(size, Trickle { data, size });
    let mut out = Vec::new();
    let result = fix_stream(reader, &mut out, fixer, options);
    (result, out)
}

/// Streams with every read size, checks they agree, returns the output.
fn stream_all_sizes(data: &[u8], fixer: &Fixer, options: &StreamOptions) -> (StreamStats, String) {
    let (first, expected) = stream_with(data, READ_SIZES[0], fixer, options);
    let first = first.unwrap();
    for size in READ_SIZES {
        let (stats, out) = stream_with(data, size, fixer, options);
        assert_eq!(out, expected, "read size {size}");
        assert_eq!(stats.unwrap(), first, "read size {size}");
    }
    (first, String::from_utf8(expected).expect("output is UTF-8"))
}

fn sample_text() -> String {
    let mut text = String::new();
    text.push_str("plain line\n");
    text.push_str("CafÃ© and â€œquotesâ€\u{9d}\n");
    text.push_str("&amp; before any tag\n");
    text.push_str("windows line\r\n");
    text.push_str("ﬁne ＡＢＣ \u{1b}[1mbold\u{1b}[0m\n");
    text.push_str(&"long ÃƒÂ© line with mojibake, ".repeat(400));
    text.push('\n');
    text.push_str("<b>a tag</b> turns entities off: &amp;\n");
    text.push_str("&amp; stays from here on\n");
    text.push_str("日本語の行。\u{1F600} emoji\n");
    text.push_str("\n\nlast line without newline Ã©");
    text
}

#[test]
fn read_sizes_do_not_change_the_output() {
    let text = sample_text();
    let fixer = Fixer::default();
    let (stats, out) = stream_all_sizes(text.as_bytes(), &fixer, &StreamOptions::new());
    assert_eq!(out, fixer.fix(&text));
    assert_eq!(stats.lines, 12);
    assert_eq!(stats.bytes_read, text.len() as u64);
    assert_eq!(stats.bytes_written, out.len() as u64);
    assert_eq!(stats.decoded_as, DecodedAs::Utf8);
}

#[test]
fn long_lines_are_cut_like_fix_text() {
    // Tiny max_decode_length: lines are cut inside, between multi-byte
    // characters, exactly where fix_text cuts them.
    let text = sample_text();
    for max in [1, 2, 3, 5, 17, 64] {
        let fixer = Fixer::new(Config::default().max_decode_length(max));
        let (_, out) = stream_all_sizes(text.as_bytes(), &fixer, &StreamOptions::new());
        assert_eq!(out, fixer.fix(&text), "max_decode_length {max}");
    }
}

#[test]
fn lines_longer_than_the_read_buffer() {
    // One 300 KB line of multi-byte text, and invalid bytes near the
    // internal 64 KiB piece boundary.
    let mut data = "é日😀x".repeat(30_000).into_bytes();
    data.extend_from_slice(b"\xE9 caf\xE9\n");
    data.extend("short\n".as_bytes());
    for max in [1_000_000, 1000] {
        let fixer = Fixer::new(Config::default().max_decode_length(max));
        let (stats, out) = stream_all_sizes(&data, &fixer, &StreamOptions::new());
        let decoded = unmojibake::decode_bytes(&data).0;
        assert_eq!(out, fixer.fix(&decoded));
        assert_eq!(stats.lines, 2);
        assert_eq!(
            stats.decoded_as,
            DecodedAs::Utf8WithWindows1252Bytes { invalid_bytes: 2 }
        );
    }
}

#[test]
fn invalid_utf8_falls_back_per_byte_and_strict_reports_it() {
    let data = b"ok\ncaf\xE9 cr\xC3\xA8me \x80\n\xED\xA0\xBD\xED\xB8\x80 cesu\n";
    let fixer = Fixer::default();
    let (stats, out) = stream_all_sizes(data, &fixer, &StreamOptions::new());
    assert_eq!(out, "ok\ncafé crème €\n😀 cesu\n");
    assert_eq!(
        stats.decoded_as,
        DecodedAs::Utf8WithWindows1252Bytes { invalid_bytes: 2 }
    );

    for size in READ_SIZES {
        let (result, out) = stream_with(data, size, &fixer, &StreamOptions::new().strict(true));
        match result {
            Err(StreamError::Decode {
                encoding,
                line,
                offset,
                byte,
            }) => {
                assert_eq!((encoding, line, offset, byte), ("UTF-8", 2, 6, Some(0xE9)));
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert_eq!(out, b"ok\n", "read size {size}");
    }
}

#[test]
fn multibyte_legacy_encodings_split_anywhere() {
    let text = "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。\n何でも薄暗いじめじめした所で泣いていた事だけは記憶している。";
    let fixer = Fixer::default();
    for (label, encoding) in [
        ("shift_jis", encoding_rs::SHIFT_JIS),
        ("euc-jp", encoding_rs::EUC_JP),
        ("iso-2022-jp", encoding_rs::ISO_2022_JP),
        ("gb18030", encoding_rs::GB18030),
        ("utf-16le", encoding_rs::UTF_16LE),
    ] {
        let bytes: Vec<u8> = if label == "utf-16le" {
            text.encode_utf16().flat_map(u16::to_le_bytes).collect()
        } else {
            encoding.encode(text).0.into_owned()
        };
        let named = StreamOptions::new().encoding(InputEncoding::Named(
            NamedEncoding::for_label(label).unwrap(),
        ));
        let (_, out) = stream_all_sizes(&bytes, &fixer, &named);
        assert_eq!(out, fixer.fix(text), "{label}");
        #[cfg(feature = "detect")]
        {
            let guess = StreamOptions::new().encoding(InputEncoding::Guess);
            let (stats, out) = stream_all_sizes(&bytes, &fixer, &guess);
            assert_eq!(out, fixer.fix(text), "{label} guessed");
            // chardetng names GB18030 input GBK; encoding_rs decodes both alike.
            let expected = if encoding == encoding_rs::GB18030 {
                "GBK"
            } else {
                encoding.name()
            };
            assert_eq!(stats.decoded_as.encoding_name(), expected);
        }
    }
}

#[test]
fn named_encoding_errors_give_line_and_offset() {
    let mut data = encoding_rs::SHIFT_JIS.encode("一\n二\n三").0.into_owned();
    data.extend_from_slice(b"\xFF\n");
    let options = StreamOptions::new().encoding(InputEncoding::Named(
        NamedEncoding::for_label("sjis").unwrap(),
    ));
    for size in READ_SIZES {
        let (result, out) = stream_with(&data, size, &Fixer::default(), &options);
        match result {
            Err(StreamError::Decode {
                encoding,
                line,
                offset,
                ..
            }) => {
                assert_eq!(
                    (encoding, line, offset),
                    ("Shift_JIS", 3, 8),
                    "read size {size}"
                );
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
        assert_eq!(out, "一\n二\n".as_bytes());
    }
}

#[test]
fn utf16_bom_at_the_start_switches_encoding() {
    let mut data = vec![0xFF, 0xFE];
    data.extend("CafÃ©\nzwei\n".encode_utf16().flat_map(u16::to_le_bytes));
    let (stats, out) = stream_all_sizes(&data, &Fixer::default(), &StreamOptions::new());
    assert_eq!(out, "Café\nzwei\n");
    assert_eq!(stats.decoded_as.encoding_name(), "UTF-16LE");
    assert_eq!(stats.lines, 2);
}

#[cfg(feature = "detect")]
#[test]
fn guess_looks_past_a_long_ascii_prefix() {
    // 100 KB of ASCII, then Shift_JIS: the window that decides starts at
    // the first non-ASCII byte's neighbourhood.
    let mut text = "plain ascii line\n".repeat(6000);
    text.push_str("吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。\n");
    let bytes = encoding_rs::SHIFT_JIS.encode(&text).0.into_owned();
    let guess = StreamOptions::new().encoding(InputEncoding::Guess);
    let (stats, out) = stream_all_sizes(&bytes, &Fixer::default(), &guess);
    assert_eq!(out, text);
    assert_eq!(
        stats.decoded_as,
        DecodedAs::Detected(encoding_rs::SHIFT_JIS)
    );
}

#[test]
fn explain_callback_gets_line_numbers() {
    let data = "ok\nCafÃ©\nfine\nÃ©\n";
    let mut seen = Vec::new();
    let mut out = Vec::new();
    let stats = fix_stream_explained(
        data.as_bytes(),
        &mut out,
        &Fixer::default(),
        &StreamOptions::new(),
        |line, steps| {
            seen.push((line, steps.len()));
        },
    )
    .unwrap();
    assert_eq!(out, "ok\nCafé\nfine\né\n".as_bytes());
    assert_eq!(seen.iter().map(|s| s.0).collect::<Vec<_>>(), vec![2, 4]);
    assert!(seen.iter().all(|s| s.1 > 0));
    assert_eq!((stats.lines, stats.changed_lines), (4, 2));
}

#[test]
fn write_errors_are_reported() {
    struct Full;
    impl io::Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::other("disk full"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let err = fix_stream(
        &b"text\n"[..],
        Full,
        &Fixer::default(),
        &StreamOptions::new(),
    )
    .unwrap_err();
    assert!(matches!(err, StreamError::Write(_)));
    assert_eq!(err.to_string(), "write error: disk full");
}
