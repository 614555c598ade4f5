//! Explanations: the steps a repair took, and [`apply_plan`] to replay them.
//!
//! A plan is the list of [`Step`]s that [`fix_and_explain`](crate::fix_and_explain)
//! records. It mirrors ftfy's `ExplanationStep` tuples: `("encode", codec)`
//! turns text into bytes, `("decode", codec)` turns bytes back into text,
//! `("transcode", fixer)` runs a fixer while the value is bytes (or, for
//! `fix_c1_controls`, on text, as ftfy records it), `("apply", fixer)` runs a
//! fixer on text, and `("normalize", form)` applies Unicode normalization.
//!
//! Deviation from ftfy: ftfy's `apply_plan` rejects the `normalize` steps that
//! its own `fix_and_explain` emits; here every step that
//! [`fix_and_explain`](crate::fix_and_explain) emits can be replayed.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::codecs::{self, Codec};
use crate::config::{Config, NormalizationForm};
use crate::fixes;
use crate::step::{FixId, Step};

impl Step {
    /// Builds a step from ftfy's `(action, parameter)` pair.
    ///
    /// # Errors
    /// [`PlanError::UnknownStep`] when the action or its parameter is not
    /// recognised.
    ///
    /// ```
    /// use unmojibake::{codecs::Codec, Step};
    /// assert_eq!(Step::parse("encode", "latin-1"), Ok(Step::Encode(Codec::Latin1)));
    /// assert!(Step::parse("explode", "latin-1").is_err());
    /// ```
    pub fn parse(action: &str, parameter: &str) -> Result<Step, PlanError> {
        let unknown = || PlanError::UnknownStep {
            action: action.to_string(),
            parameter: parameter.to_string(),
        };
        match action {
            "encode" => Codec::from_name(parameter)
                .map(Step::Encode)
                .ok_or_else(unknown),
            "decode" => Codec::from_name(parameter)
                .map(Step::Decode)
                .ok_or_else(unknown),
            "transcode" => FixId::from_name(parameter)
                .map(Step::Transcode)
                .ok_or_else(unknown),
            "apply" => FixId::from_name(parameter)
                .map(Step::Apply)
                .ok_or_else(unknown),
            "normalize" => parameter
                .parse::<NormalizationForm>()
                .map(Step::Normalize)
                .map_err(|_| unknown()),
            _ => Err(unknown()),
        }
    }
}

impl FromStr for Step {
    type Err = PlanError;

    /// Parses one step as [`Display`](fmt::Display) prints it, ftfy's tuple
    /// `('encode', 'latin-1')` (double quotes and spaces around the items are
    /// accepted too).
    ///
    /// ```
    /// use unmojibake::{codecs::Codec, Step};
    /// let step: Step = "('decode', 'utf-8')".parse().unwrap();
    /// assert_eq!(step, Step::Decode(Codec::Utf8));
    /// assert_eq!(step.to_string().parse::<Step>(), Ok(step));
    /// ```
    fn from_str(text: &str) -> Result<Step, PlanError> {
        let mut parser = PlanParser { text, at: 0 };
        let step = parser.step()?;
        parser.end()?;
        Ok(step)
    }
}

/// A whole plan, printed and parsed as ftfy prints it: a Python list of
/// tuples, `[('encode', 'latin-1'), ('decode', 'utf-8')]`. Printing then
/// parsing gives the same plan, so a plan from `unmojibake --explain` can be
/// replayed (`unmojibake --apply-plan PLAN`, or [`apply_plan`] on
/// [`Plan::steps`]).
///
/// ```
/// use unmojibake::{apply_plan, fix_and_explain, Plan};
/// let fixed = fix_and_explain("CafÃ©");
/// let printed = Plan::from(fixed.steps.clone()).to_string();
/// let plan: Plan = printed.parse().unwrap();
/// assert_eq!(plan.steps, fixed.steps);
/// assert_eq!(apply_plan("CafÃ©", &plan.steps).unwrap(), "Café");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Plan {
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl From<Vec<Step>> for Plan {
    fn from(steps: Vec<Step>) -> Plan {
        Plan { steps }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{step}")?;
        }
        f.write_str("]")
    }
}

impl FromStr for Plan {
    type Err = PlanError;

    /// Parses a plan as [`plan_to_string`] prints it.
    ///
    /// # Errors
    /// [`PlanError::Syntax`] for text that is not a list of
    /// `(action, parameter)` tuples, [`PlanError::UnknownStep`] for a tuple
    /// that names no step.
    fn from_str(text: &str) -> Result<Plan, PlanError> {
        parse_plan(text).map(Plan::from)
    }
}

