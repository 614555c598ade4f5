//! [`Config`]: which fixes run, with ftfy 6.3.1's `TextFixerConfig` defaults.

use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;

/// When to decode HTML entities such as `&amp;` and `&eacute;`.
///
/// ```
/// use unmojibake::{fix_text_with, Config, HtmlUnescape};
/// let always = Config::default().unescape_html(HtmlUnescape::Always);
/// assert_eq!(fix_text_with("<b>&amp;</b>", &always), "<b>&</b>");
/// assert_eq!(unmojibake::fix_text("<b>&amp;</b>"), "<b>&amp;</b>");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum HtmlUnescape {
    /// ftfy's `"auto"`: unescape unless the segment contains a literal `<`.
    /// Within [`fix_text`](crate::fix_text) the switch-off is sticky: once a
    /// segment contains `<`, later segments are not unescaped either.
    #[default]
    Auto,
    /// Always unescape.
    Always,
    /// Never unescape.
    Never,
}

/// A Unicode normalization form.
///
/// ```
/// use unmojibake::{fix_text_with, Config, NormalizationForm};
/// let nfkc = Config::default().normalization(Some(NormalizationForm::Nfkc));
/// assert_eq!(fix_text_with("x²", &nfkc), "x2");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "UPPERCASE"))]
pub enum NormalizationForm {
    /// Canonical composition.
    Nfc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility composition.
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl NormalizationForm {
    /// The form's name as ftfy writes it (`"NFC"`, ...).
    ///
    /// ```
    /// use unmojibake::NormalizationForm;
    /// assert_eq!(NormalizationForm::Nfkc.name(), "NFKC");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            NormalizationForm::Nfc => "NFC",
            NormalizationForm::Nfd => "NFD",
            NormalizationForm::Nfkc => "NFKC",
            NormalizationForm::Nfkd => "NFKD",
        }
    }
}

impl fmt::Display for NormalizationForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error returned when a normalization form name is not recognised.
///
/// ```
/// use unmojibake::NormalizationForm;
/// let err = "NFX".parse::<NormalizationForm>().unwrap_err();
/// assert!(err.to_string().contains("NFX"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownForm(pub String);

impl fmt::Display for UnknownForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown normalization form {:?}: expected NFC, NFD, NFKC or NFKD",
            self.0
        )
    }
}

impl std::error::Error for UnknownForm {}

impl FromStr for NormalizationForm {
    type Err = UnknownForm;

    /// Parses `NFC`, `NFD`, `NFKC` or `NFKD`, in any case.
    ///
    /// ```
    /// use unmojibake::NormalizationForm;
    /// assert_eq!("nfkc".parse(), Ok(NormalizationForm::Nfkc));
    /// assert!("NFX".parse::<NormalizationForm>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_uppercase().as_str() {
            "NFC" => Ok(NormalizationForm::Nfc),
            "NFD" => Ok(NormalizationForm::Nfd),
            "NFKC" => Ok(NormalizationForm::Nfkc),
            "NFKD" => Ok(NormalizationForm::Nfkd),
            _ => Err(UnknownForm(s.to_string())),
        }
    }
}

