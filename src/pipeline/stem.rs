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

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Words repeat: each thread keeps the stems it has computed, per stemmer.
/// `None` means the stem is the word itself.
const CACHE_LIMIT: usize = 1 << 18;

/// Stemmer id -> word -> stem.
type StemCache = HashMap<usize, HashMap<Box<str>, Option<Box<str>>>>;

thread_local! {
    static CACHE: RefCell<StemCache> = RefCell::new(HashMap::default());
}

static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// A stemmer for one language.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
    /// Keys this stemmer's entries in the per-thread cache.
    id: usize,
}

impl Stemmer {
    /// Builds the stemmer for `algorithm`.
    pub fn new(algorithm: rust_stemmers::Algorithm) -> Stemmer {
        Stemmer {
            inner: rust_stemmers::Stemmer::create(algorithm),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The stem of a lowercase word.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if word.contains('.') || word.starts_with('<') || !word.chars().any(char::is_alphabetic) {
            return Cow::Borrowed(word);
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            let mine = cache.entry(self.id).or_default();
            if let Some(hit) = mine.get(word) {
                return match hit {
                    Some(stem) => Cow::Owned(stem.to_string()),
                    None => Cow::Borrowed(word),
                };
            }
            let stem = self.inner.stem(word);
            if mine.len() >= CACHE_LIMIT {
                mine.clear();
            }
            let entry = match &stem {
                Cow::Owned(s) if s != word => Some(s.as_str().into()),
                Cow::Owned(_) | Cow::Borrowed(_) => None,
            };
            mine.insert(word.into(), entry);
            match stem {
                Cow::Owned(s) if s == word => Cow::Borrowed(word),
                other => other,
            }
        })
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
