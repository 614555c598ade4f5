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
//! Two engines run it, with the same answers (checked by the tests). The
//! `regex` crate's compilation of it searches fastest, but compiling it
//! costs about fifteen million instructions, five milliseconds, most of them
//! in Python's `\w` as a Unicode class: more than a process that repairs a
//! few lines or a short file spends on everything else. So a process starts
//! with a matcher of its own (`badness/matcher.rs`), whose table is built
//! in a few hundred thousand instructions but which searches mojibake at
//! two to several times the regex's cost, and compiles the regex once the matcher
//! has searched a MiB (`REGEX_AFTER`), when the regex's speed has paid for
//! its compilation.
//!
//! Layout: `badness/expression.rs` is the specification (ftfy's classes and
//! alternatives, and its regex form), `badness/matcher.rs` the matcher;
//! this module is the detector on top of them, which asks the scan's
//! pre-filter (built from the same classes) where a match can be before it
//! runs either engine.

use std::sync::atomic::{AtomicUsize, Ordering};

use expression::{BADNESS_RE, MAX_MATCH_CHARS};

pub(crate) mod expression;
mod matcher;

/// The bytes the matcher searches in a process before the regex takes over
/// (see the module docs): at the matcher's extra cost on short garbled
/// lines, about fifteen instructions a byte, one MiB of search costs what
/// compiling the regex costs.
pub(crate) const REGEX_AFTER: usize = 1 << 20;

/// The bytes the matcher has searched in this process, up to
/// [`REGEX_AFTER`].
static SEARCHED: AtomicUsize = AtomicUsize::new(0);

/// Whether the regex runs the expression: once the matcher has searched
/// [`REGEX_AFTER`] bytes. Otherwise counts `bytes` as searched.
fn regex_runs(bytes: usize) -> bool {
    // A relaxed count: threads that race past the mark only change which
    // engine answers, never the answer.
    if SEARCHED.load(Ordering::Relaxed) >= REGEX_AFTER {
        return true;
    }
    SEARCHED.fetch_add(bytes, Ordering::Relaxed);
    false
}

/// Whether the badness expression matches in `text` at or after byte
/// `start` (a character boundary; `^` still matches only at 0), by the
/// engine of the moment.
fn is_match_at(text: &str, start: usize) -> bool {
    if regex_runs(text.len().saturating_sub(start)) {
        BADNESS_RE.is_match_at(text, start)
    } else {
        matcher::is_match_at(text, start)
    }
}

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
    is_match_at(text, search_start(text, dirty))
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
        if is_match_at(text, search_start(text, hint)) {
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
    let start = search_start(text, dirty);
    if regex_runs(text.len() - start) {
        // Non-overlapping, from left to right, as `find_iter` finds them.
        let mut n = 0;
        let mut from = start;
        while let Some(found) = BADNESS_RE.find_at(text, from) {
            n += 1;
            from = found.end();
        }
        n
    } else {
        matcher::count_from(text, start)
    }
}

#[cfg(test)]
mod tests {
    use super::expression::tests::alphabet;
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
    fn the_regex_takes_over_after_a_mib() {
        // Once counted, the bytes searched stay counted: the rest of this
        // process's detector tests may run either engine (the matcher's
        // own tests call it directly), which answer alike.
        regex_runs(REGEX_AFTER);
        assert!(regex_runs(0));
        assert_eq!(badness("Ã©Ã©Ã©"), 2);
        assert!(is_bad("ä»²") && !is_bad("naïve café"));
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
