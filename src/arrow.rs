//! The Arrow kernel (feature `arrow`): [`fix_array`] repairs every value of
//! an Arrow string array, in parallel, and returns an array of the same type.
//!
//! It is the kernel behind the Python package's `fix_texts` on Arrow arrays,
//! its Polars expression and its Spark `fix_column`, and it serves arrow-rs
//! and DataFusion pipelines directly.
//!
//! How it works: worker threads take chunks of rows and run
//! [`Fixer::fix`] on each value, keeping only the values that changed (most
//! values of a real column need nothing). The result is then assembled once:
//! - when nothing changed, the input array is returned as it is (a cheap
//!   clone of reference-counted buffers);
//! - `Utf8View` (`StringViewArray`): the views of unchanged values, and the
//!   data buffers they point into, are reused without copying; the repaired
//!   values go into one new buffer;
//! - `Utf8` and `LargeUtf8`: their values must be contiguous, so a new values
//!   buffer is written, copying each run of unchanged values in one piece.
//!
//! Nulls stay nulls: the validity buffer is reused as it is.
//!
//! ```
//! use arrow_array::{Array, StringArray};
//! use unmojibake::{arrow::fix_array, Fixer};
//!
//! let column = StringArray::from(vec![Some("CafÃ©"), None, Some("clean")]);
//! let fixed = fix_array(&column, &Fixer::default(), 2).unwrap();
//! let fixed = fixed.as_any().downcast_ref::<StringArray>().unwrap();
//! assert_eq!(fixed.value(0), "Café");
//! assert!(fixed.is_null(1));
//! assert_eq!(fixed.value(2), "clean");
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, GenericStringArray, OffsetSizeTrait, StringViewArray};
use arrow_buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use arrow_data::ByteView;
use arrow_schema::{ArrowError, DataType};

use crate::Fixer;

/// Rows handed to a worker at a time.
const CHUNK_ROWS: usize = 2048;

/// Repairs every value of a string array (`Utf8`, `LargeUtf8` or `Utf8View`)
/// with `fixer`, on up to `threads` threads (0 counts as 1), and returns an
/// array of the same data type and length. Nulls stay nulls; when no value
/// changes, the input array is returned without copying.
///
/// # Errors
/// [`ArrowError::InvalidArgumentError`] when the array is not a string array,
/// and [`ArrowError::ComputeError`] when the repaired values no longer fit
/// the array's offsets (more than 2 GiB in a `Utf8` array).
///
/// ```
/// use arrow_array::{Array, LargeStringArray, StringViewArray, Int32Array};
/// use unmojibake::{arrow::fix_array, Config, Fixer};
///
/// let fixer = Fixer::new(Config::default().uncurl_quotes(false));
/// let views = StringViewArray::from(vec!["â€œmojibakeâ€\u{9d}", "fine"]);
/// let fixed = fix_array(&views, &fixer, 1).unwrap();
/// assert_eq!(fixed.as_any().downcast_ref::<StringViewArray>().unwrap().value(0), "“mojibake”");
///
/// let large = LargeStringArray::from(vec![Some("naÃ¯ve"), None]);
/// let fixed = fix_array(&large, &fixer, 1).unwrap();
/// assert_eq!(fixed.as_any().downcast_ref::<LargeStringArray>().unwrap().value(0), "naïve");
///
/// assert!(fix_array(&Int32Array::from(vec![1]), &fixer, 1).is_err());
/// ```
pub fn fix_array(array: &dyn Array, fixer: &Fixer, threads: usize) -> Result<ArrayRef, ArrowError> {
    match array.data_type() {
        DataType::Utf8 => fix_offsets(array.as_string::<i32>(), fixer, threads),
        DataType::LargeUtf8 => fix_offsets(array.as_string::<i64>(), fixer, threads),
        DataType::Utf8View => fix_views(array.as_string_view(), fixer, threads),
        other => Err(ArrowError::InvalidArgumentError(format!(
            "unmojibake::arrow::fix_array expects a Utf8, LargeUtf8 or Utf8View array, found {other}"
        ))),
    }
}

