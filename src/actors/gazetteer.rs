//! The gazetteer: canonical actors and the surface forms that name them.
//!
//! A gazetteer file is JSON:
//! `{"format": 1, "actors": [{"name": "Russia", "kind": "state", "forms": ["Russia", "Kremlin"],
//! "people": [{"name": "Vladimir Putin", "forms": ["Putin"], "role": "president", "as_of": "2026-11"}]}],
//! "non_actors": ["Mexico City"]}`. The starter's plain object
//! `{"Russia": ["Russia", "Kremlin"]}` is read too.
//!
//! Forms are matched case-sensitively, on word boundaries, leftmost-longest
//! (`aho-corasick`), so "Mexico City" (a non-actor) shadows "Mexico", and
//! "North Korea" wins over "Korea".
//!
//! ```
//! use stance::actors::Gazetteer;
//! let g = Gazetteer::from_json_str(r#"{"format": 1, "non_actors": ["Mexico City"], "actors": [
//!     {"name": "Russia", "kind": "state", "forms": ["Russia", "Kremlin"]},
//!     {"name": "Mexico", "kind": "state", "forms": ["Mexico"]}]}"#).unwrap();
//! let found: Vec<&str> = g.find("The Kremlin met in Mexico City.").iter().map(|m| g.name(m.actor)).collect();
//! assert_eq!(found, ["Russia"]);
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An index into the gazetteer's actors.
pub type ActorId = u32;

/// One actor as written in a gazetteer file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    /// The canonical name.
    pub name: String,
    /// `state`, `organisation`, `company` or `group`.
    #[serde(default = "default_kind")]
    pub kind: String,
    /// Surface forms (names, demonyms, capitals, institutions).
    #[serde(default)]
    pub forms: Vec<String>,
    /// Office holders who speak for the actor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
}

fn default_kind() -> String {
    "state".to_string()
}

/// An office holder: their full name and short forms are forms of the actor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Short forms such as the surname.
    #[serde(default)]
    pub forms: Vec<String>,
    /// The office.
    #[serde(default)]
    pub role: String,
    /// When the office was known to be held (YYYY-MM).
    #[serde(default)]
    pub as_of: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    format: u32,
    actors: Vec<ActorEntry>,
    #[serde(default)]
    non_actors: Vec<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AnyGazetteer {
    Full(GazetteerFile),
    Plain(BTreeMap<String, Vec<String>>),
}

/// How a mention names its actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A gazetteer form.
    Form,
    /// A person listed in the gazetteer or bound in this article.
    Person,
    /// A pronoun or description that carries the previous speaker.
    Carried,
    /// A mention a sentence record gives itself: a span, or a mention
    /// string found in the text (see [`crate::actors::record`]).
    Given,
}

/// One actor mention in a sentence, as a byte range of the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The actor.
    pub actor: ActorId,
    /// Byte offset of the mention.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// How it names the actor.
    pub kind: MentionKind,
}

#[derive(Clone, Copy, Debug)]
enum Pattern {
    Actor(ActorId, MentionKind),
    NonActor,
}

/// A compiled gazetteer.
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entries: Vec<ActorEntry>,
    non_actors: Vec<String>,
    by_name: BTreeMap<String, ActorId>,
    patterns: Vec<Pattern>,
    matcher: AhoCorasick,
}

impl Gazetteer {
    /// The gazetteer shipped with the binary (`data/actors.json`).
    pub fn embedded() -> Gazetteer {
        Gazetteer::from_json_str(include_str!("../../data/actors.json"))
            .expect("the embedded gazetteer is checked by the tests")
    }

