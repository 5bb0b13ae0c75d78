//! `stance import`: public benchmark formats to sentence records.
//!
//! Each format becomes [`SentenceRecord`]s whose actors are mention strings
//! with spans (see [`crate::actors::record`]) or, for PLOVER, canonical
//! gazetteer names where the coded actor is one. Structural faults (a
//! missing column, malformed quoting or JSON, an unknown label) are errors
//! naming the file and line; rows that are well formed but cannot become a
//! record (an entity with no letters, an actor not in the sentence) are
//! skipped and counted by reason in [`Imported::skipped`].
//!
//! - **directed** (Park, Pan & Joo 2021, `sentence \t Ent1 \t Ent2 \t label`,
//!   CSV-style quoting, entities in `[brackets]`): the brackets are removed
//!   from the text, each mention is cleaned (edge quotes and spaces trimmed,
//!   a word the brackets cut completed: `[Harlow Gazett]e` is "Harlow
//!   Gazette") and both directions are written: `<prefix>-<line>-pq` (p -> q)
//!   and `-qp`. Label 1 (positive p -> q) makes p -> q `supportive`, 3
//!   (negative p -> q) `accusatory`, 2 and 4 likewise for q -> p; the other
//!   direction and label 0 are `neutral`. Sentiment follows the stance
//!   (supportive -> positive, accusatory -> negative, neutral -> neutral).
//!   The tag `directed:<label>` keeps the 5-class label.
//! - **newsmtsc** (Hamborg & Donnay 2021; the original lines with
//!   `sentence_normalized` and `targets`, or the Hugging Face lines with
//!   `sentence`, `mention`, `from`, `to`, `polarity`): one record per target,
//!   `<prefix>-<line>-<k>`, source [`AUTHOR`] (the writer: no mention),
//!   stance `neutral`, the polarity as sentiment. Offsets are characters in
//!   the data and bytes in records; coreferent `further_mentions` are not
//!   used (the annotators labelled the main mention).
//! - **plover** (`derived/plover_gsr_flat.jsonl` of the PLOVER gold records):
//!   one record per source-target pair, `<prefix>-<line>-<k>`; a record with
//!   two or more sources and no target (compound actors, `SRC/TAR`) gives
//!   every ordered pair of its sources (tag `mutual`). Cooperative events
//!   (AGREE, CONSULT, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT, INVESTIGATE)
//!   are `supportive`, conflictual ones `accusatory`; sentiment follows the
//!   stance. See [`map_plover_actor`] for how actors are named.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::actors::record::{find_mention_string, AUTHOR};
use crate::actors::{ActorId, Gazetteer, Mention, MentionKind, Resolver};
use crate::data::{record_actors, SentenceRecord, Sentiment, Stance};
use crate::error::{Error, Result};
use crate::pipeline::tokenize;

/// The benchmark formats `stance import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Directed sentiment between entities (Park et al. 2021): TSV.
    Directed,
    /// NewsMTSC target-dependent sentiment (original or Hugging Face JSON Lines).
    Newsmtsc,
    /// PLOVER gold records, one JSON record per line.
    Plover,
}

impl ImportFormat {
    /// The first part of record ids.
    pub fn short_name(self) -> &'static str {
        match self {
            ImportFormat::Directed => "ds",
            ImportFormat::Newsmtsc => "mtsc",
            ImportFormat::Plover => "plover",
        }
    }
}

/// What an import produced.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    pub records: Vec<SentenceRecord>,
    /// Rows read (non-blank lines).
    pub rows: usize,
    /// Rows, targets or pairs left out, by reason (the reason names the unit).
    pub skipped: BTreeMap<&'static str, usize>,
}

impl Imported {
    fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// The one-line summary `stance import` prints on stderr.
    pub fn summary(&self, input: &str, output: &str) -> String {
        let mut line = format!(
            "imported {} records from {} rows of {input} to {output}",
            self.records.len(),
            self.rows
        );
        if self.skipped.is_empty() {
            line.push_str("; nothing skipped");
        } else {
            let total: usize = self.skipped.values().sum();
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            line.push_str(&format!("; skipped {total}: {}", reasons.join(", ")));
        }
        line
    }
}

/// The default id prefix: the format's short name and the file's stem
/// (`ds-test` for `test.txt`, `mtsc-stdin` for standard input).
pub fn default_id_prefix(format: ImportFormat, path: &Path) -> String {
    let stem = if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if stem.is_empty() {
        format.short_name().to_string()
    } else {
        format!("{}-{stem}", format.short_name())
    }
}

/// Converts a benchmark file's `text` (read from `path`, named in errors)
/// into sentence records with ids starting `id_prefix`. The gazetteer maps
/// PLOVER actors to canonical names.
pub fn import(
    format: ImportFormat,
    text: &str,
    path: &Path,
    id_prefix: &str,
    gazetteer: &Gazetteer,
) -> Result<Imported> {
    let mut out = Imported::default();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_no = i + 1;
        out.rows += 1;
        let id = |suffix: &str| format!("{id_prefix}-{line_no:06}-{suffix}");
        match format {
            ImportFormat::Directed => directed_line(line, &id, &mut out),
            ImportFormat::Newsmtsc => newsmtsc_line(line, &id, &mut out),
            ImportFormat::Plover => plover_line(line, &id, gazetteer, &mut out),
        }
        .map_err(|message| Error::data(path, line_no, message))?;
    }
    Ok(out)
}

/// The simple sentiment of a stance: supportive -> positive, accusatory -> negative.
fn sentiment_of(stance: Stance) -> Sentiment {
    match stance {
        Stance::Supportive => Sentiment::Positive,
        Stance::Accusatory => Sentiment::Negative,
        Stance::Neutral => Sentiment::Neutral,
    }
}

// ---------------------------------------------------------------- directed