/// Runs `fixer` over rows `0..len` on up to `threads` threads and returns the
/// values that changed, with their row numbers, in row order.
///
/// `value(i)` gives row `i`'s text, or `None` for a null. Rows go to the
/// threads in chunks of 2048, so small inputs run on the calling thread.
///
/// ```
/// use unmojibake::{arrow::fix_rows, Fixer};
/// let rows = ["CafÃ©", "clean", "naÃ¯ve"];
/// let changed = fix_rows(rows.len(), |i| rows.get(i).copied(), &Fixer::default(), 2);
/// assert_eq!(changed, vec![(0, "Café".to_string()), (2, "naïve".to_string())]);
/// ```
pub fn fix_rows<'a, F>(len: usize, value: F, fixer: &Fixer, threads: usize) -> Vec<(usize, String)>
where
    F: Fn(usize) -> Option<&'a str> + Sync,
{
    let run = |start: usize, end: usize, out: &mut Vec<(usize, String)>| {
        for row in start..end {
            if let Some(text) = value(row) {
                if let std::borrow::Cow::Owned(fixed) = fixer.fix(text) {
                    out.push((row, fixed));
                }
            }
        }
    };
    let threads = threads.clamp(1, len.div_ceil(CHUNK_ROWS).max(1));
    if threads == 1 {
        let mut out = Vec::new();
        run(0, len, &mut out);
        return out;
    }
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut mine = Vec::new();
                loop {
                    let start = next.fetch_add(CHUNK_ROWS, Ordering::Relaxed);
                    if start >= len {
                        break;
                    }
                    run(start, (start + CHUNK_ROWS).min(len), &mut mine);
                }
                // A poisoned lock (another thread panicked, which the scope
                // then reports) still holds sound results.
                results
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(mine);
            });
        }
    });
    let mut all: Vec<(usize, String)> = results
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .into_iter()
        .flatten()
        .collect();
    all.sort_unstable_by_key(|(row, _)| *row);
    all
}

fn overflow() -> ArrowError {
    ArrowError::ComputeError("repaired values overflow the array's offsets".to_string())
}

fn fix_offsets<O: OffsetSizeTrait>(
    array: &GenericStringArray<O>,
    fixer: &Fixer,
    threads: usize,
) -> Result<ArrayRef, ArrowError> {
    let changes = fix_rows(
        array.len(),
        |row| array.is_valid(row).then(|| array.value(row)),
        fixer,
        threads,
    );
    if changes.is_empty() {
        return Ok(Arc::new(array.clone()));
    }
    let offsets = array.value_offsets();
    let data = array.value_data();
    let at = |row: usize| {
        offsets
            .get(row)
            .expect("an array has one offset per row, and one more")
            .as_usize()
    };
    let extra: usize = changes.iter().map(|(_, s)| s.len()).sum();
    let mut values: Vec<u8> = Vec::with_capacity(data.len() + extra);
    let mut new_offsets: Vec<O> = Vec::with_capacity(array.len() + 1);
    new_offsets.push(O::zero());
    // Copies rows `from..to` unchanged: their bytes in one piece, their
    // offsets shifted.
    let copy_run = |from: usize, to: usize, values: &mut Vec<u8>, new_offsets: &mut Vec<O>| {
        if from >= to {
            return Ok(());
        }
        let base = at(from);
        let shift = values.len();
        values.extend_from_slice(
            data.get(base..at(to))
                .expect("the offsets of a valid array lie within its data"),
        );
        for row in from + 1..=to {
            new_offsets.push(O::from_usize(at(row) - base + shift).ok_or_else(overflow)?);
        }
        Ok::<(), ArrowError>(())
    };
    let mut done = 0;
    for (row, fixed) in &changes {
        copy_run(done, *row, &mut values, &mut new_offsets)?;
        values.extend_from_slice(fixed.as_bytes());
        new_offsets.push(O::from_usize(values.len()).ok_or_else(overflow)?);
        done = row + 1;
    }
    copy_run(done, array.len(), &mut values, &mut new_offsets)?;
    let out = GenericStringArray::<O>::try_new(
        OffsetBuffer::new(ScalarBuffer::from(new_offsets)),
        Buffer::from_vec(values),
        array.nulls().cloned(),
    )?;
    Ok(Arc::new(out))
}

