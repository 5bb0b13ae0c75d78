//! Tokenisation: words, acronyms, numbers and punctuation with byte offsets.
//!
//! Acronyms written with dots stay one token ("U.S." is `u.s.`, never the
//! pronoun "us"); contractions are split so that negation is visible
//! ("didn't" gives `did` and `not`); numbers become `<num>`. Tokens are
//! lowercased here; stemming happens in the next stage, which expects
//! lowercase input.
//!
//! ```
//! use stance::pipeline::tokenize;
//! let toks: Vec<String> = tokenize("The U.S. didn't say 42.").into_iter().map(|t| t.text).collect();
//! assert_eq!(toks, ["the", "u.s.", "did", "not", "say", "<num>", "."]);
//! ```

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word or an acronym.
    Word,
    /// A number (normalised to `<num>`).
    Number,
    /// One punctuation character.
    Punct,
}

/// One token of a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The normalised text: lowercased, later stemmed.
    pub text: String,
    /// Byte offset of the token in the sentence.
    pub start: usize,
    /// Byte offset one past the token's end.
    pub end: usize,
    /// What the token is.
    pub kind: TokenKind,
    /// Whether the token lies in the scope of a negation.
    pub negated: bool,
}

/// Splits a sentence into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Splits a sentence into tokens, appending to `out`.
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            if let Some(end) = acronym_end(text, i) {
                out.push(token(text, start, end, TokenKind::Word));
                i = end;
                continue;
            }
            let mut end = i;
            let mut all_digits = true;
            while end < text.len() {
                let ch = text[end..].chars().next().unwrap_or(' ');
                if ch.is_alphanumeric() {
                    all_digits &= ch.is_ascii_digit();
                    end += ch.len_utf8();
                } else if matches!(ch, '\'' | '’' | '-' | '.' | ',')
                    && next_is_alnum(text, end + ch.len_utf8())
                    && (ch != '.' && ch != ',' || all_digits)
                {
                    // Keep "Thomas-Greenfield", "Côte d'Ivoire", "3.5", "1,000"
                    // together; split "Russia's" below.
                    end += ch.len_utf8();
                } else {
                    break;
                }
            }
            push_word(text, start, end, all_digits, out);
            i = end;
            continue;
        }
        let end = i + c.len_utf8();
        out.push(Token {
            text: normalise_punct(c).to_string(),
            start: i,
            end,
            kind: TokenKind::Punct,
            negated: false,
        });
        i = end;
    }
}

fn normalise_punct(c: char) -> char {
    match c {
        '“' | '”' | '„' | '«' | '»' => '"',
        '‘' | '’' => '\'',
        '–' | '—' => '-',
        c => c,
    }
}

fn next_is_alnum(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_alphanumeric())
}

/// `U.S.`, `U.N.`, `E.U.`, `D.C.`: single letters each followed by a dot,
/// at least two of them.
fn acronym_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = start;
    let mut letters = 0;
    while i + 1 < b.len() && b[i].is_ascii_alphabetic() && b[i + 1] == b'.' {
        letters += 1;
        i += 2;
        if i < b.len() && b[i].is_ascii_alphanumeric() && !(i + 1 < b.len() && b[i + 1] == b'.') {
            // "U.Sa" is not an acronym.
            return None;
        }
    }
    (letters >= 2).then_some(i)
}

fn push_word(text: &str, start: usize, end: usize, all_digits: bool, out: &mut Vec<Token>) {
    let word = &text[start..end];
    if all_digits || word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.push(Token {
            text: "<num>".to_string(),
            start,
            end,
            kind: TokenKind::Number,
            negated: false,
        });
        return;
    }
    let lower = word.to_lowercase().replace('’', "'");
    // Possessive and contraction suffixes.
    for (suffix, second) in [
        ("n't", Some("not")),
        ("'s", None),
        ("'re", Some("are")),
        ("'ve", Some("have")),
        ("'ll", Some("will")),
        ("'d", Some("would")),
    ] {
        if lower.len() > suffix.len()
            && lower.ends_with(suffix)
            && lower.is_char_boundary(lower.len() - suffix.len())
        {
            let mut base = lower[..lower.len() - suffix.len()].to_string();
            if suffix == "n't" {
                base = match base.as_str() {
                    "wo" => "will".to_string(),
                    "ca" => "can".to_string(),
                    "sha" => "shall".to_string(),
                    _ => base,
                };
            }
            // The apostrophe may be the three-byte '’' in the original.
            let curly = word.ends_with(&suffix.replace('\'', "’"));
            let split = end - suffix.len() - if curly { 2 } else { 0 };
            if text.is_char_boundary(split) {
                out.push(Token {
                    text: base,
                    start,
                    end: split,
                    kind: TokenKind::Word,
                    negated: false,
                });
                if let Some(s) = second {
                    out.push(Token {
                        text: s.to_string(),
                        start: split,
                        end,
                        kind: TokenKind::Word,
                        negated: false,
                    });
                }
                return;
            }
        }
    }
    if lower == "cannot" {
        out.push(Token {
            text: "can".to_string(),
            start,
            end,
            kind: TokenKind::Word,
            negated: false,
        });
        out.push(Token {
            text: "not".to_string(),
            start,
            end,
            kind: TokenKind::Word,
            negated: false,
        });
        return;
    }
    out.push(Token {
        text: lower,
        start,
        end,
        kind: TokenKind::Word,
        negated: false,
    });
}

fn token(text: &str, start: usize, end: usize, kind: TokenKind) -> Token {
    Token {
        text: text[start..end].to_lowercase(),
        start,
        end,
        kind,
        negated: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tests::assert_token_texts;

    #[test]
    fn acronyms_stay_whole() {
        assert_token_texts(
            &tokenize("U.S. and U.N. and US"),
            &["u.s.", "and", "u.n.", "and", "us"],
        );
        assert_token_texts(
            &tokenize("in Washington, D.C."),
            &["in", "washington", ",", "d.c."],
        );
    }

    #[test]
    fn contractions_and_possessives() {
        assert_token_texts(
            &tokenize("Russia's envoy won't go"),
            &["russia", "envoy", "will", "not", "go"],
        );
        assert_token_texts(&tokenize("Moscow cannot"), &["moscow", "can", "not"]);
        assert_token_texts(&tokenize("Beijing’s"), &["beijing"]);
    }

    #[test]
    fn numbers_and_hyphens() {
        assert_token_texts(
            &tokenize("3.5 billion, 1,000 troops; Thomas-Greenfield"),
            &[
                "<num>",
                "billion",
                ",",
                "<num>",
                "troops",
                ";",
                "thomas-greenfield",
            ],
        );
    }

    #[test]
    fn offsets_point_into_text() {
        let text = "“Iran’s” threats—absurd, said Tehran.";
        for t in tokenize(text) {
            assert!(
                text.is_char_boundary(t.start) && text.is_char_boundary(t.end) && t.start < t.end
            );
        }
    }
}