    /// Reads a gazetteer file.
    pub fn from_path(path: &Path) -> Result<Gazetteer> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Gazetteer::parse(&text).map_err(|(line, message)| Error::data(path, line, message))
    }

    /// Reads a gazetteer from JSON text.
    pub fn from_json_str(text: &str) -> Result<Gazetteer> {
        Gazetteer::parse(text).map_err(|(line, message)| Error::data("<gazetteer>", line, message))
    }

    fn parse(text: &str) -> std::result::Result<Gazetteer, (usize, String)> {
        let any: AnyGazetteer =
            serde_json::from_str(text).map_err(|e| (e.line(), e.to_string()))?;
        let (entries, non_actors) = match any {
            AnyGazetteer::Full(f) => {
                if f.format != 1 {
                    return Err((
                        1,
                        format!("gazetteer format {} is not supported (only 1)", f.format),
                    ));
                }
                (f.actors, f.non_actors)
            }
            AnyGazetteer::Plain(map) => (
                map.into_iter()
                    .map(|(name, forms)| ActorEntry {
                        name,
                        kind: default_kind(),
                        forms,
                        people: Vec::new(),
                    })
                    .collect(),
                Vec::new(),
            ),
        };
        Gazetteer::build(entries, non_actors).map_err(|m| (1, m))
    }

    /// Builds a gazetteer from entries. Later entries with the same name
    /// extend earlier ones (their forms are added).
    pub fn build(
        entries: Vec<ActorEntry>,
        non_actors: Vec<String>,
    ) -> std::result::Result<Gazetteer, String> {
        let mut merged: Vec<ActorEntry> = Vec::new();
        let mut by_name = BTreeMap::new();
        for e in entries {
            if e.name.trim().is_empty() {
                return Err("an actor has an empty name".to_string());
            }
            match by_name.get(&e.name) {
                Some(&id) => {
                    let existing: &mut ActorEntry = &mut merged[id as usize];
                    existing.forms.extend(e.forms);
                    existing.people.extend(e.people);
                }
                None => {
                    by_name.insert(e.name.clone(), merged.len() as ActorId);
                    merged.push(e);
                }
            }
        }
        // One pattern per distinct string; a later actor's claim on a form
        // already taken is ignored, so the result does not depend on hashing.
        let mut strings: BTreeMap<String, Pattern> = BTreeMap::new();
        for (id, e) in merged.iter().enumerate() {
            let id = id as ActorId;
            let mut add = |s: &str, kind| {
                let s = s.trim();
                if !s.is_empty() {
                    strings
                        .entry(s.to_string())
                        .or_insert(Pattern::Actor(id, kind));
                }
            };
            add(&e.name, MentionKind::Form);
            for f in &e.forms {
                add(f, MentionKind::Form);
            }
            for p in &e.people {
                add(&p.name, MentionKind::Person);
                for f in &p.forms {
                    add(f, MentionKind::Person);
                }
            }
        }
        for s in &non_actors {
            strings.insert(s.trim().to_string(), Pattern::NonActor);
        }
        let (keys, patterns): (Vec<String>, Vec<Pattern>) = strings.into_iter().unzip();
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&keys)
            .map_err(|e| format!("cannot build the matcher: {e}"))?;
        Ok(Gazetteer {
            entries: merged,
            non_actors,
            by_name,
            patterns,
            matcher,
        })
    }

    /// Adds or extends actors from another gazetteer (for `--actors FILE`).
    pub fn extended(&self, other: &Gazetteer) -> Gazetteer {
        let mut entries = self.entries.clone();
        entries.extend(other.entries.iter().cloned());
        let mut non_actors = self.non_actors.clone();
        non_actors.extend(other.non_actors.iter().cloned());
        Gazetteer::build(entries, non_actors).expect("both gazetteers were valid")
    }

    /// Number of actors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no actors.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The canonical name of an actor.
    pub fn name(&self, id: ActorId) -> &str {
        &self.entries[id as usize].name
    }

    /// The entry of an actor.
    pub fn entry(&self, id: ActorId) -> &ActorEntry {
        &self.entries[id as usize]
    }

    /// All entries, in id order.
    pub fn entries(&self) -> &[ActorEntry] {
        &self.entries
    }

    /// The id of a canonical name.
    pub fn id(&self, name: &str) -> Option<ActorId> {
        self.by_name.get(name).copied()
    }

    /// All gazetteer mentions in `text`, in order, without overlaps.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            if !on_word_boundaries(text, m.start(), m.end()) {
                continue;
            }
            if let Pattern::Actor(actor, kind) = self.patterns[m.pattern().as_usize()] {
                out.push(Mention {
                    actor,
                    start: m.start(),
                    end: m.end(),
                    kind,
                });
            }
        }
        out
    }
}

/// True when `text[start..end]` is not glued to letters or digits on either
/// side. A plural "s" right after is allowed ("Emiratis" for "Emirati").
pub(crate) fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    let mut after = text[end..].chars();
    match after.next() {
        Some('s') => !after.next().is_some_and(|c| c.is_alphanumeric()),
        Some(c) => !c.is_alphanumeric(),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(g: &Gazetteer, text: &str) -> Vec<String> {
        g.find(text)
            .iter()
            .map(|m| g.name(m.actor).to_string())
            .collect()
    }

    #[test]
    fn leftmost_longest_and_boundaries() {
        let g = Gazetteer::from_json_str(
            r#"{"format": 1, "actors": [
                {"name": "North Korea", "kind": "state", "forms": ["North Korea", "North Korean", "Pyongyang"]},
                {"name": "South Korea", "kind": "state", "forms": ["South Korea", "Korea"]},
                {"name": "Mexico", "kind": "state", "forms": ["Mexico"]},
                {"name": "United States", "kind": "state", "forms": ["U.S.", "US"]}],
             "non_actors": ["Gulf of Mexico", "Mexico City"]}"#,
        )
        .unwrap();
        assert_eq!(
            names(&g, "North Korean hackers and Korea"),
            ["North Korea", "South Korea"]
        );
        assert_eq!(
            names(&g, "Mexico City and the Gulf of Mexico, not Mexico"),
            ["Mexico"]
        );
        assert_eq!(
            names(&g, "the U.S. told us, US said; USB"),
            ["United States", "United States"]
        );
    }

    #[test]
    fn people_are_forms() {
        let g = Gazetteer::from_json_str(
            r#"{"format": 1, "actors": [{"name": "Russia", "forms": ["Russia"],
               "people": [{"name": "Vladimir Putin", "forms": ["Putin"], "role": "president", "as_of": "2026-11"}]}]}"#,
        )
        .unwrap();
        let m = g.find("Putin's envoy");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].kind, MentionKind::Person);
    }

    #[test]
    fn bad_json_names_the_line() {
        let err = Gazetteer::from_json_str("{\n\"format\": 1,\n\"actors\": [oops]}").unwrap_err();
        assert!(err.to_string().contains(":3:"), "{err}");
    }

    #[test]
    fn embedded_gazetteer_loads() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 100);
        assert!(g.id("Russia").is_some());
    }
}
