//! Unicode normalization through `unicode-normalization`, borrowing when the
//! text is already in the requested form.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, is_nfd_quick, is_nfkc_quick, is_nfkd_quick};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

use crate::config::NormalizationForm;

/// Normalizes `text` to `form`, returning a borrow when it is already
/// normalized.
pub(crate) fn normalize(text: &str, form: NormalizationForm) -> Cow<'_, str> {
    // ASCII is invariant under every normalization form.
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let quick = match form {
        NormalizationForm::Nfc => is_nfc_quick(text.chars()),
        NormalizationForm::Nfd => is_nfd_quick(text.chars()),
        NormalizationForm::Nfkc => is_nfkc_quick(text.chars()),
        NormalizationForm::Nfkd => is_nfkd_quick(text.chars()),
    };
    if quick == IsNormalized::Yes {
        return Cow::Borrowed(text);
    }
    let normalized: String = match form {
        NormalizationForm::Nfc => text.nfc().collect(),
        NormalizationForm::Nfd => text.nfd().collect(),
        NormalizationForm::Nfkc => text.nfkc().collect(),
        NormalizationForm::Nfkd => text.nfkd().collect(),
    };
    if normalized == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_when_normalized() {
        assert!(matches!(
            normalize("café", NormalizationForm::Nfc),
            Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalize("abc", NormalizationForm::Nfkd),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn normalizes() {
        assert_eq!(normalize("cafe\u{301}", NormalizationForm::Nfc), "café");
        assert_eq!(normalize("café", NormalizationForm::Nfd), "cafe\u{301}");
        assert_eq!(normalize("ﬁ", NormalizationForm::Nfkc), "fi");
        assert_eq!(normalize("ﬁ", NormalizationForm::Nfc), "ﬁ");
    }
}
