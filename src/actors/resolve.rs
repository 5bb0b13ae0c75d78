//! Article-level actor resolution: officials, speakers and pronouns.
//!
//! The resolver reads an article sentence by sentence and keeps what a
//! reader keeps:
//! - an official introduced with a country ("Russian Foreign Ministry
//!   spokeswoman Irina Volkova") binds the full name and the surname
//!   to that actor for the rest of the article;
//! - each sentence's speaker: the actor next to a reporting verb ("X said",
//!   "said X", "according to X"), else the actor that opens the sentence;
//! - a sentence whose speaker is a pronoun or a description ("He went on to
//!   say", "The ministry added") carries the last speaker, as a
//!   [`MentionKind::Carried`] mention at the pronoun;
//! - a mention followed by a place noun ("U.S. cinemas") is only a place, and one
//!   followed by an event noun ("the Sony hack") only names the event.
//!
//! ```
//! use stance::actors::{Gazetteer, Resolver};
//! use stance::pipeline::tokenize;
//! let g = Gazetteer::from_json_str(r#"{"Russia": ["Russian"], "United States": ["Washington"]}"#).unwrap();
//! let mut r = Resolver::new(&g);
//! let s1 = "Russian Foreign Ministry spokeswoman Irina Volkova spoke.";
//! let s2 = "Volkova said Washington was wrong.";
//! let s3 = "She also said that Washington lied.";
//! r.next_sentence(s1, &tokenize(s1));
//! let a2 = r.next_sentence(s2, &tokenize(s2));
//! assert_eq!(a2.speaker.map(|id| g.name(id)), Some("Russia"));
//! let a3 = r.next_sentence(s3, &tokenize(s3));
//! assert_eq!(g.name(a3.mentions[0].actor), "Russia");
//! ```

use super::gazetteer::{on_word_boundaries, ActorId, Gazetteer, Mention, MentionKind};
use crate::pipeline::{Token, TokenKind};

/// The actors of one sentence.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SentenceActors {
    /// Actor mentions in order of position, carried pronouns included.
    pub mentions: Vec<Mention>,
    /// The actor that speaks or acts in the sentence, if any.
    pub speaker: Option<ActorId>,
    /// Mentions that name only a place ("U.S. cinemas") or an event ("the
    /// Sony hack"); not actors here.
    pub places: Vec<Mention>,
}

impl SentenceActors {
    /// The distinct actors, in order of first mention.
    pub fn actors(&self) -> Vec<ActorId> {
        let mut out: Vec<ActorId> = Vec::new();
        for m in &self.mentions {
            if !out.contains(&m.actor) {
                out.push(m.actor);
            }
        }
        out
    }
}

/// Words of a title between a country and a name ("Foreign Ministry spokesman").
const TITLE_WORDS: &[&str] = &[
    "foreign",
    "ministry",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "prime",
    "deputy",
    "vice",
    "defence",
    "defense",
    "interior",
    "finance",
    "trade",
    "economy",
    "economic",
    "secretary",
    "secretary-general",
    "general",
    "ambassador",
    "envoy",
    "leader",
    "chancellor",
    "premier",
    "official",
    "diplomat",
    "chief",
    "head",
    "commander",
    "negotiator",
    "representative",
    "state",
    "of",
    "affairs",
    "external",
    "national",
    "security",
    "adviser",
    "advisor",
    "top",
    "senior",
    "army",
    "military",
    "king",
    "queen",
    "crown",
    "prince",
    "emir",
    "sultan",
    "supreme",
    "gen.",
    "lt.",
    "col.",
    "adm.",
    "mr.",
    "ms.",
    "mrs.",
    "dr.",
    "energy",
    "justice",
    "health",
    "special",
    "permanent",
    "u.n.",
    "un",
    "minister-president",
    "opposition",
    "government",
    "presidential",
    "press",
    "agency",
    "director",
    "governor",
    "lawmaker",
    "senator",
    "mp",
    "mep",
    "speaker",
    "parliament",
    "parliamentary",
    "council",
    "office",
    "attorney",
    "junta",
    "transitional",
    "interim",
    "acting",
    "former",
    "new",
    "veteran",
    "hardline",
    "cabinet",
    "spy",
    "intelligence",
    "navy",
    "air",
    "force",
    "staff",
    "joint",
];

