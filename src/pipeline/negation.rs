//! Negation scope marking.
//!
//! A negator ("not", "never", "no", "without", "nor", "refused to",
//! "declined to") marks the words after it as negated, up to the next
//! punctuation mark, contrastive conjunction, or `scope` words, so that
//! "did not condemn" does not look like "condemned" to the model.
//!
//! ```
//! use stance::pipeline::{mark_negation, tokenize};
//! let mut toks = tokenize("Cairo did not condemn Israel, but it protested.");
//! mark_negation(&mut toks, 4);
//! let negated: Vec<&str> = toks.iter().filter(|t| t.negated).map(|t| t.text.as_str()).collect();
//! assert_eq!(negated, ["condemn", "israel"]);
//! ```

use super::tokenize::{Token, TokenKind};

const NEGATORS: &[&str] = &[
    "not", "never", "no", "without", "nor", "neither", "nobody", "nothing",
];
/// Verbs that negate the verb they govern ("refused to criticise").
const NEGATING_VERBS: &[&str] = &[
    "refused",
    "refuses",
    "refuse",
    "declined",
    "declines",
    "decline",
    "declining",
    "refusing",
];
const SCOPE_BREAKERS: &[&str] = &[
    "but", "while", "although", "though", "however", "yet", "instead", "and", "whereas",
];

/// Is this (lowercase, unstemmed) word a negator?
pub fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word)
}

/// Phrases that negate what follows them.
const NEGATING_PHRASES: &[&[&str]] = &[
    &["short", "of"],
    &["refrained", "from"],
    &["refrains", "from"],
    &["refrain", "from"],
    &["yet", "to"],
    &["avoided"],
    &["avoids"],
];

/// The length of a negating phrase at the start of `tokens`, if any.
fn negating_phrase(tokens: &[Token]) -> Option<usize> {
    NEGATING_PHRASES
        .iter()
        .find(|p| p.len() <= tokens.len() && p.iter().zip(tokens).all(|(w, t)| *w == t.text))
        .map(|p| p.len())
}

/// Marks tokens in the scope of a negation. Expects lowercase, unstemmed tokens.
pub fn mark_negation(tokens: &mut [Token], scope: usize) {
    let mut remaining = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let breaks_scope = remaining > 0 && SCOPE_BREAKERS.contains(&t.text.as_str());
        if (t.kind == TokenKind::Punct && t.text != "-") || breaks_scope {
            remaining = 0;
        } else if is_negator(&t.text) {
            // "not only" does not negate.
            if tokens.get(i + 1).is_some_and(|n| n.text == "only") {
                i += 2;
                continue;
            }
            remaining = scope;
        } else if NEGATING_VERBS.contains(&t.text.as_str())
            && tokens.get(i + 1).is_some_and(|n| n.text == "to")
        {
            remaining = scope + 1;
        } else if let Some(len) = negating_phrase(&tokens[i..]) {
            // "stopped short of criticising", "refrained from", "has yet to".
            i += len;
            remaining = scope;
            continue;
        } else if remaining > 0 {
            tokens[i].negated = true;
            remaining -= 1;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tokenize;

    fn negated(text: &str) -> Vec<String> {
        let mut toks = tokenize(text);
        mark_negation(&mut toks, 4);
        toks.into_iter()
            .filter(|t| t.negated)
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn scope_ends_at_punctuation() {
        assert_eq!(
            negated("Egypt didn't blame Hamas; it blamed Israel."),
            ["blame", "hamas"]
        );
    }

    #[test]
    fn refused_to() {
        assert_eq!(
            negated("India refused to criticise Russia."),
            ["to", "criticise", "russia"]
        );
    }

    #[test]
    fn negating_phrases() {
        assert_eq!(
            negated("Japan stopped short of criticising Washington."),
            ["criticising", "washington"]
        );
        assert_eq!(
            negated("Seoul has yet to respond to Tokyo."),
            ["respond", "to", "tokyo"]
        );
    }

    #[test]
    fn not_only() {
        assert!(negated("not only Iran but Iraq").is_empty());
    }

    #[test]
    fn scope_is_bounded() {
        assert_eq!(negated("no a b c d e f"), ["a", "b", "c", "d"]);
    }
}