fn fix_views(
    array: &StringViewArray,
    fixer: &Fixer,
    threads: usize,
) -> Result<ArrayRef, ArrowError> {
    let changes = fix_rows(
        array.len(),
        |row| array.is_valid(row).then(|| array.value(row)),
        fixer,
        threads,
    );
    if changes.is_empty() {
        return Ok(Arc::new(array.clone()));
    }
    let mut views: Vec<u128> = array.views().to_vec();
    let mut buffers: Vec<Buffer> = array.data_buffers().to_vec();
    let mut data: Vec<u8> = Vec::new();
    for (row, fixed) in &changes {
        let bytes = fixed.as_bytes();
        let len = u32::try_from(bytes.len()).map_err(|_| overflow())?;
        let view = if bytes.len() <= 12 {
            let mut inline = [0u8; 16];
            inline
                .get_mut(4..4 + bytes.len())
                .expect("at most 12 bytes after the 4 of the length")
                .copy_from_slice(bytes);
            inline
                .get_mut(..4)
                .expect("16 bytes")
                .copy_from_slice(&len.to_le_bytes());
            u128::from_le_bytes(inline)
        } else {
            // Start a new buffer before an offset would pass i32::MAX.
            if data.len() + bytes.len() > i32::MAX as usize {
                buffers.push(Buffer::from_vec(std::mem::take(&mut data)));
            }
            let mut prefix = [0u8; 4];
            prefix.copy_from_slice(bytes.get(..4).expect("more than 12 bytes here"));
            let view = ByteView {
                length: len,
                prefix: u32::from_le_bytes(prefix),
                buffer_index: u32::try_from(buffers.len()).map_err(|_| overflow())?,
                offset: u32::try_from(data.len()).map_err(|_| overflow())?,
            };
            data.extend_from_slice(bytes);
            view.as_u128()
        };
        *views
            .get_mut(*row)
            .expect("a changed row is a row of the array") = view;
    }
    if !data.is_empty() {
        buffers.push(Buffer::from_vec(data));
    }
    let out = StringViewArray::try_new(ScalarBuffer::from(views), buffers, array.nulls().cloned())?;
    Ok(Arc::new(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{LargeStringArray, StringArray};

    const ROWS: [Option<&str>; 6] = [
        Some("CafÃ©"),
        None,
        Some("clean text that is longer than twelve bytes"),
        Some("Ã¢â‚¬Å“quotedÃ¢â‚¬Â and more than twelve"),
        Some(""),
        Some("ÐŸÑ€Ð¸Ð²ÐµÑ‚"),
    ];

    fn expected() -> Vec<Option<String>> {
        ROWS.iter()
            .map(|r| r.map(|s| crate::fix_text(s).into_owned()))
            .collect()
    }

    fn many() -> Vec<Option<&'static str>> {
        ROWS.iter().copied().cycle().take(10_000).collect()
    }

    #[test]
    fn utf8_and_large_utf8_match_fix_text() {
        for threads in [1, 2, 3] {
            let a = StringArray::from(many());
            let out = fix_array(&a, &Fixer::default(), threads).unwrap();
            let out = out.as_string::<i32>();
            let want: Vec<_> = expected().into_iter().cycle().take(10_000).collect();
            let got: Vec<_> = out.iter().map(|v| v.map(str::to_string)).collect();
            assert_eq!(got, want);
            let a = LargeStringArray::from(many());
            let out = fix_array(&a, &Fixer::default(), threads).unwrap();
            let got: Vec<_> = out
                .as_string::<i64>()
                .iter()
                .map(|v| v.map(str::to_string))
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn sliced_arrays_keep_their_window() {
        let a = StringArray::from(ROWS.to_vec());
        let sliced = a.slice(2, 3);
        let out = fix_array(&sliced, &Fixer::default(), 1).unwrap();
        let got: Vec<_> = out
            .as_string::<i32>()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect();
        assert_eq!(got, expected()[2..5].to_vec());
    }

    #[test]
    fn views_reuse_buffers_of_clean_values() {
        let a = StringViewArray::from(ROWS.to_vec());
        let out = fix_array(&a, &Fixer::default(), 2).unwrap();
        let out = out.as_string_view();
        let got: Vec<_> = out.iter().map(|v| v.map(str::to_string)).collect();
        assert_eq!(got, expected());
        // The clean long value still points into the input's buffer.
        assert_eq!(out.views()[2], a.views()[2]);
        assert_eq!(out.data_buffers()[0].as_ptr(), a.data_buffers()[0].as_ptr());
    }

    #[test]
    fn clean_arrays_come_back_without_copying() {
        let a = StringArray::from(vec![Some("clean"), None, Some("also clean")]);
        let out = fix_array(&a, &Fixer::default(), 2).unwrap();
        assert_eq!(
            out.as_string::<i32>().value_data().as_ptr(),
            a.value_data().as_ptr()
        );
        assert_eq!(out.null_count(), 1);
    }
}