/// Reporting verbs whose subject is the speaker.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "noted",
    "notes",
    "warned",
    "warns",
    "insisted",
    "insists",
    "argued",
    "argues",
    "claimed",
    "claims",
    "declared",
    "declares",
    "announced",
    "announces",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "stressed",
    "stresses",
    "remarked",
    "commented",
    "explained",
    "explains",
    "asserted",
    "maintained",
    "replied",
    "responded",
    "countered",
    "charged",
    "alleged",
    "accused",
    "urged",
    "called",
    "went",
];

/// Reporting verbs that may put the speaker after them ("said Volkova").
const REPORTING_BEFORE_SPEAKER: &[&str] = &[
    "said",
    "says",
    "added",
    "wrote",
    "according",
    "asked",
    "stated",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "his", "her", "their"];

/// Descriptions after "the" that refer back to the last speaker.
const DESCRIPTIONS: &[&str] = &[
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "official",
    "officials",
    "president",
    "premier",
    "envoy",
    "diplomat",
    "statement",
    "government",
    "embassy",
    "leader",
    "chancellor",
    "ambassador",
    "administration",
    "agency",
    "foreign",
    "department",
    "prime",
    "kingdom",
    "country",
    "bloc",
    "alliance",
    "organisation",
    "organization",
    "group",
    "company",
    "firm",
    "regime",
    "junta",
    "general",
    "paramilitaries",
    "paramilitary",
    "guerrillas",
    "guerrilla",
    "commanders",
    "rebels",
    "militants",
    "commission",
    "council",
    "assembly",
    "court",
    "authorities",
    "army",
    "military",
    "movement",
    "tribunal",
    "watchdog",
    "regulator",
    "body",
    "bank",
    "fund",
    "party",
    "cabinet",
    "presidency",
    "palace",
    "emirate",
    "monarchy",
    "leadership",
    "delegation",
    "negotiators",
];

/// Nouns after a mention that make it a place, not an actor, or the name
/// of an event that happened to it ("the Sony hack", "the Boeing
/// scandal"): a modifier, not a party that takes a stance.
const PLACE_NOUNS: &[&str] = &[
    "hack",
    "hacking",
    "scandal",
    "affair",
    "saga",
    "cinemas",
    "cinema",
    "theaters",
    "theatres",
    "theater",
    "theatre",
    "soil",
    "territory",
    "waters",
    "airspace",
    "coast",
    "coastline",
    "shores",
    "cities",
    "towns",
    "streets",
    "mainland",
    "ports",
    "airports",
    "airport",
    "skies",
    "hotels",
    "stores",
    "shops",
    "malls",
    "campuses",
    "highways",
];

/// Resolves the actors of an article one sentence at a time.
pub struct Resolver<'g> {
    gazetteer: &'g Gazetteer,
    bindings: Vec<(String, ActorId)>,
    last_speaker: Option<ActorId>,
}