/// Parses a plan as [`plan_to_string`] prints it (the inverse of
/// [`plan_to_string`]).
///
/// # Errors
/// As [`Plan::from_str`].
///
/// ```
/// use unmojibake::{parse_plan, plan_to_string, PlanError};
/// let text = "[('encode', 'sloppy-windows-1252'), ('decode', 'utf-8')]";
/// assert_eq!(plan_to_string(&parse_plan(text).unwrap()), text);
/// assert!(matches!(parse_plan("[('encode', 'latin-1'"), Err(PlanError::Syntax { .. })));
/// ```
pub fn parse_plan(text: &str) -> Result<Vec<Step>, PlanError> {
    let mut parser = PlanParser { text, at: 0 };
    parser.expect('[', "'['")?;
    let mut steps = Vec::new();
    if !parser.eat(']') {
        loop {
            steps.push(parser.step()?);
            if parser.eat(']') {
                break;
            }
            parser.expect(',', "',' or ']'")?;
            // A trailing comma, as Python allows.
            if parser.eat(']') {
                break;
            }
        }
    }
    parser.end()?;
    Ok(steps)
}

/// A small recursive-descent reader for ftfy's printed plans.
struct PlanParser<'t> {
    text: &'t str,
    /// Byte offset of the next unread character.
    at: usize,
}

impl<'t> PlanParser<'t> {
    fn rest(&self) -> &'t str {
        self.text
            .get(self.at..)
            .expect("`at` only moves over whole characters of the text")
    }

    fn skip_space(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start().len();
    }

    fn error(&self, expected: &'static str) -> PlanError {
        PlanError::Syntax {
            offset: self.at,
            expected,
        }
    }

    /// Skips spaces, then takes `c` if it comes next.
    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        if self.rest().starts_with(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char, expected: &'static str) -> Result<(), PlanError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(self.error(expected))
        }
    }

    /// A quoted name: `'…'` or `"…"`, without escapes (no codec, fixer or
    /// form name has a quote or a backslash).
    fn name(&mut self) -> Result<&'t str, PlanError> {
        self.skip_space();
        let rest = self.rest();
        let quote = match rest.chars().next() {
            Some(q @ ('\'' | '"')) => q,
            _ => return Err(self.error("a quoted name")),
        };
        let body = rest.get(1..).expect("after the one-byte quote just read");
        let Some(len) = body.find(quote) else {
            return Err(self.error("a closing quote"));
        };
        let start = self.at + 1;
        self.at = start + len + 1;
        Ok(self
            .text
            .get(start..start + len)
            .expect("the name between the quotes found"))
    }

    fn step(&mut self) -> Result<Step, PlanError> {
        self.expect('(', "'('")?;
        let action = self.name()?;
        self.expect(',', "','")?;
        let parameter = self.name()?;
        self.expect(')', "')'")?;
        Step::parse(action, parameter)
    }

    fn end(&mut self) -> Result<(), PlanError> {
        self.skip_space();
        if self.rest().is_empty() {
            Ok(())
        } else {
            Err(self.error("the end of the plan"))
        }
    }
}

#[cfg(feature = "serde")]
mod serde_impls {
    //! A step is serialized as ftfy's JSON form of an `ExplanationStep`,
    //! the pair `["encode", "latin-1"]`.
    use super::Step;
    use serde::de::Error as _;

    impl serde::Serialize for Step {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            (self.action(), self.parameter()).serialize(serializer)
        }
    }

    impl<'de> serde::Deserialize<'de> for Step {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Step, D::Error> {
            let (action, parameter) = <(String, String)>::deserialize(deserializer)?;
            Step::parse(&action, &parameter).map_err(D::Error::custom)
        }
    }
}

/// Formats a whole plan as ftfy prints it: a Python list of tuples.
///
/// ```
/// use unmojibake::{fix_and_explain, plan_to_string};
/// let fixed = fix_and_explain("CafÃ©");
/// assert_eq!(fixed.text, "Café");
/// assert_eq!(
///     plan_to_string(&fixed.steps),
///     "[('encode', 'latin-1'), ('decode', 'utf-8')]"
/// );
/// ```
pub fn plan_to_string(steps: &[Step]) -> String {
    let parts: Vec<String> = steps.iter().map(Step::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// Why a plan could not be applied.
///
/// ```
/// use unmojibake::{apply_plan, codecs::Codec, PlanError, Step};
/// let err = apply_plan("日本", &[Step::Encode(Codec::Latin1), Step::Decode(Codec::Utf8)]).unwrap_err();
/// assert!(matches!(err, PlanError::Encode { index: 0, .. }));
/// assert_eq!(apply_plan("x", &[Step::Encode(Codec::Latin1)]), Err(PlanError::EndsWithBytes));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlanError {
    /// The `(action, parameter)` pair names no known step.
    UnknownStep {
        /// The action as given.
        action: String,
        /// The parameter as given.
        parameter: String,
    },
    /// A step needs text but the value is bytes, or the reverse.
    WrongInput {
        /// The index of the step in the plan.
        index: usize,
        /// The step.
        step: Step,
        /// What the value was at that point: `"text"` or `"bytes"`.
        found: &'static str,
    },
    /// Encoding failed: the text has a character the codec cannot encode.
    Encode {
        /// The index of the step in the plan.
        index: usize,
        /// The underlying error, with the offending character and offset.
        source: codecs::EncodeError,
    },
    /// Decoding failed: the bytes are not valid in the codec.
    Decode {
        /// The index of the step in the plan.
        index: usize,
        /// The underlying error, with the offset of the first invalid byte.
        source: codecs::DecodeError,
    },
    /// The plan ended while the value was still bytes.
    EndsWithBytes,
    /// A printed plan could not be read (see [`parse_plan`]).
    Syntax {
        /// Byte offset in the text where reading stopped.
        offset: usize,
        /// What was expected there.
        expected: &'static str,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::UnknownStep { action, parameter } => {
                write!(f, "unknown plan step: ('{action}', '{parameter}')")
            }
            PlanError::WrongInput { index, step, found } => {
                write!(f, "plan step {index} {step} cannot be applied to {found}")
            }
            PlanError::Encode { index, source } => write!(f, "plan step {index}: {source}"),
            PlanError::Decode { index, source } => write!(f, "plan step {index}: {source}"),
            PlanError::EndsWithBytes => {
                f.write_str("plan ends with bytes; its last step must decode them to text")
            }
            PlanError::Syntax { offset, expected } => {
                write!(
                    f,
                    "cannot read the plan: expected {expected} at byte {offset}"
                )
            }
        }
    }
}

