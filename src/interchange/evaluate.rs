//! Scoring the quote detector against a gold attribution corpus in brat
//! standoff (such as `PolNeAR`), through the same import and compare a person
//! uses: the gold `.ann` is imported, the detector's document is built, and
//! the two are compared. Nothing here scores on its own; it only says which
//! gold quotes are direct or reported speech, so that the one comparison can
//! be split into the figures the project reports.
//!
//! Categories (`PolNeAR` annotates every attribution; the detector aims at
//! part of them):
//! - **direct**: gold content that opens with a quotation mark or sits right
//!   after one (the quote is the content, not a fragment of it).
//! - **reported**: any other gold content whose cue holds a verb of saying
//!   (say, tell, according to, note, add, write, claim, ...: [`SPEECH_CUES`]).
//!   Mixed quotes (reported speech with quoted fragments) fall here.
//! - **other**: beliefs, intentions, "polls show", cue-less items. Scored for
//!   recall only: the detector does not aim at them, but a prediction that
//!   finds one is right.
//!
//! A detected quote is **direct** when its style is `direct`, else
//! **reported**. Speakers match as [`same_speaker_or_mention`] says. The
//! fragments of one discontinuous gold content are one unit for
//! [`CategoryCounts::unit_recall`](crate::interchange::compare::CategoryCounts::unit_recall)
//! ([`gold_content`]).

use crate::article::Article;
use crate::detect::{Kind, Style};
use crate::interchange::compare::{
    ByCategory, Categories, Comparison, compare, compare_by_category, same_person,
};
use crate::interchange::import::{IMPORTED_FROM, ImportError, ImportOptions, brat};
use crate::sidecar::{Annotation, Document, build, sidecar_path_for};

/// Cue words that mark speech (lowercase prefixes of a cue's words).
pub const SPEECH_CUES: &[&str] = &[
    "say",
    "said",
    "tell",
    "told",
    "according",
    "note",
    "add",
    "writ",
    "wrote",
    "tweet",
    "claim",
    "report",
    "announc",
    "stat",
    "declar",
    "explain",
    "argu",
    "insist",
    "warn",
    "stress",
    "emphasi",
    "acknowledg",
    "admit",
    "ask",
    "answer",
    "repl",
    "respond",
    "suggest",
    "recall",
    "comment",
    "mention",
    "continu",
    "promis",
    "pledg",
    "vow",
    "den",
    "confirm",
    "accus",
    "charg",
    "alleg",
    "reiterat",
    "remark",
    "point",
    "testif",
    "reveal",
    "conced",
    "assert",
    "predict",
    "urg",
    "complain",
    "blast",
    "slam",
    "criticiz",
    "prais",
    "post",
    "call",
];

/// What kind of attribution a quote is, for scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuoteCategory {
    Direct,
    Reported,
    Other,
}

impl QuoteCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Reported => "reported",
            Self::Other => "other",
        }
    }
}

/// How gold and detected quotes are sorted and speakers judged.
pub const QUOTE_CATEGORIES: Categories<QuoteCategory> = Categories {
    of_reference: gold_category,
    of_candidate: detected_category,
    same_speaker: same_speaker_or_mention,
    unit_of_reference: gold_content,
};

/// A detected quote names the gold speaker when the names can be the same
/// person ([`same_person`]), or when the gold speaker is its source mention
/// as written and the detector points at that same mention: the gold keeps a
/// description as it is ("the president"), while the detector resolves it to
/// the name it stands for ("Obama"), which is the speaker a reviewer needs,
/// not a wrong one. A gold pronoun resolved to a name must be matched by name.
pub fn same_speaker_or_mention(gold: &Annotation, detected: &Annotation) -> bool {
    let names_agree = gold
        .speaker
        .as_deref()
        .zip(detected.speaker.as_deref())
        .is_some_and(|(gold, detected)| same_person(gold, detected));
    let same_mention = gold
        .source
        .as_ref()
        .filter(|source| gold.speaker.as_deref() == Some(source.text.as_str()))
        .zip(detected.source.as_ref())
        .is_some_and(|(gold, detected)| gold.start < detected.end && detected.start < gold.end);
    names_agree || same_mention
}

/// The gold content a quote was imported from: the fragments of one
/// discontinuous brat span become several quotes that share the reason
/// "imported from brat T5", and are one content for recall.
pub fn gold_content(quote: &Annotation) -> Option<&str> {
    quote
        .reasons
        .iter()
        .map(AsRef::as_ref)
        .find(|reason: &&str| {
            reason
                .strip_prefix(IMPORTED_FROM)
                .is_some_and(|from| from.starts_with("brat "))
        })
}

/// The category of a gold quote, from its text, the text just before it and
/// its cue (see the module comment).
pub fn gold_category(quote: &Annotation) -> QuoteCategory {
    let opens = quote
        .text
        .chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(is_quote_mark);
    let after_mark = quote
        .prefix
        .chars()
        .rev()
        .find(|c| !c.is_whitespace())
        .is_some_and(is_opening_mark);
    if opens || after_mark {
        return QuoteCategory::Direct;
    }
    let cue = quote
        .cue
        .as_ref()
        .map(|cue| cue.text.to_lowercase())
        .unwrap_or_default();
    let speech = cue
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| SPEECH_CUES.iter().any(|prefix| word.starts_with(prefix)));
    if speech {
        QuoteCategory::Reported
    } else {
        QuoteCategory::Other
    }
}

/// The category of a detected quote: its style says whether it is in
/// quotation marks; anything else it finds is reported speech.
pub fn detected_category(quote: &Annotation) -> QuoteCategory {
    match quote.style {
        Some(Style::Direct) => QuoteCategory::Direct,
        _ => QuoteCategory::Reported,
    }
}

/// Any quotation mark, opening or closing: a content that starts with a
/// closing-looking mark is still a quotation (straight and reversed marks).
fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{ab}'
            | '\u{bb}'
            | '\u{2018}'
            | '\u{300c}'
            | '\u{300e}'
    )
}

/// Marks that open a quotation, so that the content after one is quoted.
fn is_opening_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201e}' | '\u{ab}' | '\u{2018}' | '\u{300c}'
    )
}

/// One article's gold and detected documents and how they compare.
#[derive(Debug, Clone)]
pub struct ArticleEvaluation {
    pub gold: Document,
    pub detected: Document,
    /// The whole comparison, as `margin compare` makes it (disagreements
    /// name the misses and false finds).
    pub comparison: Comparison,
    /// Quotes split by [`QuoteCategory`].
    pub quotes: ByCategory<QuoteCategory>,
}

/// Imports the brat gold `ann` of `article`, runs the detector on it and
/// compares the two (gold as A, detector as B).
pub fn evaluate_article(ann: &str, article: &Article) -> Result<ArticleEvaluation, ImportError> {
    let gold = brat::parse(ann, article, &ImportOptions::default())?.document;
    let detected = build::detect_document(article, &sidecar_path_for(article.path()));
    let comparison = compare(&gold, &detected);
    let quotes = compare_by_category(&gold, &detected, Kind::Quote, &QUOTE_CATEGORIES);
    Ok(ArticleEvaluation {
        gold,
        detected,
        comparison,
        quotes,
    })
}
