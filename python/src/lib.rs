//! `unmojibake._native`: the extension module behind the Python package.
//!
//! A thin layer: every repair is the library's. The Python side
//! (`unmojibake/__init__.py`) resolves ftfy-style configurations into a
//! [`Fixer`] object and calls its methods; batches go through
//! [`unmojibake::arrow::fix_rows`] and [`unmojibake::arrow::fix_array`] with
//! the GIL released.
//!
//! Errors never cross the boundary as panics: the library does not panic,
//! and every failure here is a Python exception (`TypeError` for input of the
//! wrong type, `ValueError` for bad configuration values and bad plans).

use std::borrow::Cow;
use std::ffi::CStr;

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{make_array, Array};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyCapsule, PyList, PyString, PyTuple};

use unmojibake::codecs::{self, Codec};
use unmojibake::{fixes, Config, HtmlUnescape, NormalizationForm, Step};

const SCHEMA: &CStr = c"arrow_schema";
const ARRAY: &CStr = c"arrow_array";

/// The text of a Python `str`, or a `TypeError` that says what to do with
/// bytes. A `str` holding lone surrogates raises `UnicodeEncodeError`, which
/// the Python layer catches and handles as ftfy does.
fn text_of<'a>(obj: &'a Bound<'_, PyAny>, what: &str) -> PyResult<&'a str> {
    match obj.cast::<PyString>() {
        Ok(s) => s.to_str(),
        Err(_) => Err(wrong_type(obj, what)),
    }
}

fn wrong_type(obj: &Bound<'_, PyAny>, what: &str) -> PyErr {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        PyTypeError::new_err(format!(
            "{what} expects str, not bytes. Decode the bytes first: \
             unmojibake.fix_bytes(data) decodes and repairs them, and \
             unmojibake.guess_bytes(data) guesses their encoding as ftfy does."
        ))
    } else {
        let name = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        PyTypeError::new_err(format!("{what} expects str, not {name}"))
    }
}

/// Returns `original` itself when the text did not change.
fn to_py<'py>(original: &Bound<'py, PyAny>, fixed: Cow<'_, str>) -> Bound<'py, PyAny> {
    match fixed {
        Cow::Borrowed(_) => original.clone(),
        Cow::Owned(s) => PyString::new(original.py(), &s).into_any(),
    }
}

fn plan_to_py(steps: &[Step]) -> Vec<(&'static str, &'static str)> {
    steps.iter().map(|s| (s.action(), s.parameter())).collect()
}

