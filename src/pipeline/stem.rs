//! Snowball stemming with `rust-stemmers`.
//!
//! Tokens are expected to be lowercased beforehand: the stemmer does not
//! lowercase. Acronyms, numbers, punctuation and marker tokens (`<num>`)
//! are left alone.
//!
//! ```
//! use stance::pipeline::Stemmer;
//! let s = Stemmer::new(rust_stemmers::Algorithm::English);
//! assert_eq!(s.stem("accused"), "accus");
//! assert_eq!(s.stem("u.s."), "u.s.");
//! ```

use std::borrow::Cow;

/// A stemmer for one language.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
}

impl Stemmer {
    /// Builds the stemmer for `algorithm`.
    pub fn new(algorithm: rust_stemmers::Algorithm) -> Stemmer {
        Stemmer {
            inner: rust_stemmers::Stemmer::create(algorithm),
        }
    }

    /// The stem of a lowercase word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if word.contains('.') || word.starts_with('<') || !word.chars().any(char::is_alphabetic) {
            return Cow::Borrowed(word);
        }
        self.inner.stem(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_pairs() {
        // Parallel word and stem lists, as in rust-stemmers' own test data.
        let words = [
            "condemned",
            "condemns",
            "criticised",
            "criticized",
            "supportive",
            "sanctions",
            "denied",
            "praising",
        ];
        let stems = [
            "condemn", "condemn", "criticis", "critic", "support", "sanction", "deni", "prais",
        ];
        let s = Stemmer::new(rust_stemmers::Algorithm::English);
        for (w, want) in words.iter().zip(stems) {
            assert_eq!(s.stem(w), want, "{w}");
        }
    }
}
