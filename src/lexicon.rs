//! The stance lexicon: words and phrases that signal a stance.
//!
//! The lexicon gives the linear model features that generalise past the
//! training sentences: a verb the data never showed ("lambasted") still
//! fires `L:acc`, and its position relative to the source and target
//! mentions says who does what to whom. Entries are plain words or
//! space-separated phrases; they are stemmed with the model's own pipeline
//! when a featurizer is built, and the list is saved in the model file, so
//! a user may edit it and retrain.
//!
//! ```
//! let lex = stance::lexicon::Lexicon::default();
//! assert!(lex.classes.iter().any(|c| c.name == "acc" && c.entries.iter().any(|e| e == "condemn")));
//! ```

use serde::{Deserialize, Serialize};

/// One class of lexicon entries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconClass {
    /// The class name used in feature names (`L:<name>`).
    pub name: String,
    /// Words or phrases, unstemmed.
    pub entries: Vec<String>,
}

/// The whole lexicon, in a fixed order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    /// The classes.
    pub classes: Vec<LexiconClass>,
}

const ACCUSATORY: &str = "accuse accused accusation accusations blame blamed condemn condemnation criticize criticise \
criticism critical denounce slam slammed attack attacks threaten threat threats sanction sanctions warn warning \
demand demands reject rebuke rebuked protest summon summoned expel expelled ban sue oppose opposed deplore decry \
lambast lambaste castigate chide scold fault ridicule mock retaliate retaliation punish punitive pressure press \
pressed bomb bombing invade invasion seize seized detain detained arrest freeze boycott veto violate violation \
violations breach aggression aggressive provocation provocative provocations hostile hostility interference \
interfere meddling meddle baseless absurd lie lies false fabricated fabrication groundless slander smear \
propaganda irresponsible dangerous counterproductive unacceptable illegal unlawful blackmail coercion coercive \
bully bullying complicity complicit hypocrisy hypocritical destabilize destabilise destabilizing undermine \
undermines indict indictment charge charged obstruct obstruction block blocked suspend suspended halt \
downgrade recall scrap scrapped revoke revoked tariff tariffs penalty penalties fine fined probe lash \
lashed rebuff rebuffed assail assailed berate berated excoriate warmonger warmongering terrorist terrorism \
genocide atrocities crimes massacre occupation occupier occupiers aggressor hack hacked hacking cyberattack \
espionage spying spy sabotage outrage outrageous deplorable regrettable regret failure failed fail \
irresponsibly unfounded disinformation misinformation nonsense ridiculous blatant brazen reckless escalation \
escalate escalatory ultimatum insist demanded demanding must reprisal revenge strike strikes struck shelled \
shelling missile missiles raid raided fired expulsion embargo restrictions restrict curb curbs cut cuts \
deport deported eject sever severed rupture snub snubbed warned threatened vowed slap slapped target targeted \
took_aim cold_water hit_back hit_out";

const SUPPORTIVE: &str = "support supported supportive back backed backing praise praised welcome welcomed thank \
thanked thanks congratulate congratulated applaud applauded commend commended hail hailed endorse endorsed \
sympathy sympathize sympathise sympathetic solidarity defend defended help helped aid assist assistance \
cooperate cooperation cooperative partnership partner partners ally allies friend friends friendship friendly \
invite invited invitation agree agreed agreement deal accord pact treaty sign signed ratify fund funded funding \
donate donated grant granted supply supplied deliver delivered offer offered pledge pledged promise promised \
strengthen strengthened deepen deepened improve improved boost boosted understandable reasonable legitimate \
sincere constructive positive embrace embraced reassure reassured honour honor gratitude grateful appreciate \
appreciated appreciation reconcile reconciliation restore restored normalize normalise normalization \
normalisation reopen reopened bolster bolstered champion alliance brotherly strategic trust admire laud lauded \
commitment committed unwavering steadfast weight_behind mutual joint jointly together \
welcoming historic milestone breakthrough success successful fruitful productive warm warmly cordial \
cordially respect respected respects recognise recognize recognised recognized recognition approve approved \
approval lift lifted ease eased easing relief invest investment investments rescue evacuate evacuated \
protect protection safeguard shelter benefit beneficial win-win expand expanded expanding";

const DENIAL: &str =
    "deny denied denies denial denials refute refuted dispute disputed rejected_claims \
no_involvement not_involved no_role played_no_role had_nothing";

const APPEAL: &str =
    "all_sides both_sides all_parties both_parties restraint de-escalation deescalation \
calm mediate mediation mediator broker brokered brokering host hosted hosting facilitate facilitated dialogue negotiated peaceful_solution urged_both called_on_both";

const NEUTRAL_EVENT: &str = "met meet meeting talks visit visited held hold discuss discussed discussion call \
phone trade exports imports figures data percent billion million report reported according statement said \
told announced plan plans expected scheduled attend attended arrived travel trip";

const HEDGE: &str =
    "appeared seemed apparently suggested reportedly possibly might may could perhaps allegedly";

impl Default for Lexicon {
    fn default() -> Self {
        let class = |name: &str, words: &str| LexiconClass {
            name: name.to_string(),
            entries: words
                .split_whitespace()
                .map(|w| w.replace('_', " "))
                .collect(),
        };
        Lexicon {
            classes: vec![
                class("acc", ACCUSATORY),
                class("sup", SUPPORTIVE),
                class("deny", DENIAL),
                class("appeal", APPEAL),
                class("event", NEUTRAL_EVENT),
                class("hedge", HEDGE),
            ],
        }
    }
}