fn threads_or_default(threads: Option<usize>) -> usize {
    threads
        .filter(|&t| t > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A configured fixer. Built by `unmojibake.TextFixerConfig` resolution;
/// every argument has been validated there and is checked again here.
#[pyclass(frozen, module = "unmojibake._native", name = "Fixer")]
struct PyFixer {
    inner: unmojibake::Fixer,
}

#[pymethods]
impl PyFixer {
    #[new]
    #[pyo3(signature = (
        *,
        unescape_html,
        remove_terminal_escapes,
        fix_encoding,
        restore_byte_a0,
        replace_lossy_sequences,
        decode_inconsistent_utf8,
        fix_c1_controls,
        fix_latin_ligatures,
        fix_character_width,
        uncurl_quotes,
        fix_line_breaks,
        fix_surrogates,
        remove_control_chars,
        normalization,
        max_decode_length,
        fix_mixed_lines,
        fix_isolated_words,
        fix_single_byte_mixups,
        fix_cjk_mojibake,
        fix_legacy_bytes = true,
        fix_lone_sequences = true,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        unescape_html: &str,
        remove_terminal_escapes: bool,
        fix_encoding: bool,
        restore_byte_a0: bool,
        replace_lossy_sequences: bool,
        decode_inconsistent_utf8: bool,
        fix_c1_controls: bool,
        fix_latin_ligatures: bool,
        fix_character_width: bool,
        uncurl_quotes: bool,
        fix_line_breaks: bool,
        fix_surrogates: bool,
        remove_control_chars: bool,
        normalization: Option<&str>,
        max_decode_length: i64,
        fix_mixed_lines: bool,
        fix_isolated_words: bool,
        fix_single_byte_mixups: bool,
        fix_cjk_mojibake: bool,
        fix_legacy_bytes: bool,
        fix_lone_sequences: bool,
    ) -> PyResult<Self> {
        let unescape_html = match unescape_html {
            "auto" => HtmlUnescape::Auto,
            "always" => HtmlUnescape::Always,
            "never" => HtmlUnescape::Never,
            other => {
                return Err(PyValueError::new_err(format!(
                    "unescape_html must be 'auto', True or False, not {other:?}"
                )))
            }
        };
        let normalization = match normalization {
            None => None,
            Some(name) => Some(name.parse::<NormalizationForm>().map_err(|e| {
                PyValueError::new_err(format!(
                    "normalization must be 'NFC', 'NFD', 'NFKC', 'NFKD' or None: {e}"
                ))
            })?),
        };
        if max_decode_length < 1 {
            return Err(PyValueError::new_err(format!(
                "max_decode_length must be a positive integer, not {max_decode_length}"
            )));
        }
        let c = Config::new()
            .unescape_html(unescape_html)
            .remove_terminal_escapes(remove_terminal_escapes)
            .fix_encoding(fix_encoding)
            .restore_byte_a0(restore_byte_a0)
            .replace_lossy_sequences(replace_lossy_sequences)
            .decode_inconsistent_utf8(decode_inconsistent_utf8)
            .fix_c1_controls(fix_c1_controls)
            .fix_latin_ligatures(fix_latin_ligatures)
            .fix_character_width(fix_character_width)
            .uncurl_quotes(uncurl_quotes)
            .fix_line_breaks(fix_line_breaks)
            .fix_surrogates(fix_surrogates)
            .remove_control_chars(remove_control_chars)
            .normalization(normalization)
            .max_decode_length(usize::try_from(max_decode_length).unwrap_or(usize::MAX))
            .fix_mixed_lines(fix_mixed_lines)
            .fix_isolated_words(fix_isolated_words)
            .fix_single_byte_mixups(fix_single_byte_mixups)
            .fix_cjk_mojibake(fix_cjk_mojibake)
            .fix_legacy_bytes(fix_legacy_bytes)
            .fix_lone_sequences(fix_lone_sequences);
        Ok(PyFixer {
            inner: unmojibake::Fixer::new(c),
        })
    }

    /// ftfy's `fix_text`: line by line, whole pipeline.
    fn fix_text<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let s = text_of(text, "fix_text")?;
        Ok(to_py(text, self.inner.fix(s)))
    }

    /// ftfy's `fix_text_segment`: the whole text as one segment.
    fn fix_segment<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let s = text_of(text, "fix_text_segment")?;
        let fixed = self.inner.fix_and_explain(s).text;
        Ok(if fixed == s {
            text.clone()
        } else {
            PyString::new(text.py(), &fixed).into_any()
        })
    }

    /// ftfy's `fix_and_explain`: `(text, [(action, parameter), ...])`.
    fn fix_and_explain(
        &self,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<(String, Vec<(&'static str, &'static str)>)> {
        let s = text_of(text, "fix_and_explain")?;
        let e = self.inner.fix_and_explain(s);
        Ok((e.text, plan_to_py(&e.steps)))
    }

    /// ftfy's `fix_encoding`.
    fn fix_encoding<'py>(&self, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let s = text_of(text, "fix_encoding")?;
        Ok(to_py(text, self.inner.fix_encoding(s)))
    }

    /// ftfy's `fix_encoding_and_explain`.
    fn fix_encoding_and_explain(
        &self,
        text: &Bound<'_, PyAny>,
    ) -> PyResult<(String, Vec<(&'static str, &'static str)>)> {
        let s = text_of(text, "fix_encoding_and_explain")?;
        let e = self.inner.fix_encoding_and_explain(s);
        Ok((e.text, plan_to_py(&e.steps)))
    }

    /// ftfy's `apply_plan`, with this fixer's configuration for the fixers
    /// that depend on it. A plan that cannot be applied raises `ValueError`.
    fn apply_plan(&self, text: &Bound<'_, PyAny>, plan: Vec<(String, String)>) -> PyResult<String> {
        let s = text_of(text, "apply_plan")?;
        let steps = plan
            .iter()
            .map(|(a, p)| Step::parse(a, p))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        unmojibake::apply_plan_with(s, &steps, self.inner.config())
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Repairs bytes of unknown encoding (the library's `fix_bytes`).
    fn fix_bytes(&self, data: &[u8]) -> String {
        unmojibake::fix_bytes_with(data, self.inner.config()).into_owned()
    }

    /// Repairs every `str` of a list, on `threads` threads, with the GIL
    /// released. `None` stays `None`; unchanged values are returned as the
    /// same objects. Returns the new list and the positions of strings that
    /// hold lone surrogates, which the Python layer repairs one by one.
    #[pyo3(signature = (values, threads=None))]
    fn fix_list<'py>(
        &self,
        values: &Bound<'py, PyList>,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyList>, Vec<usize>)> {
        let py = values.py();
        let items: Vec<Bound<'py, PyAny>> = values.iter().collect();
        let mut texts: Vec<Option<&str>> = Vec::with_capacity(items.len());
        let mut surrogates = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if item.is_none() {
                texts.push(None);
                continue;
            }
            match item.cast::<PyString>() {
                Ok(s) => match s.to_str() {
                    Ok(t) => texts.push(Some(t)),
                    Err(_) => {
                        surrogates.push(i);
                        texts.push(None);
                    }
                },
                Err(_) => {
                    return Err(PyTypeError::new_err(format!(
                        "fix_texts: item {i}: {}",
                        wrong_type(item, "fix_texts")
                            .value(py)
                            .str()
                            .map_or_else(|_| String::new(), |s| s.to_string())
                    )))
                }
            }
        }
        let threads = threads_or_default(threads);
        let fixer = &self.inner;
        let changes = py.detach(|| {
            unmojibake::arrow::fix_rows(
                texts.len(),
                |i| texts.get(i).copied().flatten(),
                fixer,
                threads,
            )
        });
        let out = values.get_slice(0, items.len());
        for (row, fixed) in changes {
            out.set_item(row, PyString::new(py, &fixed))?;
        }
        Ok((out, surrogates))
    }

    /// Repairs an Arrow string array given as the two PyCapsules of the
    /// Arrow C data interface (`__arrow_c_array__`), with the GIL released,
    /// and returns the result as two new capsules.
    #[pyo3(signature = (schema, array, threads=None))]
    fn fix_arrow<'py>(
        &self,
        schema: &Bound<'py, PyCapsule>,
        array: &Bound<'py, PyCapsule>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let py = schema.py();
        let schema_ptr = schema.pointer_checked(Some(SCHEMA))?;
        let array_ptr = array.pointer_checked(Some(ARRAY))?;
        // SAFETY: the capsules are named per the Arrow PyCapsule interface,
        // so they point to an `ArrowSchema` and an `ArrowArray`. The array is
        // moved out (its release callback now belongs to us) and replaced by
        // a released, empty one, as the interface prescribes; the schema is
        // only borrowed.
        let data = unsafe {
            let ffi_array = std::ptr::replace(
                array_ptr.as_ptr().cast::<FFI_ArrowArray>(),
                FFI_ArrowArray::empty(),
            );
            let ffi_schema = &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>();
            from_ffi(ffi_array, ffi_schema)
        }
        .map_err(|e| PyValueError::new_err(format!("cannot import the Arrow array: {e}")))?;
        let input = make_array(data);
        let threads = threads_or_default(threads);
        let fixer = &self.inner;
        let fixed = py
            .detach(|| unmojibake::arrow::fix_array(input.as_ref(), fixer, threads))
            .map_err(|e| PyTypeError::new_err(e.to_string()))?;
        let (out_array, out_schema) = to_ffi(&fixed.to_data())
            .map_err(|e| PyValueError::new_err(format!("cannot export the Arrow array: {e}")))?;
        let s = PyCapsule::new_with_value(py, out_schema, SCHEMA)?;
        let a = PyCapsule::new_with_value(py, out_array, ARRAY)?;
        PyTuple::new(py, [s.into_any(), a.into_any()])
    }
}

