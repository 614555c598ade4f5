//! ftfy's badness expression, run without a regex engine.
//!
//! Every alternative of [`ALTERNATIVES`] matches a short sequence of
//! characters, one piece a character (`^` aside, and one optional space),
//! so the alternatives that match at a position are found by testing their
//! pieces on the characters that follow it, in ftfy's order. The match is
//! the first alternative that matches at the leftmost position, as in
//! Python's `re` and the `regex` crate; [`count`] goes on after its end, as
//! `findall` does. Only the characters around the places where the scan's
//! pre-filter stops are looked at.
//!
//! Each piece is a bit of [`Pieces`]. A table, built once, gives the pieces
//! that take each character: two dense parts (below U+0600, and the
//! punctuation and symbols from U+2000) and a short list of the few
//! characters elsewhere. The three pieces that take most of Unicode (`\w`,
//! `.` and `[^A-Za-z]`) are tested as predicates instead. Building the
//! table costs about a hundred thousand instructions, where compiling the
//! expression with the `regex` crate cost about fifteen million (most of
//! them in Python's `\w` as a Unicode class): five milliseconds in every
//! process that met mojibake. The tests check the matcher against that
//! compiled expression.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::expression::{Atom, Side, Syntax, ALTERNATIVES, MAX_MATCH_CHARS};

/// The code points below this have their pieces in a dense table.
const DENSE: usize = 0x600;

/// The code points from `PUNCTUATION` up to `PUNCTUATION + DENSE` (general
/// punctuation, currency, letterlike and mathematical symbols, box
/// drawing) have theirs in a second one.
const PUNCTUATION: usize = 0x2000;

/// The pieces that take a character, in three words: bit `k` of the first
/// is the first piece of alternative `k`, bit `k` of the second its second
/// piece when that is one character of the table, and the third holds the
/// other pieces of the table, numbered in order. A character's first and
/// second words then tell, for two characters side by side, which
/// alternatives may match at the first ([`Matcher::viable`]).
#[derive(Clone, Copy, Default)]
struct Pieces([u64; 3]);

/// The word of the first pieces, of the second, and of the others.
const FIRST: usize = 0;
const SECOND: usize = 1;
const LATER: usize = 2;

/// A test of one character, compiled from a piece of an alternative.
#[derive(Clone, Copy)]
enum Test {
    /// The character is one of the piece's: it has `mask` in its word
    /// `word` of [`Pieces`].
    Bit { word: usize, mask: u64 },
    /// The same, for a piece that may match nothing (`\s?`, greedy).
    OptionalBit { word: usize, mask: u64 },
    /// A piece that takes most of Unicode, tested on the character.
    Predicate(Syntax),
}

impl Test {
    /// Whether the character `d` passes the test (an optional piece: takes
    /// it).
    fn takes(self, d: &Decoded) -> bool {
        match self {
            Test::Bit { word, mask } | Test::OptionalBit { word, mask } => {
                d.pieces.0.get(word).is_some_and(|&bits| bits & mask != 0)
            }
            Test::Predicate(syntax) => syntax.matches(d.c),
        }
    }
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
    /// The alternatives (bit `k` for alternative `k`) whose second piece is
    /// not one character of the table (a predicate, an optional piece, or
    /// none): the second character does not rule them out.
    second_open: u64,
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

/// The characters a piece of the table takes; `None` for `^` and the
/// predicates.
fn piece_chars(atom: &Atom) -> Option<Box<dyn Iterator<Item = char> + '_>> {
    match atom {
        Atom::One(side) => Some(Box::new(side_chars(side))),
        Atom::Syntax(syntax) => {
            let set = syntax.char_set()?;
            Some(Box::new(set.iter().flat_map(|&(lo, hi)| lo..=hi)))
        }
    }
}

