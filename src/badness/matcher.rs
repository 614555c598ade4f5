//! ftfy's badness expression, run without a regex engine.
//!
//! Every alternative of [`ALTERNATIVES`] matches a short sequence of
//! characters, one piece a character (`^` aside, and one optional space),
//! so the alternatives that match at a position are found by testing their
//! pieces on the characters that follow it, in ftfy's order. The match is
//! the first alternative that matches at the leftmost position, as in
//! Python's `re` and the `regex` crate; [`count`] goes on after its end, as
//! `findall` does.
//!
//! Each piece is a bit. A table, built once, gives the pieces that take
//! each character: a dense part below U+0600 and a sorted list of the few
//! characters above. The three pieces that take most of Unicode (`\w`, `.`
//! and `[^A-Za-z]`) are tested as predicates instead. The table costs a few
//! thousand instructions to build, where compiling the expression with the
//! `regex` crate cost about fifteen million, most of them in Python's `\w`
//! as a Unicode class: five milliseconds in every process that met
//! mojibake. The tests check the matcher against that compiled expression.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::expression::{Atom, Side, Syntax, ALTERNATIVES, MAX_MATCH_CHARS};

/// The code points below this have their pieces in a dense table.
const DENSE: usize = 0x600;

/// The code points from `PUNCTUATION` up to `PUNCTUATION + DENSE` (general
/// punctuation, currency, letterlike and mathematical symbols, box
/// drawing) have theirs in a second one.
const PUNCTUATION: usize = 0x2000;

/// The pieces that take a character: bit `b` for the piece numbered `b`.
type Pieces = u128;

/// A test of one character, compiled from a piece of an alternative.
#[derive(Clone, Copy)]
enum Test {
    /// The character is one of the piece's.
    Bit(u32),
    /// The same, for a piece that may match nothing (`\s?`, greedy).
    OptionalBit(u32),
    /// A piece that takes most of Unicode, tested on the character.
    Predicate(Syntax),
}

/// One alternative, compiled.
struct Compiled {
    /// Whether it begins with `^`.
    anchored: bool,
    /// Its pieces after `^`, one character each.
    tests: Vec<Test>,
}

/// The compiled alternatives and the table of the characters' pieces.
struct Matcher {
    alternatives: Vec<Compiled>,
    /// For each bit, the alternative whose first test it is, if any.
    first_of_bit: Vec<Option<usize>>,
    /// The bits of every alternative's first test.
    first_bits: Pieces,
    /// The first bits of the alternatives whose second test is not the
    /// next bit (a predicate, an optional piece, or none): for the others,
    /// the first bit of an alternative that can match at a character is
    /// one of those of the next character's pieces, shifted by one.
    second_not_next: Pieces,
    /// The pieces of each code point below [`DENSE`].
    dense: Vec<Pieces>,
    /// The pieces of each code point of the [`PUNCTUATION`] block.
    punctuation: Vec<Pieces>,
    /// The pieces of the few other characters that have any, sorted (a
    /// space or two, the Apple logo, two ligatures, U+FFFD).
    sparse: Vec<(char, Pieces)>,
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::build);

/// The characters of a side of a piece.
fn side_chars(side: &Side) -> impl Iterator<Item = char> + '_ {
    side.classes
        .iter()
        .flat_map(|class| class.iter())
        .chain(side.ascii.iter())
        .flat_map(|&(lo, hi)| lo..=hi)
        .chain(side.extra.chars())
}

/// The characters of Python's `\s` (every `White_Space` character is at
/// most U+3000, checked by a test).
fn py_space_chars() -> impl Iterator<Item = char> {
    ('\0'..='\u{3000}').filter(|&c| Syntax::PySpace.matches(c))
}