impl<'g> Resolver<'g> {
    /// A resolver at the start of an article.
    pub fn new(gazetteer: &'g Gazetteer) -> Resolver<'g> {
        Resolver {
            gazetteer,
            bindings: Vec::new(),
            last_speaker: None,
        }
    }

    /// Names bound to actors so far in this article.
    pub fn bindings(&self) -> &[(String, ActorId)] {
        &self.bindings
    }

    /// Resolves the next sentence. `tokens` are the sentence's tokens (any
    /// normalisation: only their offsets and kinds are used).
    pub fn next_sentence(&mut self, sentence: &str, tokens: &[Token]) -> SentenceActors {
        self.next_sentence_with(sentence, tokens, &[])
    }

    /// Like [`Resolver::next_sentence`], with mentions fixed in advance (a
    /// sentence record's spans and mention strings, [`MentionKind::Given`]):
    /// they replace every gazetteer or bound mention they overlap, are never
    /// taken for places, and take part in finding carried pronouns and the
    /// speaker like any other mention. `given` must not overlap itself.
    /// With no given mentions this is exactly `next_sentence`.
    pub fn next_sentence_with(
        &mut self,
        sentence: &str,
        tokens: &[Token],
        given: &[Mention],
    ) -> SentenceActors {
        let mut mentions = self.gazetteer.find(sentence);
        attach_institutions(sentence, &mut mentions);
        self.bind_officials(sentence, &mentions);
        self.add_bound_mentions(sentence, &mut mentions);
        let (mut mentions, mut places): (Vec<Mention>, Vec<Mention>) =
            mentions.into_iter().partition(|m| !is_place(sentence, m));
        if !given.is_empty() {
            let overlaps = |m: &Mention| given.iter().any(|g| g.start < m.end && m.start < g.end);
            mentions.retain(|m| !overlaps(m));
            places.retain(|m| !overlaps(m));
            mentions.extend_from_slice(given);
            mentions.sort_by_key(|m| (m.start, m.end));
        }

        let words: Vec<String> = tokens
            .iter()
            .map(|t| sentence[t.start..t.end].to_lowercase())
            .collect();
        if let Some(carried) = self
            .last_speaker
            .and_then(|actor| find_carrier(tokens, &words, &mentions, actor))
        {
            mentions.push(carried);
            mentions.sort_by_key(|m| (m.start, m.end));
        }
        let speaker = find_speaker(tokens, &words, &mentions);
        if speaker.is_some() {
            self.last_speaker = speaker;
        }
        SentenceActors {
            mentions,
            speaker,
            places,
        }
    }

    fn bind_officials(&mut self, sentence: &str, mentions: &[Mention]) {
        for m in mentions.iter().filter(|m| m.kind == MentionKind::Form) {
            if let Some(name) = official_after(&sentence[m.end..]) {
                let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
                for n in [name.clone(), surname] {
                    if n.chars().count() >= 3
                        && !self.bindings.iter().any(|(b, _)| *b == n)
                        && self.gazetteer.find(&n).is_empty()
                    {
                        self.bindings.push((n, m.actor));
                    }
                }
            }
        }
    }

    fn add_bound_mentions(&self, sentence: &str, mentions: &mut Vec<Mention>) {
        if self.bindings.is_empty() {
            return;
        }
        // Longest names first, so "Irina Volkova" wins over "Volkova".
        let mut order: Vec<&(String, ActorId)> = self.bindings.iter().collect();
        order.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        for (name, actor) in order {
            for (start, _) in sentence.match_indices(name.as_str()) {
                let end = start + name.len();
                let overlaps = mentions.iter().any(|m| m.start < end && start < m.end);
                if !overlaps && on_word_boundaries(sentence, start, end) {
                    mentions.push(Mention {
                        actor: *actor,
                        start,
                        end,
                        kind: MentionKind::Person,
                    });
                }
            }
        }
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// First words of generic institution forms ("Foreign Office", "Congress").
const INSTITUTION_HEADS: &[&str] = &[
    "Foreign",
    "Defence",
    "Defense",
    "Interior",
    "Finance",
    "Justice",
    "Treasury",
    "State",
    "Congress",
    "Parliament",
    "Senate",
    "Chancellery",
    "Home",
    "Cabinet",
    "Supreme",
    "Ministry",
    "Central",
    "National",
];

/// A generic institution right after another actor's mention belongs to
/// that actor: in "Pakistani Foreign Office" or "Brazil's Congress" the
/// gazetteer's "Foreign Office" (UK) and "Congress" (US) are Pakistan's and
/// Brazil's.
fn attach_institutions(sentence: &str, mentions: &mut [Mention]) {
    for i in 1..mentions.len() {
        let (prev, cur) = (mentions[i - 1], mentions[i]);
        if prev.actor == cur.actor || prev.kind == MentionKind::Carried {
            continue;
        }
        let gap = &sentence[prev.end..cur.start];
        let adjacent = gap == " " || gap == "'s " || gap == "’s ";
        let head = sentence[cur.start..cur.end].split(' ').next().unwrap_or("");
        if adjacent && INSTITUTION_HEADS.contains(&head) {
            mentions[i].actor = prev.actor;
        }
    }
}

/// "Foreign Ministry spokeswoman Irina Volkova said" -> "Irina Volkova".
fn official_after(rest: &str) -> Option<String> {
    let mut titles = 0;
    let mut name: Vec<&str> = Vec::new();
    for raw in rest.split_whitespace().take(12) {
        let word = raw
            .trim_end_matches(['’', '\''])
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches([',', ';', ':', '"', '”', ')', '.']);
        let stop_after = word.len() != raw.len();
        let lower = word.to_lowercase();
        if name.is_empty()
            && (TITLE_WORDS.contains(&lower.as_str()) || (lower == "the" && titles == 0))
        {
            if lower != "the" {
                titles += 1;
            }
        } else if titles > 0
            && word.chars().next().is_some_and(char::is_uppercase)
            && word
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            name.push(word);
            if name.len() == 4 {
                break;
            }
        } else {
            break;
        }
        if stop_after && !name.is_empty() {
            break;
        }
        if stop_after {
            return None;
        }
    }
    (titles > 0 && !name.is_empty()).then(|| name.join(" "))
}

/// Whether the word after `m` is one of [`PLACE_NOUNS`] (places and events).
fn is_place(sentence: &str, m: &Mention) -> bool {
    let next = sentence[m.end..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', '.', ';', ':', '"', ')'])
        .to_lowercase();
    PLACE_NOUNS.contains(&next.as_str())
}

fn token_range(tokens: &[Token], m: &Mention) -> (usize, usize) {
    let a = tokens
        .iter()
        .position(|t| t.end > m.start)
        .unwrap_or(tokens.len());
    let b = tokens
        .iter()
        .rposition(|t| t.start < m.end)
        .map_or(a, |i| i + 1);
    (a, b.max(a))
}

/// A pronoun or description that stands for the last speaker: at the
/// start of the sentence, or right before or after a reporting verb.
fn find_carrier(
    tokens: &[Token],
    words: &[String],
    mentions: &[Mention],
    actor: ActorId,
) -> Option<Mention> {
    let covered = |i: usize| {
        mentions
            .iter()
            .any(|m| tokens[i].start < m.end && m.start < tokens[i].end)
    };
    let carrier_at = |i: usize| -> Option<(usize, usize)> {
        let w = words.get(i)?.as_str();
        if covered(i) {
            return None;
        }
        if PRONOUNS.contains(&w) {
            return Some((i, i + 1));
        }
        // "It said", "It added": an organisation speaking again.
        if w == "it"
            && words
                .get(i + 1)
                .is_some_and(|n| REPORTING.contains(&n.as_str()))
        {
            return Some((i, i + 1));
        }
        if w == "the" || w == "this" {
            // "the ministry", "the foreign ministry", "the Russian spokesman" (covered).
            let mut j = i + 1;
            while j < words.len() && j <= i + 3 {
                if DESCRIPTIONS.contains(&words[j].as_str()) && !covered(j) {
                    let mut end = j + 1;
                    while end < words.len() && DESCRIPTIONS.contains(&words[end].as_str()) {
                        end += 1;
                    }
                    return Some((i, end));
                }
                if tokens[j].kind != TokenKind::Word || covered(j) {
                    return None;
                }
                j += 1;
            }
        }
        None
    };
    // Sentence start, after an opening quote.
    let first = words.iter().position(|w| w != "\"" && w != "'")?;
    let mut found = carrier_at(first);
    if found.is_none() {
        for (i, w) in words.iter().enumerate() {
            if REPORTING.contains(&w.as_str()) {
                if let Some(c) = i
                    .checked_sub(1)
                    .and_then(carrier_at)
                    .or_else(|| carrier_at(i + 1))
                {
                    found = Some(c);
                    break;
                }
            }
        }
    }
    let (a, b) = found?;
    // A sentence that names an actor (outside a quotation) before the
    // pronoun is about that actor: "Putin met Kim, and he said ...".
    let quotes_before = |offset: usize| {
        tokens
            .iter()
            .take_while(|t| t.end <= offset)
            .filter(|t| t.text == "\"")
            .count()
    };
    if first != a
        && mentions
            .iter()
            .any(|m| m.end <= tokens[a].start && quotes_before(m.start) % 2 == 0)
    {
        return None;
    }
    Some(Mention {
        actor,
        start: tokens[a].start,
        end: tokens[b - 1].end,
        kind: MentionKind::Carried,
    })
}

/// The actor next to a reporting verb, else the one that opens the sentence.
fn find_speaker(tokens: &[Token], words: &[String], mentions: &[Mention]) -> Option<ActorId> {
    if mentions.is_empty() {
        return None;
    }
    let ranges: Vec<(usize, usize)> = mentions.iter().map(|m| token_range(tokens, m)).collect();
    for (r, w) in words.iter().enumerate() {
        if !REPORTING.contains(&w.as_str()) {
            continue;
        }
        // Left: "Volkova said", "Moscow on Monday said", "X, the envoy, said".
        let left = ranges
            .iter()
            .enumerate()
            .filter(|(_, &(_, b))| {
                b <= r && r - b <= 4 && !words[b..r].iter().any(|w| w == "\"" || w == ".")
            })
            .max_by_key(|(_, &(_, b))| b);
        if let Some((i, _)) = left {
            return Some(mentions[i].actor);
        }
        if REPORTING_BEFORE_SPEAKER.contains(&w.as_str()) {
            let right = ranges
                .iter()
                .enumerate()
                .find(|(_, &(a, _))| a > r && a - r <= 3);
            if let Some((i, _)) = right {
                return Some(mentions[i].actor);
            }
        }
    }
    // The subject: a mention among the first tokens.
    let first_word = words.iter().position(|w| w != "\"").unwrap_or(0);
    ranges
        .iter()
        .position(|&(a, _)| a <= first_word + 3)
        .map(|i| mentions[i].actor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::tokenize;

    fn gaz() -> Gazetteer {
        Gazetteer::from_json_str(
            r#"{"Russia": ["Russia", "Russian", "Moscow", "Kremlin"], "North Korea": ["North Korea", "North Korean", "Pyongyang", "Kim"],
                "United States": ["U.S.", "Washington"], "Sony Pictures": ["Sony"]}"#,
        )
        .unwrap()
    }

    fn resolve(g: &Gazetteer, sentences: &[&str]) -> Vec<SentenceActors> {
        let mut r = Resolver::new(g);
        sentences
            .iter()
            .map(|s| r.next_sentence(s, &tokenize(s)))
            .collect()
    }

    fn names(g: &Gazetteer, a: &SentenceActors) -> Vec<String> {
        a.mentions
            .iter()
            .map(|m| g.name(m.actor).to_string())
            .collect()
    }

    #[test]
    fn official_binding() {
        assert_eq!(
            official_after(" Foreign Ministry spokeswoman Irina Volkova said"),
            Some("Irina Volkova".into())
        );
        assert_eq!(
            official_after(" Foreign Minister Ana Ruiz, speaking"),
            Some("Ana Ruiz".into())
        );
        assert_eq!(
            official_after(" President Vladimir Putin's watch"),
            Some("Vladimir Putin".into())
        );
        assert_eq!(official_after(" troops entered"), None);
        assert_eq!(official_after(" Foreign Ministry said"), None);
    }

    #[test]
    fn surname_and_pronoun_carry_the_speaker() {
        let g = gaz();
        let out = resolve(
            &g,
            &[
                "Washington's sanctions are illegal, Russian Foreign Ministry spokeswoman Irina Volkova said.",
                "Asked about the missile test, Volkova said the North Korean position deserved respect.",
                "She added that Pyongyang had proposed new talks.",
            ],
        );
        assert_eq!(out[0].speaker.map(|a| g.name(a)), Some("Russia"));
        assert_eq!(names(&g, &out[1]), ["Russia", "North Korea"]);
        assert_eq!(out[1].speaker.map(|a| g.name(a)), Some("Russia"));
        assert_eq!(names(&g, &out[2]), ["Russia", "North Korea"]);
        assert_eq!(out[2].mentions[0].kind, MentionKind::Carried);
    }

    #[test]
    fn quote_then_attribution() {
        let g = gaz();
        let out = resolve(
            &g,
            &[
                "The Kremlin spoke.",
                "\"We see U.S. threats as dangerous,\" he said.",
            ],
        );
        assert_eq!(names(&g, &out[1]), ["United States", "Russia"]);
        assert_eq!(out[1].speaker.map(|a| g.name(a)), Some("Russia"));
    }

    #[test]
    fn institutions_follow_the_country_before_them() {
        let g = Gazetteer::from_json_str(
            r#"{"United Kingdom": ["Foreign Office", "Britain"], "Pakistan": ["Pakistani", "Pakistan"], "United States": ["Congress"], "Brazil": ["Brazil"]}"#,
        )
        .unwrap();
        let out = resolve(
            &g,
            &["The Pakistani Foreign Office said Brazil's Congress and Britain erred."],
        );
        assert_eq!(
            names(&g, &out[0]),
            ["Pakistan", "Pakistan", "Brazil", "Brazil", "United Kingdom"]
        );
    }

    #[test]
    fn places_are_not_actors() {
        let g = gaz();
        let out = resolve(
            &g,
            &["Sony pulled the film after threats against U.S. cinemas."],
        );
        assert_eq!(names(&g, &out[0]), ["Sony Pictures"]);
        assert_eq!(out[0].places.len(), 1);
        // An event named after an actor: the actor only modifies it.
        let out = resolve(&g, &["After the Sony hack, Washington blamed Pyongyang."]);
        assert_eq!(names(&g, &out[0]), ["United States", "North Korea"]);
    }

    #[test]
    fn it_carries_only_as_a_speaker() {
        let g = gaz();
        let out = resolve(
            &g,
            &[
                "The Kremlin issued a statement.",
                "It said Washington was to blame.",
            ],
        );
        assert_eq!(names(&g, &out[1]), ["Russia", "United States"]);
        let out = resolve(
            &g,
            &[
                "The Kremlin issued a statement.",
                "It was unclear whether Washington would reply.",
            ],
        );
        assert_eq!(names(&g, &out[1]), ["United States"]);
    }

    #[test]
    fn given_mentions_replace_what_they_overlap() {
        let g = gaz();
        let s = "The Russian Orthodox Church praised Pyongyang.";
        let given = [Mention {
            actor: 900,
            start: 4,
            end: 27,
            kind: MentionKind::Given,
        }];
        let out = Resolver::new(&g).next_sentence_with(s, &tokenize(s), &given);
        let actors: Vec<ActorId> = out.mentions.iter().map(|m| m.actor).collect();
        assert_eq!(actors, [900, g.id("North Korea").unwrap()]);
        assert_eq!(out.speaker, Some(900));
        let plain = Resolver::new(&g).next_sentence(s, &tokenize(s));
        assert_eq!(plain.mentions[0].actor, g.id("Russia").unwrap());
    }

    #[test]
    fn no_carry_without_a_speaker() {
        let g = gaz();
        let out = resolve(&g, &["He said Moscow was right."]);
        assert_eq!(names(&g, &out[0]), ["Russia"]);
    }
}
