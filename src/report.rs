//! `stance report`: one self-contained HTML page per article.
//!
//! The page has four parts, all inline (no script, no network, no fonts to
//! fetch):
//! - a graph of the actors: nodes on a circle laid out here, one curved
//!   arrow per dyad, green for supportive and red for accusatory, labelled
//!   with the dyad's confidence;
//! - a table of dyads with their evidence sentences and, for each piece of
//!   evidence, the features that weighed most for the decision;
//! - the article, sentence by sentence, with every actor mention
//!   highlighted and the sentence's non-neutral pairs beside it (all pairs
//!   on hover);
//! - the model's identity and dev metrics.
//!
//! Explanations are exact for a linear model: a class's score is the sum of
//! `weight x value` over the row's features. Softmax is unchanged when the
//! same number is added to every class's weight for a feature, so the
//! contribution shown is the *centred* weight (the class's weight minus the
//! mean over classes) times the value: what the feature adds to this class
//! over the others.
//!
//! Elements carry `data-*` attributes (`data-source`, `data-target`,
//! `data-stance`, `data-actor`) so tests and scripts can check the page
//! without parsing pictures.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt::Write as _;

use crate::actors::{ActorId, Gazetteer, MentionKind};
use crate::article::{analyze_article_detailed, AnalyzedSentence, ArticleOutput};
use crate::data::Stance;
use crate::error::Result;
use crate::features::PairInput;
use crate::model_file::Model;

/// How many features to show per piece of evidence.
pub const TOP_FEATURES: usize = 6;

/// One feature's share of a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Contribution {
    /// The feature's name (several names when they share a hash bucket).
    pub feature: String,
    /// Centred weight of the decided class times the feature's value.
    pub value: f32,
}

/// One evidence sentence of a dyad with the features behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Sentence index in the article.
    pub sentence: usize,
    /// The decided class's probability in that sentence.
    pub probability: f32,
    /// The strongest features for the decided class, largest first.
    pub top: Vec<Contribution>,
}

/// An actor mention as a byte range of its sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionSpan {
    pub start: usize,
    pub end: usize,
    pub actor: String,
    /// Whether the mention is carried (a pronoun or description).
    pub carried: bool,
}

/// Everything a report page shows about one article.
#[derive(Clone, Debug)]
pub struct ArticleReport {
    /// What `predict` says.
    pub output: ArticleOutput,
    /// Per sentence, its actor mentions.
    pub mentions: Vec<Vec<MentionSpan>>,
    /// Per dyad (same order as `output.dyads`), its explained evidence.
    pub evidence: Vec<Vec<Evidence>>,
    /// Actor kinds by name (`state`, `organisation`, ...).
    pub kinds: BTreeMap<String, String>,
}

/// Who made the predictions, for the page's footer.
#[derive(Clone, Debug)]
pub struct ModelInfo {
    /// Where the model came from (a path, or "embedded default").
    pub name: String,
    pub crate_version: String,
    pub training_records: usize,
    /// `(head, accuracy, macro_f1)` on the dev set the model was trained with.
    pub dev_scores: Vec<(String, f64, f64)>,
}

impl ModelInfo {
    /// Reads a model's identity and dev scores.
    pub fn of(model: &Model, name: &str) -> ModelInfo {
        let file = model.file();
        ModelInfo {
            name: name.to_string(),
            crate_version: file.crate_version.clone(),
            training_records: file.training.records,
            dev_scores: file
                .training
                .dev_scores
                .iter()
                .map(|(head, s)| (head.clone(), s.accuracy, s.macro_f1))
                .collect(),
        }
    }
}