fn directed_line(
    line: &str,
    id: &dyn Fn(&str) -> String,
    out: &mut Imported,
) -> std::result::Result<(), String> {
    let fields = split_tsv(line)?;
    let [sentence, e1, e2, label] = fields.as_slice() else {
        return Err(format!(
            "expected 4 tab-separated fields (sentence, entity 1, entity 2, label), found {}",
            fields.len()
        ));
    };
    let label: u8 = match label.trim() {
        l @ ("0" | "1" | "2" | "3" | "4") => l.parse().unwrap_or(0),
        other => return Err(format!("the label must be 0 to 4, found {other:?}")),
    };
    let (text, p, q) = match directed_mentions(sentence, e1, e2) {
        Ok(found) => found,
        Err(reason) => {
            out.skip(reason);
            return Ok(());
        }
    };
    let (pq, qp) = match label {
        1 => (Stance::Supportive, Stance::Neutral),
        2 => (Stance::Neutral, Stance::Supportive),
        3 => (Stance::Accusatory, Stance::Neutral),
        4 => (Stance::Neutral, Stance::Accusatory),
        _ => (Stance::Neutral, Stance::Neutral),
    };
    for (suffix, (s, t), stance) in [("pq", (p, q), pq), ("qp", (q, p), qp)] {
        out.records.push(SentenceRecord {
            id: id(suffix),
            text: text.clone(),
            source: text[s.0..s.1].to_string(),
            target: text[t.0..t.1].to_string(),
            source_span: Some([s.0, s.1]),
            target_span: Some([t.0, t.1]),
            stance,
            sentiment: sentiment_of(stance),
            context: None,
            tags: vec![format!("directed:{label}")],
        });
    }
    Ok(())
}

/// Splits a TSV line whose fields may be quoted CSV-style: a field that
/// starts with `"` runs to the next `"` not doubled, and `""` inside it is
/// one quote (what `pandas.read_csv(sep="\t")` reads).
fn split_tsv(line: &str) -> std::result::Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut rest = line;
    loop {
        if let Some(body) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut i = 0;
            let after = loop {
                let Some(j) = body[i..].find('"') else {
                    return Err(format!(
                        "field {} opens a quote that is never closed",
                        fields.len() + 1
                    ));
                };
                field.push_str(&body[i..i + j]);
                let k = i + j + 1;
                if body[k..].starts_with('"') {
                    field.push('"');
                    i = k + 1;
                } else {
                    break &body[k..];
                }
            };
            fields.push(field);
            if after.is_empty() {
                return Ok(fields);
            }
            match after.strip_prefix('\t') {
                Some(r) => rest = r,
                None => {
                    return Err(format!(
                        "text after the closing quote of field {}",
                        fields.len()
                    ))
                }
            }
        } else {
            match rest.find('\t') {
                Some(j) => {
                    fields.push(rest[..j].to_string());
                    rest = &rest[j + 1..];
                }
                None => {
                    fields.push(rest.to_string());
                    return Ok(fields);
                }
            }
        }
    }
}

/// A byte range `(start, end)` of a text.
type ByteRange = (usize, usize);

/// The sentence without the two entities' brackets, and the entities'
/// cleaned spans in it. The entity columns say which bracket pair is p and
/// which is q.
fn directed_mentions(
    sentence: &str,
    e1: &str,
    e2: &str,
) -> std::result::Result<(String, ByteRange, ByteRange), &'static str> {
    // Bracket pairs: '[' ... ']' with no bracket between.
    let mut pairs = Vec::new();
    let mut open = None;
    for (i, c) in sentence.char_indices() {
        match c {
            '[' => open = Some(i),
            ']' => {
                if let Some(o) = open.take() {
                    pairs.push((o, i));
                }
            }
            _ => {}
        }
    }
    let content = |&(o, c): &(usize, usize)| trim_mention(&sentence[o + 1..c]);
    let (e1, e2) = (trim_mention(e1), trim_mention(e2));
    let p = pairs.iter().position(|b| content(b) == e1);
    let q = pairs
        .iter()
        .enumerate()
        .position(|(k, b)| Some(k) != p && content(b) == e2);
    let (Some(p), Some(q)) = (p, q) else {
        return Err("rows whose entities are not bracketed in the sentence");
    };
    let (p, q) = (pairs[p], pairs[q]);
    let mut removed = [p.0, p.1, q.0, q.1];
    removed.sort_unstable();
    let mut text = String::with_capacity(sentence.len());
    let mut from = 0;
    for &r in &removed {
        text.push_str(&sentence[from..r]);
        from = r + 1; // brackets are one byte
    }
    text.push_str(&sentence[from..]);
    let shift = |x: usize| x - removed.iter().filter(|&&r| r < x).count();
    let span = |(o, c): (usize, usize)| clean_span(&text, shift(o + 1), shift(c));
    let (Some(sp), Some(sq)) = (span(p), span(q)) else {
        return Err("rows with an entity that has no letters or digits");
    };
    if sp.0 < sq.1 && sq.0 < sp.1 {
        return Err("rows whose entities overlap");
    }
    if text[sp.0..sp.1] == text[sq.0..sq.1] {
        return Err("rows whose two entities are the same string");
    }
    Ok((text, sp, sq))
}

// ---------------------------------------------------------------- mentions

/// The closing quotes or brackets of an opening one.
fn closers(c: char) -> Option<&'static [char]> {
    Some(match c {
        '“' => &['”'],
        '‘' => &['’'],
        '„' => &['“', '”'],
        '‚' => &['‘', '’'],
        '«' => &['»'],
        '(' => &[')'],
        '[' => &[']'],
        '{' => &['}'],
        _ => return None,
    })
}

/// The opening quotes or brackets of a closing one.
fn openers(c: char) -> Option<&'static [char]> {
    Some(match c {
        '”' => &['“', '„'],
        '’' => &['‘', '‚'],
        '»' => &['«'],
        ')' => &['('],
        ']' => &['['],
        '}' => &['{'],
        _ => return None,
    })
}

/// Whether `c`, the first (`at_start`) or last character of `span`, is junk
/// to trim: a space, clause punctuation, or a quote or bracket left
/// unbalanced ("\" Voss", "Varga’", "(Aside ..."), but not a quote
/// that pairs with one inside ("“Old Harry” Lindqvist"). The period of
/// "U.S." or "Jr." is kept.
fn is_edge_junk(c: char, span: &str, at_start: bool) -> bool {
    if c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—') {
        return true;
    }
    if matches!(c, '"' | '\'' | '`' | '‟' | '‛') {
        return span.matches(c).count() % 2 == 1;
    }
    match (closers(c), openers(c)) {
        (Some(close), _) => !at_start || !span.contains(close),
        (_, Some(open)) => at_start || !span.contains(open),
        _ => false,
    }
}

