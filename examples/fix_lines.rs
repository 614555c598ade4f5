//! Reads UTF-8 lines from stdin and writes each repaired line to stdout, for
//! the comparison scripts in `scripts/`.
//!
//! `fix_lines text` applies `fix_text` to each line; `fix_lines encoding`
//! applies `fix_encoding`. Each line is repaired on its own, without its
//! newline, and printed with one `\n`.

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "text".to_string());
    let fix: fn(&str) -> std::borrow::Cow<'_, str> = match mode.as_str() {
        "text" => unmojibake::fix_text,
        "encoding" => unmojibake::fix_encoding,
        other => {
            eprintln!("fix_lines: unknown mode {other:?}; use `text` or `encoding`");
            std::process::exit(2);
        }
    };
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = line?;
        let text = String::from_utf8_lossy(&line);
        out.write_all(fix(&text).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
