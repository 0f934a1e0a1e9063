//! Attribution patterns within one sentence:
//! - `<source> <cue> (that) <content>`: "He noted that a memo was delivered";
//! - `<content>, <source> <cue>`: "“We will not yield,” the minister said";
//! - `<content>, <cue> <source>`: "..., said Smith";
//! - `According to <source>, <content>` and `<content>, according to <source>`;
//! - `<quote> — <name>`: a quote signed with a dash;
//! - `<subject> ..., saying (that) <content>`: a participle after a comma;
//! - `“...,” <source> <any verb>.`: a quote, a speaker and one verb;
//! - `<Name>: ... “...”` (headlines) and `<subject> ...: “...”`: a colon;
//! - `<source> <cue>.` alone: the content is the sentence or paragraph before;
//! - `<source> <cue>:` ending a paragraph: the content is the next quote.
//!
//! Each rule is a few comparisons on the sentence's tokens; nothing
//! backtracks over the text.

use std::ops::Range;

use crate::detect::calendar;

use super::lexicon::{
    self, ACCORDING_TO, AUXILIARIES, COMMON_OPENERS, Cue, CueStrength, INTRODUCTORY,
    NOT_ATTRIBUTION_BEFORE, PRONOUNS, ROLE_NOUNS, TITLES,
};
use super::units::{Token, TokenKind};

/// A cue word found in the text, with its entry in the lexicon.
#[derive(Debug, Clone)]
pub struct CueHit {
    pub span: Range<usize>,
    pub cue: &'static Cue,
}

/// Where the content of an attribution is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// These tokens of the sentence (a range of token indices).
    Here(Range<usize>),
    /// The sentence (or paragraph) before: "he added."
    Before,
    /// The next quote: "He said:" at the end of a paragraph.
    After,
    /// Around a source and cue set off by commas: "The museum, she said,
    /// would open in May." `before` is `None` when what precedes is only an
    /// opening adjunct ("In his view, she said, ...").
    Interrupted {
        before: Option<Range<usize>>,
        after: Range<usize>,
    },
}

/// One attribution found in a sentence. Ranges index the sentence's tokens.
#[derive(Debug, Clone)]
pub struct Attribution {
    /// Token indices of the source mention (empty for a dash signature's cue).
    pub source: Range<usize>,
    /// Byte range of the cue.
    pub cue: Range<usize>,
    pub strength: CueStrength,
    /// Why this is an attribution, for the reviewer: "cue: said".
    pub reason: &'static str,
    pub content: Content,
}

impl Attribution {
    fn by_cue(source: Range<usize>, hit: &CueHit, content: Content) -> Self {
        Self {
            source,
            cue: hit.span.clone(),
            strength: hit.cue.strength,
            reason: hit.cue.reason,
            content,
        }
    }
}

/// The first attribution in the sentence `tokens`, trying each cue in order.
pub fn attribute(text: &str, tokens: &[Token], cues: &[CueHit]) -> Option<Attribution> {
    // Real sentences hold a handful of cues; trying a bounded number keeps a
    // pathological sentence ("said said said ...") linear.
    cues.iter()
        .take(MAX_CUES_TRIED)
        .find_map(|hit| attribute_cue(text, tokens, hit))
        .or_else(|| dash_signature(text, tokens))
        .or_else(|| quote_then_speaker(text, tokens))
        .or_else(|| name_colon(text, tokens))
        .or_else(|| colon_introduction(text, tokens))
}

/// "Cruz called them on it:" closing a paragraph: its subject speaks next.
/// "The board was conclusive in its findings: “...”": the same, within the
/// sentence.
fn colon_introduction(text: &str, tokens: &[Token]) -> Option<Attribution> {
    let colon = tokens
        .iter()
        .position(|token| is_punct(Some(token), ":"))
        .or_else(|| comma_before_final_quote(tokens))?;
    let content = if colon + 1 == tokens.len() {
        Content::After
    } else if is_quote(tokens.get(colon + 1)) {
        Content::Here(colon + 1..colon + 2)
    } else {
        return None;
    };
    let source = sentence_subject(text, tokens).filter(|source| source.end <= colon)?;
    Some(Attribution {
        source,
        cue: tokens[colon].span.clone(),
        strength: CueStrength::Speech,
        reason: "cue: colon before the quote",
        content,
    })
}

fn word<'t>(text: &'t str, token: &Token) -> Option<&'t str> {
    (token.kind == TokenKind::Word).then(|| &text[token.span.clone()])
}

fn is_punct(token: Option<&Token>, set: &str) -> bool {
    matches!(token.map(|token| token.kind), Some(TokenKind::Punct(c)) if set.contains(c))
}

fn has_quote(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|token| matches!(token.kind, TokenKind::Quote(_)))
}

