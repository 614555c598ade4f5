//! Files: output that replaces its target only on success ([`Output`]),
//! the input side ([`open_input`], [`NulWatch`]) and the CRLF line ends of
//! line mode ([`CrlfToLf`]).

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Where the repaired text goes: standard output, or a file written
/// through a temporary file beside it.
pub enum Output {
    Stdout(Box<dyn Write>),
    /// A regular file (or a new one): written to `temp`, renamed over
    /// `target` by [`commit`](Output::commit). Until then `target` is
    /// untouched; dropping an uncommitted output removes `temp`.
    Replace {
        file: Option<File>,
        temp: PathBuf,
        target: PathBuf,
    },
    /// Something that is not a regular file (`/dev/null`, a FIFO, a
    /// terminal): written directly, as it cannot be replaced.
    Direct(File),
}

/// Temporary files made by this process, for unique names.
static MADE: AtomicU32 = AtomicU32::new(0);

impl Output {
    pub fn stdout() -> Output {
        Output::Stdout(stdout_sink())
    }

    /// Opens `target` for writing, through a temporary file in its
    /// directory (so the rename stays on one file system) when it is a
    /// regular file or does not exist yet. A symbolic link is followed:
    /// the file it points to is replaced, and the link stays.
    pub fn create(target: &Path) -> io::Result<Output> {
        let target = match fs::symlink_metadata(target) {
            Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(target)?,
            _ => target.to_path_buf(),
        };
        let existing = match fs::metadata(&target) {
            Ok(meta) if !meta.is_file() => {
                if meta.is_dir() {
                    return Err(io::Error::other("is a directory"));
                }
                return Ok(Output::Direct(
                    OpenOptions::new().write(true).open(&target)?,
                ));
            }
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // A target such as `dir/..` has no file name.
        let base = target.file_name().unwrap_or(OsStr::new("output"));
        let mut attempt = 0;
        let (file, temp) = loop {
            let mut name = OsString::from(".");
            name.push(base);
            name.push(format!(
                ".unmojibake-{}-{}.tmp",
                std::process::id(),
                MADE.fetch_add(1, Ordering::Relaxed)
            ));
            let temp = dir.join(name);
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => break (file, temp),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        };
        if let Some(meta) = existing {
            // The replacement keeps the permissions of the file it replaces.
            let _ = file.set_permissions(meta.permissions());
        }
        Ok(Output::Replace {
            file: Some(file),
            temp,
            target,
        })
    }

    /// Makes the output final: for a file, syncs the temporary file and
    /// renames it over the target.
    pub fn commit(mut self) -> io::Result<()> {
        match &mut self {
            Output::Stdout(out) => out.flush(),
            Output::Direct(file) => file.flush(),
            Output::Replace { file, temp, target } => {
                if let Some(file) = file.take() {
                    file.sync_all()?;
                }
                fs::rename(&*temp, &*target)?;
                // Renamed: nothing to remove on drop.
                temp.clear();
                Ok(())
            }
        }
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if let Output::Replace { file, temp, .. } = self {
            drop(file.take());
            if !temp.as_os_str().is_empty() {
                let _ = fs::remove_file(&*temp);
            }
        }
    }
}

impl Write for Output {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(data),
            Output::Direct(file) => file.write(data),
            Output::Replace {
                file: Some(file), ..
            } => file.write(data),
            Output::Replace { file: None, .. } => Err(io::Error::other("output already closed")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::Direct(file) => file.flush(),
            Output::Replace {
                file: Some(file), ..
            } => file.flush(),
            Output::Replace { file: None, .. } => Ok(()),
        }
    }
}

/// Line mode's CRLF repair: `fix_line_breaks` runs with the line's own
/// break kept out of it (a break made inside a line would add a line), so
/// the CRLF that ends a line becomes LF here. A CR elsewhere, and U+2028
/// or U+0085 inside a line, stay as they are.
pub struct CrlfToLf<W: Write> {
    inner: W,
    on: bool,
    /// A CR was the last byte written: whether it ends a line depends on
    /// the next byte.
    held_cr: bool,
}

impl<W: Write> CrlfToLf<W> {
    pub fn new(inner: W, on: bool) -> Self {
        CrlfToLf {
            inner,
            on,
            held_cr: false,
        }
    }