/// ftfy's `badness.is_bad`.
#[pyfunction]
fn is_bad(text: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(unmojibake::is_bad(text_of(text, "is_bad")?))
}

/// ftfy's `badness.badness`.
#[pyfunction]
fn badness(text: &Bound<'_, PyAny>) -> PyResult<usize> {
    Ok(unmojibake::badness(text_of(text, "badness")?))
}

fn codec(name: &str) -> PyResult<Codec> {
    Codec::from_name(name)
        .ok_or_else(|| PyValueError::new_err(format!("unknown encoding: {name:?}")))
}

/// ftfy's `chardata.possible_encoding`.
#[pyfunction]
fn possible_encoding(text: &Bound<'_, PyAny>, encoding: &str) -> PyResult<bool> {
    Ok(codecs::possible_encoding(
        text_of(text, "possible_encoding")?,
        codec(encoding)?,
    ))
}

/// Encodes with one of the library's codecs. Raises `ValueError` with the
/// position of the first character the codec cannot encode:
/// `(message, start)` in `args`.
#[pyfunction]
fn encode<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    encoding: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    let s = text_of(text, "encode")?;
    let bytes = codecs::encode(s, codec(encoding)?).map_err(|e| {
        let start = s
            .char_indices()
            .position(|(i, _)| i >= e.offset)
            .unwrap_or(0);
        PyValueError::new_err((e.to_string(), start))
    })?;
    Ok(PyBytes::new(py, &bytes))
}

