//! The mojibake detector: ftfy's `badness.py`.
//!
//! ftfy 6 classifies about 400 characters that mojibake is made of (accented
//! capitals, C1 controls, box drawing, currency and so on) and describes, as
//! one regular expression, the pairs and triples of those classes that are
//! very unlikely in real text but common when UTF-8 was decoded as a
//! single-byte charset. [`is_bad`] asks whether the expression matches
//! anywhere; [`badness()`] counts its non-overlapping matches.
//!
//! The expression is declared as data from the class tables
//! (`badness/expression.rs`). Python's `\s` and `\w` are the classes Python
//! gives them (`\w` takes `²`, the `regex` crate's does not). Every
//! alternative needs at least one non-ASCII character, so ASCII text is
//! answered without running the expression.
//!
//! The `regex` crate's compilation of it cost about fifteen million
//! instructions, five milliseconds, most of them in Python's `\w` as a
//! Unicode class: more than a process that repairs a few lines or a short
//! file spends on everything else. A matcher of its own
//! (`badness/matcher.rs`) runs it instead: its table is built in a few
//! hundred thousand instructions, and on real garbled text it searches at
//! the compiled expression's warmed-up cost (see its docs). The tests check
//! the two against each other.
//!
//! Layout: `badness/expression.rs` is the specification (ftfy's classes and
//! alternatives), `badness/matcher.rs` the matcher; this module is the
//! detector on top of them, which asks the scan's pre-filter (built from
//! the same classes) where a match can be before it runs the matcher.

use expression::MAX_MATCH_CHARS;

pub(crate) mod expression;
mod matcher;

/// Where the badness expression needs to start looking in `text`, given
/// `dirty`, the first character at which the scan's pre-filter says a
/// match may end: the whole text before it is clean,
/// so every match ends after it and starts at most
/// [`MAX_MATCH_CHARS`]` - 1` characters before it. Starting the search
/// there (where `^` still matches only at the start of the text) skips the
/// clean text before the mojibake.
fn search_start(text: &str, dirty: usize) -> usize {
    let before = text
        .get(..dirty)
        .expect("the scan stops on a character boundary");
    before
        .char_indices()
        .rev()
        .take(MAX_MATCH_CHARS - 1)
        .last()
        .map_or(dirty, |(i, _)| i)
}

/// Whether the text looks like it contains mojibake: ftfy's `is_bad`.
///
/// ```
/// use unmojibake::is_bad;
/// assert!(is_bad("CafÃ©"));
/// assert!(!is_bad("Café"));
/// assert!(!is_bad("plain ASCII"));
/// ```
pub fn is_bad(text: &str) -> bool {
    let Some(dirty) = crate::scan::first_maybe_bad(text) else {
        return false;
    };
    // Most mojibake shows a pair that is a match by itself.
    if crate::scan::whole_bad_pair_at(text, dirty) {
        return true;
    }
    matcher::is_match_at(text, search_start(text, dirty))
}

/// [`is_bad`], looking first around byte `hint`: where the pipeline's scan
/// stopped, most often right on mojibake. The pair of characters that meet
/// there is often a match by itself; otherwise the expression is looked
/// for from a few characters before it. Either finding a match settles it
/// (the scan of [`is_bad`] would go over the clean start of the line again
/// to find the same place); when neither does, [`is_bad`] decides. Any
/// `hint` gives the same answer.
pub(crate) fn is_bad_near(text: &str, hint: usize) -> bool {
    // Where the scan stopped at an ASCII byte (`&`, a control), or inside
    // a character, there is nothing to look at.
    let near = text.as_bytes().get(hint).is_some_and(|&b| b >= 0x80) && text.is_char_boundary(hint);
    if near {
        if crate::scan::whole_bad_pair_at(text, hint) {
            return true;
        }
        if matcher::is_match_at(text, search_start(text, hint)) {
            return true;
        }
    }
    is_bad(text)
}

/// How many non-overlapping mojibake patterns the text holds: ftfy's
/// `badness`.
///
/// ```
/// use unmojibake::badness;
/// assert_eq!(badness("Ã©Ã©Ã©"), 2);
/// assert_eq!(badness("résumé"), 0);
/// ```
pub fn badness(text: &str) -> usize {
    let Some(dirty) = crate::scan::first_maybe_bad(text) else {
        return 0;
    };
    matcher::count_from(text, search_start(text, dirty))
}

#[cfg(test)]
mod tests {
    use super::expression::tests::{alphabet, BADNESS_RE};
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn is_bad_agrees_with_the_expression(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            let re = &*BADNESS_RE;
            proptest::prop_assert_eq!(is_bad(&text), re.is_match(&text), "{:?}", text);
        }

        #[test]
        fn any_hint_gives_the_same_answer(
            chars in proptest::collection::vec(proptest::sample::select(alphabet()), 0..24)
        ) {
            let text: String = chars.into_iter().collect();
            let re = &*BADNESS_RE;
            let bad = re.is_match(&text);
            // Every byte offset, on a character boundary or not, and past
            // the end.
            for hint in 0..=text.len() + 1 {
                proptest::prop_assert_eq!(is_bad_near(&text, hint), bad, "{:?} {}", text, hint);
            }
        }
    }

    #[test]
    fn python_s_word_and_space_classes() {
        // `[accented][punctuation]\w`: Python's `\w` takes `²` and `½`
        // (numeric) but not a combining mark or `‿` (connector
        // punctuation), unlike the `regex` crate's.
        assert_eq!(badness("ä»²"), 1);
        assert_eq!(badness("Má»¹putu"), 1);
        assert!(is_bad("ä»½"));
        assert!(!is_bad("ä»\u{301}"));
        assert!(!is_bad("ä»‿"));
        assert!(is_bad("ä»_"));
        // `\s[upper accented][currency]`: Python's `\s` takes U+001C to
        // U+001F (the answers are ftfy 6.3.1's).
        for (text, bad) in [
            ("É¢", false),
            (" É¢", true),
            ("\u{1C}É¢", true),
            ("\u{1F}É¢", true),
            ("\u{1B}É¢", false),
            // `[a-z]\s?[ÃÂ][ ]`.
            ("a\u{1F}Ã ", true),
            ("a\u{1B}Ã ", false),
        ] {
            assert_eq!(is_bad(text), bad, "{text:?}");
        }
    }

    #[test]
    fn ftfy_examples() {
        assert_eq!(badness("Ã©Ã©Ã©"), 2);
        assert!(is_bad("\u{80}"));
        assert!(is_bad("Ã "));
        assert!(is_bad("â€™"));
        assert!(is_bad("вЂ™"));
        assert!(is_bad("Ð¿Ñ€Ð¸Ð²ÐµÑ‚"));
        assert!(!is_bad("naïve café déjà vu"));
        assert!(!is_bad("Привет, мир"));
        assert!(!is_bad("Καλημέρα κόσμε"));
        assert!(!is_bad("日本語のテキスト"));
    }

    #[test]
    fn anchored_alternative_is_start_of_text_only() {
        assert!(is_bad("Ã la"));
        // `^` is the start of the text, not of a line ("\nÃ " matches no
        // other alternative).
        assert!(!is_bad("X.\nÃ x"));
    }

    #[test]
    fn ligature_rule() {
        assert!(is_bad("Œ1"));
        assert!(!is_bad("Œuvre"));
    }
}