/// The byte range of `s` left after trimming junk from both edges and
/// unwrapping enclosing quotes ("\"Mayor Brandt\"").
fn trim_edges(s: &str) -> (usize, usize) {
    let (mut a, mut b) = (0, s.len());
    loop {
        let span = &s[a..b];
        // A mention wrapped in one pair of quotes or brackets: unwrap it.
        let mut ends = span.chars();
        if let (Some(first), Some(last)) = (ends.next(), ends.next_back()) {
            let inner = ends.as_str();
            let pair = matches!(first, '"' | '\'' | '`') && first == last && !inner.contains(first)
                || closers(first).is_some_and(|c| c.contains(&last) && !inner.contains(c));
            if pair {
                a += first.len_utf8();
                b -= last.len_utf8();
                continue;
            }
        }
        if let Some(c) = span.chars().next().filter(|&c| is_edge_junk(c, span, true)) {
            a += c.len_utf8();
        } else if let Some(c) = span
            .chars()
            .next_back()
            .filter(|&c| is_edge_junk(c, span, false))
        {
            b -= c.len_utf8();
        } else {
            return (a, b);
        }
    }
}

fn trim_mention(s: &str) -> &str {
    let (a, b) = trim_edges(s);
    &s[a..b]
}

/// Trims junk from the edges of `text[start..end]`, then completes a word
/// the span cuts (`[Harlow Gazett]e`). `None` when no letter or digit is left.
fn clean_span(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let (a, b) = trim_edges(&text[start..end]);
    let (mut s, mut e) = (start + a, start + b);
    if !text[s..e].chars().any(char::is_alphanumeric) {
        return None;
    }
    if text[s..e].starts_with(char::is_alphanumeric) {
        while let Some(c) = text[..s]
            .chars()
            .next_back()
            .filter(|c| c.is_alphanumeric())
        {
            s -= c.len_utf8();
        }
    }
    if text[s..e].ends_with(char::is_alphanumeric) {
        while let Some(c) = text[e..].chars().next().filter(|c| c.is_alphanumeric()) {
            e += c.len_utf8();
        }
    }
    Some((s, e))
}

// ---------------------------------------------------------------- NewsMTSC

/// A NewsMTSC line: original (`sentence_normalized`, `targets`) or Hugging
/// Face flat (`sentence`, `mention`, `from`, `to`, `polarity`).
#[derive(Deserialize)]
struct MtscLine {
    sentence_normalized: Option<String>,
    targets: Option<Vec<MtscTarget>>,
    sentence: Option<String>,
    mention: Option<String>,
    from: Option<usize>,
    to: Option<usize>,
    polarity: Option<f64>,
}

#[derive(Deserialize)]
struct MtscTarget {
    from: usize,
    to: usize,
    mention: String,
    polarity: f64,
}

fn newsmtsc_line(
    line: &str,
    id: &dyn Fn(&str) -> String,
    out: &mut Imported,
) -> std::result::Result<(), String> {
    let parsed: MtscLine = serde_json::from_str(line).map_err(|e| e.to_string())?;
    // (sentence, targets, whether polarity is the Hugging Face -1/0/1)
    let (sentence, targets, hf) =
        match parsed {
            MtscLine {
                sentence_normalized: Some(s),
                targets: Some(t),
                ..
            } => (s, t, false),
            MtscLine {
                sentence: Some(s),
                mention: Some(mention),
                from: Some(from),
                to: Some(to),
                polarity: Some(polarity),
                ..
            } => (
                s,
                vec![MtscTarget {
                    from,
                    to,
                    mention,
                    polarity,
                }],
                true,
            ),
            _ => return Err(
                "neither a NewsMTSC line (sentence_normalized, targets) nor a Hugging Face one \
                 (sentence, mention, from, to, polarity)"
                    .into(),
            ),
        };
    for (k, t) in targets.iter().enumerate() {
        let sentiment = match (hf, t.polarity) {
            (false, 2.0) => Sentiment::Negative,
            (false, 4.0) => Sentiment::Neutral,
            (false, 6.0) => Sentiment::Positive,
            (true, -1.0) => Sentiment::Negative,
            (true, 0.0) => Sentiment::Neutral,
            (true, 1.0) => Sentiment::Positive,
            (false, p) => {
                return Err(format!(
                    "target {}: polarity must be 2.0, 4.0 or 6.0, found {p}",
                    k + 1
                ))
            }
            (true, p) => {
                return Err(format!(
                    "polarity must be -1, 0 or 1 in a Hugging Face line, found {p}"
                ))
            }
        };
        let Some((s, e)) = locate_target(&sentence, t) else {
            out.skip("targets whose mention is not at its offsets");
            continue;
        };
        let Some((s, e)) = clean_span(&sentence, s, e) else {
            out.skip("targets whose mention has no letters or digits");
            continue;
        };
        out.records.push(SentenceRecord {
            id: id(&(k + 1).to_string()),
            text: sentence.clone(),
            source: AUTHOR.to_string(),
            target: sentence[s..e].to_string(),
            source_span: None,
            target_span: Some([s, e]),
            stance: Stance::Neutral,
            sentiment,
            context: None,
            tags: Vec::new(),
        });
    }
    Ok(())
}

/// The target's byte range: its character offsets, or else the occurrence
/// of its mention nearest to them.
fn locate_target(sentence: &str, t: &MtscTarget) -> Option<(usize, usize)> {
    let byte = |chars: usize| -> Option<usize> {
        sentence
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(sentence.len()))
            .nth(chars)
    };
    let from = byte(t.from);
    if let (Some(s), Some(e)) = (from, byte(t.to)) {
        if s < e && sentence[s..e] == t.mention {
            return Some((s, e));
        }
    }
    if t.mention.is_empty() {
        return None;
    }
    let near = from.unwrap_or(0);
    sentence
        .match_indices(t.mention.as_str())
        .map(|(s, m)| (s, s + m.len()))
        .min_by_key(|&(s, _)| s.abs_diff(near))
}

