//! How a sentence record names its two actors.
//!
//! A record's `source` and `target` are usually canonical gazetteer names,
//! found in the text by the gazetteer and the resolver exactly as `predict`
//! finds them. Records imported from public benchmarks name actors the
//! gazetteer does not know ("Senator Voss", "the Harlow Gazette"), so a
//! name can also be:
//! - a **mention string**, any name that is not a canonical gazetteer name:
//!   the actor is exactly the span the record gives (`source_span` /
//!   `target_span`, byte offsets `[start, end)` into `text`), or, without a
//!   span, every occurrence of the name in the text on word boundaries;
//! - a canonical gazetteer name **with a span**: the gazetteer actor, with
//!   the span as one more mention of it;
//! - [`AUTHOR`] (`<author>`), as a source only: the writer, who has no
//!   mention in the text (target-dependent sentiment data such as
//!   NewsMTSC); the pair's features then hold only the target's marker.
//!
//! Given mentions ([`MentionKind::Given`]) replace the gazetteer mentions
//! they overlap: the mention string "Senator Voss of Ohio" is one actor, not
//! a person plus a state. A name that is not canonical but is a gazetteer
//! form ("Kremlin") needs a span: without one it is more likely a slip for
//! the canonical name than a new actor, and [`RecordActorFault::FormOfActor`]
//! says so.
//!
//! ```
//! use stance::actors::{Gazetteer, record::{resolve_record_actor, RecordActorKind}};
//! let g = Gazetteer::from_json_str(r#"{"Russia": ["Russia", "Kremlin"]}"#).unwrap();
//! let text = "Senator Voss praised the Kremlin.";
//! let voss = resolve_record_actor(&g, text, "Senator Voss", None).unwrap();
//! assert_eq!((voss.kind, voss.spans), (RecordActorKind::MentionString, vec![(0, 12)]));
//! let russia = resolve_record_actor(&g, text, "Russia", None).unwrap();
//! assert!(russia.spans.is_empty()); // found by the gazetteer, as in `predict`
//! assert!(resolve_record_actor(&g, text, "Kremlin", None).is_err()); // write "Russia"
//! assert!(resolve_record_actor(&g, text, "Kremlin", Some([25, 32])).is_ok());
//! ```

use super::gazetteer::{on_word_boundaries, ActorId, Gazetteer, Mention, MentionKind};

/// The implicit source with no mention in the text: the text's author.
pub const AUTHOR: &str = "<author>";

/// The author's actor id: never a gazetteer id, never mentioned.
pub const AUTHOR_ID: ActorId = ActorId::MAX;

/// The first id given to mention-string actors; gazetteer ids are below it.
pub const MENTION_STRING_IDS: ActorId = 1 << 31;

/// A byte range `[start, end)` of a record's `text`.
pub type Span = [usize; 2];

/// What a record's actor name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordActorKind {
    /// [`AUTHOR`]: no mention.
    Author,
    /// A canonical gazetteer actor.
    Gazetteer(ActorId),
    /// A mention string: an actor of this record only.
    MentionString,
}

/// One of a record's actors, resolved against its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordActor {
    pub kind: RecordActorKind,
    /// Mentions the record gives (byte ranges of the text, in order):
    /// the span, or the mention string's occurrences. Empty for a
    /// gazetteer actor without a span (the gazetteer finds it) and for the author.
    pub spans: Vec<(usize, usize)>,
}

impl RecordActor {
    /// The actor's id: the gazetteer's, [`AUTHOR_ID`], or `mention_string_id`
    /// for a mention string (the caller keeps mention-string ids distinct).
    pub fn id(&self, mention_string_id: ActorId) -> ActorId {
        match self.kind {
            RecordActorKind::Author => AUTHOR_ID,
            RecordActorKind::Gazetteer(id) => id,
            RecordActorKind::MentionString => mention_string_id,
        }
    }

    /// The given mentions, as the resolver takes them.
    pub fn mentions(&self, id: ActorId) -> impl Iterator<Item = Mention> + '_ {
        self.spans.iter().map(move |&(start, end)| Mention {
            actor: id,
            start,
            end,
            kind: MentionKind::Given,
        })
    }
}

/// Why a record's actor name cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordActorFault {
    /// [`AUTHOR`] was given a span.
    AuthorWithSpan,
    /// The span is not a usable range of the text (the reason).
    BadSpan(String),
    /// The name is a form of this gazetteer actor, not its canonical name, and has no span.
    FormOfActor(String),
    /// Not a gazetteer name, and not found in the text.
    Unknown,
}

impl RecordActorFault {
    /// The fault as a sentence about `role` ("source" or "target") named `name`.
    pub fn describe(&self, role: &str, name: &str) -> String {
        match self {
            RecordActorFault::AuthorWithSpan => {
                format!("{role} {AUTHOR} has no mention in the text: drop the {role}_span")
            }
            RecordActorFault::BadSpan(why) => format!("{role}_span {why}"),
            RecordActorFault::FormOfActor(canonical) => format!(
                "{role} {name:?} is a form of the gazetteer actor {canonical:?}: write {canonical:?}, \
                 or give a {role}_span to keep the mention string as an actor of its own"
            ),
            RecordActorFault::Unknown => format!(
                "unknown {role} actor {name:?} (not in the gazetteer, nor found in the text)"
            ),
        }
    }
}

