//! Labelled data: sentence records and article records in JSON Lines.
//!
//! Readers report the file and line of every fault, and [`check_sentences`]
//! checks records against the annotation guide and the gazetteer (labels,
//! known actors or mention strings found in the text, valid spans, unique
//! ids) before any work is done with them.
//!
//! ```
//! use stance::data::{parse_jsonl, SentenceRecord};
//! let text = r#"{"id": "a", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#;
//! let records: Vec<(usize, SentenceRecord)> = parse_jsonl(text, "x.jsonl".as_ref()).unwrap();
//! assert_eq!(records[0].1.stance.as_str(), "accusatory");
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::actors::record::{
    resolve_record_actor, RecordActor, RecordActorKind, Span, AUTHOR, MENTION_STRING_IDS,
};
use crate::actors::{ActorId, Gazetteer, Mention, Resolver};
use crate::error::{Error, Result};
use crate::pipeline::{split_sentences, tokenize};

/// The source's stance toward the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Supportive,
    Accusatory,
    Neutral,
}

/// How the sentence portrays the target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sentiment {
    Positive,
    Negative,
    Neutral,
}

impl Stance {
    /// All stances, in output order.
    pub const ALL: [Stance; 3] = [Stance::Supportive, Stance::Accusatory, Stance::Neutral];

    /// The label as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Supportive => "supportive",
            Stance::Accusatory => "accusatory",
            Stance::Neutral => "neutral",
        }
    }

    /// Parses a label.
    pub fn parse(s: &str) -> Option<Stance> {
        Stance::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

impl Sentiment {
    /// All sentiments, in output order.
    pub const ALL: [Sentiment; 3] = [Sentiment::Positive, Sentiment::Negative, Sentiment::Neutral];

    /// The label as written in records.
    pub fn as_str(self) -> &'static str {
        match self {
            Sentiment::Positive => "positive",
            Sentiment::Negative => "negative",
            Sentiment::Neutral => "neutral",
        }
    }

    /// Parses a label.
    pub fn parse(s: &str) -> Option<Sentiment> {
        Sentiment::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One labelled sentence for one ordered pair.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceRecord {
    /// Unique id.
    pub id: String,
    /// One sentence as printed.
    pub text: String,
    /// The source actor: a canonical gazetteer name, a mention string from
    /// the text, or `<author>` (see [`crate::actors::record`]).
    pub source: String,
    /// The target actor: a canonical gazetteer name or a mention string.
    pub target: String,
    /// The source's mention as byte offsets `[start, end)` into `text`, when
    /// the record pins it (imported benchmarks do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_span: Option<Span>,
    /// The target's mention as byte offsets `[start, end)` into `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_span: Option<Span>,
    /// The source's stance toward the target.
    pub stance: Stance,
    /// How the sentence portrays the target.
    pub sentiment: Sentiment,
    /// The sentence before, when the source or target is only a pronoun or a surname in `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Hard-case tags (see the data README).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// A gold dyad of an article.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldDyad {
    pub source: String,
    pub target: String,
    pub stance: Stance,
}

/// A whole article with its gold dyads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleRecord {
    pub id: String,
    pub text: String,
    pub dyads: Vec<GoldDyad>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Reads a whole file, or standard input for `-`.
pub fn read_input(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        if path.is_dir() {
            return Err(Error::io(
                path,
                std::io::Error::other("is a directory, not a file"),
            ));
        }
        bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::io(
            path,
            std::io::Error::other(format!("not UTF-8 (invalid byte at offset {offset})")),
        )
    })
}

/// Parses JSON Lines; blank lines are skipped. Returns (line number, value).
pub fn parse_jsonl<T: DeserializeOwned>(text: &str, path: &Path) -> Result<Vec<(usize, T)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value =
            serde_json::from_str(line).map_err(|e| Error::data(path, i + 1, e.to_string()))?;
        out.push((i + 1, value));
    }
    Ok(out)
}

/// Reads a JSON Lines file (or stdin for `-`).
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<(usize, T)>> {
    parse_jsonl(&read_input(path)?, path)
}

/// Records of either kind, as found in one file.
pub enum Records {
    Sentences(Vec<(usize, SentenceRecord)>),
    Articles(Vec<(usize, ArticleRecord)>),
}

