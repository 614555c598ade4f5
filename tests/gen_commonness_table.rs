//! Generator and staleness check for `src/tables/commonness.rs`.
//!
//! The plausibility model (`src/plausibility/model.rs`) scores every
//! character of the Basic Multilingual Plane by how common it is in real
//! text, in four tiers: 0 common, 1 in use, 2 rare, 3 never in clean text.
//! This test computes the tiers from pinned inputs and either writes the
//! table (with `REGENERATE_TABLES=1`) or checks that the checked-in file is
//! identical to fresh output, so a stale table fails `cargo test`.
//!
//! Inputs:
//!
//! * CJK ideographs and Hangul syllables: the national character-set
//!   standards, which were drawn up by frequency of use and split into a
//!   common and a less common level, read through `encoding_rs` (the WHATWG
//!   indexes):
//!   - GB 2312 level 1 (the 3,755 most used hanzi) and level 2 (3,008), from
//!     GBK lead bytes B0–D7 and D8–F7 with trail A1–FE;
//!   - JIS X 0208 level 1 (2,965 kanji) and level 2 (3,390), from EUC-JP
//!     lead bytes B0–CF and D0–F4;
//!   - Big5's frequently used (5,401, A440–C67E) and less frequently used
//!     (7,652, C940–F9D5) hanzi;
//!   - KS X 1001's 2,350 Hangul syllables (EUC-KR lead B0–C8) and 4,888
//!     hanja (lead CA–FD, less common).
//!
//!   Tier 0 is any level-1 set, tier 1 any level-2 set; other ideographs of
//!   the main block and other Hangul syllables are tier 2; CJK Extension A
//!   and compatibility ideographs outside every set are tier 3. Kana of
//!   JIS X 0208 are tier 0, half-width katakana tier 1.
//! * Every other character: `scripts/data/character-use.txt`, the
//!   characters that CLDR's locale data and Faker's locale word lists use
//!   (generated from the `babel` and `faker` packages by
//!   `scripts/gen-character-use`). A listed character is tier
//!   0, and so is the punctuation (general category P) of Latin-1 and
//!   General Punctuation. An unlisted one is tier 1 in the punctuation and symbol blocks real
//!   text uses, tier 3 when it is a control, private use, a noncharacter,
//!   U+FFFD or unassigned (the `regex` crate's Unicode tables), else tier 2.
//!
//! * The same standards, one by one: `src/tables/cjk_tiers.bin` holds, for
//!   every kana, ideograph and Hangul syllable, its tier in each standard's
//!   text (one byte, two bits per standard: GB 2312, Big5, JIS X 0208,
//!   KS X 1001), so that the model can ask how well a word fits one
//!   language rather than all of them at once.
//! * `scripts/data/letter-pairs.txt`: the pairs of small Latin, Greek and
//!   Cyrillic letters, one of them not ASCII, that the same text writes
//!   side by side, emitted as a sorted list (`BIGRAMS`).
//!
//! * `scripts/data/latin-alphabets.txt`: the accented Latin letters each
//!   language writes, emitted as `LATIN_LETTERS` (every letter some
//!   language has, sorted) and `ALPHABETS` (one bit set over those letters
//!   per language).
//!
//! * `scripts/data/letter-trigrams.txt`: each Latin letter, and each
//!   Greek or Cyrillic letter beside a Latin one, with the letters before
//!   and after it, as real words write them. Emitted as
//!   `src/tables/letter_trigrams.bin`: sorted little-endian `u32` keys
//!   `before << 22 | letter << 10 | after`. A letter before or after is
//!   indexed 0 for the edge of a word (`_`), 1 for a letter of another
//!   script (`*`), 2–27 for `a`–`z`, then 28 + its index in
//!   `LATIN_LETTERS`; 1023 stands for any letter, so that each context is
//!   also listed as `(before, letter, any)` and `(any, letter, after)`. The
//!   letter in the middle has the same index when it is Latin, else 1024 +
//!   its offset from U+0250 (IPA, Greek, Cyrillic up to U+052F) or 2048 +
//!   its offset from U+1F00 (Greek Extended). A context with an accented
//!   letter that no alphabet has is left out (the model never finds it).
//!
//! * `scripts/data/word-trigrams.txt`: each accented Latin letter with
//!   the Latin letters before and after it inside the words of running
//!   text (no word edges), emitted as `src/tables/word_trigrams.bin` with
//!   the keys of `letter_trigrams.bin`.
//!
//! * `scripts/data/han-pairs.txt`: the pairs of CJK unified ideographs
//!   that the words of jieba's Chinese dictionary write side by side,
//!   emitted as `src/tables/han_pairs.bin`: sorted little-endian `u32` keys
//!   `first << 16 | second`.
//!
//! The test does not use the library crate: it only reads and writes files.