impl Matcher {
    fn build() -> Matcher {
        let mut matcher = Matcher {
            alternatives: Vec::with_capacity(ALTERNATIVES.len()),
            second_open: 0,
            dense: vec![Pieces::default(); DENSE],
            punctuation: vec![Pieces::default(); DENSE],
            sparse: Vec::new(),
        };
        let mut sparse: BTreeMap<char, Pieces> = BTreeMap::new();
        let mut later = 0;
        assert!(
            ALTERNATIVES.len() <= 64,
            "an alternative is a bit of a word"
        );
        for (k, alternative) in ALTERNATIVES.iter().enumerate() {
            let mut compiled = Compiled {
                anchored: false,
                tests: Vec::with_capacity(alternative.atoms.len()),
            };
            for atom in alternative.atoms {
                if let Atom::Syntax(Syntax::Start) = atom {
                    assert!(compiled.tests.is_empty(), "`^` starts its alternative");
                    compiled.anchored = true;
                    continue;
                }
                let optional = matches!(atom, Atom::Syntax(Syntax::PySpaceOptional));
                let Some(chars) = piece_chars(atom) else {
                    // Only syntax can be a predicate.
                    if let Atom::Syntax(syntax) = atom {
                        compiled.tests.push(Test::Predicate(*syntax));
                    }
                    continue;
                };
                let (word, bit) = match compiled.tests.len() {
                    0 if !optional => (FIRST, k),
                    1 if !optional => (SECOND, k),
                    _ => {
                        later += 1;
                        (LATER, later - 1)
                    }
                };
                assert!(bit < 64, "the later pieces fit a word");
                let mask = 1u64 << bit;
                for c in chars {
                    let cp = c as usize;
                    let pieces = match matcher.dense.get_mut(cp) {
                        Some(pieces) => pieces,
                        None => match cp
                            .checked_sub(PUNCTUATION)
                            .and_then(|i| matcher.punctuation.get_mut(i))
                        {
                            Some(pieces) => pieces,
                            None => sparse.entry(c).or_default(),
                        },
                    };
                    if let Some(bits) = pieces.0.get_mut(word) {
                        *bits |= mask;
                    }
                }
                compiled.tests.push(match optional {
                    true => Test::OptionalBit { word, mask },
                    false => Test::Bit { word, mask },
                });
            }
            assert!(
                matches!(compiled.tests.first(), Some(Test::Bit { word: FIRST, .. })),
                "every alternative starts with a piece of the table"
            );
            if !matches!(compiled.tests.get(1), Some(Test::Bit { word: SECOND, .. })) {
                matcher.second_open |= 1 << k;
            }
            matcher.alternatives.push(compiled);
        }
        matcher.sparse = sparse.into_iter().collect();
        matcher
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
            .map_or(Pieces::default(), |&(_, pieces)| pieces)
    }

    /// The alternatives that may match at a character whose pieces are
    /// `first`, followed by one whose pieces are `second` (none at the end
    /// of the text).
    fn viable(&self, first: &Pieces, second: Option<&Pieces>) -> u64 {
        first.0[FIRST] & (second.map_or(0, |p| p.0[SECOND]) | self.second_open)
    }

    /// The length in characters of the match that starts at the `k`th
    /// character of `window`, if one does; `candidates` are the
    /// alternatives that may ([`Matcher::viable`]).
    fn match_at(&self, window: &mut Window, k: usize, candidates: u64) -> Option<usize> {
        let at_start = window.get(k)?.at == 0;
        let mut candidates = candidates;
        while candidates != 0 {
            let alternative = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let compiled = self
                .alternatives
                .get(alternative)
                .expect("a candidate is an alternative");
            if compiled.anchored && !at_start {
                continue;
            }
            let rest = compiled.tests.get(1..).unwrap_or_default();
            if let Some(end) = match_rest(rest, window, k + 1) {
                return Some(end - k);
            }
        }
        None
    }

    /// The first match that starts at or after byte `from` of `text` (a
    /// character boundary), as a byte range.
    ///
    /// Every match holds a character beyond ASCII among its first
    /// `LEAD + 1` characters (checked by a test), so the search skips ASCII
    /// but for the last `LEAD` characters before each character beyond it.
    /// At each character it reads, the pieces of that character and the
    /// next tell which alternatives may match there ([`Matcher::viable`]);
    /// only those are tried.
    fn find_at(&self, text: &str, from: usize) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut from = from;
        loop {
            let beyond = from + bytes.get(from..)?.iter().position(|&b| b >= 0x80)?;
            // The bytes from `from` to `beyond` are ASCII characters.
            let start = beyond.saturating_sub(LEAD).max(from);
            let mut chars = text
                .get(start..)?
                .char_indices()
                .map(|(i, c)| (start + i, c));
            let (mut at, first) = chars.next()?;
            let mut pieces = self.pieces(first);
            loop {
                let next = chars.next();
                let next_pieces = next.map(|(_, c)| self.pieces(c));
                let viable = self.viable(&pieces, next_pieces.as_ref());
                if viable != 0 {
                    let mut window = Window::new(text, at, self);
                    if let Some(n) = self.match_at(&mut window, 0, viable) {
                        let last = window.get(n - 1)?;
                        return Some((at, last.at + last.c.len_utf8()));
                    }
                }
                let (next_at, next_c) = next?;
                if next_c.is_ascii() && next_at > beyond {
                    // Past the run: on to the next character beyond ASCII.
                    from = next_at;
                    break;
                }
                (at, pieces) = (next_at, next_pieces.unwrap_or_default());
            }
        }
    }
}

/// Every match holds a character beyond ASCII among its first `LEAD + 1`
/// characters (checked by a test).
const LEAD: usize = 2;

