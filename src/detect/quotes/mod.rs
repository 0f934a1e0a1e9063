//! Direct quotes, reported speech and mixed quotes, with the speaker resolved.
//!
//! One pass over the text in four linear steps:
//! 1. paragraphs (one per non-blank line, found with `memchr`);
//! 2. quotation marks paired per paragraph ([`marks`]);
//! 3. reporting cues found by one scan for their phrases ([`lexicon`], [`phrases`]);
//! 4. per sentence that holds a cue or a quote: tokens, an attribution pattern
//!    ([`reported`]), and the speaker resolved in text order ([`speakers`]).
//!
//! Sentences without a cue or a quote are never tokenized, which keeps the
//! detector well above 100 MB/s on news text.

mod lexicon;
mod marks;
mod phrases;
mod reported;
mod speakers;
mod units;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use super::{Candidate, Kind, Style};
use crate::text::{ceil_grapheme, floor_grapheme};
use lexicon::{CUES, CueStrength, FURNITURE_PREFIXES};
use marks::Quoted;
use phrases::PhraseSearch;
use reported::{Attribution, Content, CueHit};
use speakers::{NameScanner, Resolved, Tracker};
use units::{Paragraph, Token, TokenKind};

/// Every candidate quote in `text`, in text order.
pub fn detect_quotes(text: &str) -> Vec<Candidate> {
    let paragraphs = units::paragraphs(text);
    let quotes = marks::pair_quotes(text, &paragraphs);
    let cues = find_cues(text);
    let mut detector = Detector {
        text,
        paragraphs: &paragraphs,
        quotes: &quotes,
        cues: &cues,
        next_cue: 0,
        quote_cursor: QuoteCursor::new(&quotes),
        tracker: Tracker::default(),
        names: NameScanner::default(),
        drafts: Vec::new(),
        pending_colon: None,
        sentences: Vec::new(),
        tokens: Vec::new(),
        outside_quotes: Vec::new(),
        words: Vec::new(),
    };
    for index in 0..paragraphs.len() {
        detector.paragraph(index);
    }
    detector
        .drafts
        .into_iter()
        .map(|draft| draft.candidate)
        .collect()
}

/// How many furniture lines "he added." may look back over.
const MAX_FURNITURE_SKIPPED: usize = 4;

const MULTI_PARAGRAPH: &str = "quote runs over several paragraphs";

/// Unattributed quotes shorter than this are scare quotes or titles.
const MIN_UNATTRIBUTED_WORDS: usize = 4;

/// Cues are matched case-sensitively (case-insensitive matching would cost
/// more on every byte): in lowercase, plus "According to" which opens sentences.
static CUE_PHRASES: LazyLock<Option<PhraseSearch>> = LazyLock::new(|| {
    PhraseSearch::new(
        CUES.iter()
            .map(|cue| cue.phrase)
            .chain([CAPITALIZED_ACCORDING_TO]),
    )
});

const CAPITALIZED_ACCORDING_TO: &str = "According to";