// A generator should stop loudly on inputs it does not expect.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashSet;
use std::fmt::Write as _;

use encoding_rs::{Encoding, BIG5, EUC_JP, EUC_KR, GBK};

const OUTPUT: &str = "src/tables/commonness.rs";
const CHARACTER_USE: &str = "scripts/data/character-use.txt";
const LETTER_PAIRS: &str = "scripts/data/letter-pairs.txt";
const ALPHABETS: &str = "scripts/data/latin-alphabets.txt";
const LETTER_TRIGRAMS: &str = "scripts/data/letter-trigrams.txt";
const TRIGRAM_OUTPUT: &str = "src/tables/letter_trigrams.bin";
const WORD_TRIGRAMS: &str = "scripts/data/word-trigrams.txt";
const WORD_TRIGRAM_OUTPUT: &str = "src/tables/word_trigrams.bin";
const HAN_PAIRS: &str = "scripts/data/han-pairs.txt";
const HAN_PAIR_OUTPUT: &str = "src/tables/han_pairs.bin";

const HEADER: &str = "// DO NOT EDIT. Generated by tests/gen_commonness_table.rs; regenerate with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`.\n";

/// Punctuation and symbol blocks of real text: an unlisted character here
/// is tier 1, not 2.
const SYMBOL_BLOCKS: [(u32, u32); 14] = [
    (0x00A0, 0x00BF), // Latin-1 punctuation and symbols
    (0x2000, 0x206F), // General Punctuation
    (0x20A0, 0x20CF), // Currency Symbols
    (0x2100, 0x218F), // Letterlike Symbols, Number Forms
    (0x2190, 0x21FF), // Arrows
    (0x2200, 0x22FF), // Mathematical Operators
    (0x2300, 0x23FF), // Miscellaneous Technical
    (0x2460, 0x24FF), // Enclosed Alphanumerics
    (0x2500, 0x25FF), // Box Drawing, Block Elements, Geometric Shapes
    (0x2600, 0x27BF), // Miscellaneous Symbols, Dingbats
    (0x3000, 0x303F), // CJK Symbols and Punctuation
    (0x3200, 0x33FF), // Enclosed CJK Letters, CJK Compatibility
    (0xFE30, 0xFE4F), // CJK Compatibility Forms
    (0xFF01, 0xFFEE), // Halfwidth and Fullwidth Forms (kana handled apart)
];

/// The code points that `encoding` decodes from lead bytes `leads` and
/// trail bytes A1–FE (or `trails`).
fn decoded(
    encoding: &'static Encoding,
    leads: std::ops::RangeInclusive<u8>,
    trails: &[std::ops::RangeInclusive<u8>],
) -> Vec<u32> {
    let mut out = Vec::new();
    for lead in leads {
        for range in trails {
            for trail in range.clone() {
                let bytes = [lead, trail];
                let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
                if had_errors {
                    continue;
                }
                let mut chars = text.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    out.push(u32::from(c));
                }
            }
        }
    }
    out
}

const A1_FE: std::ops::RangeInclusive<u8> = 0xA1..=0xFE;