impl Matcher {
    fn build() -> Matcher {
        let mut dense = vec![0; DENSE];
        let mut punctuation = vec![0; DENSE];
        let mut sparse: BTreeMap<char, Pieces> = BTreeMap::new();
        let mut alternatives = Vec::with_capacity(ALTERNATIVES.len());
        let mut first_of_bit = vec![None; Pieces::BITS as usize];
        let mut first_bits = 0;
        let mut second_not_next = 0;
        let mut bit = 0u32;
        for (k, alternative) in ALTERNATIVES.iter().enumerate() {
            let mut compiled = Compiled {
                anchored: false,
                tests: Vec::with_capacity(alternative.atoms.len()),
            };
            for atom in alternative.atoms {
                let chars: Box<dyn Iterator<Item = char>> = match *atom {
                    Atom::Syntax(Syntax::Start) => {
                        assert!(compiled.tests.is_empty(), "`^` starts its alternative");
                        compiled.anchored = true;
                        continue;
                    }
                    Atom::Syntax(Syntax::PySpace | Syntax::PySpaceOptional) => {
                        Box::new(py_space_chars())
                    }
                    Atom::Syntax(syntax) => match syntax.ascii_set() {
                        Some(set) => Box::new(set.iter().flat_map(|&(lo, hi)| lo..=hi)),
                        None => {
                            compiled.tests.push(Test::Predicate(syntax));
                            continue;
                        }
                    },
                    Atom::One(ref side) => Box::new(side_chars(side)),
                };
                assert!(bit < Pieces::BITS, "the pieces fit the bits of `Pieces`");
                for c in chars {
                    let cp = c as usize;
                    let pieces = match dense.get_mut(cp) {
                        Some(pieces) => pieces,
                        None => match cp
                            .checked_sub(PUNCTUATION)
                            .and_then(|i| punctuation.get_mut(i))
                        {
                            Some(pieces) => pieces,
                            None => sparse.entry(c).or_default(),
                        },
                    };
                    *pieces |= 1 << bit;
                }
                let optional = matches!(atom, Atom::Syntax(Syntax::PySpaceOptional));
                if compiled.tests.is_empty() {
                    assert!(!optional, "no alternative starts with an optional piece");
                    if let Some(slot) = first_of_bit.get_mut(bit as usize) {
                        *slot = Some(k);
                    }
                    first_bits |= 1 << bit;
                }
                compiled.tests.push(match optional {
                    true => Test::OptionalBit(bit),
                    false => Test::Bit(bit),
                });
                bit += 1;
            }
            assert!(
                matches!(compiled.tests.first(), Some(Test::Bit(_))),
                "every alternative starts with a piece of the table"
            );
            match compiled.tests.as_slice() {
                [Test::Bit(first), Test::Bit(second), ..] => {
                    assert_eq!(*second, first + 1, "bits are numbered in order");
                }
                [Test::Bit(first), ..] => second_not_next |= 1 << first,
                _ => {}
            }
            alternatives.push(compiled);
        }
        Matcher {
            alternatives,
            first_of_bit,
            first_bits,
            second_not_next,
            dense,
            punctuation,
            sparse: sparse.into_iter().collect(),
        }
    }

    /// The pieces that take `c`.
    fn pieces(&self, c: char) -> Pieces {
        let cp = c as usize;
        if let Some(&pieces) = self.dense.get(cp) {
            return pieces;
        }
        if let Some(&pieces) = cp
            .checked_sub(PUNCTUATION)
            .and_then(|i| self.punctuation.get(i))
        {
            return pieces;
        }
        self.sparse
            .iter()
            .find(|&&(key, _)| key == c)
            .map_or(0, |&(_, pieces)| pieces)
    }

    /// The first bits of the alternatives that may match at a character
    /// whose pieces are `first`, followed by one whose pieces are `second`
    /// (0 at the end of the text).
    fn viable(&self, first: Pieces, second: Pieces) -> Pieces {
        first & self.first_bits & (second >> 1 | self.second_not_next)
    }

    /// The end of the match that starts at byte `start` of `text` (a
    /// character boundary), if one does; `first` is the character there
    /// and its pieces, `candidates` the first bits of the alternatives that
    /// may match there ([`Matcher::viable`]).
    fn match_at(
        &self,
        text: &str,
        start: usize,
        first: (char, Pieces),
        candidates: Pieces,
    ) -> Option<usize> {
        let c = first.0;
        let mut candidates = candidates;
        let mut window = Window::new(text.get(start + c.len_utf8()..)?, self, first);
        while candidates != 0 {
            let bit = candidates.trailing_zeros();
            candidates &= candidates - 1;
            let compiled = self
                .first_of_bit
                .get(bit as usize)
                .copied()
                .flatten()
                .and_then(|k| self.alternatives.get(k))
                .expect("a first bit belongs to an alternative");
            if compiled.anchored && start != 0 {
                continue;
            }
            let rest = compiled.tests.get(1..).unwrap_or_default();
            if let Some(len) = self.match_rest(rest, &mut window, 1, c.len_utf8()) {
                return Some(start + len);
            }
        }
        None
    }