/// Reads a file of sentence records or of article records, telling them
/// apart by the first record (article records have `dyads`).
pub fn read_records(path: &Path) -> Result<Records> {
    let text = read_input(path)?;
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if first.contains("\"dyads\"") {
        Ok(Records::Articles(parse_jsonl(&text, path)?))
    } else {
        Ok(Records::Sentences(parse_jsonl(&text, path)?))
    }
}

/// Whether `actor` is mentioned in `text` (gazetteer forms, officials bound
/// in the same text included).
pub fn mentions_actor(gazetteer: &Gazetteer, text: &str, actor: &str) -> bool {
    let Some(id) = gazetteer.id(actor) else {
        return false;
    };
    let mut resolver = Resolver::new(gazetteer);
    split_sentences(text).iter().any(|s| {
        let sentence = &text[s.start..s.end];
        let found = resolver.next_sentence(sentence, &tokenize(sentence));
        found
            .mentions
            .iter()
            .chain(&found.places)
            .any(|m| m.actor == id)
    })
}

/// A record's two actors as the featurizer sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordActors {
    /// The source's id: a gazetteer id, `AUTHOR_ID`, or `MENTION_STRING_IDS`.
    pub source: ActorId,
    /// The target's id: a gazetteer id or `MENTION_STRING_IDS + 1`.
    pub target: ActorId,
    /// The mentions the record gives (spans and mention strings), in order.
    pub given: Vec<Mention>,
}

/// Resolves a record's source and target against its text (the faults
/// [`check_sentences`] reports, as one message). A record of canonical names
/// without spans gives no mentions: the gazetteer finds them, as in `predict`.
pub fn record_actors(gazetteer: &Gazetteer, r: &SentenceRecord) -> Result<RecordActors, String> {
    let source = resolve_record_actor(gazetteer, &r.text, &r.source, r.source_span)
        .map_err(|f| f.describe("source", &r.source))?;
    let target = resolve_record_actor(gazetteer, &r.text, &r.target, r.target_span)
        .map_err(|f| f.describe("target", &r.target))?;
    if target.kind == RecordActorKind::Author {
        return Err(format!(
            "the target cannot be {AUTHOR}: the author can only be a source"
        ));
    }
    if overlapping(&source.spans, &target.spans) {
        return Err("the source and target mentions overlap".into());
    }
    let (s, t) = (
        source.id(MENTION_STRING_IDS),
        target.id(MENTION_STRING_IDS + 1),
    );
    let mut given: Vec<Mention> = source.mentions(s).chain(target.mentions(t)).collect();
    given.sort_by_key(|m| (m.start, m.end));
    Ok(RecordActors {
        source: s,
        target: t,
        given,
    })
}

fn overlapping(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
    a.iter()
        .any(|&(s, e)| b.iter().any(|&(s2, e2)| s < e2 && s2 < e))
}

/// Checks sentence records against the guide; returns every fault found.
pub fn check_sentences(
    path: &Path,
    records: &[(usize, SentenceRecord)],
    gazetteer: &Gazetteer,
    seen: &mut BTreeMap<String, String>,
) -> Vec<Error> {
    let mut faults = Vec::new();
    for (line, r) in records {
        let mut bad = |m: String| faults.push(Error::data(path, *line, m));
        if r.id.trim().is_empty() {
            bad("empty id".into());
        } else if let Some(first) = seen.get(&r.id) {
            bad(format!("duplicate id {:?} (first at {first})", r.id));
        } else {
            seen.insert(r.id.clone(), format!("{}:{line}", path.display()));
        }
        if r.text.trim().is_empty() {
            bad("empty text".into());
        }
        if r.source == r.target {
            bad(format!("source and target are both {:?}", r.source));
        }
        let context = r.context.as_deref().unwrap_or("");
        let mut resolved: Vec<RecordActor> = Vec::new();
        for (role, actor, span) in [
            ("source", &r.source, r.source_span),
            ("target", &r.target, r.target_span),
        ] {
            match resolve_record_actor(gazetteer, &r.text, actor, span) {
                Err(fault) => bad(fault.describe(role, actor)),
                Ok(a) if role == "target" && a.kind == RecordActorKind::Author => bad(format!(
                    "the target cannot be {AUTHOR}: the author can only be a source"
                )),
                Ok(a) => {
                    let unpinned_canonical =
                        matches!(a.kind, RecordActorKind::Gazetteer(_)) && a.spans.is_empty();
                    if unpinned_canonical
                        && !mentions_actor(gazetteer, &r.text, actor)
                        && (r.context.is_none() || !mentions_actor(gazetteer, context, actor))
                    {
                        bad(format!(
                            "{role} {actor:?} is not mentioned in the text{}",
                            if r.context.is_some() {
                                " nor in the context"
                            } else {
                                ""
                            }
                        ));
                    }
                    resolved.push(a);
                }
            }
        }
        if let [source, target] = resolved.as_slice() {
            if overlapping(&source.spans, &target.spans) {
                bad("the source and target mentions overlap".into());
            }
        }
    }
    faults
}