/// Resolves one actor name of a record against the record's `text`.
pub fn resolve_record_actor(
    gazetteer: &Gazetteer,
    text: &str,
    name: &str,
    span: Option<Span>,
) -> Result<RecordActor, RecordActorFault> {
    if name == AUTHOR {
        return match span {
            Some(_) => Err(RecordActorFault::AuthorWithSpan),
            None => Ok(RecordActor {
                kind: RecordActorKind::Author,
                spans: Vec::new(),
            }),
        };
    }
    let canonical = gazetteer.id(name);
    if let Some([start, end]) = span {
        check_span(text, start, end).map_err(RecordActorFault::BadSpan)?;
        return Ok(RecordActor {
            kind: canonical.map_or(RecordActorKind::MentionString, RecordActorKind::Gazetteer),
            spans: vec![(start, end)],
        });
    }
    if let Some(id) = canonical {
        return Ok(RecordActor {
            kind: RecordActorKind::Gazetteer(id),
            spans: Vec::new(),
        });
    }
    if let [m] = gazetteer.find(name).as_slice() {
        if m.start == 0 && m.end == name.len() {
            return Err(RecordActorFault::FormOfActor(
                gazetteer.name(m.actor).to_string(),
            ));
        }
    }
    let spans = find_mention_string(text, name);
    if spans.is_empty() {
        return Err(RecordActorFault::Unknown);
    }
    Ok(RecordActor {
        kind: RecordActorKind::MentionString,
        spans,
    })
}

/// Every occurrence of `name` in `text` on word boundaries, in order.
pub fn find_mention_string(text: &str, name: &str) -> Vec<(usize, usize)> {
    if !name.chars().any(char::is_alphanumeric) {
        return Vec::new();
    }
    text.match_indices(name)
        .map(|(start, m)| (start, start + m.len()))
        .filter(|&(start, end)| on_word_boundaries(text, start, end))
        .collect()
}

/// A span must be a non-empty range of the text on character boundaries
/// that holds a letter or digit.
fn check_span(text: &str, start: usize, end: usize) -> Result<(), String> {
    if start >= end || end > text.len() {
        return Err(format!(
            "[{start}, {end}] is not a range of the text ({} bytes)",
            text.len()
        ));
    }
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!(
            "[{start}, {end}] cuts a character (offsets are bytes of the UTF-8 text)"
        ));
    }
    if !text[start..end].chars().any(char::is_alphanumeric) {
        return Err(format!(
            "[{start}, {end}] ({:?}) holds no letter or digit",
            &text[start..end]
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::from_json_str(
            r#"{"Russia": ["Russia", "Kremlin"], "Ukraine": ["Ukraine", "Kyiv"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn names_spans_and_the_author() {
        let g = gaz();
        let text = "Voss met Vossberg; Voss praised Kyiv.";
        let voss = resolve_record_actor(&g, text, "Voss", None).unwrap();
        assert_eq!(voss.spans, [(0, 4), (19, 23)]);
        let ukraine = resolve_record_actor(&g, text, "Ukraine", None).unwrap();
        assert_eq!(
            ukraine.kind,
            RecordActorKind::Gazetteer(g.id("Ukraine").unwrap())
        );
        let with_span = resolve_record_actor(&g, text, "Ukraine", Some([32, 36])).unwrap();
        assert_eq!(with_span.spans, [(32, 36)]);
        let author = resolve_record_actor(&g, text, AUTHOR, None).unwrap();
        assert_eq!(
            (author.kind, author.id(7)),
            (RecordActorKind::Author, AUTHOR_ID)
        );
        assert_eq!(voss.id(7), 7);
    }

    #[test]
    fn faults() {
        let g = gaz();
        let text = "Voss praised the Kremlin. Ünal spoke.";
        let fault = |name: &str, span| resolve_record_actor(&g, text, name, span).unwrap_err();
        assert_eq!(fault("Mars", None), RecordActorFault::Unknown);
        assert_eq!(fault("oss", None), RecordActorFault::Unknown); // not on word boundaries
        assert_eq!(
            fault("Kremlin", None),
            RecordActorFault::FormOfActor("Russia".into())
        );
        assert_eq!(
            fault(AUTHOR, Some([0, 4])),
            RecordActorFault::AuthorWithSpan
        );
        for span in [[4, 4], [0, 99], [27, 28], [24, 26]] {
            assert!(
                matches!(fault("Voss", Some(span)), RecordActorFault::BadSpan(_)),
                "{span:?}"
            );
        }
        let msg = fault("Kremlin", None).describe("source", "Kremlin");
        assert!(msg.contains("write \"Russia\""), "{msg}");
    }
}