// ---------------------------------------------------------------- PLOVER

#[derive(Deserialize)]
struct PloverRecord {
    id: String,
    text: String,
    #[serde(default)]
    source: Vec<PloverActor>,
    #[serde(default)]
    target: Vec<PloverActor>,
    event: String,
}

/// A PLOVER actor: its text in the sentence, a country (ISO 3166 alpha-3)
/// or type code (`IGO`, `NGO`, ...), and a sector (`GOV`, `MIL`, `REB`, ...).
#[derive(Clone, Debug, Deserialize)]
pub struct PloverActor {
    #[serde(alias = "actorText")]
    pub text: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub sector: String,
}

/// Cooperative PLOVER events (verbal and material cooperation).
const COOPERATIVE: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "INVESTIGATE",
];
/// Conflictual PLOVER events (verbal and material conflict; FIGHT is the
/// v0.5 name of what became part of ASSAULT).
const CONFLICTUAL: &[&str] = &[
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "SANCTION",
    "PROTEST",
    "CRIME",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
];

fn plover_line(
    line: &str,
    id: &dyn Fn(&str) -> String,
    gazetteer: &Gazetteer,
    out: &mut Imported,
) -> std::result::Result<(), String> {
    if line.trim_start().starts_with('[') {
        return Err(
            "a JSON array (the original PLOVER_GSR_CAMEO.txt?): import the one-record-per-line \
             flattening, derived/plover_gsr_flat.jsonl"
                .into(),
        );
    }
    let r: PloverRecord = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let stance = if COOPERATIVE.contains(&r.event.as_str()) {
        Stance::Supportive
    } else if CONFLICTUAL.contains(&r.event.as_str()) {
        Stance::Accusatory
    } else {
        out.skip("rows whose event is not a PLOVER event category (DOCUMENT)");
        return Ok(());
    };
    let mutual = r.target.is_empty() && r.source.len() >= 2;
    let pairs: Vec<(&PloverActor, &PloverActor)> = if mutual {
        r.source
            .iter()
            .enumerate()
            .flat_map(|(i, a)| {
                r.source
                    .iter()
                    .enumerate()
                    .filter(move |(j, _)| *j != i)
                    .map(move |(_, b)| (a, b))
            })
            .collect()
    } else {
        r.source
            .iter()
            .flat_map(|a| r.target.iter().map(move |b| (a, b)))
            .collect()
    };
    if pairs.is_empty() {
        out.skip(if r.source.is_empty() {
            "rows without a source actor"
        } else {
            "rows without a target actor"
        });
        return Ok(());
    }
    let found = Resolver::new(gazetteer).next_sentence(&r.text, &tokenize(&r.text));
    let first_of_row = out.records.len();
    for (k, (a, b)) in pairs.into_iter().enumerate() {
        let mapped = (
            map_plover_actor(gazetteer, &r.text, &found.mentions, a),
            map_plover_actor(gazetteer, &r.text, &found.mentions, b),
        );
        let (Some(mut s), Some(mut t)) = mapped else {
            out.skip("pairs with an actor not found in the sentence");
            continue;
        };
        if s.canonical.is_some() && s.canonical == t.canonical {
            // Two agents of one state ("Palestinian Islamic Jihad" and
            // "Palestinian"): keep them apart as mention strings when both are in the text.
            if s.span.is_none() || t.span.is_none() {
                out.skip("pairs whose source and target are one gazetteer actor");
                continue;
            }
            s.canonical = None;
            t.canonical = None;
        }
        let name = |m: &MappedActor| match (m.canonical, m.span) {
            (Some(id), _) => gazetteer.name(id).to_string(),
            (None, Some((x, y))) => r.text[x..y].to_string(),
            (None, None) => String::new(),
        };
        let span = |m: &MappedActor| match m.canonical {
            Some(_) => None,
            None => m.span.map(|(x, y)| [x, y]),
        };
        let mut tags = vec![format!("plover:{}", r.id), format!("event:{}", r.event)];
        if mutual {
            tags.push("mutual".to_string());
        }
        let record = SentenceRecord {
            id: id(&(k + 1).to_string()),
            text: r.text.clone(),
            source: name(&s),
            target: name(&t),
            source_span: span(&s),
            target_span: span(&t),
            stance,
            sentiment: sentiment_of(stance),
            context: None,
            tags,
        };
        if record.source == record.target {
            out.skip("pairs whose source and target are the same string");
            continue;
        }
        let same_pair = |o: &SentenceRecord| {
            (&o.source, o.source_span, &o.target, o.target_span)
                == (
                    &record.source,
                    record.source_span,
                    &record.target,
                    record.target_span,
                )
        };
        if out.records[first_of_row..].iter().any(same_pair) {
            out.skip("pairs that repeat an earlier pair of their row");
            continue;
        }
        match located(gazetteer, &record) {
            Ok(true) => out.records.push(record),
            Ok(false) => out.skip("pairs where one actor's only mention lies inside the other's"),
            Err(_) => out.skip("pairs whose mentions overlap"),
        }
    }
    Ok(())
}

/// A PLOVER actor named for a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MappedActor {
    /// The gazetteer actor it is, when it is one.
    pub canonical: Option<ActorId>,
    /// Its text's byte range in the sentence, when found there literally.
    pub span: Option<(usize, usize)>,
}