/// Decodes with one of the library's codecs. Raises `ValueError` with the
/// offset of the first byte that does not decode: `(message, offset)`.
#[pyfunction]
fn decode(data: &[u8], encoding: &str) -> PyResult<String> {
    codecs::decode(data, codec(encoding)?)
        .map_err(|e| PyValueError::new_err((e.to_string(), e.valid_up_to)))
}

/// Runs one of ftfy's text fixers by name.
#[pyfunction]
fn apply_fixer<'py>(name: &str, text: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let s = text_of(text, name)?;
    let fixed = match name {
        "unescape_html" => fixes::unescape_html(s),
        "remove_terminal_escapes" => fixes::remove_terminal_escapes(s),
        "decode_inconsistent_utf8" => fixes::decode_inconsistent_utf8(s),
        "fix_c1_controls" => fixes::fix_c1_controls(s),
        "fix_latin_ligatures" => fixes::fix_latin_ligatures(s),
        "fix_character_width" => fixes::fix_character_width(s),
        "uncurl_quotes" => fixes::uncurl_quotes(s),
        "fix_line_breaks" => fixes::fix_line_breaks(s),
        "remove_control_chars" => fixes::remove_control_chars(s),
        "remove_bom" => fixes::remove_bom(s),
        "decode_escapes" => fixes::decode_escapes(s),
        "decode_mojibake_spans" => fixes::decode_mojibake_spans(s),
        "fix_single_byte_mixup" => fixes::fix_single_byte_mixup(s),
        "fix_cjk_mojibake" => fixes::fix_cjk_mojibake(s),
        "decode_legacy_bytes" => fixes::decode_legacy_bytes(s),
        "decode_lone_sequences" => fixes::decode_lone_sequences(s),
        other => return Err(PyValueError::new_err(format!("unknown fixer: {other:?}"))),
    };
    Ok(to_py(text, fixed))
}

/// Runs one of ftfy's byte fixers (`restore_byte_a0`,
/// `replace_lossy_sequences`) by name.
#[pyfunction]
fn apply_byte_fixer<'py>(
    py: Python<'py>,
    name: &str,
    data: &[u8],
) -> PyResult<Bound<'py, PyBytes>> {
    let fixed = match name {
        "restore_byte_a0" => fixes::restore_byte_a0(data),
        "replace_lossy_sequences" => fixes::replace_lossy_sequences(data),
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown byte fixer: {other:?}"
            )))
        }
    };
    Ok(PyBytes::new(py, &fixed))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFixer>()?;
    m.add_function(wrap_pyfunction!(is_bad, m)?)?;
    m.add_function(wrap_pyfunction!(badness, m)?)?;
    m.add_function(wrap_pyfunction!(possible_encoding, m)?)?;
    m.add_function(wrap_pyfunction!(encode, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(apply_fixer, m)?)?;
    m.add_function(wrap_pyfunction!(apply_byte_fixer, m)?)?;
    Ok(())
}
