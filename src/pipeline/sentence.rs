//! Sentence splitting for news text.
//!
//! Each line is split on its own first, so a headline or a date line is a
//! sentence of its own (the annotation guide counts them), then
//! [`sentencex`] splits the line; it already knows news abbreviations such
//! as "U.S.", "Dec." and "Mr.". A dateline that opens a line ("MOSCOW —",
//! "NAIROBI (Reuters) -") is cut off the first sentence: it names a place,
//! not an actor.
//!
//! ```
//! use stance::pipeline::split_sentences;
//! let text = "MOSCOW — Russia spoke. The U.S. replied on Dec. 5.";
//! let spans: Vec<&str> = split_sentences(text).iter().map(|s| &text[s.start..s.end]).collect();
//! assert_eq!(spans, ["Russia spoke.", "The U.S. replied on Dec. 5."]);
//! ```

/// A sentence as a byte range of the text it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SentenceSpan {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

/// Lines longer than this are cut into pieces before they reach the
/// splitter, so one enormous line without punctuation cannot make any stage
/// work on megabytes at once.
const MAX_LINE_BYTES: usize = 8 * 1024;

/// Splits `text` into sentences, trimmed, never empty, in order.
pub fn split_sentences(text: &str) -> Vec<SentenceSpan> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let (a, b) = trim_range(line);
        if a == b {
            continue;
        }
        let mut from = start + a;
        let to = start + b;
        from += dateline_len(&text[from..to]);
        let mut piece_start = from;
        while piece_start < to {
            let piece_end = cut_point(text, piece_start, to);
            split_line(text, piece_start, piece_end, &mut out);
            piece_start = piece_end;
        }
    }
    out
}

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<SentenceSpan>) {
    let line = &text[from..to];
    for sentence in sentencex::segment("en", line) {
        // `segment` returns sub-slices of `line`; recover their offsets.
        let offset = sentence.as_ptr() as usize - line.as_ptr() as usize;
        let (a, b) = trim_range(sentence);
        if a < b {
            out.push(SentenceSpan {
                start: from + offset + a,
                end: from + offset + b,
            });
        }
    }
}

/// Where to end a piece of a line that starts at `from`: the whole rest when
/// it is short, else the last space before the size limit.
fn cut_point(text: &str, from: usize, to: usize) -> usize {
    if to - from <= MAX_LINE_BYTES {
        return to;
    }
    let mut limit = from + MAX_LINE_BYTES;
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    match text[from..limit].rfind(' ') {
        Some(i) if i > 0 => from + i + 1,
        _ => limit,
    }
}

fn trim_range(s: &str) -> (usize, usize) {
    let start = s.len() - s.trim_start().len();
    let end = s.trim_end().len();
    if end < start {
        (start, start)
    } else {
        (start, end)
    }
}

/// The length of a dateline at the start of `line`, including the dash and
/// the space after it, or 0. A dateline is a short run of capitals (with
/// spaces, commas, dots, slashes and a parenthesised agency) and a dash.
fn dateline_len(line: &str) -> usize {
    let mut head_limit = line.len().min(60);
    while !line.is_char_boundary(head_limit) {
        head_limit -= 1;
    }
    for dash in ["—", "–", "--", "-"] {
        let Some(pos) = line[..head_limit].find(&format!(" {dash} ")) else {
            continue;
        };
        let head = &line[..pos];
        // The place itself ("MOSCOW", "NEW DELHI") is in capitals; a region
        // or an agency may follow after a comma or in parentheses.
        let place = head.split([',', '(']).next().unwrap_or("");
        let capitals = place.chars().filter(|c| c.is_uppercase()).count();
        let place_ok = capitals >= 3
            && place
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'));
        if place_ok && !head.contains('"') {
            return pos + dash.len() + 2;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        split_sentences(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("Mr. Lee met Gen. Park in Washington, D.C. at 3 p.m. on Monday. They talked."),
            [
                "Mr. Lee met Gen. Park in Washington, D.C. at 3 p.m. on Monday.",
                "They talked."
            ]
        );
        assert_eq!(
            texts("The U.S. blamed Iran. The U.N. said nothing."),
            ["The U.S. blamed Iran.", "The U.N. said nothing."]
        );
    }

    #[test]
    fn headline_and_date_lines_are_sentences() {
        let text = "Russia backs Pyongyang\nMarch 3, 2025 | 9:30pm\nMOSCOW — Russia spoke on Thursday. It was clear.";
        assert_eq!(
            texts(text),
            [
                "Russia backs Pyongyang",
                "March 3, 2025 | 9:30pm",
                "Russia spoke on Thursday.",
                "It was clear."
            ]
        );
    }

    #[test]
    fn datelines_with_agency() {
        assert_eq!(
            texts("NAIROBI, Kenya (Wire) - Kenya said so."),
            ["Kenya said so."]
        );
        assert_eq!(
            texts("Kenya - the state - said so."),
            ["Kenya - the state - said so."]
        );
    }

    #[test]
    fn quotations_stay_whole() {
        let t = "\"These threats are reckless,\" Volkova said. She left.";
        assert_eq!(
            texts(t),
            ["\"These threats are reckless,\" Volkova said.", "She left."]
        );
    }

    #[test]
    fn long_lines_are_cut_on_spaces() {
        let text = "word ".repeat(5000);
        let spans = split_sentences(&text);
        assert!(spans.len() > 1);
        for s in &spans {
            assert!(s.end - s.start <= MAX_LINE_BYTES);
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }

    #[test]
    fn empty_text_has_no_sentences() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences(" \n\t\n ").is_empty());
    }
}