/// Analyses an article and explains its dyads.
pub fn build(model: &Model, gazetteer: &Gazetteer, id: &str, text: &str) -> Result<ArticleReport> {
    let (output, analyzed) = analyze_article_detailed(model, gazetteer, id, text)?;
    let mentions = analyzed
        .iter()
        .map(|s| {
            s.actors
                .mentions
                .iter()
                .map(|m| MentionSpan {
                    start: m.start,
                    end: m.end,
                    actor: gazetteer.name(m.actor).to_string(),
                    carried: m.kind == MentionKind::Carried,
                })
                .collect()
        })
        .collect();
    let mut evidence = Vec::with_capacity(output.dyads.len());
    for dyad in &output.dyads {
        let (Some(source), Some(target)) = (gazetteer.id(&dyad.source), gazetteer.id(&dyad.target))
        else {
            evidence.push(Vec::new());
            continue;
        };
        let mut explained = Vec::new();
        for &i in &dyad.evidence {
            let Some(sentence) = analyzed.get(i) else {
                continue;
            };
            let probability = output.sentences[i]
                .pairs
                .iter()
                .find(|p| p.source == dyad.source && p.target == dyad.target)
                .map_or(0.0, |p| p.probabilities.of(dyad.stance));
            explained.push(Evidence {
                sentence: i,
                probability,
                top: explain(model, sentence, source, target, dyad.stance, TOP_FEATURES),
            });
        }
        evidence.push(explained);
    }
    let kinds = output
        .actors
        .iter()
        .filter_map(|a| {
            let id = gazetteer.id(&a.name)?;
            Some((a.name.clone(), gazetteer.entry(id).kind.clone()))
        })
        .collect();
    Ok(ArticleReport {
        output,
        mentions,
        evidence,
        kinds,
    })
}

/// The `top` features that add most to `stance` for the pair in `sentence`.
pub fn explain(
    model: &Model,
    sentence: &AnalyzedSentence,
    source: ActorId,
    target: ActorId,
    stance: Stance,
    top: usize,
) -> Vec<Contribution> {
    let mut names: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut row = Vec::new();
    model.featurizer().featurize_named(
        &PairInput {
            tokens: &sentence.tokens,
            actors: &sentence.actors,
            source,
            target,
        },
        &mut row,
        &mut |col, name| {
            let list = names.entry(col).or_default();
            if !list.iter().any(|n| n == name) {
                list.push(name.to_string());
            }
        },
    );
    let head = &model.file().stance;
    let Some(class) = head.classes().iter().position(|c| c == stance.as_str()) else {
        return Vec::new();
    };
    let w = head.weights();
    let k = head.classes().len() as f32;
    let mut out: Vec<Contribution> = row
        .iter()
        .filter(|&&(col, _)| (col as usize) < w.nrows())
        .map(|&(col, v)| {
            let c = col as usize;
            let mean = (0..w.ncols()).map(|j| w[[c, j]]).sum::<f32>() / k;
            Contribution {
                feature: names.get(&col).map(|n| n.join(" | ")).unwrap_or_default(),
                value: (w[[c, class]] - mean) * v,
            }
        })
        .filter(|c| c.value > 0.0)
        .collect();
    out.sort_by(|a, b| b.value.total_cmp(&a.value).then(a.feature.cmp(&b.feature)));
    out.truncate(top);
    out
}

// ---------------------------------------------------------------- layout

/// Font size of node labels in the graph, in SVG units.
pub const LABEL_FONT: f64 = 13.0;
/// Above this many actors, labels run along the radius instead of level.
pub const LEVEL_LABELS_MAX: usize = 10;
const NODE_RADIUS: f64 = 9.0;
const LABEL_GAP: f64 = 8.0;

/// Where a label sits and how it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelPlacement {
    pub x: f64,
    pub y: f64,
    /// `start`, `middle` or `end`.
    pub anchor: &'static str,
    /// Rotation in degrees about (x, y).
    pub rotate: f64,
}

/// Node positions and label placements of a circular layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<(f64, f64)>,
    pub labels: Vec<LabelPlacement>,
}

/// Approximate width of a label in SVG units (sans-serif averages about
/// 0.6 em per character; wide enough to be safe for capitals).
pub fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * LABEL_FONT * 0.62
}

