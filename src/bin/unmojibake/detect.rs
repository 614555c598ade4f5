//! `--detect`: report each input's encoding, decode nothing, like
//! `chardetect` and charset-normalizer's `normalizer`.

use std::ffi::OsString;
use std::io::{self, Read as _, Write};
use std::process::ExitCode;

use crate::{complain, describe, display_name};

/// Reads each file whole (standard input for `-`), detects its encoding
/// and prints `FILE: ENCODING (CONFIDENCE, LANGUAGE)`, or with `json` one
/// JSON object per line. A file that cannot be read is reported and the
/// others still are; the exit status is then 1.
pub fn detect_files(files: &[OsString], json: bool) -> ExitCode {
    let mut failed = false;
    let mut out = io::stdout().lock();
    for file in files {
        let name = display_name(file);
        let bytes = if file == "-" {
            let mut buf = Vec::new();
            io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(file)
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err(e) => {
                complain(&format!("{name}: {}", describe(&e)));
                failed = true;
                continue;
            }
        };
        let line = report(&name, &bytes, json);
        match out.write_all(line.as_bytes()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(e) => {
                complain(&format!("<stdout>: {}", describe(&e)));
                return ExitCode::from(1);
            }
            Ok(()) => {}
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(1);
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Confidence rounded to two decimals, as printed.
#[cfg(feature = "detect")]
fn round(confidence: f32) -> f64 {
    (f64::from(confidence) * 100.0).round() / 100.0
}

/// One line of the report for one input.
#[cfg(feature = "detect")]
fn report(name: &str, bytes: &[u8], json: bool) -> String {
    let found = unmojibake::detect_bytes(bytes);
    if json {
        let alternatives: Vec<serde_json::Value> = found
            .alternatives
            .iter()
            .map(|a| {
                serde_json::json!({
                    "encoding": a.encoding.name(),
                    "confidence": round(a.confidence),
                    "language": a.language,
                })
            })
            .collect();
        let value = serde_json::json!({
            "file": name,
            "encoding": found.encoding,
            "confidence": round(found.confidence),
            "language": found.language,
            "how": found.decoded_as.to_string(),
            "alternatives": alternatives,
        });
        return value.to_string() + "\n";
    }
    match found.language {
        Some(language) => format!(
            "{name}: {} ({:.2}, {language})\n",
            found.encoding, found.confidence
        ),
        None => format!("{name}: {} ({:.2})\n", found.encoding, found.confidence),
    }
}

/// Without the `detect` feature there is no detector: say so per file.
#[cfg(not(feature = "detect"))]
fn report(name: &str, _bytes: &[u8], json: bool) -> String {
    if json {
        return serde_json::json!({ "file": name, "encoding": null }).to_string() + "\n";
    }
    format!("{name}: unknown (built without the detect feature)\n")
}
