//! ftfy's badness expression, run without a regex engine.
//!
//! Every alternative of [`ALTERNATIVES`] matches a short sequence of
//! characters, one piece a character (`^` aside, and one optional space),
//! so the alternatives that match at a position are found by testing their
//! pieces on the characters that follow it, in ftfy's order. The match is
//! the first alternative that matches at the leftmost position, as in
//! Python's `re` and the `regex` crate; [`count_from`] goes on after its
//! end, as `findall` does. ASCII is skipped but for the characters just
//! before a character beyond it, and only the alternatives whose first two
//! pieces take two characters side by side are tried there.
//!
//! Each piece is a bit of [`Pieces`]. A table, built once, gives the pieces
//! that take each character: two dense parts (below U+0600, and the
//! punctuation and symbols from U+2000) and a short list of the few
//! characters elsewhere. The three pieces that take most of Unicode (`\w`,
//! `.` and `[^A-Za-z]`) are tested as predicates instead. Building the
//! table costs about three hundred thousand instructions, where compiling the
//! expression with the `regex` crate cost about fifteen million (most of
//! them in Python's `\w` as a Unicode class): five milliseconds in every
//! process that met mojibake. On real garbled text it searches at the
//! compiled expression's warmed-up cost (8 MB of the negative corpus's
//! lines garbled as UTF-8 read as Windows-1252: 1,172 million instructions
//! through the CLI against 1,185 million, 15 of them compiling); the lazy
//! DFA of the compiled expression is cheaper only once it has seen the
//! same text over and over (one short garbled line fixed in a loop: a
//! third cheaper). The tests check the matcher against the compiled
//! expression.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::expression::{Atom, Syntax, ALTERNATIVES, MAX_MATCH_CHARS};

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
    #[inline]
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
    /// Bit `cp % 64` for each code point `cp` of `sparse`: most characters
    /// outside the dense tables (ideographs, emoji) are ruled out by it.
    sparse_bits: u64,
    /// For each byte that leads a character beyond ASCII in UTF-8, whether
    /// some character it leads is the first piece of an alternative: the
    /// others (those of ideographs, Hangul, emoji, most scripts) are
    /// skipped without being decoded.
    lead_starts: [bool; 256],
}

static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::build);