/// The four standards, in the order of their tier fields in `CJK_TIERS`:
/// each one's (level 1, level 2) characters (see the module docs).
fn standards() -> [(Vec<u32>, Vec<u32>); 4] {
    let big5_trails = [0x40..=0x7E, A1_FE];
    // Big5's frequent block ends at C67E; the rest of row C6 is not hanzi.
    let hanzi = |cps: Vec<u32>| cps.into_iter().filter(|&cp| is_cjk(cp)).collect::<Vec<_>>();
    let mut jis_common = decoded(EUC_JP, 0xB0..=0xCF, &[A1_FE]);
    // Kana: JIS X 0208 rows 4 and 5.
    jis_common.extend(decoded(EUC_JP, 0xA4..=0xA5, &[A1_FE]));
    [
        (
            decoded(GBK, 0xB0..=0xD7, &[A1_FE]),
            decoded(GBK, 0xD8..=0xF7, &[A1_FE]),
        ),
        (
            hanzi(decoded(BIG5, 0xA4..=0xC6, &big5_trails)),
            hanzi(decoded(BIG5, 0xC9..=0xF9, &big5_trails)),
        ),
        (jis_common, decoded(EUC_JP, 0xD0..=0xF4, &[A1_FE])),
        (
            decoded(EUC_KR, 0xB0..=0xC8, &[A1_FE]),
            decoded(EUC_KR, 0xCA..=0xFD, &[A1_FE]),
        ),
    ]
}

/// Characters of the CJK Symbols and Punctuation and the fullwidth forms
/// blocks that a standard's symbol rows hold: the punctuation CJK text is
/// written with.
fn cjk_punctuation() -> Vec<u32> {
    let mut out = Vec::new();
    for (encoding, leads) in [
        (GBK, 0xA1..=0xA3),
        (EUC_JP, 0xA1..=0xA2),
        (EUC_KR, 0xA1..=0xA3),
    ] {
        out.extend(
            decoded(encoding, leads, &[A1_FE])
                .into_iter()
                .filter(|&cp| matches!(cp, 0x3000..=0x303F | 0xFF01..=0xFF5E)),
        );
    }
    out
}

fn is_cjk(cp: u32) -> bool {
    matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7A3)
}

fn used_characters() -> Vec<u32> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CHARACTER_USE);
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (hex, users) = line.split_once('\t').unwrap();
            assert!(users.parse::<u32>().unwrap() >= 1, "{line}");
            u32::from_str_radix(hex, 16).unwrap()
        })
        .collect()
}

fn letter_pairs() -> Vec<u32> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(LETTER_PAIRS);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut pairs: Vec<u32> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (a, b) = line.split_once(' ').unwrap();
            let (a, b) = (
                u32::from_str_radix(a, 16).unwrap(),
                u32::from_str_radix(b, 16).unwrap(),
            );
            assert!(a < 0x1_0000 && b < 0x1_0000, "{line}");
            a << 16 | b
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// The alphabets of `latin-alphabets.txt`: the sorted union of their
/// letters, and each alphabet as a bit set over that union.
fn alphabets() -> (Vec<u32>, Vec<[u64; 4]>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ALPHABETS);
    let text = std::fs::read_to_string(&path).unwrap();
    let rows: Vec<Vec<u32>> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let (_, letters) = line.split_once('\t').unwrap();
            letters
                .split(' ')
                .map(|hex| u32::from_str_radix(hex, 16).unwrap())
                .collect()
        })
        .collect();
    let mut letters: Vec<u32> = rows.iter().flatten().copied().collect();
    letters.sort_unstable();
    letters.dedup();
    assert!(letters.len() <= 256, "{} letters", letters.len());
    let mut sets: Vec<[u64; 4]> = rows
        .iter()
        .map(|row| {
            let mut set = [0u64; 4];
            for cp in row {
                let i = letters.binary_search(cp).unwrap();
                set[i / 64] |= 1 << (i % 64);
            }
            set
        })
        .collect();
    sets.sort_unstable();
    sets.dedup();
    (letters, sets)
}