/// Places `names` on a circle, first at the top, clockwise.
///
/// Up to [`LEVEL_LABELS_MAX`] actors get level labels beside their node,
/// anchored away from the centre; more get labels along the radius, which
/// cannot overlap as long as neighbours are a label's height apart on the
/// circle, so the radius grows with the count.
pub fn circular_layout(names: &[String]) -> Layout {
    let n = names.len();
    let longest = names.iter().map(|s| label_width(s)).fold(0.0, f64::max);
    let level = n <= LEVEL_LABELS_MAX;
    // Neighbours must be at least this far apart along the circle.
    let spacing = if level {
        4.0 * LABEL_FONT
    } else {
        3.0 * LABEL_FONT
    };
    let radius = (spacing * n as f64 / (2.0 * PI)).max(if level { 150.0 } else { 190.0 });
    let margin = 20.0;
    let (half_w, half_h) = if level {
        (
            radius + LABEL_GAP + longest + margin,
            radius + LABEL_GAP + 2.0 * LABEL_FONT + margin,
        )
    } else {
        let r = radius + LABEL_GAP + longest + margin;
        (r, r)
    };
    let (cx, cy) = (half_w, half_h);
    let mut nodes = Vec::with_capacity(n);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let angle = -PI / 2.0 + 2.0 * PI * i as f64 / n.max(1) as f64;
        let (cos, sin) = (angle.cos(), angle.sin());
        nodes.push((cx + radius * cos, cy + radius * sin));
        let r = radius + NODE_RADIUS + LABEL_GAP;
        if level {
            let anchor = if cos > 0.2 {
                "start"
            } else if cos < -0.2 {
                "end"
            } else {
                "middle"
            };
            // Baseline: below the node in the lower half, above in the upper.
            let dy = if sin > 0.2 {
                LABEL_FONT * 0.8
            } else if sin < -0.2 {
                0.0
            } else {
                LABEL_FONT * 0.35
            };
            labels.push(LabelPlacement {
                x: cx + r * cos,
                y: cy + r * sin + dy,
                anchor,
                rotate: 0.0,
            });
        } else {
            // Along the radius, reading outward; flipped on the left half
            // so no label is upside down.
            let degrees = angle.to_degrees();
            let (anchor, rotate) = if cos >= 0.0 {
                ("start", degrees)
            } else {
                ("end", degrees + 180.0)
            };
            labels.push(LabelPlacement {
                x: cx + r * cos,
                y: cy + r * sin,
                anchor,
                rotate,
            });
        }
    }
    Layout {
        width: 2.0 * half_w,
        height: 2.0 * half_h,
        nodes,
        labels,
    }
}

/// The bounding box `(x0, y0, x1, y1)` of a level label.
pub fn level_label_box(text: &str, p: &LabelPlacement) -> (f64, f64, f64, f64) {
    let w = label_width(text);
    let x0 = match p.anchor {
        "start" => p.x,
        "end" => p.x - w,
        _ => p.x - w / 2.0,
    };
    (x0, p.y - LABEL_FONT, x0 + w, p.y + LABEL_FONT * 0.3)
}

// ---------------------------------------------------------------- HTML

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const SUPPORTIVE: &str = "#1b7f3b";
const ACCUSATORY: &str = "#c62828";

fn stance_colour(s: Stance) -> &'static str {
    match s {
        Stance::Supportive => SUPPORTIVE,
        Stance::Accusatory => ACCUSATORY,
        Stance::Neutral => "#777777",
    }
}