/// Names a PLOVER actor. Its text (spaces collapsed; for an elided text
/// such as "Chilean ... diplomats", its first piece found) is looked up in
/// the sentence on word boundaries. Then, with `mentions` the gazetteer's
/// mentions in the sentence:
/// 1. a text that is exactly one gazetteer mention ("Hamas", "Tokyo") is that
///    actor, unless it is a state other than the coded one ("Juba" coded SDN);
/// 2. a state agent (sector empty, GOV, MIL, COP, SPY, LEG or JUD) whose
///    text mentions its coded country ("Israeli army", "Kenyan foreign
///    ministry") is the country;
/// 3. an actor coded with no country (`IGO`, `NGO`, ...) whose text names
///    exactly one non-state gazetteer actor ("U.N. refugee
///    envoys") is that actor;
/// 4. any other text found in the sentence is a mention string ("Iraqi
///    Kurds", "Afghan rebels": not the state);
/// 5. a text not found literally ("Chilean frigates" in "Chilean and Peruvian
///    frigates") is its coded country when a state agent and the country is
///    mentioned; with no country code ("United Nations monitors and medics"),
///    the one gazetteer actor its text names when the sentence mentions it;
///    else it cannot be mapped (`None`).
pub fn map_plover_actor(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    actor: &PloverActor,
) -> Option<MappedActor> {
    let clean = actor.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut candidates = vec![clean.clone()];
    if clean.contains("..") {
        candidates.extend(
            clean
                .replace("...", "..")
                .split("..")
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
        );
    }
    let span = candidates.iter().find_map(|c| {
        // The first occurrence that is not part of a longer gazetteer mention
        // ("Palestinian" in "Palestinian Islamic Jihad"), else the first.
        let found = find_mention_string(text, c);
        let (s, e) = found
            .iter()
            .copied()
            .find(|&(s, e)| {
                !mentions
                    .iter()
                    .any(|m| m.start <= s && e <= m.end && m.end - m.start > e - s)
            })
            .or_else(|| found.first().copied())?;
        let (a, b) = trim_edges(&text[s..e]);
        (a < b).then_some((s + a, s + b))
    });
    let country = country_id(gazetteer, &actor.code);
    let sector = actor.sector.get(..3).unwrap_or(&actor.sector);
    let state_agent = matches!(sector, "" | "GOV" | "MIL" | "COP" | "SPY" | "LEG" | "JUD");
    let named = |m: &&Mention| m.kind != MentionKind::Carried;
    let in_sentence = |id: ActorId| mentions.iter().filter(named).any(|m| m.actor == id);
    let canonical = |id| {
        Some(MappedActor {
            canonical: Some(id),
            span,
        })
    };
    if let Some((s, e)) = span {
        let inside: Vec<&Mention> = mentions
            .iter()
            .filter(named)
            .filter(|m| m.start >= s && m.end <= e)
            .collect();
        if let [m] = inside.as_slice() {
            // The code wins over a state the text names otherwise ("Juba" coded SDN).
            let other_state =
                country.is_some_and(|c| m.actor != c && gazetteer.entry(m.actor).kind == "state");
            if m.start == s && m.end == e && !other_state {
                return canonical(m.actor);
            }
        }
        if let Some(c) = country {
            if state_agent && inside.iter().any(|m| m.actor == c) {
                return canonical(c);
            }
        } else {
            let mut others: Vec<ActorId> = inside
                .iter()
                .map(|m| m.actor)
                .filter(|&a| gazetteer.entry(a).kind != "state")
                .collect();
            others.sort_unstable();
            others.dedup();
            if let [one] = others.as_slice() {
                return canonical(*one);
            }
        }
        return Some(MappedActor {
            canonical: None,
            span,
        });
    }
    if let Some(c) = country.filter(|&c| state_agent && in_sentence(c)) {
        return canonical(c);
    }
    if country.is_some() {
        return None;
    }
    let mut named_actors: Vec<ActorId> = gazetteer.find(&clean).iter().map(|m| m.actor).collect();
    named_actors.sort_unstable();
    named_actors.dedup();
    match named_actors.as_slice() {
        [one] if in_sentence(*one) => canonical(*one),
        _ => None,
    }
}

/// Whether both of a record's actors have a mention once its given
/// mentions are in place (`Err` when its actors do not resolve).
fn located(gazetteer: &Gazetteer, record: &SentenceRecord) -> std::result::Result<bool, String> {
    let actors = record_actors(gazetteer, record)?;
    let found = Resolver::new(gazetteer).next_sentence_with(
        &record.text,
        &tokenize(&record.text),
        &actors.given,
    );
    let has = |id| found.mentions.iter().any(|m| m.actor == id);
    Ok(has(actors.source) && has(actors.target))
}

/// The gazetteer actor of a country code.
fn country_id(gazetteer: &Gazetteer, code: &str) -> Option<ActorId> {
    COUNTRY_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, name)| gazetteer.id(name))
}