/// Checks article records: ids unique, dyad actors known and mentioned.
pub fn check_articles(
    path: &Path,
    records: &[(usize, ArticleRecord)],
    gazetteer: &Gazetteer,
    seen: &mut BTreeMap<String, String>,
) -> Vec<Error> {
    let mut faults = Vec::new();
    for (line, r) in records {
        let mut bad = |m: String| faults.push(Error::data(path, *line, m));
        if let Some(first) = seen.get(&r.id) {
            bad(format!("duplicate id {:?} (first at {first})", r.id));
        } else {
            seen.insert(r.id.clone(), format!("{}:{line}", path.display()));
        }
        for d in &r.dyads {
            if d.stance == Stance::Neutral {
                bad(format!(
                    "dyad {} -> {} is neutral: neutral pairs are not listed",
                    d.source, d.target
                ));
            }
            if d.source == d.target {
                bad(format!("dyad source and target are both {:?}", d.source));
            }
            for actor in [&d.source, &d.target] {
                if gazetteer.id(actor).is_none() {
                    bad(format!("unknown actor {actor:?} in a dyad"));
                } else if !mentions_actor(gazetteer, &r.text, actor) {
                    bad(format!(
                        "dyad actor {actor:?} is not mentioned in the article"
                    ));
                }
            }
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::from_json_str(
            r#"{"Russia": ["Russia", "Russian"], "Ukraine": ["Ukraine", "Kyiv"]}"#,
        )
        .unwrap()
    }

    #[test]
    fn bad_json_names_the_line() {
        let err = parse_jsonl::<SentenceRecord>("\n{\"id\": 1}\n", "f.jsonl".as_ref()).unwrap_err();
        assert!(err.to_string().starts_with("f.jsonl:2:"), "{err}");
    }

    #[test]
    fn unknown_label_is_an_error() {
        let line = r#"{"id": "a", "text": "t", "source": "Russia", "target": "Ukraine", "stance": "hostile", "sentiment": "negative"}"#;
        let err = parse_jsonl::<SentenceRecord>(line, "f.jsonl".as_ref()).unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{err}");
    }

    #[test]
    fn check_finds_every_fault() {
        let text = [
            r#"{"id": "a", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#,
            r#"{"id": "a", "text": "Russia spoke.", "source": "Russia", "target": "Ukraine", "stance": "neutral", "sentiment": "neutral"}"#,
            r#"{"id": "b", "text": "He spoke to Kyiv.", "source": "Russia", "target": "Ukraine", "stance": "neutral", "sentiment": "neutral", "context": "A Russian envoy came."}"#,
            r#"{"id": "c", "text": "Nobody spoke.", "source": "Mars", "target": "Ukraine", "stance": "neutral", "sentiment": "neutral"}"#,
        ]
        .join("\n");
        let records = parse_jsonl::<SentenceRecord>(&text, "f.jsonl".as_ref()).unwrap();
        let faults: Vec<String> =
            check_sentences("f.jsonl".as_ref(), &records, &gaz(), &mut BTreeMap::new())
                .iter()
                .map(|e| e.to_string())
                .collect();
        assert_eq!(faults.len(), 4, "{faults:#?}");
        assert!(faults[0].starts_with("f.jsonl:2: duplicate id"));
        assert!(faults[1].starts_with("f.jsonl:2: target \"Ukraine\" is not mentioned"));
        assert!(faults[2].starts_with("f.jsonl:4: unknown source actor \"Mars\""));
        assert!(faults[3].starts_with("f.jsonl:4: target \"Ukraine\" is not mentioned"));
    }

    #[test]
    fn mention_strings_spans_and_the_author() {
        let text = [
            // Valid: a mention string found in the text, a span, the author.
            r#"{"id": "a", "text": "Senator Voss praised Kyiv.", "source": "Senator Voss", "target": "Ukraine", "stance": "supportive", "sentiment": "positive"}"#,
            r#"{"id": "b", "text": "Senator Voss praised Kyiv.", "source": "Voss", "target": "Ukraine", "source_span": [8, 12], "target_span": [21, 25], "stance": "supportive", "sentiment": "positive"}"#,
            r#"{"id": "c", "text": "Voss was praised.", "source": "<author>", "target": "Voss", "stance": "neutral", "sentiment": "positive"}"#,
            // Faults.
            r#"{"id": "d", "text": "The Russian envoy met Kyiv officials.", "source": "Russian", "target": "Ukraine", "stance": "neutral", "sentiment": "neutral"}"#,
            r#"{"id": "e", "text": "Voss spoke.", "source": "<author>", "target": "Voss", "source_span": [0, 4], "stance": "neutral", "sentiment": "neutral"}"#,
            r#"{"id": "f", "text": "Voss spoke.", "source": "Voss", "target": "<author>", "stance": "neutral", "sentiment": "neutral"}"#,
            r#"{"id": "g", "text": "Voss spoke.", "source": "Voss", "target": "Ukraine", "target_span": [2, 40], "stance": "neutral", "sentiment": "neutral"}"#,
            r#"{"id": "h", "text": "Voss Lee spoke.", "source": "Voss", "target": "Voss Lee", "stance": "neutral", "sentiment": "neutral"}"#,
        ]
        .join("\n");
        let records = parse_jsonl::<SentenceRecord>(&text, "f.jsonl".as_ref()).unwrap();
        assert_eq!(records[1].1.source_span, Some([8, 12]));
        let faults: Vec<String> =
            check_sentences("f.jsonl".as_ref(), &records, &gaz(), &mut BTreeMap::new())
                .iter()
                .map(|e| e.to_string())
                .collect();
        assert_eq!(faults.len(), 5, "{faults:#?}");
        assert!(
            faults[0].starts_with(
                "f.jsonl:4: source \"Russian\" is a form of the gazetteer actor \"Russia\""
            ),
            "{}",
            faults[0]
        );
        assert!(faults[1].starts_with("f.jsonl:5: source <author> has no mention"));
        assert!(faults[2].starts_with("f.jsonl:6: the target cannot be <author>"));
        assert!(faults[3].starts_with("f.jsonl:7: target_span [2, 40] is not a range"));
        assert!(faults[4].starts_with("f.jsonl:8: the source and target mentions overlap"));
        // What the featurizer gets.
        let g = gaz();
        let a = record_actors(&g, &records[0].1).unwrap();
        assert_eq!(
            (a.source, a.target),
            (MENTION_STRING_IDS, g.id("Ukraine").unwrap())
        );
        assert_eq!(
            (a.given.len(), a.given[0].start, a.given[0].end),
            (1, 0, 12)
        );
        let b = record_actors(&g, &records[1].1).unwrap();
        assert_eq!(b.given.len(), 2);
        assert_eq!(b.given[1].actor, g.id("Ukraine").unwrap());
        let c = record_actors(&g, &records[2].1).unwrap();
        assert_eq!(c.source, crate::actors::record::AUTHOR_ID);
        assert_eq!(c.given.len(), 1);
        // Records of canonical names give nothing: the gazetteer finds them.
        let old = r#"{"id": "z", "text": "Russia blamed Ukraine.", "source": "Russia", "target": "Ukraine", "stance": "accusatory", "sentiment": "negative"}"#;
        let old = parse_jsonl::<SentenceRecord>(old, "f.jsonl".as_ref()).unwrap();
        assert!(record_actors(&g, &old[0].1).unwrap().given.is_empty());
        assert!(!serde_json::to_string(&old[0].1).unwrap().contains("span"));
    }
}