/// What the feature names in explanations mean.
const FEATURE_LEGEND: &str = "<p class=\"muted\">Features: <code>u w</code> a word and <code>b w w</code> a pair of \
words (stems; <code>&lt;S&gt;</code> source, <code>&lt;T&gt;</code> target, <code>&lt;A&gt;</code> another actor); \
<code>S L w</code> / <code>T R w</code> a word left or right of the source or target; <code>btw</code> a word \
between them; <code>L class</code> a stance-lexicon word (<code>acc</code> accuses, <code>sup</code> supports, \
<code>pos</code>/<code>neg</code> whether negated, <code>ag</code>/<code>pt</code> its agent and patient: \
<code>S</code>, <code>T</code>, <code>spkS</code> the speaker); <code>V</code> sentiment-lexicon valence; \
<code>spk</code> the speaker's role; <code>ord</code> which actor comes first. Numbers: how much the feature \
adds to this stance over the others.</p>";

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d232a;background:#fafafa}
header{background:#1d2733;color:#fff;padding:14px 28px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c5ced8;font-size:13px}
main{padding:18px 28px;display:grid;grid-template-columns:minmax(420px,1fr) minmax(420px,1fr);gap:24px}
section{background:#fff;border:1px solid #dde2e7;border-radius:6px;padding:14px 16px}
section.wide{grid-column:1 / -1}
section.graph{position:sticky;top:10px;align-self:start}
h2{font-size:15px;margin:0 0 10px;text-transform:uppercase;letter-spacing:.04em;color:#46525e}
svg{width:100%;height:auto;max-height:720px}
svg text{font-family:inherit}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #eceff2}
th{color:#46525e;font-weight:600}
.stance{font-weight:600;white-space:nowrap}
.supportive{color:#1b7f3b}.accusatory{color:#c62828}.neutral{color:#777}
mark.actor{background:#fff1b8;border-radius:3px;padding:0 2px}
mark.carried{background:#e8eefc}
ol.article{padding-left:28px;margin:0}
ol.article li{margin:0 0 10px;line-height:1.5}
.sentence{display:grid;grid-template-columns:1fr 260px;gap:14px}
.pairs{font-size:12px;color:#46525e}
.pairs div{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
code{font-size:12px;background:#f1f3f5;padding:0 3px;border-radius:3px}
ul.features{margin:4px 0 0;padding-left:18px;font-size:12px}
.evidence{margin:0 0 8px}
.legend span{margin-right:14px;font-size:13px}
.muted{color:#7a858f;font-size:12px}
footer{padding:0 28px 24px;color:#7a858f;font-size:12px}
"#;

/// Renders one article's report page.
pub fn render(report: &ArticleReport, info: &ModelInfo) -> String {
    let out = &report.output;
    let mut h = String::new();
    let title = format!("stance report: {}", out.id);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"generator\" content=\"stance {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p>{} actors, {} dyads, {} sentences</p></header>\n<main>",
        escape(&out.id),
        out.actors.len(),
        out.dyads.len(),
        out.sentences.len()
    );

    // The graph.
    let _ = writeln!(h, "<section class=\"graph\"><h2>Stance map</h2>");
    render_graph(&mut h, report);
    let _ = writeln!(
        h,
        "<p class=\"legend\"><span class=\"supportive\">&#9632; supportive</span>\
         <span class=\"accusatory\">&#9632; accusatory</span>\
         <span class=\"muted\">arrow: source &#8594; target; number: confidence</span></p></section>"
    );

    // The dyads.
    let _ = writeln!(h, "<section class=\"dyads\"><h2>Dyads</h2>");
    if out.dyads.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"muted\">No actor takes a stance toward another in this article.</p>"
        );
    } else {
        let _ = writeln!(
            h,
            "<table id=\"dyad-table\"><thead><tr><th>Source</th><th>Target</th><th>Stance</th>\
             <th>Confidence</th><th>Evidence and the features that weighed most</th></tr></thead><tbody>"
        );
        for (d, ev) in out.dyads.iter().zip(&report.evidence) {
            let (source, target, stance) =
                (escape(&d.source), escape(&d.target), d.stance.as_str());
            let _ = write!(
                h,
                "<tr class=\"dyad-row\" data-source=\"{source}\" data-target=\"{target}\" data-stance=\"{stance}\">\
                 <td>{source}</td><td>{target}</td><td class=\"stance {stance}\">{stance}</td><td>{:.2}</td><td>",
                d.confidence
            );
            for e in ev {
                let text = out
                    .sentences
                    .get(e.sentence)
                    .map_or("", |s| s.text.as_str());
                let _ = write!(
                    h,
                    "<div class=\"evidence\"><a href=\"#s{}\">[{}]</a> {} <span class=\"muted\">(p = {:.2})</span>\
                     <ul class=\"features\">",
                    e.sentence,
                    e.sentence,
                    escape(text),
                    e.probability
                );
                for c in &e.top {
                    let _ = write!(
                        h,
                        "<li><code>{}</code> +{:.3}</li>",
                        escape(&c.feature),
                        c.value
                    );
                }
                let _ = write!(h, "</ul></div>");
            }
            let _ = writeln!(h, "</td></tr>");
        }
        let _ = writeln!(h, "</tbody></table>");
        let _ = writeln!(h, "{FEATURE_LEGEND}");
    }
    let _ = writeln!(h, "</section>");

    // The article.
    let _ = writeln!(
        h,
        "<section class=\"wide\"><h2>Article</h2><p class=\"muted\">Actor mentions are highlighted \
         (blue: a pronoun or description carrying the speaker). Non-neutral pairs are beside each \
         sentence; hover a sentence for all its pairs.</p>\n<ol class=\"article\" start=\"0\">"
    );
    for (s, mentions) in out.sentences.iter().zip(&report.mentions) {
        let all: Vec<String> = s
            .pairs
            .iter()
            .map(|p| {
                format!(
                    "{} -> {}: {} ({:.2}), sentiment {}",
                    p.source,
                    p.target,
                    p.stance.as_str(),
                    p.probabilities.of(p.stance),
                    p.sentiment.as_str()
                )
            })
            .collect();
        let _ = write!(
            h,
            "<li id=\"s{}\"><div class=\"sentence\" title=\"{}\"><div class=\"text\">{}</div><div class=\"pairs\">",
            s.index,
            escape(&all.join("\n")),
            highlight(&s.text, mentions)
        );
        let mut neutral = 0;
        for p in &s.pairs {
            if p.stance == Stance::Neutral {
                neutral += 1;
                continue;
            }
            let (source, target, stance) =
                (escape(&p.source), escape(&p.target), p.stance.as_str());
            let _ = write!(
                h,
                "<div class=\"pair\" data-source=\"{source}\" data-target=\"{target}\" data-stance=\"{stance}\">\
                 {source} &#8594; {target}: <span class=\"stance {stance}\">{stance}</span> {:.2}</div>",
                p.probabilities.of(p.stance)
            );
        }
        if neutral > 0 {
            let _ = write!(
                h,
                "<div class=\"muted\">{neutral} neutral pair{}</div>",
                if neutral == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(h, "</div></div></li>");
    }
    let _ = writeln!(h, "</ol></section>\n</main>");

    // The model.
    let scores: Vec<String> = info
        .dev_scores
        .iter()
        .map(|(head, acc, f1)| format!("{head}: accuracy {acc:.4}, macro-F1 {f1:.4}"))
        .collect();
    let _ = writeln!(
        h,
        "<footer id=\"model\">Model: {} (stance {}, {} training records). Dev scores: {}. \
         Sentence-level predictions; a dyad is the majority of its confident non-neutral sentences.</footer>\n</body>\n</html>",
        escape(&info.name),
        escape(&info.crate_version),
        info.training_records,
        if scores.is_empty() { "none recorded".to_string() } else { escape(&scores.join("; ")) }
    );
    h
}

/// The sentence with mentions wrapped in `<mark>`; overlapping mentions
/// (which the resolver does not produce) keep the first.
fn highlight(text: &str, mentions: &[MentionSpan]) -> String {
    let mut sorted: Vec<&MentionSpan> = mentions
        .iter()
        .filter(|m| {
            m.start < m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
        })
        .collect();
    sorted.sort_by_key(|m| (m.start, m.end));
    let mut out = String::new();
    let mut at = 0;
    for m in sorted {
        if m.start < at {
            continue;
        }
        out.push_str(&escape(&text[at..m.start]));
        let _ = write!(
            out,
            "<mark class=\"actor{}\" data-actor=\"{}\" title=\"{}\">{}</mark>",
            if m.carried { " carried" } else { "" },
            escape(&m.actor),
            escape(&m.actor),
            escape(&text[m.start..m.end])
        );
        at = m.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}

fn render_graph(h: &mut String, report: &ArticleReport) {
    let out = &report.output;
    let names: Vec<String> = out.actors.iter().map(|a| a.name.clone()).collect();
    if names.is_empty() {
        let _ = writeln!(h, "<p class=\"muted\">No actors found.</p>");
        return;
    }
    let layout = circular_layout(&names);
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let _ = writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {:.0}\" role=\"img\" aria-label=\"stance map\">\n<defs>",
        layout.width, layout.height
    );
    for (id, colour) in [("supportive", SUPPORTIVE), ("accusatory", ACCUSATORY)] {
        let _ = writeln!(
            h,
            "<marker id=\"arrow-{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"13\" markerHeight=\"13\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>"
        );
    }
    let _ = writeln!(h, "</defs>");
    // Edges under nodes.
    for d in &out.dyads {
        let (Some(&s), Some(&t)) = (index.get(d.source.as_str()), index.get(d.target.as_str()))
        else {
            continue;
        };
        let (x0, y0) = layout.nodes[s];
        let (x1, y1) = layout.nodes[t];
        let (dx, dy) = (x1 - x0, y1 - y0);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / len, dy / len);
        // Bend to the right of the direction of travel, so A->B and B->A
        // are two separate arcs.
        let bend = 0.18 * len;
        let (mx, my) = ((x0 + x1) / 2.0 - uy * bend, (y0 + y1) / 2.0 + ux * bend);
        // Trim the ends to the node circles, along the tangents.
        let trim = |px: f64, py: f64, qx: f64, qy: f64, by: f64| {
            let (vx, vy) = (qx - px, qy - py);
            let l = (vx * vx + vy * vy).sqrt().max(1e-6);
            (px + vx / l * by, py + vy / l * by)
        };
        let (sx, sy) = trim(x0, y0, mx, my, NODE_RADIUS + 2.0);
        let (ex, ey) = trim(x1, y1, mx, my, NODE_RADIUS + 3.0);
        // The curve's midpoint, where the confidence goes.
        let (lx, ly) = (
            0.25 * sx + 0.5 * mx + 0.25 * ex,
            0.25 * sy + 0.5 * my + 0.25 * ey,
        );
        let colour = stance_colour(d.stance);
        // Short arcs (neighbours on a crowded circle) carry no number: it
        // would cover the nodes. The hover title and the table have it.
        let number = if len >= 70.0 {
            format!("{:.2}", d.confidence)
        } else {
            String::new()
        };
        let (source, target, stance) = (escape(&d.source), escape(&d.target), d.stance.as_str());
        let (confidence, width, ty) = (d.confidence, 1.5 + 2.5 * d.confidence as f64, ly + 4.0);
        let _ = writeln!(
            h,
            "<g class=\"dyad\" data-source=\"{source}\" data-target=\"{target}\" data-stance=\"{stance}\"><title>{source} &#8594; {target}: {stance} ({confidence:.2})</title>\
             <path d=\"M{sx:.1},{sy:.1} Q{mx:.1},{my:.1} {ex:.1},{ey:.1}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width:.1}\" marker-end=\"url(#arrow-{stance})\"/>\
             <text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{colour}\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{number}</text></g>"
        );
    }
    for (i, name) in names.iter().enumerate() {
        let (x, y) = layout.nodes[i];
        let l = &layout.labels[i];
        let kind = report.kinds.get(name).map_or("actor", String::as_str);
        let fill = match kind {
            "state" => "#35618f",
            "organisation" => "#7b4f9d",
            "company" => "#b26a00",
            "group" => "#5d6b2f",
            _ => "#55606b",
        };
        let transform = if l.rotate != 0.0 {
            format!(
                " dominant-baseline=\"central\" transform=\"rotate({:.1} {:.1} {:.1})\"",
                l.rotate, l.x, l.y
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<g class=\"actor\" data-actor=\"{}\"><title>{} ({}, {} mentions)</title>\
             <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{NODE_RADIUS}\" fill=\"{fill}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\" font-size=\"{LABEL_FONT}\"{transform}>{}</text></g>",
            escape(name),
            escape(name),
            escape(kind),
            out.actors[i].mentions,
            l.x,
            l.y,
            l.anchor,
            escape(name)
        );
    }
    let _ = writeln!(h, "</svg>");
}

/// One line of the index page.
#[derive(Clone, Debug)]
pub struct IndexEntry {
    pub id: String,
    /// The page's file name, relative to the index.
    pub file: String,
    pub actors: usize,
    pub dyads: usize,
    /// Set when the article could not be analysed.
    pub error: Option<String>,
}

/// Renders the index of a directory of reports.
pub fn render_index(entries: &[IndexEntry], info: &ModelInfo) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>stance reports</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>stance reports</h1><p>{} articles</p></header>\n<main><section class=\"wide\">\
         <table id=\"index\"><thead><tr><th>Article</th><th>Actors</th><th>Dyads</th></tr></thead><tbody>\n",
        entries.len()
    );
    for e in entries {
        match &e.error {
            None => {
                let _ = writeln!(
                    h,
                    "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                    escape(&e.file),
                    escape(&e.id),
                    e.actors,
                    e.dyads
                );
            }
            Some(err) => {
                let _ = writeln!(
                    h,
                    "<tr><td>{}</td><td colspan=\"2\" class=\"accusatory\">{}</td></tr>",
                    escape(&e.id),
                    escape(err)
                );
            }
        }
    }
    let _ = writeln!(
        h,
        "</tbody></table></section></main>\n<footer>Model: {}</footer>\n</body>\n</html>",
        escape(&info.name)
    );
    h
}

/// A file name for an article id: letters, digits, `-` and `_` kept, the
/// rest replaced, made unique against `taken`.
pub fn page_name(id: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let mut base: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if base.is_empty() || base == "index" {
        base = format!("article_{base}");
    }
    let mut name = format!("{base}.html");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}.html");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes_overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    }

    fn names(n: usize) -> Vec<String> {
        // Long names on purpose: the worst case for labels.
        (0..n)
            .map(|i| format!("Democratic Republic of the Congo {i}"))
            .collect()
    }

    #[test]
    #[allow(clippy::needless_range_loop)] // i and j index labels and nodes alike
    fn level_labels_do_not_overlap_each_other_or_nodes() {
        for n in 2..=LEVEL_LABELS_MAX {
            let names = names(n);
            let l = circular_layout(&names);
            for i in 0..n {
                let bi = level_label_box(&names[i], &l.labels[i]);
                assert!(
                    bi.0 >= 0.0 && bi.2 <= l.width && bi.1 >= 0.0 && bi.3 <= l.height,
                    "n={n} label {i} off canvas: {bi:?}"
                );
                for j in 0..n {
                    if i != j {
                        let bj = level_label_box(&names[j], &l.labels[j]);
                        assert!(!boxes_overlap(bi, bj), "n={n}: labels {i} and {j} overlap");
                    }
                    let (x, y) = l.nodes[j];
                    let node = (
                        x - NODE_RADIUS,
                        y - NODE_RADIUS,
                        x + NODE_RADIUS,
                        y + NODE_RADIUS,
                    );
                    assert!(!boxes_overlap(bi, node), "n={n}: label {i} covers node {j}");
                }
            }
        }
    }

    #[test]
    fn radial_labels_have_room_and_stay_on_canvas() {
        for n in LEVEL_LABELS_MAX + 1..=30 {
            let names = names(n);
            let l = circular_layout(&names);
            // Neighbouring label baselines are at least a label height apart.
            let (cx, cy) = (l.width / 2.0, l.height / 2.0);
            let r = ((l.labels[0].x - cx).powi(2) + (l.labels[0].y - cy).powi(2)).sqrt();
            let gap = 2.0 * PI * r / n as f64;
            assert!(gap >= 1.2 * LABEL_FONT, "n={n}: gap {gap}");
            for (i, p) in l.labels.iter().enumerate() {
                let angle = p.rotate.to_radians();
                let w = label_width(&names[i]);
                // The far end of the label, along its direction.
                let dir = if p.anchor == "start" { 1.0 } else { -1.0 };
                let (ex, ey) = (p.x + dir * w * angle.cos(), p.y + dir * w * angle.sin());
                for (x, y) in [(p.x, p.y), (ex, ey)] {
                    assert!(
                        x >= 0.0 && x <= l.width && y >= 0.0 && y <= l.height,
                        "n={n} label {i} off canvas"
                    );
                }
            }
        }
    }

    #[test]
    fn escape_covers_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn highlight_wraps_mentions_and_escapes_the_rest() {
        let m = vec![MentionSpan {
            start: 0,
            end: 6,
            actor: "Russia".into(),
            carried: false,
        }];
        let h = highlight("Russia & <co>", &m);
        assert_eq!(
            h,
            "<mark class=\"actor\" data-actor=\"Russia\" title=\"Russia\">Russia</mark> &amp; &lt;co&gt;"
        );
    }

    #[test]
    fn page_names_are_safe_and_unique() {
        let mut taken = Default::default();
        assert_eq!(page_name("a/b c", &mut taken), "a_b_c.html");
        assert_eq!(page_name("a/b c", &mut taken), "a_b_c-2.html");
        assert_eq!(page_name("index", &mut taken), "article_index.html");
        assert_eq!(page_name("", &mut taken), "article_.html");
    }
}