/// The characters a piece of the table takes; `None` for `^` and the
/// predicates.
fn piece_chars(atom: &Atom) -> Option<Box<dyn Iterator<Item = char> + '_>> {
    match atom {
        Atom::One(side) => Some(Box::new(side.chars())),
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
            sparse_bits: 0,
            lead_starts: [false; 256],
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
            let optional = |t: &&Test| matches!(t, Test::OptionalBit { .. });
            assert!(
                compiled.tests.iter().filter(optional).count() <= 1,
                "an alternative has one optional piece at most (`match_rest`)"
            );
            if !matches!(compiled.tests.get(1), Some(Test::Bit { word: SECOND, .. })) {
                matcher.second_open |= 1 << k;
            }
            matcher.alternatives.push(compiled);
        }
        matcher.sparse_bits = sparse
            .keys()
            .fold(0, |bits, &c| bits | 1 << (c as u32 % 64));
        matcher.sparse = sparse.into_iter().collect();
        let dense = (0..).zip(&matcher.dense);
        let punctuation = (PUNCTUATION..).zip(&matcher.punctuation);
        let sparse = matcher
            .sparse
            .iter()
            .map(|(c, pieces)| (*c as usize, pieces));
        for (cp, pieces) in dense.chain(punctuation).chain(sparse) {
            let lead = char::from_u32(u32::try_from(cp).unwrap_or(0))
                .and_then(|c| c.encode_utf8(&mut [0; 4]).bytes().next())
                .filter(|&b| b >= 0x80);
            if let Some(slot) = lead.and_then(|b| matcher.lead_starts.get_mut(usize::from(b))) {
                *slot |= pieces.0[FIRST] != 0;
            }
        }
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
        if self.sparse_bits >> (cp % 64) & 1 == 0 {
            return Pieces::default();
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

    /// The end in bytes of the match that starts at the character `here`
    /// of `text`, followed by `next`, if one does; `candidates` are the
    /// alternatives that may ([`Matcher::viable`]). Their second piece is
    /// not tested again when it was one of those the candidates came from;
    /// the characters after `next` are decoded only when a longer
    /// alternative needs them.
    fn match_at(
        &self,
        text: &str,
        here: Decoded,
        next: Option<Decoded>,
        candidates: u64,
    ) -> Option<usize> {
        let mut window: Option<Window> = None;
        let mut candidates = candidates;
        while candidates != 0 {
            let alternative = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let compiled = self
                .alternatives
                .get(alternative)
                .expect("a candidate is an alternative");
            if compiled.anchored && here.at != 0 {
                continue;
            }
            let tested = match self.second_open >> alternative & 1 {
                0 => 2,
                _ => 1,
            };
            let rest = compiled.tests.get(tested..).unwrap_or_default();
            if rest.is_empty() {
                let last = if tested == 2 { next? } else { here };
                return Some(last.at + last.c.len_utf8());
            }
            let window = window.get_or_insert_with(|| Window::new(text, here, next, self));
            if let Some(end) = match_rest(rest, window, tested) {
                let last = window.get(end - 1)?;
                return Some(last.at + last.c.len_utf8());
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
            let decode = |(at, c): (usize, char)| Decoded {
                c,
                at,
                pieces: self.pieces(c),
            };
            let mut here = chars.next().map(decode)?;
            loop {
                let next = chars.next().map(decode);
                let viable = self.viable(&here.pieces, next.as_ref().map(|d| &d.pieces));
                if viable != 0 {
                    if let Some(end) = self.match_at(text, here, next, viable) {
                        return Some((here.at, end));
                    }
                }
                let next = next?;
                if next.c.is_ascii() && next.at > beyond {
                    // Past the run: on to the next character beyond ASCII.
                    from = next.at;
                    break;
                }
                if next.pieces.0[FIRST] == 0 {
                    // Nothing starts at `next`: the characters after it
                    // whose lead byte starts nothing go by undecoded.
                    let after = next.at + next.c.len_utf8();
                    let skipped = self.skip_starting_nothing(bytes, after);
                    if skipped > after {
                        from = skipped;
                        break;
                    }
                }
                here = next;
            }
        }
    }
}

impl Matcher {
    /// The first byte at or after `i` (a character boundary) that is ASCII
    /// or leads a character that may start a match.
    fn skip_starting_nothing(&self, bytes: &[u8], i: usize) -> usize {
        let mut i = i;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80
                || self
                    .lead_starts
                    .get(usize::from(b))
                    .copied()
                    .unwrap_or(true)
            {
                break;
            }
            i += match b {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
        }
        i
    }
}

/// Every match holds a character beyond ASCII among its first `LEAD + 1`
/// characters (checked by a test).
const LEAD: usize = 2;

/// Whether `tests` match from the `k`th character of `window` on; the
/// index of the character after the match if so. An optional piece (an
/// alternative has one at most) is greedy: the match takes the character
/// if it fits and the rest then matches, else goes on without it.
fn match_rest(tests: &[Test], window: &mut Window, k: usize) -> Option<usize> {
    for take_optional in [true, false] {
        let mut j = k;
        let mut took = false;
        let mut matched = true;
        for &test in tests {
            let fits = window.get(j).is_some_and(|d| test.takes(d));
            if let Test::OptionalBit { .. } = test {
                if take_optional && fits {
                    (j, took) = (j + 1, true);
                }
            } else if fits {
                j += 1;
            } else {
                matched = false;
                break;
            }
        }
        if matched {
            return Some(j);
        }
        if !took {
            return None;
        }
    }
    None
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
    /// The window of `text` from its character `first`, decoded already
    /// with the one after it, `second`, if the text has one.
    fn new(
        text: &'a str,
        first: Decoded,
        second: Option<Decoded>,
        matcher: &'a Matcher,
    ) -> Window<'a> {
        let mut seen = [Decoded::default(); WINDOW];
        let mut len = 0;
        for (slot, d) in seen.iter_mut().zip(std::iter::once(first).chain(second)) {
            *slot = d;
            len += 1;
        }
        let rest_at = second.unwrap_or(first);
        let start = rest_at.at + rest_at.c.len_utf8();
        Window {
            rest: text.get(start..).unwrap_or_default().char_indices(),
            start,
            matcher,
            seen,
            len,
        }
    }

    /// The `k`th character, if the text (and the window) has one.
    #[inline]
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
            Atom::One(side) => side.chars().any(|c| c.is_ascii()),
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
                    Atom::One(side) => side.chars().any(|d| d == c),
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