/// ISO 3166-1 alpha-3 codes (and the codes the CAMEO/PLOVER data uses
/// instead: `JAP`, `ITL`; `XKX` for Kosovo) of the gazetteer's states.
pub const COUNTRY_CODES: &[(&str, &str)] = &[
    ("AFG", "Afghanistan"),
    ("AGO", "Angola"),
    ("ALB", "Albania"),
    ("AND", "Andorra"),
    ("ARE", "United Arab Emirates"),
    ("ARG", "Argentina"),
    ("ARM", "Armenia"),
    ("ATG", "Antigua and Barbuda"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("AZE", "Azerbaijan"),
    ("BDI", "Burundi"),
    ("BEL", "Belgium"),
    ("BEN", "Benin"),
    ("BFA", "Burkina Faso"),
    ("BGD", "Bangladesh"),
    ("BGR", "Bulgaria"),
    ("BHR", "Bahrain"),
    ("BHS", "Bahamas"),
    ("BIH", "Bosnia and Herzegovina"),
    ("BLR", "Belarus"),
    ("BLZ", "Belize"),
    ("BOL", "Bolivia"),
    ("BRA", "Brazil"),
    ("BRB", "Barbados"),
    ("BRN", "Brunei"),
    ("BTN", "Bhutan"),
    ("BWA", "Botswana"),
    ("CAF", "Central African Republic"),
    ("CAN", "Canada"),
    ("CHE", "Switzerland"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("CIV", "Ivory Coast"),
    ("CMR", "Cameroon"),
    ("COD", "Democratic Republic of Congo"),
    ("COG", "Republic of Congo"),
    ("COK", "Cook Islands"),
    ("COL", "Colombia"),
    ("COM", "Comoros"),
    ("CPV", "Cape Verde"),
    ("CRI", "Costa Rica"),
    ("CUB", "Cuba"),
    ("CYP", "Cyprus"),
    ("CZE", "Czech Republic"),
    ("DEU", "Germany"),
    ("DJI", "Djibouti"),
    ("DMA", "Dominica"),
    ("DNK", "Denmark"),
    ("DOM", "Dominican Republic"),
    ("DZA", "Algeria"),
    ("ECU", "Ecuador"),
    ("EGY", "Egypt"),
    ("ERI", "Eritrea"),
    ("ESP", "Spain"),
    ("EST", "Estonia"),
    ("ETH", "Ethiopia"),
    ("FIN", "Finland"),
    ("FJI", "Fiji"),
    ("FRA", "France"),
    ("FRO", "Faroe Islands"),
    ("FSM", "Micronesia"),
    ("GAB", "Gabon"),
    ("GBR", "United Kingdom"),
    ("GEO", "Georgia"),
    ("GHA", "Ghana"),
    ("GIN", "Guinea"),
    ("GMB", "Gambia"),
    ("GNB", "Guinea-Bissau"),
    ("GNQ", "Equatorial Guinea"),
    ("GRC", "Greece"),
    ("GRD", "Grenada"),
    ("GRL", "Greenland"),
    ("GTM", "Guatemala"),
    ("GUY", "Guyana"),
    ("HND", "Honduras"),
    ("HRV", "Croatia"),
    ("HTI", "Haiti"),
    ("HUN", "Hungary"),
    ("IDN", "Indonesia"),
    ("IND", "India"),
    ("IRL", "Ireland"),
    ("IRN", "Iran"),
    ("IRQ", "Iraq"),
    ("ISL", "Iceland"),
    ("ISR", "Israel"),
    ("ITA", "Italy"),
    ("ITL", "Italy"),
    ("JAM", "Jamaica"),
    ("JAP", "Japan"),
    ("JOR", "Jordan"),
    ("JPN", "Japan"),
    ("KAZ", "Kazakhstan"),
    ("KEN", "Kenya"),
    ("KGZ", "Kyrgyzstan"),
    ("KHM", "Cambodia"),
    ("KIR", "Kiribati"),
    ("KNA", "Saint Kitts and Nevis"),
    ("KOR", "South Korea"),
    ("KWT", "Kuwait"),
    ("LAO", "Laos"),
    ("LBN", "Lebanon"),
    ("LBR", "Liberia"),
    ("LBY", "Libya"),
    ("LCA", "Saint Lucia"),
    ("LIE", "Liechtenstein"),
    ("LKA", "Sri Lanka"),
    ("LSO", "Lesotho"),
    ("LTU", "Lithuania"),
    ("LUX", "Luxembourg"),
    ("LVA", "Latvia"),
    ("MAR", "Morocco"),
    ("MCO", "Monaco"),
    ("MDA", "Moldova"),
    ("MDG", "Madagascar"),
    ("MDV", "Maldives"),
    ("MEX", "Mexico"),
    ("MHL", "Marshall Islands"),
    ("MKD", "North Macedonia"),
    ("MLI", "Mali"),
    ("MLT", "Malta"),
    ("MMR", "Myanmar"),
    ("MNE", "Montenegro"),
    ("MNG", "Mongolia"),
    ("MOZ", "Mozambique"),
    ("MRT", "Mauritania"),
    ("MUS", "Mauritius"),
    ("MWI", "Malawi"),
    ("MYS", "Malaysia"),
    ("NAM", "Namibia"),
    ("NER", "Niger"),
    ("NGA", "Nigeria"),
    ("NIC", "Nicaragua"),
    ("NLD", "Netherlands"),
    ("NOR", "Norway"),
    ("NPL", "Nepal"),
    ("NRU", "Nauru"),
    ("NZL", "New Zealand"),
    ("OMN", "Oman"),
    ("PAK", "Pakistan"),
    ("PAN", "Panama"),
    ("PER", "Peru"),
    ("PHL", "Philippines"),
    ("PLW", "Palau"),
    ("PNG", "Papua New Guinea"),
    ("POL", "Poland"),
    ("PRK", "North Korea"),
    ("PRT", "Portugal"),
    ("PRY", "Paraguay"),
    ("PSE", "Palestine"),
    ("QAT", "Qatar"),
    ("ROU", "Romania"),
    ("RUS", "Russia"),
    ("RWA", "Rwanda"),
    ("SAU", "Saudi Arabia"),
    ("SDN", "Sudan"),
    ("SEN", "Senegal"),
    ("SGP", "Singapore"),
    ("SLB", "Solomon Islands"),
    ("SLE", "Sierra Leone"),
    ("SLV", "El Salvador"),
    ("SMR", "San Marino"),
    ("SOM", "Somalia"),
    ("SRB", "Serbia"),
    ("SSD", "South Sudan"),
    ("STP", "Sao Tome and Principe"),
    ("SUR", "Suriname"),
    ("SVK", "Slovakia"),
    ("SVN", "Slovenia"),
    ("SWE", "Sweden"),
    ("SWZ", "Eswatini"),
    ("SYC", "Seychelles"),
    ("SYR", "Syria"),
    ("TCD", "Chad"),
    ("TGO", "Togo"),
    ("THA", "Thailand"),
    ("TJK", "Tajikistan"),
    ("TKM", "Turkmenistan"),
    ("TLS", "East Timor"),
    ("TON", "Tonga"),
    ("TTO", "Trinidad and Tobago"),
    ("TUN", "Tunisia"),
    ("TUR", "Turkey"),
    ("TUV", "Tuvalu"),
    ("TWN", "Taiwan"),
    ("TZA", "Tanzania"),
    ("UGA", "Uganda"),
    ("UKR", "Ukraine"),
    ("URY", "Uruguay"),
    ("USA", "United States"),
    ("UZB", "Uzbekistan"),
    ("VAT", "Holy See"),
    ("VCT", "Saint Vincent and the Grenadines"),
    ("VEN", "Venezuela"),
    ("VNM", "Vietnam"),
    ("VUT", "Vanuatu"),
    ("WSM", "Samoa"),
    ("XKX", "Kosovo"),
    ("YEM", "Yemen"),
    ("ZAF", "South Africa"),
    ("ZMB", "Zambia"),
    ("ZWE", "Zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn run(format: ImportFormat, text: &str) -> Imported {
        import(format, text, "f".as_ref(), "x", &Gazetteer::embedded()).unwrap()
    }

    #[test]
    fn tsv_quoting() {
        assert_eq!(split_tsv("a\tb\t\tc").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(
            split_tsv("\"He said \"\"no\"\".\"\t\"x\"\"\"\t3").unwrap(),
            ["He said \"no\".", "x\"", "3"]
        );
        assert_eq!(split_tsv("say \"hi\"\tb").unwrap(), ["say \"hi\"", "b"]);
        assert!(split_tsv("\"open\tb").unwrap_err().contains("never closed"));
        assert!(split_tsv("\"a\"b\tc")
            .unwrap_err()
            .contains("after the closing quote"));
    }

    #[test]
    fn spans_are_trimmed_and_completed() {
        let t = "said “Voss,” then";
        let (s, e) = (t.find('“').unwrap(), t.find(" then").unwrap());
        assert_eq!(clean_span(t, s, e).map(|(s, e)| &t[s..e]), Some("Voss"));
        assert_eq!(clean_span("the Harlow Gazettes said", 4, 16), Some((4, 19)));
        assert_eq!(clean_span("secret papers", 1, 6), Some((0, 6)));
        assert_eq!(clean_span("Mc[Kay said", 3, 6), Some((3, 6)));
        assert_eq!(clean_span("a ’ b", 2, 5), None);
        assert_eq!(clean_span("x (Voss) y", 2, 8), Some((3, 7)));
        // Unbalanced quotes go, a quoted nickname stays.
        for (mention, want) in [
            ("\" Voss", "Voss"),
            ("Varga’", "Varga"),
            ("Brandt'", "Brandt"),
            ("(Aside: yes, Voss", "Aside: yes, Voss"),
            ("“Old Harry” Lindqvist", "“Old Harry” Lindqvist"),
            (
                "“Old Harry” and “Young Harry”",
                "“Old Harry” and “Young Harry”",
            ),
            ("U.S.", "U.S."),
        ] {
            assert_eq!(trim_mention(mention), want);
        }
    }

    #[test]
    fn directed_rows_give_both_directions() {
        let line = "\"[Senator Voss] blamed the [Harlow Gazett]e for \"\"lies\"\".\"\tSenator Voss\tHarlow Gazett\t3";
        let out = run(ImportFormat::Directed, line);
        assert_eq!(out.records.len(), 2);
        let (pq, qp) = (&out.records[0], &out.records[1]);
        assert_eq!(
            pq.text,
            "Senator Voss blamed the Harlow Gazette for \"lies\"."
        );
        assert_eq!(
            (pq.id.as_str(), qp.id.as_str()),
            ("x-000001-pq", "x-000001-qp")
        );
        assert_eq!(
            (pq.source.as_str(), pq.target.as_str()),
            ("Senator Voss", "Harlow Gazette")
        );
        assert_eq!(
            (pq.source_span, pq.target_span),
            (Some([0, 12]), Some([24, 38]))
        );
        assert_eq!(
            (pq.stance, pq.sentiment),
            (Stance::Accusatory, Sentiment::Negative)
        );
        assert_eq!(
            (qp.source.as_str(), qp.stance),
            ("Harlow Gazette", Stance::Neutral)
        );
        assert_eq!(pq.tags, ["directed:3"]);
        for (label, pq, qp) in [
            ("0", Stance::Neutral, Stance::Neutral),
            ("1", Stance::Supportive, Stance::Neutral),
            ("2", Stance::Neutral, Stance::Supportive),
            ("4", Stance::Neutral, Stance::Accusatory),
        ] {
            let out = run(
                ImportFormat::Directed,
                &format!("[A] met [B].\tA\tB\t{label}"),
            );
            assert_eq!(
                (out.records[0].stance, out.records[1].stance),
                (pq, qp),
                "{label}"
            );
        }
    }

    #[test]
    fn directed_skips_and_errors() {
        let text = "[’]s rule, said [Voss].\t’\tVoss\t0\n[Voss] and [Voss] met.\tVoss\tVoss\t0\n[Voss] met Lee.\tVoss\tLee\t0\n";
        let out = run(ImportFormat::Directed, text);
        assert!(out.records.is_empty());
        assert_eq!(out.rows, 3);
        assert_eq!(out.skipped.values().sum::<usize>(), 3, "{:?}", out.skipped);
        let g = Gazetteer::embedded();
        for (bad, want) in [
            ("[A] met [B].\tA\tB", "expected 4 tab-separated fields"),
            ("[A] met [B].\tA\tB\t7", "label must be 0 to 4"),
            ("\"[A] met [B].\tA\tB\t0", "never closed"),
        ] {
            let err = import(
                ImportFormat::Directed,
                &format!("\n{bad}"),
                "d.txt".as_ref(),
                "x",
                &g,
            )
            .unwrap_err()
            .to_string();
            assert!(err.starts_with("d.txt:2: ") && err.contains(want), "{err}");
        }
    }

    #[test]
    fn newsmtsc_both_forms() {
        // Character offsets: "Ünal" has a two-byte first character.
        let original = r#"{"primary_gid": "g", "sentence_normalized": "Ünal praised \"Mayor Brandt\" again.", "targets": [{"Input.gid": "g1", "from": 0, "to": 4, "mention": "Ünal", "polarity": 4.0}, {"Input.gid": "g2", "from": 13, "to": 27, "mention": "\"Mayor Brandt\"", "polarity": 6.0, "further_mentions": []}]}"#;
        let hf = r#"{"mention": "Brandt", "polarity": -1, "from": 6, "to": 12, "sentence": "Mayor Brandt lied.", "id": "h"}"#;
        let out = run(ImportFormat::Newsmtsc, &format!("{original}\n{hf}"));
        assert_eq!(out.records.len(), 3, "{:?}", out.skipped);
        let r = &out.records;
        assert_eq!(
            (r[0].id.as_str(), r[0].target.as_str()),
            ("x-000001-1", "Ünal")
        );
        assert_eq!(r[0].target_span, Some([0, 5]));
        assert_eq!(
            (r[1].target.as_str(), r[1].sentiment),
            ("Mayor Brandt", Sentiment::Positive)
        );
        assert_eq!(
            (r[2].id.as_str(), r[2].sentiment),
            ("x-000002-1", Sentiment::Negative)
        );
        assert!(r
            .iter()
            .all(|r| r.source == AUTHOR && r.stance == Stance::Neutral));
        let bad = r#"{"sentence_normalized": "A.", "targets": [{"from": 0, "to": 1, "mention": "A", "polarity": 5.0}]}"#;
        let err = import(
            ImportFormat::Newsmtsc,
            bad,
            "n.jsonl".as_ref(),
            "x",
            &Gazetteer::embedded(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("n.jsonl:1: target 1: polarity must be"),
            "{err}"
        );
    }

    #[test]
    fn plover_actors_map_to_gazetteer_names_or_mention_strings() {
        let line = |text: &str, src: &str, tgt: &str, event: &str| {
            format!(
                r#"{{"id": "P-1", "text": "{text}", "source": [{src}], "target": [{tgt}], "event": "{event}"}}"#
            )
        };
        let a = |text: &str, code: &str, sector: &str| {
            format!(r#"{{"text": "{text}", "code": "{code}", "sector": "{sector}"}}"#)
        };
        let text = [
            // A state agent is its country; a text that is one gazetteer mention is that actor.
            line(
                "The Israeli army shelled Hamas positions.",
                &a("Israeli army", "ISR", "MIL"),
                &a("Hamas", "PSE", "REB"),
                "ASSAULT",
            ),
            // Rebels are not the state: a mention string.
            line(
                "Afghan rebels thanked Tokyo for the aid.",
                &a("Afghan rebels", "AFG", "REB"),
                &a("Tokyo", "JAP", ""),
                "AGREE",
            ),
            // Compound actors act on each other; an elided text maps to its country.
            line(
                "Chilean and Peruvian frigates held drills.",
                &[
                    a("Chilean frigates", "CHL", "MIL"),
                    a("Peruvian frigates", "PER", "MIL"),
                ]
                .join(", "),
                "",
                "COOPERATE",
            ),
            // No target; not an event.
            line("Voss spoke.", &a("Voss", "", "GOV"), "", "AGREE"),
            line("x", "", "", "DOCUMENT"),
        ]
        .join("\n");
        let out = run(ImportFormat::Plover, &text);
        let got: Vec<(String, Option<[usize; 2]>, String, Stance)> = out
            .records
            .iter()
            .map(|r| (r.source.clone(), r.source_span, r.target.clone(), r.stance))
            .collect();
        assert_eq!(
            got,
            [
                ("Israel".into(), None, "Hamas".into(), Stance::Accusatory),
                (
                    "Afghan rebels".into(),
                    Some([0, 13]),
                    "Japan".into(),
                    Stance::Supportive
                ),
                ("Chile".into(), None, "Peru".into(), Stance::Supportive),
                ("Peru".into(), None, "Chile".into(), Stance::Supportive),
            ]
        );
        assert_eq!(
            out.records[2].tags,
            ["plover:P-1", "event:COOPERATE", "mutual"]
        );
        assert_eq!(out.skipped.values().sum::<usize>(), 2, "{:?}", out.skipped);
        // Two agents of one state stay apart as mention strings.
        let one_state = line(
            "Palestinian Islamic Jihad rejected the Palestinian offer.",
            &a("Palestinian Islamic Jihad", "PSE", "REB"),
            &a("Palestinian", "PSE", ""),
            "REJECT",
        );
        let out = run(ImportFormat::Plover, &one_state);
        // "Palestinian" is no gazetteer form: a mention string, the one outside
        // the gazetteer mention "Palestinian Islamic Jihad".
        let r = &out.records[0];
        assert_eq!(
            (r.source.as_str(), r.source_span),
            ("Palestinian Islamic Jihad", None)
        );
        assert_eq!(
            (r.target.as_str(), r.target_span),
            ("Palestinian", Some([39, 50]))
        );
        let same_state = line(
            "Israeli police questioned officers of Israel's army.",
            &a("Israeli police", "ISR", "COP"),
            &a("Israel's army", "ISR", "MIL"),
            "INVESTIGATE",
        );
        let out = run(ImportFormat::Plover, &same_state);
        let r = &out.records[0];
        assert_eq!(
            (r.source.as_str(), r.target.as_str()),
            ("Israeli police", "Israel's army")
        );
        assert_eq!(
            (r.source_span, r.target_span),
            (Some([0, 14]), Some([38, 51]))
        );
    }

    #[test]
    fn country_codes_name_gazetteer_states() {
        let g = Gazetteer::embedded();
        let mut seen = std::collections::BTreeSet::new();
        for (code, name) in COUNTRY_CODES {
            assert!(seen.insert(code), "{code} twice");
            let id = g
                .id(name)
                .unwrap_or_else(|| panic!("{name} is not in the gazetteer"));
            assert_eq!(g.entry(id).kind, "state", "{name}");
        }
        let named: std::collections::BTreeSet<&str> =
            COUNTRY_CODES.iter().map(|(_, n)| *n).collect();
        let missing: Vec<&str> = g
            .entries()
            .iter()
            .filter(|e| e.kind == "state" && !named.contains(e.name.as_str()))
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(missing, ["Somaliland"]); // no ISO code
    }

    #[test]
    fn default_prefixes() {
        assert_eq!(
            default_id_prefix(ImportFormat::Directed, "x/test.txt".as_ref()),
            "ds-test"
        );
        assert_eq!(
            default_id_prefix(ImportFormat::Newsmtsc, "-".as_ref()),
            "mtsc-stdin"
        );
        assert_eq!(
            default_id_prefix(ImportFormat::Plover, "a b.jsonl".as_ref()),
            "plover-a-b"
        );
    }
}