fn is_quote(token: Option<&Token>) -> bool {
    matches!(token.map(|token| token.kind), Some(TokenKind::Quote(_)))
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Capitalized, but not a shouted dateline ("WASHINGTON").
fn is_name_word(word: &str) -> bool {
    is_capitalized(word) && !(word.len() >= 5 && word.chars().all(|c| !c.is_lowercase()))
}

const MAX_CUES_TRIED: usize = 8;

/// Punctuation that separates content from its attribution.
const SEPARATORS: &str = ",—–-―:";
/// Punctuation that ends a sentence.
const TERMINATORS: &str = ".!?…";

fn attribute_cue(text: &str, tokens: &[Token], hit: &CueHit) -> Option<Attribution> {
    let first = tokens.partition_point(|token| token.span.start < hit.span.start);
    let last = tokens[first..]
        .iter()
        .position(|token| token.span.end >= hit.span.end)?
        + first;
    if tokens[first].span.start != hit.span.start || tokens[last].span.end != hit.span.end {
        return None;
    }
    let cue_words = first..last + 1;
    // "Said" inside a sentence is a name, not a verb.
    if first > 0 && is_capitalized(&text[hit.span.clone()]) {
        return None;
    }
    if hit.cue.phrase == ACCORDING_TO {
        return according_to(text, tokens, cue_words, hit);
    }
    let attribution = source_then_cue(text, tokens, &cue_words, hit)
        .or_else(|| cue_then_source(text, tokens, &cue_words, hit))
        .or_else(|| participle(text, tokens, &cue_words, hit))?;
    // "a group called X", "she called for": only with a quote is "called" speech.
    let quoted = match &attribution.content {
        Content::Here(content) => has_quote(&tokens[content.clone()]),
        Content::Interrupted { before, after } => {
            has_quote(&tokens[after.clone()])
                || before
                    .as_ref()
                    .is_some_and(|before| has_quote(&tokens[before.clone()]))
        }
        Content::Before | Content::After => true,
    };
    (quoted || !hit.cue.needs_quote).then_some(attribution)
}

/// `<subject> ..., saying (that|:) <content>`: the subject of the sentence speaks.
fn participle(
    text: &str,
    tokens: &[Token],
    cue_words: &Range<usize>,
    hit: &CueHit,
) -> Option<Attribution> {
    if !hit.cue.phrase.ends_with("ing")
        || !is_punct(tokens.get(cue_words.start.checked_sub(1)?), ",")
    {
        return None;
    }
    let subject = sentence_subject(text, tokens)?;
    let content = content_after_cue(text, tokens, cue_words, hit.cue)?;
    Some(Attribution::by_cue(subject, hit, Content::Here(content)))
}

/// The noun phrase that opens the sentence: a pronoun or a name with titles,
/// after an opening phrase if there is one ("During the forum, Trump ...").
fn sentence_subject(text: &str, tokens: &[Token]) -> Option<Range<usize>> {
    let first = word(text, tokens.first()?)?;
    let opens_with_phrase = INTRODUCTORY.contains(first)
        || (COMMON_OPENERS.contains(first) && !lexicon::contains(DETERMINERS, first));
    let start = if opens_with_phrase {
        tokens
            .iter()
            .take(MAX_OPENING_PHRASE)
            .position(|token| is_punct(Some(token), ","))?
            + 1
    } else {
        0
    };
    subject_at(text, tokens, start)
}

/// An opening phrase longer than this many tokens is no mere adjunct.
const MAX_OPENING_PHRASE: usize = 8;

/// The pronoun, or the name with titles, that starts at token `start`.
fn subject_at(text: &str, tokens: &[Token], start: usize) -> Option<Range<usize>> {
    let first = word(text, tokens.get(start)?)?;
    if lexicon::contains(PRONOUNS, first) {
        return Some(start..start + 1);
    }
    let end = tokens[start..]
        .iter()
        .position(|token| {
            word(text, token).is_none_or(|word| !(is_name_word(word) || TITLES.contains(word)))
        })
        .map_or(tokens.len(), |offset| start + offset);
    let lone_word =
        end == start + 1 && (lexicon::contains(DETERMINERS, first) || lexicon::is_not_name(first));
    ((1..=5).contains(&(end - start)) && !lone_word).then_some(start..end)
}

/// "Trump: Cruz has ‘a long way to go’": a headline that gives a name, a colon
/// and a quote.
fn name_colon(text: &str, tokens: &[Token]) -> Option<Attribution> {
    let colon = tokens
        .iter()
        .take(6)
        .position(|token| is_punct(Some(token), ":"))?;
    let source = sentence_subject(text, tokens).filter(|subject| subject.end == colon)?;
    let quoted = tokens[colon..]
        .iter()
        .any(|token| matches!(token.kind, TokenKind::Quote(_)));
    let first = word(text, &tokens[0])?;
    (quoted && !lexicon::is_not_name(first)).then(|| Attribution {
        source,
        cue: tokens[colon].span.clone(),
        strength: CueStrength::Speech,
        reason: "cue: colon after a name",
        content: Content::Here(colon + 1..tokens.len()),
    })
}

/// The content of `tokens[range]` without separators at either end; `None` when
/// fewer than `min_words` words (a quote counts as enough) remain.
fn trimmed_content(
    tokens: &[Token],
    range: Range<usize>,
    min_words: usize,
) -> Option<Range<usize>> {
    let mut range = range;
    while range.start < range.end && matches!(tokens[range.start].kind, TokenKind::Punct(_)) {
        range.start += 1;
    }
    while range.start < range.end && matches!(tokens[range.end - 1].kind, TokenKind::Punct(_)) {
        range.end -= 1;
    }
    let slice = &tokens[range.clone()];
    let words = slice
        .iter()
        .filter(|token| token.kind == TokenKind::Word)
        .count();
    let quoted = slice
        .iter()
        .any(|token| matches!(token.kind, TokenKind::Quote(_)));
    (quoted || words >= min_words).then_some(range)
}

/// Words of content a clause needs before it is worth proposing.
const MIN_CONTENT_WORDS: usize = 3;

fn according_to(
    text: &str,
    tokens: &[Token],
    cue_words: Range<usize>,
    hit: &CueHit,
) -> Option<Attribution> {
    // The source runs to the next punctuation or relative pronoun:
    // "according to a party official who was not authorized to speak".
    let source_end = tokens[cue_words.end..]
        .iter()
        .position(|token| {
            word(text, token)
                .is_none_or(|word| lexicon::contains(&["who", "which", "whose", "that"], word))
        })
        .map_or(tokens.len(), |offset| cue_words.end + offset);
    let mut source = cue_words.end..source_end.min(cue_words.end + 8);
    if source.is_empty() {
        return None;
    }
    // "According to the finance director, Aisha Rahman, ...": the name.
    let mut source_end = source_end;
    if let Some(name) = appositive_name(text, tokens, source_end) {
        source = name.clone();
        source_end = name.end;
    }
    let leading_words = tokens[..cue_words.start].iter().all(|token| {
        word(text, token).is_some_and(|word| {
            ["but", "and", "so", "yet", "also"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
        })
    });
    let content = if leading_words {
        trimmed_content(tokens, source_end..tokens.len(), MIN_CONTENT_WORDS)?
    } else {
        trimmed_content(tokens, 0..cue_words.start, MIN_CONTENT_WORDS)?
    };
    Some(Attribution::by_cue(source, hit, Content::Here(content)))
}

/// `, Name,` (or `, Name` at the end) starting at the comma `at`.
fn appositive_name(text: &str, tokens: &[Token], at: usize) -> Option<Range<usize>> {
    if !is_punct(tokens.get(at), ",") {
        return None;
    }
    let end = tokens[at + 1..]
        .iter()
        .position(|token| word(text, token).is_none_or(|word| !is_name_word(word)))
        .map_or(tokens.len(), |offset| at + 1 + offset);
    let closed = end == tokens.len()
        || is_punct(tokens.get(end), ",.")
        || is_punct(tokens.get(end), TERMINATORS);
    ((2..=4).contains(&(end - at - 1)) && closed).then_some(at + 1..end)
}

/// `<source> <cue> ...` and `<content>, <source> <cue>.`
fn source_then_cue(
    text: &str,
    tokens: &[Token],
    cue_words: &Range<usize>,
    hit: &CueHit,
) -> Option<Attribution> {
    let mut end = cue_words.start;
    // "has said", "now says", "often says": auxiliaries and adverbs between
    // the source and its cue.
    while end > 0
        && word(text, &tokens[end - 1]).is_some_and(|word| {
            AUXILIARIES.contains(word) || lexicon::contains(ADVERBS_BEFORE_CUE, word)
        })
    {
        end -= 1;
    }
    // "Kaine praised the plan and said ...": the sentence's subject speaks.
    let coordinated = || {
        let and = end.checked_sub(1)?;
        word(text, &tokens[and])
            .filter(|word| *word == "and")
            .and_then(|_| sentence_subject(text, tokens))
            .filter(|subject| subject.end < and)
    };
    let source = source_before(text, tokens, end)
        .or_else(|| appositive_source(text, tokens, end))
        .or_else(coordinated)?;
    if source.start > 0
        && word(text, &tokens[source.start - 1])
            .is_some_and(|word| NOT_ATTRIBUTION_BEFORE.contains(word))
    {
        return None;
    }
    let source = extend_to_boundary(text, tokens, source);
    if let Some(content) = interrupted(text, tokens, &source, cue_words) {
        return Some(Attribution::by_cue(source, hit, content));
    }
    let after = content_after_cue(text, tokens, cue_words, hit.cue);
    let before_is_content = source.start == 0
        || is_punct(tokens.get(source.start - 1), SEPARATORS)
        || is_quote(tokens.get(source.start - 1));
    let content = if let Some(after) = after {
        Content::Here(after)
    } else if introduces_next(text, tokens, cue_words.end) {
        Content::After
    } else if source.start > 0 && before_is_content && ends_clause(text, tokens, cue_words.end) {
        Content::Here(trimmed_content(tokens, 0..source.start, MIN_CONTENT_WORDS)?)
    } else if source.start == 0 && ends_clause(text, tokens, cue_words.end) {
        Content::Before
    } else {
        return None;
    };
    Some(Attribution::by_cue(source, hit, content))
}

/// Adverbs that may stand between a source and its cue.
const ADVERBS_BEFORE_CUE: &[&str] = &[
    "now",
    "also",
    "often",
    "later",
    "then",
    "again",
    "still",
    "repeatedly",
    "previously",
    "recently",
    "publicly",
    "privately",
    "once",
    "always",
    "frequently",
    "initially",
    "quickly",
];

/// "The museum, Mr. Obama said, would open in May.": a source and cue set off
/// by commas inside the content.
fn interrupted(
    text: &str,
    tokens: &[Token],
    source: &Range<usize>,
    cue_words: &Range<usize>,
) -> Option<Content> {
    let comma_before = source.start.checked_sub(1)?;
    if !is_punct(tokens.get(comma_before), ",") || !is_punct(tokens.get(cue_words.end), ",") {
        return None;
    }
    // "..., he said, adding that ..." and "..., she said, according to ...":
    // what follows the second comma is no continuation of the content.
    let next = word(text, tokens.get(cue_words.end + 1)?)?;
    if next.ends_with("ing") || lexicon::contains(NOT_CONTINUATION, next) {
        return None;
    }
    let after = trimmed_content(tokens, cue_words.end + 1..tokens.len(), MIN_CONTENT_WORDS)?;
    let first = word(text, tokens.first()?);
    let opens_adjunct = first.is_some_and(|first| {
        INTRODUCTORY.contains(first)
            || (COMMON_OPENERS.contains(first) && !lexicon::contains(DETERMINERS, first))
    });
    let before = trimmed_content(tokens, 0..comma_before, 2).filter(|_| !opens_adjunct);
    Some(Content::Interrupted { before, after })
}

/// Words after "..., she said," that start something other than the rest of
/// what she said.
const NOT_CONTINUATION: &[&str] = &["and", "but", "who", "which", "according", "as", "citing"];

/// The sentence ends with a colon soon after `from`: "Smith told reporters:".
fn introduces_next(text: &str, tokens: &[Token], from: usize) -> bool {
    let between = &tokens[from.min(tokens.len())..tokens.len().saturating_sub(1)];
    is_punct(tokens.last(), ":")
        && between.len() <= 5
        && between.iter().all(|token| word(text, token).is_some())
}

/// After the cue only an adjunct remains: "he said on Tuesday." / "he told CNN:".
fn ends_clause(text: &str, tokens: &[Token], from: usize) -> bool {
    let rest = &tokens[from.min(tokens.len())..];
    let words = rest
        .iter()
        .take_while(|token| token.kind == TokenKind::Word)
        .count();
    let stop = rest.get(words);
    let quote_follows = is_quote(rest.get(words + 1));
    // "said on Tuesday", "told CNN": an adjunct, not a clause of content.
    let adjunct = words == 0
        || rest
            .first()
            .and_then(|token| word(text, token))
            .is_some_and(|first| {
                starts_adjunct(first)
                    || is_capitalized(first)
                    || is_manner_adverb(first)
                    || lexicon::contains(
                        &["reporters", "journalists", "me", "us", "him", "them"],
                        first,
                    )
            });
    adjunct
        && words <= 4
        && (stop.is_none()
            || is_punct(stop, TERMINATORS)
            || (is_punct(stop, ",:") && !quote_follows))
        && rest
            .iter()
            .take(words)
            .all(|token| word(text, token).is_some_and(|w| !w.eq_ignore_ascii_case("that")))
}

/// The content after a cue: past "that", a colon, or a short object
/// ("told reporters that", "said in a statement that").
fn content_after_cue(
    text: &str,
    tokens: &[Token],
    cue_words: &Range<usize>,
    cue: &Cue,
) -> Option<Range<usize>> {
    let window = &tokens[cue_words.end..tokens.len().min(cue_words.end + 8)];
    let that = window.iter().position(|token| {
        word(text, token).is_some_and(|word| word.eq_ignore_ascii_case("that"))
            || is_punct(Some(token), ":")
    });
    // Skip to a later "that" only past an object or adjunct ("told reporters
    // that", "said on Tuesday that"), not past a clause ("said it was unlikely that").
    let past_adjunct = cue.takes_object
        || window
            .first()
            .and_then(|token| word(text, token))
            .is_some_and(starts_adjunct);
    let start = match that {
        Some(offset) if offset == 0 || past_adjunct => cue_words.end + offset + 1,
        _ => cue_words.end,
    };
    let content = trimmed_content(tokens, start..tokens.len(), MIN_CONTENT_WORDS)?;
    // "he said, adding ..." and "he said on Friday." are not content.
    if that.is_none() && ends_clause(text, tokens, cue_words.end) {
        return None;
    }
    Some(content)
}

/// "“...,” super PAC spokeswoman Jane Roe said": lowercase modifiers between a
/// quote (or the sentence start) and the name belong to the source.
fn extend_to_boundary(text: &str, tokens: &[Token], source: Range<usize>) -> Range<usize> {
    let pronoun = source.len() == 1
        && word(text, &tokens[source.start]).is_some_and(|word| lexicon::contains(PRONOUNS, word));
    if pronoun {
        return source;
    }
    let mut start = source.start;
    while start > 0
        && source.end - start < 8
        && word(text, &tokens[start - 1]).is_some_and(|w| !lexicon::contains(STOP_WORDS, w))
    {
        start -= 1;
    }
    let at_boundary = start == 0
        || is_quote(tokens.get(start - 1))
        || is_punct(tokens.get(start - 1), SEPARATORS);
    if at_boundary && start < source.start {
        start..source.end
    } else {
        source
    }
}

/// "Hillary shot back, “...”": a comma right before a quote that ends the
/// sentence works like a colon.
fn comma_before_final_quote(tokens: &[Token]) -> Option<usize> {
    let mut end = tokens.len();
    while end > 0 && is_punct(tokens.get(end - 1), TERMINATORS) {
        end -= 1;
    }
    let comma = end.checked_sub(2)?;
    (is_quote(tokens.get(end - 1)) && is_punct(tokens.get(comma), ",")).then_some(comma)
}

/// A party-and-state tag or an age between commas: "R-Ky.", "78".
fn is_tag(text: &str, tokens: &[Token]) -> bool {
    !tokens.is_empty()
        && tokens.iter().all(|token| {
            word(text, token)
                .is_some_and(|word| word.contains('-') || word.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// "Brent Bozell, founder of the Center, tells": the name before the appositive;
/// "her adviser, Jake Sullivan, said": the name inside it.
fn appositive_source(text: &str, tokens: &[Token], end: usize) -> Option<Range<usize>> {
    if !is_punct(tokens.get(end.checked_sub(1)?), ",") {
        return None;
    }
    let mut opening = (end.saturating_sub(16)..end - 1)
        .rev()
        .find(|&index| is_punct(tokens.get(index), ","))?;
    // "Lindsey Graham, R-S.C., a presidential candidate, said" and
    // "Joan Smith, 78, who has lived here for years, said": one more step.
    if let Some(earlier) = (opening.saturating_sub(4)..opening)
        .rev()
        .find(|&index| is_punct(tokens.get(index), ","))
        && is_tag(text, &tokens[earlier + 1..opening])
    {
        opening = earlier;
    }
    let inside = opening + 1..end - 1;
    // "Mitch McConnell, R-Ky., said": the name before the tag.
    if is_tag(text, &tokens[inside.clone()]) {
        return source_before(text, tokens, opening);
    }
    let first = word(text, tokens.get(opening + 1)?)?;
    let inside_is_name = tokens[inside.clone()]
        .iter()
        .all(|token| word(text, token).is_some_and(is_name_word));
    if inside_is_name && (1..=4).contains(&inside.len()) {
        return Some(inside);
    }
    let describes = !is_capitalized(first) || lexicon::contains(DETERMINERS, first);
    let source = source_before(text, tokens, opening)?;
    let named = tokens[source.clone()]
        .iter()
        .any(|token| word(text, token).is_some_and(is_capitalized));
    (describes && named).then_some(source)
}

/// "said sarcastically", "added quickly": an adverb of manner after a cue.
/// Nouns ending in "-ly" are the exceptions that matter after "said".
fn is_manner_adverb(word: &str) -> bool {
    const NOT_ADVERBS: &[&str] = &[
        "family", "italy", "july", "ally", "rally", "supply", "assembly", "reply", "only",
        "likely", "early", "daily", "monthly", "weekly", "yearly",
    ];
    word.len() > 4
        && word.ends_with("ly")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !lexicon::contains(NOT_ADVERBS, word)
}

/// A word that begins an adjunct between a cue and its "that" ("said on
/// Monday that").
fn starts_adjunct(word: &str) -> bool {
    lexicon::contains(ADJUNCT_STARTS, word) || calendar::is_weekday(word)
}

/// Words that begin an adjunct between a cue and its "that" (besides weekdays).
const ADJUNCT_STARTS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "to",
    "last",
    "this",
    "yesterday",
    "today",
    "earlier",
    "repeatedly",
    "again",
    "publicly",
    "privately",
    "later",
    "recently",
    "previously",
    "in",
    "before",
];

/// Token range of the source that ends just before token `end`, if any.
fn source_before(text: &str, tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let end = before_party_tag(text, tokens, end);
    let last = word(text, tokens.get(end.checked_sub(1)?)?)?;
    if lexicon::contains(PRONOUNS, last) {
        return Some(end - 1..end);
    }
    let mut start = end;
    while start > 0 && end - start < 8 {
        let Some(candidate) = word(text, &tokens[start - 1]) else {
            break;
        };
        let inside = start < end;
        let fits = is_name_word(candidate)
            || TITLES.contains(candidate)
            || ROLE_NOUNS.contains(candidate)
            || (inside && lexicon::contains(&["of", "de", "van", "von", "al", "bin"], candidate))
            // "Mr. Morgan of the Sierra Club": "the" after "of".
            || (inside
                && candidate == "the"
                && start >= 2
                && word(text, &tokens[start - 2]).is_some_and(|w| w == "of"));
        if !fits {
            break;
        }
        start -= 1;
    }
    let lone_word = (start + 1 == end)
        .then(|| word(text, &tokens[start]))
        .flatten()
        .is_some_and(|word| lexicon::contains(DETERMINERS, word) || lexicon::is_not_name(word));
    if start < end && !lone_word {
        return Some(with_determiner(text, tokens, start)..end);
    }
    common_noun_source(text, tokens, end)
}

/// "Rep. Gwen Moore (D-Wis.) said": where the source ends when a party tag
/// in parentheses stands between it and token `end` (`end` when none does).
fn before_party_tag(text: &str, tokens: &[Token], end: usize) -> usize {
    if !is_punct(end.checked_sub(1).and_then(|last| tokens.get(last)), ")") {
        return end;
    }
    let opening = (end.saturating_sub(8)..end - 1)
        .rev()
        .find(|&index| is_punct(tokens.get(index), "("));
    match opening {
        Some(opening)
            if tokens[opening + 1..end - 1]
                .iter()
                .all(|token| word(text, token).is_some() || is_punct(Some(token), ".-,")) =>
        {
            opening
        }
        _ => end,
    }
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "one",
    "another", "some", "many", "most", "several", "two", "three", "other", "our",
];

fn with_determiner(text: &str, tokens: &[Token], start: usize) -> usize {
    let determiner = start
        .checked_sub(1)
        .and_then(|index| word(text, &tokens[index]))
        .is_some_and(|word| lexicon::contains(DETERMINERS, word));
    if determiner { start - 1 } else { start }
}

/// "officials said", "a senior administration official said", "experts believe".
fn common_noun_source(text: &str, tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let head = word(text, &tokens[end - 1])?;
    let head_is_noun = ROLE_NOUNS.contains(head) || is_plural_person(head);
    if !head_is_noun {
        return bounded_noun_phrase(text, tokens, end);
    }
    let mut start = end - 1;
    for _ in 0..4 {
        let Some(previous) = start
            .checked_sub(1)
            .and_then(|index| word(text, &tokens[index]))
        else {
            break;
        };
        if lexicon::contains(DETERMINERS, previous) {
            return Some(start - 1..end);
        }
        if lexicon::contains(STOP_WORDS, previous) {
            break;
        }
        start -= 1;
    }
    Some(end - 1..end)
}

/// "“...,” the website explains": any short determiner phrase right after a
/// quote or a separator (or opening the sentence) can be a source.
fn bounded_noun_phrase(text: &str, tokens: &[Token], end: usize) -> Option<Range<usize>> {
    let start = (end.saturating_sub(4)..end).find(|&index| {
        word(text, &tokens[index]).is_some_and(|word| lexicon::contains(DETERMINERS, word))
            && tokens[index + 1..end].iter().all(|token| {
                word(text, token).is_some_and(|word| !lexicon::contains(STOP_WORDS, word))
            })
    })?;
    let bounded = start == 0
        || is_quote(tokens.get(start - 1))
        || is_punct(tokens.get(start - 1), SEPARATORS);
    (bounded && start + 1 < end).then_some(start..end)
}

/// Words that cannot be inside a noun phrase before a cue.
const STOP_WORDS: &[&str] = &[
    "and", "or", "but", "that", "which", "who", "when", "while", "because", "as", "if", "after",
    "before", "since", "than", "to", "of", "in", "on", "at", "for", "with", "by", "from", "is",
    "was", "are", "were", "has", "have", "had", "be", "not", "it", "what", "how", "much",
];

/// Plural nouns for groups of people that often speak.
fn is_plural_person(word: &str) -> bool {
    const GROUPS: &[&str] = &[
        "officials",
        "sources",
        "critics",
        "experts",
        "analysts",
        "aides",
        "advisers",
        "advisors",
        "lawmakers",
        "democrats",
        "republicans",
        "supporters",
        "opponents",
        "observers",
        "economists",
        "researchers",
        "scientists",
        "investigators",
        "prosecutors",
        "police",
        "residents",
        "voters",
        "leaders",
        "members",
        "organizers",
        "organisers",
        "authorities",
        "diplomats",
        "doctors",
        "activists",
        "witnesses",
        "people",
        "spokespeople",
        "unions",
    ];
    lexicon::contains(GROUPS, word)
}

/// `<content>, <cue> <source>`: "..., said Smith." / "“...” said the minister."
fn cue_then_source(
    text: &str,
    tokens: &[Token],
    cue_words: &Range<usize>,
    hit: &CueHit,
) -> Option<Attribution> {
    if !hit.cue.inverts || cue_words.start == 0 {
        return None;
    }
    let before = tokens.get(cue_words.start - 1);
    if !(is_punct(before, ",—–") || is_quote(before)) {
        return None;
    }
    let source_end = tokens[cue_words.end..]
        .iter()
        .position(|token| token.kind != TokenKind::Word)
        .map_or(tokens.len(), |offset| cue_words.end + offset);
    let source = cue_words.end..source_end;
    let words = &tokens[source.clone()];
    let named = words
        .iter()
        .any(|token| word(text, token).is_some_and(is_name_word));
    // "said the former secretary of state" is a description; "said the event
    // brought back memories" is a clause, longer than any description.
    let described = words.len() <= 6
        && words
            .first()
            .and_then(|token| word(text, token))
            .is_some_and(|first| {
                lexicon::contains(PRONOUNS, first) || lexicon::contains(DETERMINERS, first)
            });
    let names_someone = source.len() <= 8 && (named || described);
    if !names_someone {
        return None;
    }
    // "said Lisbon’s mayor, Rui Carvalho.": the name after the description.
    let (source, source_end) = match appositive_name(text, tokens, source_end) {
        Some(name) => (name.clone(), name.end),
        None => (source, source_end),
    };
    if is_quote(tokens.get(source_end)) {
        return None;
    }
    let content = trimmed_content(tokens, 0..cue_words.start, MIN_CONTENT_WORDS)?;
    Some(Attribution::by_cue(source, hit, Content::Here(content)))
}

/// `“...,” Trump barked.`: a quote, then a speaker and one verb end the
/// sentence. Any verb will do there, so this finds cues the lexicon lacks.
fn quote_then_speaker(text: &str, tokens: &[Token]) -> Option<Attribution> {
    let mut quote_end = 1;
    if !is_quote(tokens.first()) {
        return None;
    }
    if is_punct(tokens.get(1), ",") {
        quote_end = 2;
    }
    let mut end = tokens.len();
    while end > quote_end && is_punct(tokens.get(end - 1), TERMINATORS) {
        end -= 1;
    }
    let verb = end.checked_sub(1).filter(|&verb| verb > quote_end)?;
    let verb_word = word(text, &tokens[verb])?;
    if is_capitalized(verb_word) || !(verb_word.ends_with("ed") || verb_word.ends_with('s')) {
        return None;
    }
    let source = source_before(text, tokens, verb).filter(|source| source.start == quote_end)?;
    Some(Attribution {
        source,
        cue: tokens[verb].span.clone(),
        strength: CueStrength::Speech,
        reason: "cue: verb after the quote",
        content: Content::Here(0..1),
    })
}

/// `<quote> — <Name>`: a quote signed with a dash at the end of its sentence.
fn dash_signature(text: &str, tokens: &[Token]) -> Option<Attribution> {
    let dash = tokens
        .iter()
        .rposition(|token| is_punct(Some(token), "—―–"))?;
    if dash == 0 || !is_quote(tokens.get(dash - 1)) {
        return None;
    }
    let mut end = tokens.len();
    while end > dash + 1 && is_punct(tokens.get(end - 1), TERMINATORS) {
        end -= 1;
    }
    let source = dash + 1..end;
    let is_name = (1..=4).contains(&source.len())
        && tokens[source.clone()]
            .iter()
            .all(|token| word(text, token).is_some_and(is_capitalized));
    is_name.then(|| Attribution {
        source,
        cue: tokens[dash].span.clone(),
        strength: CueStrength::Speech,
        reason: "cue: dash before the name",
        content: Content::Here(0..dash),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::quotes::lexicon::CUES;
    use crate::detect::quotes::marks::pair_quotes;
    use crate::detect::quotes::units::{paragraphs, tokenize};

    /// The attribution of a one-sentence text, as (source, cue, content) text.
    fn attribution(text: &str) -> Option<(String, String, Content)> {
        let paragraphs = paragraphs(text);
        let quotes = pair_quotes(text, &paragraphs);
        let mut tokens = Vec::new();
        tokenize(text, &(0..text.len()), &quotes, 0, &mut tokens);
        let hits: Vec<CueHit> = CUES
            .iter()
            .filter_map(|cue| {
                let (at, _) = text.match_indices(cue.phrase).find(|&(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + cue.phrase.len()..].chars().next();
                    !before.is_some_and(char::is_alphanumeric)
                        && !after.is_some_and(char::is_alphanumeric)
                })?;
                Some(CueHit {
                    span: at..at + cue.phrase.len(),
                    cue,
                })
            })
            .collect();
        let found = attribute(text, &tokens, &hits)?;
        let source = tokens[found.source.clone()]
            .first()
            .zip(tokens[found.source.clone()].last())
            .map(|(first, last)| text[first.span.start..last.span.end].to_owned())
            .unwrap_or_default();
        let bytes =
            |range: Range<usize>| tokens[range.start].span.start..tokens[range.end - 1].span.end;
        let content = match found.content {
            Content::Here(range) => Content::Here(bytes(range)),
            Content::Interrupted { before, after } => Content::Interrupted {
                before: before.map(bytes),
                after: bytes(after),
            },
            other => other,
        };
        Some((source, text[found.cue].to_owned(), content))
    }

    fn content_text(text: &str) -> Option<&str> {
        match attribution(text)?.2 {
            Content::Here(range) | Content::Interrupted { after: range, .. } => Some(&text[range]),
            Content::Before | Content::After => None,
        }
    }

    #[test]
    fn source_cue_that() {
        let (source, cue, _) =
            attribution("Mayor Ines Duarte said that the pool will reopen in May.").unwrap();
        assert_eq!(
            (source.as_str(), cue.as_str()),
            ("Mayor Ines Duarte", "said")
        );
        assert_eq!(
            content_text("Mayor Ines Duarte said that the pool will reopen in May."),
            Some("the pool will reopen in May")
        );
    }

    #[test]
    fn adjunct_before_that_is_skipped_but_a_clause_is_not() {
        assert_eq!(
            content_text("She told reporters on Friday that the pool will reopen."),
            Some("the pool will reopen")
        );
        assert_eq!(
            content_text("She said it was unlikely that the pool will reopen."),
            Some("it was unlikely that the pool will reopen")
        );
    }

    #[test]
    fn dangling_and_colon_attributions() {
        assert_eq!(
            attribution("he added.").map(|found| found.2),
            Some(Content::Before)
        );
        assert_eq!(
            attribution("The minister told parliament:").map(|found| found.2),
            Some(Content::After)
        );
    }

    #[test]
    fn passive_and_relative_said_are_rejected() {
        assert!(attribution("The director is said to be recovering at home.").is_none());
        assert!(attribution("What she said was never recorded by the clerk.").is_none());
    }

    #[test]
    fn a_source_set_off_by_commas_splits_the_content() {
        let text = "The pool, Mayor Ines Duarte said, will reopen in May.";
        let (source, _, content) = attribution(text).unwrap();
        assert_eq!(source, "Mayor Ines Duarte");
        let Content::Interrupted { before, after } = content else {
            panic!("not interrupted: {content:?}");
        };
        assert_eq!(before.map(|range| &text[range]), Some("The pool"));
        assert_eq!(&text[after], "will reopen in May");
        // An opening adjunct is not part of what she said.
        let text = "In her view, Duarte said, the pool will reopen in May.";
        let (_, _, content) = attribution(text).unwrap();
        assert!(matches!(content, Content::Interrupted { before: None, .. }));
        // "..., she said, adding ..." goes on with something else.
        let adding = attribution("The pool, Duarte said, adding that it will reopen in May.");
        assert!(!matches!(
            adding.map(|found| found.2),
            Some(Content::Interrupted { .. })
        ));
    }

    #[test]
    fn sources_with_tags_adverbs_and_coordinated_verbs() {
        let cases = [
            (
                "Rep. Ines Duarte (D-Ore.) said the pool will reopen.",
                "Rep. Ines Duarte",
            ),
            ("Duarte now says the pool will reopen in May.", "Duarte"),
            (
                "Mr. Moreno of the Parks Board said the pool will reopen.",
                "Mr. Moreno of the Parks Board",
            ),
            (
                "Duarte praised the plan and said the pool will reopen.",
                "Duarte",
            ),
        ];
        for (text, expected) in cases {
            let (source, _, _) = attribution(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(source, expected, "{text}");
        }
    }

    #[test]
    fn a_manner_adverb_or_an_object_pronoun_ends_the_clause() {
        for text in ["Duarte said sarcastically.", "Duarte told me."] {
            assert_eq!(
                attribution(text).map(|found| found.2),
                Some(Content::Before),
                "{text}"
            );
        }
        assert_eq!(
            content_text("Duarte said family members will reopen the pool."),
            Some("family members will reopen the pool")
        );
    }
}