    /// Whether `tests` match from the `k`th character of `window`, `len`
    /// bytes in; the match's length in bytes if so.
    fn match_rest(
        &self,
        tests: &[Test],
        window: &mut Window,
        k: usize,
        len: usize,
    ) -> Option<usize> {
        let (mut k, mut len) = (k, len);
        for (i, test) in tests.iter().enumerate() {
            match *test {
                Test::Bit(bit) => {
                    let &(_, n, pieces) = window.get(k)?;
                    if pieces >> bit & 1 == 0 {
                        return None;
                    }
                    (k, len) = (k + 1, len + n);
                }
                Test::Predicate(syntax) => {
                    let &(c, n, _) = window.get(k)?;
                    if !syntax.matches(c) {
                        return None;
                    }
                    (k, len) = (k + 1, len + n);
                }
                Test::OptionalBit(bit) => {
                    // Greedy: the character if it fits and the rest then
                    // matches, else nothing.
                    if let Some(&(_, n, pieces)) = window.get(k) {
                        let more = tests.get(i + 1..).unwrap_or_default();
                        if pieces >> bit & 1 == 1 {
                            if let Some(len) = self.match_rest(more, window, k + 1, len + n) {
                                return Some(len);
                            }
                        }
                    }
                }
            }
        }
        Some(len)
    }

    /// The first match that starts at or after byte `from` of `text` (a
    /// character boundary), as a byte range.
    ///
    /// The scan's pre-filter finds the first character at which a match
    /// can end; only the [`MAX_MATCH_CHARS`] characters that end there can
    /// start one. When none does, no match starts at or before that
    /// character (a match that started earlier would have ended earlier,
    /// where the pre-filter would have stopped), and the search goes on
    /// with the pre-filter from the next character, which sees every match
    /// after it whole.
    fn find_at(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let mut from = from;
        loop {
            let rest = text.get(from..)?;
            let dirty = from + crate::scan::first_maybe_bad(rest)?;
            let (before, after) = text.split_at_checked(dirty)?;
            let first = before
                .char_indices()
                .rev()
                .take_while(|&(i, _)| i >= from)
                .take(MAX_MATCH_CHARS - 1)
                .last()
                .map_or(dirty, |(i, _)| i);
            // Each character from `first` to `dirty`, with the next one.
            let mut chars = text
                .get(first..)?
                .char_indices()
                .map(|(i, c)| (first + i, c));
            let mut next = chars.next().map(|(i, c)| (i, c, self.pieces(c)));
            while let Some((start, c, pieces)) = next.filter(|&(i, _, _)| i <= dirty) {
                next = chars.next().map(|(i, c)| (i, c, self.pieces(c)));
                let viable = self.viable(pieces, next.map_or(0, |(_, _, p)| p));
                if viable == 0 {
                    continue;
                }
                if let Some(end) = self.match_at(text, start, (c, pieces), viable) {
                    return Some((start, end));
                }
            }
            from = dirty + after.chars().next()?.len_utf8();
        }
    }
}

/// The characters after a position, decoded as the tests reach them, with
/// their lengths in bytes and their pieces.
struct Window<'a> {
    rest: std::str::Chars<'a>,
    matcher: &'a Matcher,
    seen: [(char, usize, Pieces); MAX_MATCH_CHARS],
    len: usize,
}