/// Whole-word occurrences of every cue, in text order.
fn find_cues(text: &str) -> Vec<CueHit> {
    let Some(phrases) = CUE_PHRASES.as_ref() else {
        return Vec::new();
    };
    let according_to = CUES.iter().find(|cue| cue.phrase == lexicon::ACCORDING_TO);
    phrases
        .find_iter(text.as_bytes())
        .filter(|(span, _)| is_word_boundary(text, span.start, span.end))
        .filter_map(|(span, index)| {
            let cue = CUES.get(index).or(according_to)?;
            Some(CueHit { span, cue })
        })
        .collect()
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// Where each sentence's quotes begin in the document's list (sorted by
/// start). Sentences come in text order, so the answers only move forward: a
/// cursor walks the list once instead of a binary search per sentence (which
/// missed the cache on long texts). What is asked out of order, or of a list
/// whose ends are not in order, is answered by the binary search as before.
struct QuoteCursor {
    ends_in_order: bool,
    /// The last position asked about, and the answers for it.
    at: usize,
    starting_at: usize,
    ending_after: usize,
}

impl QuoteCursor {
    fn new(quotes: &[Quoted]) -> Self {
        Self {
            ends_in_order: quotes.is_sorted_by_key(|quote| quote.span.end),
            at: 0,
            starting_at: 0,
            ending_after: 0,
        }
    }

    /// The first quote that starts at or after `at`.
    fn first_starting_at(&mut self, quotes: &[Quoted], at: usize) -> usize {
        if !self.moves_to(at) {
            return quotes.partition_point(|quote| quote.span.start < at);
        }
        while quotes
            .get(self.starting_at)
            .is_some_and(|quote| quote.span.start < at)
        {
            self.starting_at += 1;
        }
        self.starting_at
    }

    /// The first quote that ends after `at`.
    fn first_ending_after(&mut self, quotes: &[Quoted], at: usize) -> usize {
        if !self.ends_in_order || !self.moves_to(at) {
            return quotes.partition_point(|quote| quote.span.end <= at);
        }
        while quotes
            .get(self.ending_after)
            .is_some_and(|quote| quote.span.end <= at)
        {
            self.ending_after += 1;
        }
        self.ending_after
    }

    /// Whether `at` is at or after every position asked about so far.
    fn moves_to(&mut self, at: usize) -> bool {
        let forward = at >= self.at;
        self.at = self.at.max(at);
        forward
    }
}

/// A candidate under construction, with what later sentences need to know.
struct Draft {
    candidate: Candidate,
    paragraph: usize,
    attributed: bool,
}

/// "He said:" waiting for the quote that follows.
struct PendingColon {
    paragraph: usize,
    source: Range<usize>,
    cue: Range<usize>,
    resolved: Resolved,
}

struct Detector<'t> {
    text: &'t str,
    paragraphs: &'t [Paragraph],
    quotes: &'t [Quoted],
    cues: &'t [CueHit],
    next_cue: usize,
    quote_cursor: QuoteCursor,
    tracker: Tracker,
    names: NameScanner,
    drafts: Vec<Draft>,
    pending_colon: Option<PendingColon>,
    /// Buffers reused for every paragraph and sentence.
    sentences: Vec<Range<usize>>,
    tokens: Vec<Token>,
    /// A sentence's cues outside its quotes.
    outside_quotes: Vec<CueHit>,
    /// The words of an attribution's source.
    words: Vec<&'t str>,
}

impl<'t> Detector<'t> {
    fn paragraph(&mut self, index: usize) {
        let span = self.paragraphs[index].span.clone();
        let quotes = units::quotes_in(self.quotes, &span);
        let mut sentences = std::mem::take(&mut self.sentences);
        units::sentences(self.text, &span, quotes, &mut sentences);
        for (position, sentence) in sentences.iter().enumerate() {
            let previous = position.checked_sub(1).map(|p| sentences[p].clone());
            self.sentence(index, sentence, previous);
            self.tracker.note_subject(&self.text[sentence.clone()]);
        }
        self.sentences = sentences;
    }

    fn sentence(
        &mut self,
        paragraph: usize,
        sentence: &Range<usize>,
        previous: Option<Range<usize>>,
    ) {
        let cues = self.cues_in(sentence);
        let opens_with_quote = self
            .quotes
            .get(
                self.quote_cursor
                    .first_starting_at(self.quotes, sentence.start),
            )
            .is_some_and(|quote| quote.span.start == sentence.start);
        if !opens_with_quote {
            // "He said:" holds only for a quote that comes right after it.
            self.pending_colon = None;
        }
        let first_quote = self
            .quote_cursor
            .first_ending_after(self.quotes, sentence.start);
        let inside_earlier_quote = self.quotes.get(first_quote).is_some_and(|quote| {
            quote.span.start < sentence.start && quote.span.end >= sentence.end
        });
        let starts_quote = self.quotes.get(first_quote).is_some_and(|quote| {
            quote.span.start >= sentence.start && quote.span.start < sentence.end
        });
        if inside_earlier_quote || (cues.is_empty() && !starts_quote) {
            return;
        }
        let mut tokens = std::mem::take(&mut self.tokens);
        units::tokenize(self.text, sentence, self.quotes, first_quote, &mut tokens);
        let mut outside_quotes = std::mem::take(&mut self.outside_quotes);
        outside_quotes.clear();
        outside_quotes.extend(
            cues.iter()
                .filter(|hit| !self.inside_quote(hit.span.start, first_quote))
                .cloned(),
        );
        let attribution = reported::attribute(self.text, &tokens, &outside_quotes);
        self.outside_quotes = outside_quotes;
        let attributed_quotes = match attribution {
            Some(attribution) => self.attributed(paragraph, &tokens, &attribution, previous),
            None => Vec::new(),
        };
        for token in &tokens {
            if let TokenKind::Quote(quote) = token.kind
                && !attributed_quotes.contains(&quote)
            {
                self.unattributed_quote(paragraph, sentence.start, quote);
            }
        }
        self.tokens = tokens;
    }