    /// Writes a CR still held at the end of the text, and flushes.
    pub fn finish(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.held_cr) {
            self.inner.write_all(b"\r")?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Write for CrlfToLf<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if !self.on {
            return self.inner.write(data);
        }
        let Some(&first) = data.first() else {
            return Ok(0);
        };
        if std::mem::take(&mut self.held_cr) && first != b'\n' {
            self.inner.write_all(b"\r")?;
        }
        let mut rest = data;
        // Each CR followed by LF is dropped (one byte searched for: less
        // set-up than a two-byte pattern, on every write of a line).
        let mut from = 0;
        while let Some(i) = memchr::memchr(
            b'\r',
            rest.get(from..)
                .expect("`from` is at most one past a CR of `rest`"),
        ) {
            let i = from + i;
            if rest.get(i + 1) == Some(&b'\n') {
                let (before, after) = rest.split_at_checked(i).expect("`i` is a CR of `rest`");
                self.inner.write_all(before)?;
                rest = after.get(1..).expect("after the CR");
                from = 0;
            } else {
                from = i + 1;
            }
        }
        match rest.split_last() {
            Some((b'\r', head)) => {
                self.inner.write_all(head)?;
                self.held_cr = true;
            }
            _ => self.inner.write_all(rest)?,
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // A held CR waits for its next byte; flushing it early would be
        // wrong if that byte is a line feed.
        self.inner.flush()
    }
}

/// A reader that notes where the first NUL byte is, for the warning that
/// UTF-16 without a byte-order mark needs `-g`. Not armed when the input
/// starts with a UTF-16 byte-order mark, or UTF-32LE's (`FF FE 00 00`,
/// which starts like UTF-16LE's): then NULs are expected.
pub struct NulWatch<R> {
    inner: R,
    armed: bool,
    started: bool,
    offset: u64,
    first_nul: Option<u64>,
}

impl<R: BufRead> NulWatch<R> {
    pub fn new(inner: R, armed: bool) -> Self {
        NulWatch {
            inner,
            armed,
            started: false,
            offset: 0,
            first_nul: None,
        }
    }

    /// Offset of the first NUL byte read, if any.
    pub fn first_nul(&self) -> Option<u64> {
        self.first_nul
    }
}

impl<R: BufRead> Read for NulWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf.get_mut(..n)
            .expect("`n` is at most the length of `buf`")
            .copy_from_slice(
                available
                    .get(..n)
                    .expect("`n` is at most what is available"),
            );
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for NulWatch<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if amount > 0 && self.armed {
            if let Ok(buffered) = self.inner.fill_buf() {
                if !self.started {
                    self.started = true;
                    if buffered.starts_with(&[0xFF, 0xFE]) || buffered.starts_with(&[0xFE, 0xFF]) {
                        // UTF-16 or UTF-32LE with a mark: NULs are expected.
                        self.armed = false;
                    }
                }
                // `BufRead::consume` asks for at most what `fill_buf` gave;
                // more is clamped, as `BufReader` does.
                let bytes = buffered.get(..amount).unwrap_or(buffered);
                if let Some(i) = memchr::memchr(0, bytes).filter(|_| self.armed) {
                    self.first_nul = Some(self.offset + i as u64);
                    // Found: nothing more to watch.
                    self.armed = false;
                }
            }
        }
        self.offset += amount as u64;
        self.inner.consume(amount);
    }
}

pub fn open_input(file: &OsStr) -> io::Result<Box<dyn BufRead>> {
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
pub fn same_file(input: &OsStr, output: &OsStr) -> bool {
    // Only a regular file can be clobbered; /dev/null may be both.
    let Some(out_meta) = fs::metadata(output).ok().filter(|m| m.is_file()) else {
        return false;
    };
    let in_meta = if input == "-" {
        stdin_metadata()
    } else {
        fs::metadata(input).ok()
    };
    match in_meta {
        Some(in_meta) => same_inode(&in_meta, &out_meta, input, output),
        None => false,
    }
}

#[cfg(unix)]
fn stdin_metadata() -> Option<fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
fn stdin_metadata() -> Option<fs::Metadata> {
    None
}

#[cfg(unix)]
fn same_inode(a: &fs::Metadata, b: &fs::Metadata, _: &OsStr, _: &OsStr) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &fs::Metadata, _: &fs::Metadata, a: &OsStr, b: &OsStr) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crlf(pieces: &[&[u8]]) -> Vec<u8> {
        let mut out = CrlfToLf::new(Vec::new(), true);
        for piece in pieces {
            out.write_all(piece).unwrap();
        }
        out.finish().unwrap();
        out.inner
    }

    #[test]
    fn crlf_line_ends_become_lf_and_nothing_else_changes() {
        assert_eq!(crlf(&[b"a\r\nb\rc\r\n"]), b"a\nb\rc\n");
        assert_eq!(crlf(&[b"a\r", b"\nb\r", b"c\r"]), b"a\nb\rc\r");
        assert_eq!(crlf(&[b"\r", b"\r", b"\n"]), b"\r\n");
    }

    #[test]
    fn nul_watch_finds_the_first_nul() {
        let data = b"ab\ncd\0e\0";
        let mut watch = NulWatch::new(&data[..], true);
        let mut out = Vec::new();
        watch.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert_eq!(watch.first_nul(), Some(5));
        let mut bom = NulWatch::new(&b"\xFF\xFEa\0"[..], true);
        bom.read_to_end(&mut Vec::new()).unwrap();
        assert_eq!(bom.first_nul(), None);
    }

    #[test]
    fn output_replaces_only_on_commit() {
        let dir = std::env::temp_dir().join(format!("unmojibake-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.txt");
        fs::write(&target, "old\n").unwrap();
        let mut output = Output::create(&target).unwrap();
        output.write_all(b"new\n").unwrap();
        drop(output);
        assert_eq!(fs::read_to_string(&target).unwrap(), "old\n");
        let mut output = Output::create(&target).unwrap();
        output.write_all(b"new\n").unwrap();
        output.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new\n");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