impl<'a> Window<'a> {
    /// The window of the character `first` (with its pieces) and `rest`,
    /// the text after it.
    fn new(rest: &'a str, matcher: &'a Matcher, first: (char, Pieces)) -> Window<'a> {
        let mut seen = [('\0', 0, 0); MAX_MATCH_CHARS];
        if let Some(slot) = seen.first_mut() {
            *slot = (first.0, first.0.len_utf8(), first.1);
        }
        Window {
            rest: rest.chars(),
            matcher,
            seen,
            len: 1,
        }
    }

    /// The `k`th character, if the text has one.
    fn get(&mut self, k: usize) -> Option<&(char, usize, Pieces)> {
        while self.len <= k {
            let c = self.rest.next()?;
            let slot = self.seen.get_mut(self.len)?;
            *slot = (c, c.len_utf8(), self.matcher.pieces(c));
            self.len += 1;
        }
        self.seen.get(k)
    }
}

/// Whether the badness expression matches in `text` at or after byte
/// `start` (a character boundary; `^` still matches only at 0).
pub(crate) fn is_match_at(text: &str, start: usize) -> bool {
    MATCHER.find_at(text, start).is_some()
}

/// How many non-overlapping matches of the badness expression `text`
/// holds, found from left to right (Python's `findall`).
pub(crate) fn count(text: &str) -> usize {
    let matcher = &*MATCHER;
    let mut n = 0;
    let mut from = 0;
    while let Some((_, end)) = matcher.find_at(text, from) {
        n += 1;
        from = end;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::expression::tests::BADNESS_RE;
    use super::*;

    #[test]
    fn white_space_ends_at_u3000() {
        let last = (0..=0x10_FFFF)
            .rev()
            .filter_map(char::from_u32)
            .find(|c| c.is_whitespace());
        assert_eq!(last, Some('\u{3000}'));
    }

    #[test]
    fn the_table_agrees_with_the_pieces() {
        let matcher = &*MATCHER;
        let mut bit = 0;
        for alternative in &ALTERNATIVES {
            for atom in alternative.atoms {
                let takes = |c: char| match atom {
                    Atom::One(side) => side_chars(side).any(|d| d == c),
                    Atom::Syntax(syntax) => syntax.matches(c),
                };
                // Predicates and `^` have no bit.
                if let Atom::Syntax(
                    Syntax::Start | Syntax::PyWord | Syntax::NotNewline | Syntax::NotAsciiLetter,
                ) = atom
                {
                    continue;
                }
                for c in (0..0x3100)
                    .chain(0xF000..0x1_0000)
                    .filter_map(char::from_u32)
                {
                    assert_eq!(
                        matcher.pieces(c) >> bit & 1 == 1,
                        takes(c),
                        "{c:?}, piece {bit}"
                    );
                }
                bit += 1;
            }
        }
    }

    /// Matches of the compiled expression and the matcher on `text`.
    fn agree(text: &str) {
        assert_eq!(count(text), BADNESS_RE.find_iter(text).count(), "{text:?}");
        for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            assert_eq!(
                is_match_at(text, start),
                BADNESS_RE.is_match_at(text, start),
                "{text:?} from {start}"
            );
        }
    }

    #[test]
    fn agrees_with_the_expression_on_examples() {
        for text in [
            "",
            "Ã©Ã©Ã©",
            "Ã la",
            "X.\nÃ x",
            "a Ã ",
            "a\u{3000}Â ",
            "ä»²",
            "ä»\u{301}",
            "Œ1",
            "Œ\n",
            "Œuvre",
            "ГўВЂВ™s",
            "ГўВЂВ\n",
            "\u{1C}É¢",
            "ØØØØ",
            "ا ØŸØ",
            "naïve café déjà vu",
        ] {
            agree(text);
        }
    }

    #[test]
    fn agrees_with_the_expression_on_the_corpora() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "benches/data/mojibake.txt",
            "benches/data/clean_multilingual.txt",
            "benches/data/web_lines.txt",
            "benches/data/short_lines.txt",
        ] {
            let text =
                std::fs::read_to_string(root.join(file)).expect("the seed files are committed");
            for line in text.lines() {
                assert_eq!(count(line), BADNESS_RE.find_iter(line).count(), "{line:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn agrees_with_the_expression(
            chars in proptest::collection::vec(
                proptest::sample::select(super::super::expression::tests::alphabet()),
                0..16,
            )
        ) {
            let text: String = chars.into_iter().collect();
            agree(&text);
        }
    }
}