    fn cues_in(&mut self, sentence: &Range<usize>) -> &'t [CueHit] {
        while self
            .cues
            .get(self.next_cue)
            .is_some_and(|hit| hit.span.start < sentence.start)
        {
            self.next_cue += 1;
        }
        let end = self.cues[self.next_cue..]
            .iter()
            .position(|hit| hit.span.end > sentence.end)
            .map_or(self.cues.len(), |offset| self.next_cue + offset);
        let cues = self.cues;
        &cues[self.next_cue..end]
    }

    fn inside_quote(&self, at: usize, first_quote: usize) -> bool {
        self.quotes[first_quote.min(self.quotes.len())..]
            .iter()
            .take_while(|quote| quote.span.start < at)
            .any(|quote| quote.span.end > at)
    }

    /// Builds the candidate(s) for an attribution; returns the quotes it covers.
    fn attributed(
        &mut self,
        paragraph: usize,
        tokens: &[Token],
        attribution: &Attribution,
        previous: Option<Range<usize>>,
    ) -> Vec<usize> {
        let resolved = self.resolve_source(tokens, &attribution.source);
        let source = span_of(tokens, &attribution.source);
        match &attribution.content {
            Content::Here(content) => {
                let mut covered = quotes_of(tokens, content);
                // "“...,” he said, “...”": the quote before the source is his too.
                if let Some((token, quote)) = quote_just_before(tokens, attribution.source.start)
                    && !covered.contains(&quote)
                {
                    self.push_attributed(
                        paragraph,
                        tokens,
                        token..token + 1,
                        attribution,
                        resolved.clone(),
                        source.clone(),
                    );
                    covered.push(quote);
                }
                self.push_attributed(
                    paragraph,
                    tokens,
                    content.clone(),
                    attribution,
                    resolved,
                    source,
                );
                covered
            }
            Content::Interrupted { before, after } => {
                let mut covered = Vec::new();
                for part in before.iter().chain(std::iter::once(after)) {
                    covered.extend(quotes_of(tokens, part));
                    self.push_attributed(
                        paragraph,
                        tokens,
                        part.clone(),
                        attribution,
                        resolved.clone(),
                        source.clone(),
                    );
                }
                covered
            }
            Content::Before => {
                self.attach_to_previous(
                    paragraph,
                    previous,
                    attribution.cue.clone(),
                    source,
                    resolved,
                );
                Vec::new()
            }
            Content::After => {
                self.pending_colon = Some(PendingColon {
                    paragraph,
                    source: source.unwrap_or(attribution.cue.clone()),
                    cue: attribution.cue.clone(),
                    resolved,
                });
                Vec::new()
            }
        }
    }

    fn resolve_source(&mut self, tokens: &[Token], source: &Range<usize>) -> Resolved {
        let text = self.text;
        let mut words = std::mem::take(&mut self.words);
        words.clear();
        words.extend(
            tokens[source.clone()]
                .iter()
                .map(|token| &text[token.span.clone()]),
        );
        let mention = speakers::classify(&words, |first, last| {
            &text[tokens[source.start + first].span.start..tokens[source.start + last].span.end]
        });
        self.words = words;
        let surface = span_of(tokens, source).map_or("", |span| &self.text[span]);
        match mention {
            Some(mention) => {
                let before = tokens[source.start].span.start;
                let (scanner, quoted) = (&mut self.names, self.quotes);
                self.tracker.resolve(&mention, surface, |fits| {
                    scanner.last_name_before(text, quoted, before, fits)
                })
            }
            None => Resolved {
                speaker: None,
                reason: None,
            },
        }
    }

    fn push_attributed(
        &mut self,
        paragraph: usize,
        tokens: &[Token],
        content: Range<usize>,
        attribution: &Attribution,
        resolved: Resolved,
        source: Option<Range<usize>>,
    ) {
        let mut quotes = quote_indexes(&tokens[content.clone()]);
        let first_quote = quotes.next();
        let last_quote = quotes.last().or(first_quote);
        // Words are counted only for content with a quote: most reported
        // speech has none, and its clause is the longest content.
        let (style, span, style_reason) = if let (Some(first), Some(last)) =
            (first_quote, last_quote)
            && self.free_words(&tokens[content.clone()]) <= 1
        {
            let span = self.quotes[first].span.start..self.quotes[last].span.end;
            (Style::Direct, span, "paired quotation marks")
        } else if first_quote.is_none() {
            (
                Style::Indirect,
                self.tokens_span(tokens, &content),
                "reported speech",
            )
        } else {
            (
                Style::Mixed,
                self.tokens_span(tokens, &content),
                "reported speech with quoted fragments",
            )
        };
        let mut score = match (style, attribution.strength) {
            (Style::Direct, _) => 0.92,
            (Style::Mixed, _) => 0.85,
            (Style::Indirect, CueStrength::Speech) => 0.75,
            (Style::Indirect, CueStrength::Belief) => 0.55,
        };
        if resolved.speaker.is_none() {
            score -= 0.15;
        }
        // Collected at its exact length, so the candidate keeps it without
        // shrinking it (one of these per quote).
        let reasons: Vec<Cow<'static, str>> = [style_reason, attribution.reason]
            .map(Cow::Borrowed)
            .into_iter()
            .chain(resolved.reason)
            .collect();
        self.push(Draft {
            candidate: Candidate {
                kind: Kind::Quote,
                span,
                style: Some(style),
                speaker: resolved.speaker,
                source,
                cue: Some(attribution.cue.clone()),
                score,
                reasons: reasons.into(),
            },
            paragraph,
            attributed: true,
        });
    }

    /// The words of content outside its quotes, "that" not counted: content
    /// that is all quote but for one word is a direct quote.
    fn free_words(&self, tokens: &[Token]) -> usize {
        tokens
            .iter()
            .filter(|token| {
                token.kind == TokenKind::Word
                    && !self.text[token.span.clone()].eq_ignore_ascii_case("that")
            })
            .count()
    }

    /// The byte span of content tokens; a quote token may run past the sentence.
    fn tokens_span(&self, tokens: &[Token], content: &Range<usize>) -> Range<usize> {
        let start = tokens[content.start].span.start;
        let last = &tokens[content.end - 1];
        let end = match last.kind {
            TokenKind::Quote(quote) => self.quotes[quote].span.end,
            _ => last.span.end,
        };
        start..end
    }

    fn unattributed_quote(&mut self, paragraph: usize, sentence_start: usize, quote: usize) {
        let all_quotes = self.quotes;
        let quoted = &all_quotes[quote];
        if self
            .drafts
            .last()
            .is_some_and(|draft| draft.candidate.span.end > quoted.span.start)
        {
            return;
        }
        if let Some(pending) = self.pending_colon.take()
            && pending.paragraph + 1 >= paragraph
        {
            let mut reasons = vec![
                Cow::Borrowed("paired quotation marks"),
                Cow::Borrowed("attribution ends the paragraph before"),
            ];
            reasons.extend(pending.resolved.reason.clone());
            self.push(Draft {
                candidate: direct_candidate(
                    quoted,
                    pending.resolved.speaker,
                    Some(pending.source),
                    Some(pending.cue),
                    0.88,
                    reasons,
                ),
                paragraph,
                attributed: true,
            });
            return;
        }
        if !long_enough(&self.text[quoted.inner.clone()]) {
            return;
        }
        let mut reasons = vec![Cow::Borrowed("paired quotation marks")];
        if quoted.multi_paragraph {
            reasons.push(Cow::Borrowed(MULTI_PARAGRAPH));
        }
        if let Some(subject) = self.subject_before(sentence_start..quoted.span.start) {
            reasons.push(Cow::Borrowed("speaker: the subject of the sentence"));
            self.push(Draft {
                candidate: direct_candidate(quoted, Some(subject), None, None, 0.7, reasons),
                paragraph,
                attributed: false,
            });
            return;
        }
        let inherited = self
            .drafts
            .last()
            .filter(|draft| draft.paragraph + 1 >= paragraph && draft.candidate.speaker.is_some())
            .and_then(|draft| draft.candidate.speaker.clone());
        let (inherited, score) = match inherited {
            Some(speaker) => {
                reasons.push(Cow::Borrowed("speaker: continues the previous quote"));
                (Some(speaker), 0.8)
            }
            None => match self.tracker.latest() {
                Some(latest) => {
                    reasons.push(Cow::Borrowed("speaker: guessed, the person last named"));
                    (Some(latest.to_owned()), 0.55)
                }
                None => (None, 0.5),
            },
        };
        self.push(Draft {
            candidate: direct_candidate(quoted, inherited, None, None, score, reasons),
            paragraph,
            attributed: false,
        });
    }

    /// "Moore thanked him for “...”": the person named as the subject of the
    /// words before a quote with no attribution is who the quote is from.
    fn subject_before(&mut self, before_quote: Range<usize>) -> Option<String> {
        let opening = self
            .text
            .get(before_quote)
            .filter(|opening| !opening.is_empty())?;
        self.tracker
            .note_subject(opening)
            .then(|| self.tracker.latest().map(str::to_owned))
            .flatten()
    }

    /// "he added." alone: the content is the sentence before it, or the last
    /// paragraph before it that is not page furniture.
    fn attach_to_previous(
        &mut self,
        paragraph: usize,
        previous: Option<Range<usize>>,
        cue: Range<usize>,
        source: Option<Range<usize>>,
        resolved: Resolved,
    ) {
        let (target, target_paragraph) = if let Some(sentence) = previous {
            (sentence, paragraph)
        } else {
            let Some(index) = (paragraph.saturating_sub(MAX_FURNITURE_SKIPPED + 1)..paragraph)
                .rev()
                .find(|&index| !self.looks_like_furniture(index))
                .filter(|&index| self.has_content_words(index))
            else {
                return;
            };
            (self.paragraphs[index].span.clone(), index)
        };
        let reason: Cow<'static, str> = Cow::Borrowed("attribution follows the content");
        if let Some(draft) = self
            .drafts
            .last_mut()
            .filter(|draft| draft.candidate.span.end > target.start)
        {
            if draft.attributed {
                return;
            }
            draft.attributed = true;
            draft.candidate.speaker.clone_from(&resolved.speaker);
            draft.candidate.source = source;
            draft.candidate.cue = Some(cue);
            draft.candidate.score = 0.85;
            draft
                .candidate
                .reasons
                .retain(|reason| !reason.starts_with("speaker"));
            draft.candidate.reasons.push(reason);
            draft.candidate.reasons.extend(resolved.reason);
            return;
        }
        let mut reasons = vec![Cow::Borrowed("reported speech"), reason];
        reasons.extend(resolved.reason);
        self.push(Draft {
            candidate: Candidate {
                kind: Kind::Quote,
                span: target,
                style: Some(Style::Indirect),
                speaker: resolved.speaker,
                source,
                cue: Some(cue),
                score: 0.65,
                reasons: reasons.into(),
            },
            paragraph: target_paragraph,
            attributed: true,
        });
    }

    /// Enough words to be what someone said (not another "he added.").
    fn has_content_words(&self, paragraph: usize) -> bool {
        let line = &self.text[self.paragraphs[paragraph].span.clone()];
        line.split_whitespace().nth(2).is_some()
    }

    fn looks_like_furniture(&self, paragraph: usize) -> bool {
        let line = &self.text[self.paragraphs[paragraph].span.clone()];
        lexicon::starts_with_any(line, FURNITURE_PREFIXES)
    }

    /// Keeps drafts in text order and never two that overlap; an attribution
    /// found after a quote's start (a multi-paragraph quote closed by "she
    /// said") replaces the unattributed draft of the same quote.
    fn push(&mut self, mut draft: Draft) {
        snap_to_graphemes(self.text, &mut draft.candidate);
        if let Some(last) = self.drafts.last_mut() {
            let same_quote = last.candidate.span == draft.candidate.span;
            if same_quote && !last.attributed && draft.attributed {
                let mut draft = draft;
                let multi_paragraph = last
                    .candidate
                    .reasons
                    .iter()
                    .filter(|reason| *reason == MULTI_PARAGRAPH)
                    .count();
                draft.candidate.reasons.extend(std::iter::repeat_n(
                    Cow::Borrowed(MULTI_PARAGRAPH),
                    multi_paragraph,
                ));
                *last = draft;
                return;
            }
            if last.candidate.span.end > draft.candidate.span.start {
                return;
            }
        }
        self.drafts.push(draft);
    }
}