/// Which fixes to apply. `Config::new()` (the same as `Config::default()`)
/// matches ftfy 6.3.1's `TextFixerConfig()`.
///
/// Every option has a consuming setter of its name, which returns the
/// changed config so that setters chain, and a getter `get_<name>()` that
/// reads it, as regex-automata's `Config` has. The fields are private, so
/// an option can only change through its setter and the setters keep the
/// invariants (`max_decode_length` is at least 1).
///
/// Unlike ftfy, every option is honoured on every path: the encoding
/// sub-options (`restore_byte_a0`, `replace_lossy_sequences`,
/// `decode_inconsistent_utf8`, `fix_c1_controls`) apply whether or not an
/// explanation is requested.
///
/// ```
/// use unmojibake::{Config, NormalizationForm};
/// let config = Config::new()
///     .uncurl_quotes(false)
///     .normalization(Some(NormalizationForm::Nfkc))
///     .max_decode_length(0);
/// assert!(!config.get_uncurl_quotes());
/// assert!(config.get_fix_encoding());
/// assert_eq!(config.get_normalization(), Some(NormalizationForm::Nfkc));
/// assert_eq!(config.get_max_decode_length(), 1);
/// ```
///
/// With the `serde` feature, a config deserializes from a map of these
/// names; missing options keep their defaults, and a `max_decode_length`
/// of 0 is an error.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Config {
    unescape_html: HtmlUnescape,
    remove_terminal_escapes: bool,
    fix_encoding: bool,
    restore_byte_a0: bool,
    replace_lossy_sequences: bool,
    decode_inconsistent_utf8: bool,
    fix_c1_controls: bool,
    fix_mixed_lines: bool,
    fix_isolated_words: bool,
    fix_single_byte_mixups: bool,
    fix_cjk_mojibake: bool,
    fix_legacy_bytes: bool,
    fix_lone_sequences: bool,
    fix_latin_ligatures: bool,
    fix_character_width: bool,
    uncurl_quotes: bool,
    fix_line_breaks: bool,
    fix_surrogates: bool,
    remove_control_chars: bool,
    normalization: Option<NormalizationForm>,
    /// Non-zero by its type: the setter maps 0 to 1, deserialization
    /// rejects 0 (`nonzero_max_decode_length`).
    #[cfg_attr(
        feature = "serde",
        serde(deserialize_with = "nonzero_max_decode_length")
    )]
    max_decode_length: NonZeroUsize,
}

/// The default `max_decode_length`, ftfy's.
const DEFAULT_MAX_DECODE_LENGTH: NonZeroUsize = match NonZeroUsize::new(1_000_000) {
    Some(n) => n,
    None => panic!("1,000,000 is not zero"),
};

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

/// A `max_decode_length` read by serde: a count of at least 1, else an
/// error that names the option.
#[cfg(feature = "serde")]
fn nonzero_max_decode_length<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<NonZeroUsize, D::Error> {
    let n = <usize as serde::Deserialize>::deserialize(deserializer)?;
    NonZeroUsize::new(n).ok_or_else(|| {
        serde::de::Error::invalid_value(
            serde::de::Unexpected::Unsigned(0),
            &"a max_decode_length of at least 1",
        )
    })
}