/// The message includes the underlying codec error (`plan step 0: ...`),
/// so `source()` is `None`: a chain of errors prints it once. The codec
/// error itself is in the variant.
impl std::error::Error for PlanError {}

enum Value {
    Text(String),
    Bytes(Vec<u8>),
}

/// Replays a plan on `text` with the default configuration.
///
/// Every plan that [`fix_and_explain`](crate::fix_and_explain) or
/// [`fix_encoding_and_explain`](crate::fix_encoding_and_explain) returns can be
/// replayed and gives the same text.
///
/// # Errors
/// A [`PlanError`] when a step cannot be applied: a codec that cannot encode
/// the text, bytes that do not decode, a step given the wrong kind of value,
/// or a plan that ends with bytes. Never panics.
///
/// ```
/// use unmojibake::{apply_plan, fix_and_explain};
/// let original = "Ã¢â‚¬Å“quotedÃ¢â‚¬Â";
/// let fixed = fix_and_explain(original);
/// assert_eq!(apply_plan(original, &fixed.steps).unwrap(), fixed.text);
/// ```
pub fn apply_plan(text: &str, steps: &[Step]) -> Result<String, PlanError> {
    apply_plan_with(text, steps, &Config::default())
}

/// Replays a plan with a given configuration. The configuration matters for
/// fixers whose behaviour depends on it (`decode_inconsistent_utf8` repairs
/// fragments with the configured encoding sub-options); pass the one the plan
/// was made with.
///
/// # Errors
/// As [`apply_plan`].
///
/// ```
/// use unmojibake::{apply_plan_with, Config, Fixer};
/// let config = Config::default().restore_byte_a0(false);
/// let fixer = Fixer::new(config.clone());
/// let fixed = fixer.fix_and_explain("voilÃ  le travail");
/// assert_eq!(apply_plan_with("voilÃ  le travail", &fixed.steps, &config).unwrap(), fixed.text);
/// ```
pub fn apply_plan_with(text: &str, steps: &[Step], config: &Config) -> Result<String, PlanError> {
    let mut value = Value::Text(text.to_string());
    for (index, step) in steps.iter().enumerate() {
        let wrong = |found| PlanError::WrongInput {
            index,
            step: *step,
            found,
        };
        value = match (*step, value) {
            (Step::Encode(codec), Value::Text(t)) => codecs::encode(&t, codec)
                .map(Value::Bytes)
                .map_err(|source| PlanError::Encode { index, source })?,
            (Step::Decode(codec), Value::Bytes(b)) => codecs::decode(&b, codec)
                .map(Value::Text)
                .map_err(|source| PlanError::Decode { index, source })?,
            (Step::Transcode(fix) | Step::Apply(fix), Value::Bytes(b)) => {
                match fixes::apply_byte_fixer(fix, &b) {
                    Some(Cow::Owned(out)) => Value::Bytes(out),
                    Some(Cow::Borrowed(_)) => Value::Bytes(b),
                    None => return Err(wrong("bytes")),
                }
            }
            (Step::Transcode(fix) | Step::Apply(fix), Value::Text(t)) => {
                match fixes::apply_text_fixer(fix, &t, config) {
                    Some(Cow::Owned(out)) => Value::Text(out),
                    Some(Cow::Borrowed(_)) => Value::Text(t),
                    None => return Err(wrong("text")),
                }
            }
            (Step::Normalize(form), Value::Text(t)) => {
                Value::Text(crate::normalize::normalize(&t, form).into_owned())
            }
            (Step::Encode(_) | Step::Normalize(_), Value::Bytes(_)) => return Err(wrong("bytes")),
            (Step::Decode(_), Value::Text(_)) => return Err(wrong("text")),
        };
    }
    match value {
        Value::Text(t) => Ok(t),
        Value::Bytes(_) => Err(PlanError::EndsWithBytes),
    }
}