fn span_of(tokens: &[Token], range: &Range<usize>) -> Option<Range<usize>> {
    let first = tokens.get(range.start)?;
    let last = tokens.get(range.end.checked_sub(1)?)?;
    (range.start < range.end).then_some(first.span.start..last.span.end)
}

fn quotes_of(tokens: &[Token], range: &Range<usize>) -> Vec<usize> {
    quote_indexes(&tokens[range.clone()]).collect()
}

/// The indexes of the quotes among `tokens`, in order.
fn quote_indexes(tokens: &[Token]) -> impl Iterator<Item = usize> + '_ {
    tokens.iter().filter_map(|token| match token.kind {
        TokenKind::Quote(quote) => Some(quote),
        _ => None,
    })
}

/// The quote token right before token `at`, past a comma or dash: its token
/// index and quote index.
fn quote_just_before(tokens: &[Token], at: usize) -> Option<(usize, usize)> {
    let mut index = at.checked_sub(1)?;
    if matches!(tokens[index].kind, TokenKind::Punct(',' | '—' | '–')) {
        index = index.checked_sub(1)?;
    }
    match tokens[index].kind {
        TokenKind::Quote(quote) => Some((index, quote)),
        _ => None,
    }
}

/// Long enough to be a quote on its own: four words, or for Chinese and
/// Japanese (written without spaces) eight characters.
fn long_enough(inner: &str) -> bool {
    const MIN_IDEOGRAPHIC_CHARS: usize = 8;
    inner
        .split_whitespace()
        .nth(MIN_UNATTRIBUTED_WORDS - 1)
        .is_some()
        || (inner.chars().any(is_ideographic)
            && inner.chars().nth(MIN_IDEOGRAPHIC_CHARS - 1).is_some())
}

/// CJK scripts: ideographs, kana, hangul.
fn is_ideographic(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}')
}

fn direct_candidate(
    quoted: &Quoted,
    speaker: Option<String>,
    source: Option<Range<usize>>,
    cue: Option<Range<usize>>,
    score: f32,
    reasons: Vec<Cow<'static, str>>,
) -> Candidate {
    Candidate {
        kind: Kind::Quote,
        span: quoted.span.clone(),
        style: Some(Style::Direct),
        speaker,
        source,
        cue,
        score,
        reasons: reasons.into(),
    }
}

/// Tokens split at characters; a combining mark or an emoji modifier after a
/// word's last letter would leave a range inside a grapheme cluster.
fn snap_to_graphemes(text: &str, candidate: &mut Candidate) {
    let snap = |range: &mut Range<usize>| {
        *range = floor_grapheme(text, range.start)..ceil_grapheme(text, range.end);
    };
    snap(&mut candidate.span);
    for range in [&mut candidate.source, &mut candidate.cue]
        .into_iter()
        .flatten()
    {
        snap(range);
    }
}