/// For each boolean option: its docs, its setter and its getter.
macro_rules! bool_options {
    ($($(#[doc = $doc:expr])* ($name:ident, $getter:ident);)*) => {
        $(
            $(#[doc = $doc])*
            ///
            /// ```
            /// use unmojibake::Config;
            #[doc = concat!("let config = Config::new().", stringify!($name), "(false);")]
            #[doc = concat!("assert!(!config.", stringify!($getter), "());")]
            /// ```
            #[must_use]
            pub const fn $name(mut self, on: bool) -> Self {
                self.$name = on;
                self
            }

            #[doc = concat!("Whether [`", stringify!($name), "`](Config::", stringify!($name), "()) is on.")]
            ///
            /// ```
            /// use unmojibake::Config;
            #[doc = concat!("assert!(Config::new().", stringify!($getter), "());")]
            /// ```
            pub const fn $getter(&self) -> bool {
                self.$name
            }
        )*
    };
}

impl Config {
    /// The default configuration, ftfy's (and `Config::default()`).
    ///
    /// ```
    /// use unmojibake::Config;
    /// assert_eq!(Config::new(), Config::default());
    /// ```
    pub const fn new() -> Config {
        Config {
            unescape_html: HtmlUnescape::Auto,
            remove_terminal_escapes: true,
            fix_encoding: true,
            restore_byte_a0: true,
            replace_lossy_sequences: true,
            decode_inconsistent_utf8: true,
            fix_c1_controls: true,
            fix_mixed_lines: true,
            fix_isolated_words: true,
            fix_single_byte_mixups: true,
            fix_cjk_mojibake: true,
            fix_legacy_bytes: true,
            fix_lone_sequences: true,
            fix_latin_ligatures: true,
            fix_character_width: true,
            uncurl_quotes: true,
            fix_line_breaks: true,
            fix_surrogates: true,
            remove_control_chars: true,
            normalization: Some(NormalizationForm::Nfc),
            max_decode_length: DEFAULT_MAX_DECODE_LENGTH,
        }
    }

    bool_options! {
        /// Removes ANSI terminal escapes such as colour codes.
        (remove_terminal_escapes, get_remove_terminal_escapes);
        /// Detects and repairs mojibake.
        (fix_encoding, get_fix_encoding);
        /// Allows a space to stand for a lost byte A0 inside mojibake.
        (restore_byte_a0, get_restore_byte_a0);
        /// Replaces UTF-8 sequences that lost bytes to `�` or `?` with one
        /// `�`.
        (replace_lossy_sequences, get_replace_lossy_sequences);
        /// Repairs UTF-8 mojibake fragments even when the whole text does
        /// not decode consistently.
        (decode_inconsistent_utf8, get_decode_inconsistent_utf8);
        /// Replaces C1 control characters with their Windows-1252
        /// characters.
        (fix_c1_controls, get_fix_c1_controls);
        /// Beyond ftfy: repairs the mojibake words and spans of a line that
        /// does not decode as a whole (`BOYACÁ, BoyacÃ¡`). See
        /// [`fixes::decode_mojibake_spans`](crate::fixes::decode_mojibake_spans).
        /// Isolated mojibake has its own switch,
        /// [`fix_isolated_words`](Config::fix_isolated_words()).
        (fix_mixed_lines, get_fix_mixed_lines);
        /// Beyond ftfy: repairs isolated mojibake that ftfy's badness
        /// heuristic misses but the shape of the words gives away
        /// (`mГ©dicament`, `pi√π`, `┬┐que`): ftfy's whole-text re-encoding,
        /// taken when the result looks right. Independent of
        /// [`fix_mixed_lines`](Config::fix_mixed_lines()).
        ///
        /// ```
        /// use unmojibake::{fix_text_with, Config};
        /// let off = Config::new().fix_isolated_words(false);
        /// assert_eq!(fix_text_with("le mГ©dicament", &off), "le mГ©dicament");
        /// assert_eq!(unmojibake::fix_text("le mГ©dicament"), "le médicament");
        /// ```
        (fix_isolated_words, get_fix_isolated_words);
        /// Beyond ftfy: undoes text in one single-byte code page read as
        /// another (`Ïðèâåò` for `Привет`, `Thιβtre` for `Théâtre`, Mac
        /// Roman read as Latin-1 or Windows-1252 and the reverse), when the
        /// words give it away. See
        /// [`fixes::fix_single_byte_mixup`](crate::fixes::fix_single_byte_mixup).
        (fix_single_byte_mixups, get_fix_single_byte_mixups);
        /// Beyond ftfy: undoes UTF-8 read as GBK, Shift_JIS, Big5 or EUC-KR
        /// (`浣犲ソ` for `你好`). See
        /// [`fixes::fix_cjk_mojibake`](crate::fixes::fix_cjk_mojibake).
        (fix_cjk_mojibake, get_fix_cjk_mojibake);
        /// Beyond ftfy: undoes legacy bytes that are not UTF-8 (GBK, Big5,
        /// EUC-KR, Shift_JIS, EUC-JP, KOI8-R/U, cp866) read as Latin-1 or
        /// Windows-1252 (`ÄãµÄ³ÐÅµ` for `你的承诺`), and UTF-8 read as
        /// cp866, KOI8-R or cp1258 (`╨б╨╛╤Б╤В...` for `Сост...`). See
        /// [`fixes::decode_legacy_bytes`](crate::fixes::decode_legacy_bytes).
        (fix_legacy_bytes, get_fix_legacy_bytes);
        /// Beyond ftfy: undoes a lone character whose UTF-8 bytes were read
        /// as cp437 or Windows-1252 in an otherwise clean line (`wait ΓÇö
        /// this` for `wait — this`, `## âš¡ Quick Start`, `Ã…lesund` for
        /// `Ålesund`), when the character fits where it stands. See
        /// [`fixes::decode_lone_sequences`](crate::fixes::decode_lone_sequences).
        ///
        /// ```
        /// use unmojibake::{fix_text_with, Config};
        /// let off = Config::new().fix_lone_sequences(false);
        /// assert_eq!(fix_text_with("## âš¡ Quick Start", &off), "## âš¡ Quick Start");
        /// assert_eq!(unmojibake::fix_text("## âš¡ Quick Start"), "## ⚡ Quick Start");
        /// ```
        (fix_lone_sequences, get_fix_lone_sequences);
        /// Replaces Latin ligatures such as `ﬁ` with their letters.
        (fix_latin_ligatures, get_fix_latin_ligatures);
        /// Replaces fullwidth and halfwidth forms with normal-width
        /// characters.
        (fix_character_width, get_fix_character_width);
        /// Replaces curly quotes with ASCII quotes.
        (uncurl_quotes, get_uncurl_quotes);
        /// Turns CRLF, CR, U+2028, U+2029 and U+0085 into `\n`.
        (fix_line_breaks, get_fix_line_breaks);
        /// Joins UTF-16 surrogate pairs and replaces lone surrogates. Rust
        /// strings cannot hold surrogates, so this only acts on UTF-16 input
        /// ([`fixes::fix_surrogates_utf16`](crate::fixes::fix_surrogates_utf16)).
        (fix_surrogates, get_fix_surrogates);
        /// Removes control characters that have no use in text.
        (remove_control_chars, get_remove_control_chars);
    }

    /// Decodes HTML entities ([`HtmlUnescape::Auto`] by default).
    ///
    /// ```
    /// use unmojibake::{fix_text_with, Config, HtmlUnescape};
    /// let keep = Config::new().unescape_html(HtmlUnescape::Never);
    /// assert_eq!(fix_text_with("&amp;", &keep), "&amp;");
    /// ```
    #[must_use]
    pub const fn unescape_html(mut self, mode: HtmlUnescape) -> Self {
        self.unescape_html = mode;
        self
    }

    /// When HTML entities are decoded: see
    /// [`unescape_html`](Config::unescape_html()).
    ///
    /// ```
    /// use unmojibake::{Config, HtmlUnescape};
    /// assert_eq!(Config::new().get_unescape_html(), HtmlUnescape::Auto);
    /// ```
    pub const fn get_unescape_html(&self) -> HtmlUnescape {
        self.unescape_html
    }

    /// The Unicode normalization to apply (`None` for none); NFC by default.
    ///
    /// ```
    /// use unmojibake::{fix_text_with, Config};
    /// assert_eq!(fix_text_with("cafe\u{301}", &Config::new().normalization(None)), "cafe\u{301}");
    /// ```
    #[must_use]
    pub const fn normalization(mut self, form: Option<NormalizationForm>) -> Self {
        self.normalization = form;
        self
    }

    /// The Unicode normalization applied, if any: see
    /// [`normalization`](Config::normalization()).
    ///
    /// ```
    /// use unmojibake::{Config, NormalizationForm};
    /// assert_eq!(Config::new().get_normalization(), Some(NormalizationForm::Nfc));
    /// ```
    pub const fn get_normalization(&self) -> Option<NormalizationForm> {
        self.normalization
    }

    /// The longest segment, in code points, that [`fix_text`](crate::fix_text)
    /// repairs as one piece; longer lines are cut into segments. A value of
    /// 0 is treated as 1. The default is 1,000,000, ftfy's.
    ///
    /// ```
    /// use unmojibake::Config;
    /// assert_eq!(Config::new().max_decode_length(0).get_max_decode_length(), 1);
    /// ```
    #[must_use]
    pub const fn max_decode_length(mut self, code_points: usize) -> Self {
        self.max_decode_length = match NonZeroUsize::new(code_points) {
            Some(n) => n,
            None => NonZeroUsize::MIN,
        };
        self
    }

    /// The longest segment repaired as one piece, in code points: see
    /// [`max_decode_length`](Config::max_decode_length()). Always at least 1.
    ///
    /// ```
    /// use unmojibake::Config;
    /// assert_eq!(Config::new().get_max_decode_length(), 1_000_000);
    /// ```
    pub const fn get_max_decode_length(&self) -> usize {
        self.max_decode_length.get()
    }

    /// Switches the six repairs that go beyond ftfy on or off together:
    /// [`fix_mixed_lines`](Config::fix_mixed_lines()),
    /// [`fix_isolated_words`](Config::fix_isolated_words()),
    /// [`fix_single_byte_mixups`](Config::fix_single_byte_mixups()),
    /// [`fix_cjk_mojibake`](Config::fix_cjk_mojibake()),
    /// [`fix_legacy_bytes`](Config::fix_legacy_bytes()) and
    /// [`fix_lone_sequences`](Config::fix_lone_sequences()). With `false`, the
    /// pipeline is ftfy 6.3.1's.
    ///
    /// ```
    /// use unmojibake::{fix_text_with, Config};
    /// let ftfy = Config::new().beyond_ftfy(false);
    /// assert_eq!(fix_text_with("浣犲ソ涓栫晫", &ftfy), "浣犲ソ涓栫晫");
    /// assert_eq!(fix_text_with("浣犲ソ涓栫晫", &Config::new()), "你好世界");
    /// ```
    #[must_use]
    pub const fn beyond_ftfy(mut self, on: bool) -> Self {
        self.fix_mixed_lines = on;
        self.fix_isolated_words = on;
        self.fix_single_byte_mixups = on;
        self.fix_cjk_mojibake = on;
        self.fix_legacy_bytes = on;
        self.fix_lone_sequences = on;
        self
    }

    /// The configuration of ftfy's `fix_encoding`: only the encoding repair
    /// and its sub-options, every other step off.
    ///
    /// ```
    /// use unmojibake::{fix_text_with, Config};
    /// assert_eq!(fix_text_with("“CafÃ©”", &Config::encoding_only()), "“Café”");
    /// ```
    pub const fn encoding_only() -> Self {
        Config::new().only_the_encoding_repair()
    }

    /// This configuration with every step but the encoding repair off: its
    /// sub-options, `fix_c1_controls` among them, stay as they are.
    pub(crate) const fn only_the_encoding_repair(self) -> Self {
        Config {
            unescape_html: HtmlUnescape::Never,
            remove_terminal_escapes: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: false,
            fix_surrogates: false,
            remove_control_chars: false,
            normalization: None,
            ..self
        }
    }
}

/// The sub-options of the encoding repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct EncodingOptions {
    pub(crate) restore_byte_a0: bool,
    pub(crate) replace_lossy_sequences: bool,
    pub(crate) decode_inconsistent_utf8: bool,
    pub(crate) fix_c1_controls: bool,
    pub(crate) fix_mixed_lines: bool,
    pub(crate) fix_isolated_words: bool,
    pub(crate) fix_single_byte_mixups: bool,
    pub(crate) fix_cjk_mojibake: bool,
    pub(crate) fix_legacy_bytes: bool,
    pub(crate) fix_lone_sequences: bool,
}

impl From<&Config> for EncodingOptions {
    fn from(config: &Config) -> Self {
        EncodingOptions {
            restore_byte_a0: config.restore_byte_a0,
            replace_lossy_sequences: config.replace_lossy_sequences,
            decode_inconsistent_utf8: config.decode_inconsistent_utf8,
            fix_c1_controls: config.fix_c1_controls,
            fix_mixed_lines: config.fix_mixed_lines,
            fix_isolated_words: config.fix_isolated_words,
            fix_single_byte_mixups: config.fix_single_byte_mixups,
            fix_cjk_mojibake: config.fix_cjk_mojibake,
            fix_legacy_bytes: config.fix_legacy_bytes,
            fix_lone_sequences: config.fix_lone_sequences,
        }
    }
}

impl EncodingOptions {
    /// Whether any repair beyond ftfy's is on.
    pub(crate) fn beyond_ftfy(&self) -> bool {
        self.fix_mixed_lines
            || self.fix_isolated_words
            || self.fix_single_byte_mixups
            || self.fix_cjk_mojibake
            || self.fix_legacy_bytes
            || self.fix_lone_sequences
    }

    /// The same options with the repairs beyond ftfy's off.
    pub(crate) fn ftfy_only(&self) -> EncodingOptions {
        EncodingOptions {
            fix_mixed_lines: false,
            fix_isolated_words: false,
            fix_single_byte_mixups: false,
            fix_cjk_mojibake: false,
            fix_legacy_bytes: false,
            fix_lone_sequences: false,
            ..*self
        }
    }
}

impl Default for EncodingOptions {
    fn default() -> Self {
        EncodingOptions::from(&Config::default())
    }
}