fn tiers() -> Vec<u8> {
    let unassigned = regex::Regex::new(r"^[\p{Cn}\p{Co}\p{Cc}]$").expect("general categories");
    let standards = standards();
    let used = used_characters();
    let mut tiers = vec![2u8; 0x1_0000];
    for (cp, tier) in tiers.iter_mut().enumerate() {
        let cp = cp as u32;
        let c = char::from_u32(cp);
        let s = c.map(String::from).unwrap_or_default();
        let never = c.is_none()
            || unassigned.is_match(&s)
            // Noncharacters, specials, U+FFFD.
            || matches!(cp, 0xFDD0..=0xFDEF | 0xFFF0..=0xFFFF)
            // Extension A and compatibility ideographs, unless a standard
            // has them (below).
            || matches!(cp, 0x3400..=0x4DBF | 0xF900..=0xFAFF);
        let in_use = matches!(cp, 0xFF61..=0xFF9F)
            || SYMBOL_BLOCKS
                .iter()
                .any(|&(lo, hi)| (lo..=hi).contains(&cp));
        *tier = if cp < 0x80 {
            0
        } else if never {
            3
        } else if in_use {
            1
        } else {
            2
        };
    }
    // Supplementary characters are scored by range in the model.
    for &cp in used.iter().filter(|&&cp| cp < 0x1_0000) {
        let tier = &mut tiers[cp as usize];
        // The standards rank the ideographs, syllables and kana.
        if !is_cjk(cp) && !matches!(cp, 0x3040..=0x30FF | 0xFF61..=0xFF9F) {
            *tier = 0;
        }
    }
    for (common, less) in &standards {
        for &cp in less {
            tiers[cp as usize] = tiers[cp as usize].min(1);
        }
        for &cp in common {
            tiers[cp as usize] = 0;
        }
    }
    for cp in cjk_punctuation() {
        tiers[cp as usize] = 0;
    }
    // The punctuation of Latin-1 and General Punctuation (`¿`, `«`, `“`,
    // `…`): every language writes some of it, and the names and words of
    // the sources above hardly any.
    let punctuation = regex::Regex::new(r"^\p{P}$").expect("general categories");
    for cp in (0xA0..=0xBF).chain(0x2010..=0x205E) {
        let c = char::from_u32(cp).expect("no surrogates here");
        if punctuation.is_match(c.encode_utf8(&mut [0; 4])) {
            tiers[cp as usize] = 0;
        }
    }
    tiers
}

