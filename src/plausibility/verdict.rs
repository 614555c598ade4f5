//! The acceptance rule of the repairs beyond ftfy, on top of the detector
//! ([`is_bad`]) and the word-shape evidence ([`is_plausible`]).

use crate::badness::is_bad;
use crate::plausibility::is_plausible;

/// The acceptance rule of every repair beyond ftfy: the result shows
/// neither ftfy's badness nor any word-shape evidence or doubt.
pub(crate) fn looks_right(text: &str) -> bool {
    !is_bad(text) && is_plausible(text)
}
