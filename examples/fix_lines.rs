//! Reads UTF-8 lines from stdin and writes each repaired line to stdout, for
//! the comparison scripts in `scripts/`.
//!
//! `fix_lines text` applies `fix_text` to each line; `fix_lines encoding`
//! applies `fix_encoding`. Each line is repaired on its own, without its
//! newline, and printed with one `\n`. A second argument `--ftfy` switches
//! the repairs beyond ftfy off (`Config::beyond_ftfy(false)`), for comparing
//! with ftfy line for line.

use std::io::{self, BufRead, BufWriter, Write};

fn main() -> io::Result<()> {
    let mode = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "text".to_string());
    let encoding_mode = match mode.as_str() {
        "text" => false,
        "encoding" => true,
        other => {
            eprintln!("fix_lines: unknown mode {other:?}; use `text` or `encoding`");
            std::process::exit(2);
        }
    };
    let config = unmojibake::Config::default();
    let config = match std::env::args().nth(2).as_deref() {
        None => config,
        Some("--ftfy") => config.beyond_ftfy(false),
        Some(other) => {
            eprintln!("fix_lines: unknown option {other:?}; the only one is `--ftfy`");
            std::process::exit(2);
        }
    };
    let fixer = unmojibake::Fixer::new(config);
    let fix = |text: &str| -> String {
        if encoding_mode {
            fixer.fix_encoding(text).into_owned()
        } else {
            fixer.fix(text).into_owned()
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