/// Whether `tests` match from the `k`th character of `window` on; the
/// index of the character after the match if so.
fn match_rest(tests: &[Test], window: &mut Window, k: usize) -> Option<usize> {
    let mut k = k;
    for (i, &test) in tests.iter().enumerate() {
        if let Test::OptionalBit { .. } = test {
            // Greedy: the character if it fits and the rest then matches,
            // else nothing.
            let more = tests.get(i + 1..).unwrap_or_default();
            let fits = window.get(k).is_some_and(|d| test.takes(d));
            return fits
                .then(|| match_rest(more, window, k + 1))
                .flatten()
                .or_else(|| match_rest(more, window, k));
        }
        if !test.takes(window.get(k)?) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// The most characters of a window: those a match may take.
const WINDOW: usize = MAX_MATCH_CHARS;

/// A character of a window, where it starts in the text, and its pieces.
#[derive(Clone, Copy, Default)]
struct Decoded {
    c: char,
    at: usize,
    pieces: Pieces,
}

/// The characters of a text from a position on, decoded as the tests reach
/// them, at most [`WINDOW`] of them.
struct Window<'a> {
    rest: std::str::CharIndices<'a>,
    start: usize,
    matcher: &'a Matcher,
    seen: [Decoded; WINDOW],
    len: usize,
}

impl<'a> Window<'a> {
    /// The window of `text` from byte `start` (a character boundary).
    fn new(text: &'a str, start: usize, matcher: &'a Matcher) -> Window<'a> {
        Window {
            rest: text.get(start..).unwrap_or_default().char_indices(),
            start,
            matcher,
            seen: [Decoded::default(); WINDOW],
            len: 0,
        }
    }

    /// The `k`th character, if the text (and the window) has one.
    fn get(&mut self, k: usize) -> Option<&Decoded> {
        while self.len <= k {
            let (i, c) = self.rest.next()?;
            let slot = self.seen.get_mut(self.len)?;
            *slot = Decoded {
                c,
                at: self.start + i,
                pieces: self.matcher.pieces(c),
            };
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
/// holds at or after byte `start` (a character boundary), found from left
/// to right (Python's `findall`).
pub(crate) fn count_from(text: &str, start: usize) -> usize {
    let matcher = &*MATCHER;
    let mut n = 0;
    let mut from = start;
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

    /// The fewest and most characters a piece matches.
    fn width(atom: &Atom) -> (usize, usize) {
        match atom {
            Atom::Syntax(Syntax::Start) => (0, 0),
            Atom::Syntax(Syntax::PySpaceOptional) => (0, 1),
            _ => (1, 1),
        }
    }

    /// Whether a piece takes some ASCII character.
    fn takes_ascii(atom: &Atom) -> bool {
        match atom {
            Atom::Syntax(syntax) => (0..0x80u8).any(|b| syntax.matches(char::from(b))),
            Atom::One(side) => side_chars(side).any(|c| c.is_ascii()),
        }
    }

    #[test]
    fn every_match_holds_a_character_beyond_ascii_early() {
        for (k, alternative) in ALTERNATIVES.iter().enumerate() {
            // The most characters before the first piece that takes no
            // ASCII character.
            let mut before = 0;
            let found = alternative.atoms.iter().any(|atom| {
                if !takes_ascii(atom) && width(atom).0 == 1 {
                    return true;
                }
                before += width(atom).1;
                false
            });
            assert!(found && before <= LEAD, "alternative {k}: {before}");
        }
    }

    #[test]
    fn the_table_agrees_with_the_pieces() {
        let matcher = &*MATCHER;
        for (alternative, compiled) in ALTERNATIVES.iter().zip(&matcher.alternatives) {
            let atoms = alternative
                .atoms
                .iter()
                .filter(|atom| !matches!(atom, Atom::Syntax(Syntax::Start)));
            assert_eq!(atoms.clone().count(), compiled.tests.len());
            for (atom, &test) in atoms.zip(&compiled.tests) {
                let takes = |c: char| match atom {
                    Atom::One(side) => side_chars(side).any(|d| d == c),
                    Atom::Syntax(syntax) => syntax.matches(c),
                };
                for c in (0..0x3100)
                    .chain(0xF000..0x1_0000)
                    .chain(0x1_F600..0x1_F700)
                    .filter_map(char::from_u32)
                {
                    let d = Decoded {
                        c,
                        at: 0,
                        pieces: matcher.pieces(c),
                    };
                    assert_eq!(test.takes(&d), takes(c), "{c:?}");
                }
            }
        }
    }

    /// Matches of the compiled expression and the matcher on `text`.
    fn agree(text: &str) {
        assert_eq!(
            count_from(text, 0),
            BADNESS_RE.find_iter(text).count(),
            "{text:?}"
        );
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
                assert_eq!(
                    count_from(line, 0),
                    BADNESS_RE.find_iter(line).count(),
                    "{line:?}"
                );
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