/// The ranges of kana, ideographs and Hangul syllables that `CJK_TIERS`
/// covers, one after the other. `src/plausibility/model.rs` repeats them.
const CJK_RANGES: [(u32, u32); 4] = [
    (0x3040, 0x30FF),
    (0x3400, 0x9FFF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
];
const CJK_OUTPUT: &str = "src/tables/cjk_tiers.bin";

/// For each code point of `CJK_RANGES`, its tier in each
/// standard's text (two bits each, in the order of [`standards`]): 0 level
/// 1 (and kana in Japanese), 1 level 2 (and kana elsewhere), 2 anything
/// else, 3 what no standard has.
fn cjk_tiers() -> Vec<u8> {
    let standards: Vec<(HashSet<u32>, HashSet<u32>)> = standards()
        .into_iter()
        .map(|(common, less)| (common.into_iter().collect(), less.into_iter().collect()))
        .collect();
    let mut out = Vec::new();
    for cp in CJK_RANGES.iter().flat_map(|&(lo, hi)| lo..=hi) {
        let kana = matches!(cp, 0x3040..=0x30FF);
        let mut packed = 0u8;
        for (k, (common, less)) in standards.iter().enumerate() {
            let tier = if common.contains(&cp) {
                0
            } else if less.contains(&cp) || kana {
                1
            } else if is_cjk(cp) && !matches!(cp, 0x3400..=0x4DBF | 0xF900..=0xFAFF) {
                2
            } else {
                3
            };
            packed |= tier << (2 * k);
        }
        out.push(packed);
    }
    out
}

/// The index of a letter before or after another in the keys of
/// `letter_trigrams.bin` (see the module docs), `None` for an accented
/// letter no alphabet has.
fn neighbour_index(c: char, letters: &[u32]) -> Option<u32> {
    match c {
        '_' => Some(0),
        '*' => Some(1),
        'a'..='z' => Some(u32::from(c) - u32::from('a') + 2),
        _ => letters
            .binary_search(&u32::from(c))
            .ok()
            .map(|i| 28 + u32::try_from(i).unwrap()),
    }
}

/// The index of the letter in the middle (see the module docs).
fn middle_index(c: char, letters: &[u32]) -> Option<u32> {
    match u32::from(c) {
        cp @ 0x250..=0x52F => Some(1024 + cp - 0x250),
        cp @ 0x1F00..=0x1FFF => Some(2048 + cp - 0x1F00),
        _ if c == '_' || c == '*' => panic!("{c:?} in the middle"),
        _ => neighbour_index(c, letters),
    }
}

/// `letter_trigrams.bin` (see the module docs).
fn letter_trigrams() -> Vec<u8> {
    trigram_keys(LETTER_TRIGRAMS)
}

/// `word_trigrams.bin` (see the module docs).
fn word_trigrams() -> Vec<u8> {
    trigram_keys(WORD_TRIGRAMS)
}

/// The sorted keys of a list of trigrams (see the module docs).
fn trigram_keys(source: &str) -> Vec<u8> {
    const ANY: u32 = 1023;
    let (letters, _) = alphabets();
    assert!(
        28 + letters.len() < ANY as usize,
        "letter indices need 10 bits"
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut keys: Vec<u32> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let chars: Vec<char> = line.chars().collect();
            assert_eq!(chars.len(), 3, "{line}");
            Some((
                neighbour_index(chars[0], &letters)?,
                middle_index(chars[1], &letters)?,
                neighbour_index(chars[2], &letters)?,
            ))
        })
        .flat_map(|(a, m, b)| [(a, m, b), (a, m, ANY), (ANY, m, b)])
        .map(|(a, m, b)| a << 22 | m << 10 | b)
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

/// `han_pairs.bin` (see the module docs).
fn han_pairs() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(HAN_PAIRS);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut keys: Vec<u32> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| {
            let chars: Vec<u32> = line.chars().map(u32::from).collect();
            assert!(
                chars.len() == 2 && chars.iter().all(|c| (0x4E00..=0x9FFF).contains(c)),
                "{line}"
            );
            chars[0] << 16 | chars[1]
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

fn generate() -> String {
    let tiers = tiers();
    let mut out = String::from(HEADER);
    out.push_str(
        "\n//! How common each character of the Basic Multilingual Plane is in real text, in\n\
         //! four tiers (0 common, 1 in use, 2 rare, 3 never in clean text), two bits per\n\
         //! code point, sixteen code points per word: the tier of `cp` is\n\
         //! `TIERS[cp >> 4] >> ((cp & 15) * 2) & 3`. Sources: see the generator.\n\n",
    );
    let counts = (0..4u8)
        .map(|t| tiers.iter().filter(|&&x| x == t).count())
        .collect::<Vec<_>>();
    writeln!(
        out,
        "// Code points per tier: {} / {} / {} / {}.",
        counts[0], counts[1], counts[2], counts[3]
    )
    .unwrap();
    out.push_str("pub(crate) static TIERS: [u32; 4096] = [\n");
    for row in tiers.chunks(16 * 8) {
        out.push_str("   ");
        for word in row.chunks(16) {
            let packed = word
                .iter()
                .enumerate()
                .fold(0u32, |acc, (i, &t)| acc | (u32::from(t) << (2 * i)));
            write!(out, " 0x{packed:08X},").unwrap();
        }
        out.push('\n');
    }
    out.push_str("];\n");
    let (letters, sets) = alphabets();
    out.push_str(
        "\n/// Every accented Latin letter (small) that some language's alphabet has, sorted.\n",
    );
    writeln!(
        out,
        "pub(crate) static LATIN_LETTERS: [u16; {}] = [",
        letters.len()
    )
    .unwrap();
    for row in letters.chunks(12) {
        out.push_str("   ");
        for cp in row {
            write!(out, " 0x{cp:04X},").unwrap();
        }
        out.push('\n');
    }
    out.push_str("];\n");
    out.push_str(
        "\n/// The accented letters of each language, as bit sets over `LATIN_LETTERS`\n\
         /// (bit `i` of the set is `LATIN_LETTERS[i]`); duplicates left out.\n",
    );
    writeln!(
        out,
        "pub(crate) static ALPHABETS: [[u64; 4]; {}] = [",
        sets.len()
    )
    .unwrap();
    for set in &sets {
        writeln!(
            out,
            "    [0x{:016X}, 0x{:016X}, 0x{:016X}, 0x{:016X}],",
            set[0], set[1], set[2], set[3]
        )
        .unwrap();
    }
    out.push_str("];\n");
    let bigrams = letter_pairs();
    out.push_str(
        "\n/// Pairs of small Latin, Greek and Cyrillic letters (one not ASCII) that real\n\
         /// text writes side by side, as `first << 16 | second`, sorted.\n",
    );
    writeln!(
        out,
        "pub(crate) static BIGRAMS: [u32; {}] = [",
        bigrams.len()
    )
    .unwrap();
    for row in bigrams.chunks(8) {
        out.push_str("   ");
        for pair in row {
            write!(out, " 0x{pair:08X},").unwrap();
        }
        out.push('\n');
    }
    out.push_str("];\n");
    out
}

#[test]
fn commonness_table_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(OUTPUT);
    let fresh = generate();
    let cjk_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(CJK_OUTPUT);
    let cjk = cjk_tiers();
    let trigram_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(TRIGRAM_OUTPUT);
    let trigrams = letter_trigrams();
    let word_trigram_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(WORD_TRIGRAM_OUTPUT);
    let word_trigrams = word_trigrams();
    let han_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(HAN_PAIR_OUTPUT);
    let han = han_pairs();
    if std::env::var_os("REGENERATE_TABLES").is_some_and(|v| v == "1") {
        std::fs::write(&han_path, &han).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        std::fs::write(&cjk_path, &cjk).unwrap();
        std::fs::write(&trigram_path, &trigrams).unwrap();
        std::fs::write(&word_trigram_path, &word_trigrams).unwrap();
        return;
    }
    assert!(
        std::fs::read(&han_path).unwrap_or_default() == han,
        "{HAN_PAIR_OUTPUT} is stale; regenerate it with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`"
    );
    assert!(
        std::fs::read(&trigram_path).unwrap_or_default() == trigrams,
        "{TRIGRAM_OUTPUT} is stale; regenerate it with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`"
    );
    assert!(
        std::fs::read(&word_trigram_path).unwrap_or_default() == word_trigrams,
        "{WORD_TRIGRAM_OUTPUT} is stale; regenerate it with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`"
    );
    assert!(
        std::fs::read(&cjk_path).unwrap_or_default() == cjk,
        "{CJK_OUTPUT} is stale; regenerate it with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`"
    );
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{OUTPUT} is stale; regenerate it with `REGENERATE_TABLES=1 cargo test --test gen_commonness_table`"
    );
}

#[test]
fn the_standards_have_their_documented_sizes() {
    let hanzi = |cps: Vec<u32>| cps.into_iter().filter(|&cp| is_cjk(cp)).count();
    assert_eq!(hanzi(decoded(GBK, 0xB0..=0xD7, &[A1_FE])), 3755);
    assert_eq!(hanzi(decoded(GBK, 0xD8..=0xF7, &[A1_FE])), 3008);
    assert_eq!(hanzi(decoded(EUC_KR, 0xB0..=0xC8, &[A1_FE])), 2350);
    assert_eq!(hanzi(decoded(EUC_JP, 0xB0..=0xCF, &[A1_FE])), 2965);
}
