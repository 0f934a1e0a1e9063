//! Who a source mention is: names with their titles stripped, and pronouns and
//! definite descriptions ("the diplomat") resolved to the most recent
//! compatible named speaker.

use std::borrow::Cow;

use super::marks::Quoted;
use super::units;
use crate::detect::is_alphanumeric;

use super::lexicon::{
    self, COMMON_OPENERS, FEMALE_GIVEN_NAMES, FEMALE_WORDS, INTRODUCTORY, MALE_GIVEN_NAMES,
    MALE_WORDS, PRONOUNS, ROLE_NOUNS, TITLES,
};

/// A source mention, classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mention<'t> {
    /// A name, titles stripped; `titles` are the words that stood before it.
    Name { name: &'t str, titles: Vec<&'t str> },
    /// he, she, they.
    Pronoun(&'t str),
    /// "the diplomat": the role noun.
    Description { role: &'t str, words: Vec<&'t str> },
    /// Anything else: "officials", "a source".
    Other(&'t str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
    Unknown,
}

#[derive(Debug, Clone)]
struct Speaker {
    name: String,
    /// Where the last word of `name` starts.
    surname_at: usize,
    gender: Gender,
    /// Role nouns seen with the name, lowercase.
    roles: Vec<&'static str>,
}

impl Speaker {
    fn surname(&self) -> &str {
        &self.name[self.surname_at..]
    }

    /// Whether "he" or "she" (or "they", of unknown gender) can be this
    /// speaker. A long title-case phrase ("Obama Says Museum Will Tell") is
    /// no person, so never "he" or "she".
    fn compatible(&self, gender: Gender) -> bool {
        let person_like = || self.name.split_whitespace().count() <= MAX_NAME_WORDS;
        gender == Gender::Unknown
            || self.gender == gender
            || (self.gender == Gender::Unknown && person_like())
    }
}

/// Words that open a description followed by a name in commas.
static DESCRIPTION_OPENERS: lexicon::WordSet =
    lexicon::WordSet::new(&["the", "his", "her", "their", "its"]);

/// Where `inner`, a subslice of `outer`, starts in it.
fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

/// "speaker: he -> Sergei Ryabkov": how a mention was resolved. Built by
/// appending rather than `format!`, whose formatting machinery cost ~700
/// instructions per quote.
fn resolution_reason(mention: &str, speaker: &str) -> String {
    const START: &str = "speaker: ";
    const ARROW: &str = " -> ";
    let mut reason =
        String::with_capacity(START.len() + mention.len() + ARROW.len() + speaker.len());
    for part in [START, mention, ARROW, speaker] {
        reason.push_str(part);
    }
    reason
}

/// How many recent speakers are kept for resolving mentions.
const MAX_SPEAKERS: usize = 32;

/// What a mention resolved to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub speaker: Option<String>,
    pub reason: Option<Cow<'static, str>>,
}

/// The speakers named so far in a document, most recent last.
#[derive(Debug, Default)]
pub struct Tracker {
    speakers: Vec<Speaker>,
}

impl Tracker {
    /// Resolves `mention` (whose text is `surface`) and remembers named speakers.
    /// `earlier_name` gives the last person named earlier in the text whose
    /// name fits (its argument), for a pronoun when no known speaker fits it.
    pub fn resolve<'n>(
        &mut self,
        mention: &Mention<'_>,
        surface: &str,
        earlier_name: impl FnOnce(&dyn Fn(&str) -> bool) -> Option<&'n str>,
    ) -> Resolved {
        let (gender, role) = match mention {
            Mention::Name { name, titles } => return self.name(name, titles),
            Mention::Other(text) => {
                return Resolved {
                    speaker: Some((*text).to_owned()),
                    reason: None,
                };
            }
            Mention::Pronoun(pronoun) => (gender_of(std::slice::from_ref(pronoun)), None),
            Mention::Description { role, words } => (gender_of(words), Some(role)),
        };
        let compatible = self
            .speakers
            .iter()
            .any(|speaker| speaker.compatible(gender));
        let fits = |name: &str| {
            let given = gender_of_given_name(name);
            gender == Gender::Unknown || given == Gender::Unknown || given == gender
        };
        if !compatible
            && let Some(name) = earlier_name(&fits)
            && self.find_by_name(name, Gender::Unknown).is_none()
        {
            self.name(name, &[]);
        }
        self.refer(surface, gender, role)
    }

    /// The person most recently named or referred to: a guess for a quote
    /// with no attribution nearby.
    pub fn latest(&self) -> Option<&str> {
        self.speakers.last().map(|speaker| speaker.name.as_str())
    }

    fn name(&mut self, name: &str, titles: &[&str]) -> Resolved {
        let index = self.find_by_name(name, gender_of(titles));
        let mut speaker = match index {
            Some(index) => self.speakers.remove(index),
            None => Speaker {
                name: name.to_owned(),
                surname_at: name.rfind(' ').map_or(0, |space| space + 1),
                gender: Gender::Unknown,
                roles: Vec::new(),
            },
        };
        if speaker.gender == Gender::Unknown {
            speaker.gender = match gender_of(titles) {
                Gender::Unknown => gender_of_given_name(name),
                known => known,
            };
        }
        for title in titles {
            if let Some(role) = ROLE_NOUNS.get(title)
                && !speaker.roles.contains(&role)
            {
                speaker.roles.push(role);
            }
        }
        let reason =
            (name != speaker.name).then(|| Cow::Owned(resolution_reason(name, &speaker.name)));
        let resolved = Resolved {
            speaker: Some(speaker.name.clone()),
            reason,
        };
        self.remember(speaker);
        resolved
    }

    /// A known speaker with this full name, or whose surname this is, or whose
    /// surname this full name ends with ("Ryabkov" then "Sergei Ryabkov"); a
    /// surname with a title must fit its gender ("Mrs. Clinton" is not "Bill
    /// Clinton").
    fn find_by_name(&self, name: &str, gender: Gender) -> Option<usize> {
        let surname_at = name.rfind(' ').map(|space| space + 1);
        let surname = &name[surname_at.unwrap_or(0)..];
        self.speakers.iter().rposition(|speaker| {
            speaker.name == name
                || (surname_at.is_none() && speaker.surname() == name && speaker.compatible(gender))
                || (speaker.surname_at == 0 && speaker.name == surname)
        })
    }

    fn refer(&mut self, surface: &str, gender: Gender, role: Option<&&str>) -> Resolved {
        let by_role = role.and_then(|role| {
            self.speakers.iter().rposition(|speaker| {
                speaker
                    .roles
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(role))
            })
        });
        let index = by_role.or_else(|| {
            self.speakers
                .iter()
                .rposition(|speaker| speaker.compatible(gender))
        });
        let Some(index) = index else {
            return Resolved {
                speaker: None,
                reason: Some(Cow::Borrowed("speaker: unresolved")),
            };
        };
        let mut speaker = self.speakers.remove(index);
        if speaker.gender == Gender::Unknown {
            speaker.gender = gender;
        }
        if let Some(role) = role.and_then(|role| ROLE_NOUNS.get(role))
            && !speaker.roles.contains(&role)
        {
            speaker.roles.push(role);
        }
        let resolved = Resolved {
            speaker: Some(speaker.name.clone()),
            reason: Some(Cow::Owned(resolution_reason(surface, &speaker.name))),
        };
        self.remember(speaker);
        resolved
    }

    /// Makes `speaker` the most recent; forgets the oldest beyond a bound, so
    /// lookups stay O(1) however long the document (a pronoun never reaches
    /// that far back anyway).
    fn remember(&mut self, speaker: Speaker) {
        if self.speakers.len() >= MAX_SPEAKERS {
            self.speakers.remove(0);
        }
        self.speakers.push(speaker);
    }
}

fn gender_of(words: &[&str]) -> Gender {
    if words.iter().any(|word| FEMALE_WORDS.contains(word)) {
        Gender::Female
    } else if words.iter().any(|word| MALE_WORDS.contains(word)) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// The gender a full name's first word usually has: "Hillary Clinton" is
/// "she", "Bill Clinton" is "he". A lone surname says nothing.
fn gender_of_given_name(name: &str) -> Gender {
    let mut words = name.split_whitespace();
    let (Some(first), Some(_)) = (words.next(), words.next()) else {
        return Gender::Unknown;
    };
    if FEMALE_GIVEN_NAMES.contains(first) {
        Gender::Female
    } else if MALE_GIVEN_NAMES.contains(first) {
        Gender::Male
    } else {
        Gender::Unknown
    }
}

/// Words that may sit inside a name in lowercase: "Charles de Gaulle".
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "al", "bin", "la", "le", "da", "del", "di",
];

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Classifies a source noun phrase given as its words, in order.
/// `text_of(first, last)` returns the text from word `first` through `last`.
pub fn classify<'t>(
    words: &[&'t str],
    text_of: impl Fn(usize, usize) -> &'t str,
) -> Option<Mention<'t>> {
    let (&last, _) = words.split_last()?;
    if words.len() == 1 && lexicon::contains(PRONOUNS, last) {
        return Some(Mention::Pronoun(last));
    }
    // "Jason Gilbert of Cheyenne": the name is before "of".
    let words = match words.iter().position(|word| *word == "of") {
        Some(of) if of > 0 && name_start(&words[..of]).is_some() => &words[..of],
        _ => words,
    };
    if let Some(start) = name_start(words)
        .filter(|&start| !(start + 1 == words.len() && lexicon::is_not_name(words[start])))
    {
        let titles = words[..start].to_vec();
        return Some(Mention::Name {
            name: text_of(start, words.len() - 1),
            titles,
        });
    }
    let definite = words.first().is_some_and(|first| {
        ["the", "this", "that"]
            .iter()
            .any(|det| det.eq_ignore_ascii_case(first))
    });
    if definite && let Some(role) = words.iter().rev().find(|word| ROLE_NOUNS.contains(word)) {
        return Some(Mention::Description {
            role,
            words: words.to_vec(),
        });
    }
    let skip_article = usize::from(definite);
    (skip_article < words.len()).then(|| Mention::Other(text_of(skip_article, words.len() - 1)))
}

/// Where the name at the end of `words` starts: the trailing run of capitalized
/// words that are not titles (particles allowed inside).
fn name_start(words: &[&str]) -> Option<usize> {
    let mut start = None;
    for (index, word) in words.iter().enumerate().rev() {
        let is_title = TITLES.contains(word) || ROLE_NOUNS.contains(word);
        let particle = start.is_some() && index > 0 && lexicon::contains(NAME_PARTICLES, word);
        let dateline = word.len() >= 5 && word.chars().all(|c| !c.is_lowercase());
        if is_capitalized(word) && !is_title && !is_possessive(word) && !dateline {
            start = Some(index);
        } else if !particle {
            break;
        }
    }
    // A determiner that heads an organisation's name stays out ("The
    // Times"), and so does a capitalized word that opens the sentence
    // without naming anyone ("But Megan Hester said").
    start.map(|start| {
        let the =
            words[start].eq_ignore_ascii_case("the") || words[start].eq_ignore_ascii_case("a");
        if (the || lexicon::is_not_name(words[start])) && start + 1 < words.len() {
            start + 1
        } else {
            start
        }
    })
}

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// Finds the recent person-like names before a position, scanning each byte
/// of the text at most once over a whole document.
#[derive(Debug, Default)]
pub struct NameScanner {
    scanned_to: usize,
    /// The most recent names, oldest first, at most [`RECENT_NAMES`].
    recent: Vec<std::ops::Range<usize>>,
}

/// How many names [`NameScanner`] keeps: a pronoun that finds no fitting
/// speaker looks back this far.
const RECENT_NAMES: usize = 8;

/// A run of more capitalized words than this is title-case text (a
/// headline), not a person's name.
const MAX_NAME_WORDS: usize = 4;

impl NameScanner {
    /// The last name before `before` that `fits`: a run of two to four
    /// capitalized non-title words, or one after an honorific ("Mr. Smith"),
    /// outside the `quoted` spans (sorted), where title-case words are
    /// titles of songs and books more often than people.
    pub fn last_name_before<'t>(
        &mut self,
        text: &'t str,
        quoted: &[Quoted],
        before: usize,
        fits: impl Fn(&str) -> bool,
    ) -> Option<&'t str> {
        self.scan(text, quoted, before);
        self.recent
            .iter()
            .rev()
            .map(|range| &text[range.clone()])
            .find(|name| fits(name))
    }

    fn scan(&mut self, text: &str, quoted: &[Quoted], before: usize) {
        let mut run: Option<std::ops::Range<usize>> = None;
        let mut run_words = 0;
        let mut after_honorific = false;
        let mut at = self.scanned_to.min(before);
        for word in text[at..before].split_inclusive(char::is_whitespace) {
            let start = at;
            at += word.len();
            let trimmed = word.trim_end();
            let bare = trimmed.trim_end_matches(|c: char| !is_alphanumeric(c));
            let capitalized = is_capitalized(bare)
                && !TITLES.contains(bare)
                && !lexicon::is_not_name(bare)
                && !is_possessive(bare)
                && !inside(quoted, start);
            if capitalized {
                let end = start + bare.len();
                let grown = run.take().map_or(start..end, |run| run.start..end);
                run_words += 1;
                if run_words > MAX_NAME_WORDS {
                    self.forget(grown.start);
                } else if run_words >= 2 || after_honorific {
                    self.note(grown.clone());
                }
                run = Some(grown);
            }
            // Punctuation after a word ends the name: "Smith, Jones".
            if !capitalized || bare.len() != trimmed.len() {
                run = None;
                run_words = 0;
            }
            after_honorific = lexicon::contains(HONORIFICS, trimmed);
        }
        self.scanned_to = self.scanned_to.max(before);
    }

    /// Records `name`, or widens the name that starts where it does.
    fn note(&mut self, name: std::ops::Range<usize>) {
        match self.recent.last_mut() {
            Some(last) if last.start == name.start => *last = name,
            _ => {
                if self.recent.len() == RECENT_NAMES {
                    self.recent.remove(0);
                }
                self.recent.push(name);
            }
        }
    }

    fn forget(&mut self, start: usize) {
        if self.recent.last().is_some_and(|last| last.start == start) {
            self.recent.pop();
        }
    }
}

/// Whether byte `at` lies within one of the `quoted` spans (sorted by start).
fn inside(quoted: &[Quoted], at: usize) -> bool {
    let after = quoted.partition_point(|quote| quote.span.start <= at);
    after
        .checked_sub(1)
        .is_some_and(|last| quoted[last].span.end > at)
}

const HONORIFICS: &[&str] = &[
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "sen.",
    "rep.",
    "gov.",
    "president",
    "senator",
    "minister",
];

impl Tracker {
    /// Notes the person a sentence opens with ("Former President Felipe
    /// Calderon criticized ..."), so a later "he" can refer to them even when
    /// the verb was no reporting cue. A lone capitalized word counts only when
    /// it is a known speaker's surname or follows a title: sentence-initial
    /// words are too often not names. Returns whether it noted someone.
    pub fn note_subject(&mut self, sentence: &str) -> bool {
        // Most sentences open with a lowercase word, a pronoun or an article:
        // answer those before any allocation.
        let first = first_word(sentence);
        // "The deputy leader, Tom Whitfield, defended ...": the name in commas.
        if DESCRIPTION_OPENERS.contains(first) {
            let Some((description, name)) = described_name(sentence) else {
                return false;
            };
            let roles: Vec<&str> = description.split_whitespace().collect();
            self.name(name, &roles);
            return true;
        }
        // "On Sunday, Trump went on the offensive.": the subject after the
        // opening phrase.
        if INTRODUCTORY.contains(first) {
            if let Some((opening, rest)) = split_at_comma(sentence)
                && opening.split_whitespace().nth(4).is_none()
                && split_at_comma(rest).is_none()
            {
                return self.note_subject(rest);
            }
            return false;
        }
        if !is_capitalized(first) || COMMON_OPENERS.contains(first) || lexicon::is_not_name(first) {
            return false;
        }
        // At most eight words, on the stack: no allocation per sentence.
        let mut slots = [""; 8];
        let mut count = 0;
        let mut next_word = "";
        let mut after_possessive = false;
        for raw in units::split_whitespace(sentence).take(slots.len()) {
            let word = raw.trim_end_matches(|c: char| !is_alphanumeric(c));
            let lowercase = word.chars().next().is_some_and(char::is_lowercase);
            if lowercase && !TITLES.contains(word) && !ROLE_NOUNS.contains(word) {
                if after_possessive && count == 0 {
                    continue;
                }
                next_word = word;
                break;
            }
            if raw.ends_with(['\'', '’']) || is_possessive(word) {
                // "Residents' association secretary Farida Qureshi": neither
                // the possessor nor what it owns is part of the name.
                count = 0;
                after_possessive = true;
                continue;
            }
            if word.len() != raw.len() {
                // Punctuation or a possessive ends the phrase: no plain subject.
                return false;
            }
            slots[count] = word;
            count += 1;
        }
        let words = &slots[..count];
        if next_word.is_empty() || words.is_empty() {
            return false;
        }
        let Some(start) = name_start(words) else {
            return false;
        };
        let name_words = &words[start..];
        let first = name_words[0];
        if first.ends_with("ing") || lexicon::is_not_name(first) {
            return false;
        }
        let last = name_words[name_words.len() - 1];
        let Some(name) =
            sentence.get(offset_in(sentence, first)..offset_in(sentence, last) + last.len())
        else {
            return false;
        };
        let known = self.find_by_name(name, Gender::Unknown).is_some();
        let named = name_words.len() >= 2 || start > 0 || known || verb_like(next_word);
        if named {
            self.name(name, &words[..start]);
        }
        named
    }
}

/// The leading run of letters and digits: by bytes while they are ASCII, and
/// by decoding only when a non-ASCII character ends or continues the run.
fn first_word(sentence: &str) -> &str {
    let bytes = sentence.as_bytes();
    let run = bytes
        .iter()
        .position(|byte| !byte.is_ascii_alphanumeric())
        .unwrap_or(bytes.len());
    if bytes.get(run).is_none_or(u8::is_ascii) {
        return &sentence[..run];
    }
    sentence
        .split(|c: char| !is_alphanumeric(c))
        .next()
        .unwrap_or_default()
}

/// A word that reads as the verb after a one-word subject: "Obama has",
/// "Smith himself", "Jones criticized".
fn verb_like(word: &str) -> bool {
    const VERB_WORDS: &[&str] = &["has", "had", "himself", "herself", "also"];
    word.ends_with("ed") || lexicon::contains(VERB_WORDS, word)
}

/// `text.split_once(", ")` by `memchr`: the standard library builds a
/// two-way searcher for each call (~600 instructions), and this runs for every
/// sentence that opens with "The", "Her", "On" and the like.
fn split_at_comma(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let at = memchr::memchr_iter(b',', bytes).find(|&at| bytes.get(at + 1) == Some(&b' '))?;
    Some((&text[..at], &text[at + 2..]))
}

/// "The deputy leader, Tom Whitfield, ..." and "Her French counterpart,
/// Julien Moreau, ...": the description and the name set off by commas.
fn described_name(sentence: &str) -> Option<(&str, &str)> {
    let (description, rest) = split_at_comma(sentence)?;
    let (name, _) = rest.split_once(',')?;
    let mut description_words = description.split_whitespace();
    description_words.next()?;
    let describes = description_words.clone().count() <= 4
        && description_words
            .clone()
            .any(|word| ROLE_NOUNS.contains(word) || word == "counterpart");
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let is_name = (2..=4).contains(&name_words.len())
        && name_words
            .iter()
            .all(|word| is_capitalized(word) && !TITLES.contains(word));
    (describes && is_name).then_some((description, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(phrase: &str) -> Option<Mention<'_>> {
        let words: Vec<&str> = phrase.split(' ').collect();
        let offsets: Vec<usize> = words.iter().map(|word| offset_in(phrase, word)).collect();
        classify(&words, |first, last| {
            &phrase[offsets[first]..offsets[last] + words[last].len()]
        })
    }

    fn name_of(phrase: &str) -> Option<&str> {
        match mention(phrase)? {
            Mention::Name { name, .. } => Some(name),
            _ => None,
        }
    }

    #[test]
    fn first_word_is_the_leading_alphanumeric_run() {
        for text in [
            "",
            "The deputy",
            "Mr. Smith",
            "Éric said",
            "Ryabkov’s",
            "2024 was",
            "“Yes”",
            "abc",
        ] {
            let expected = text
                .split(|c: char| !is_alphanumeric(c))
                .next()
                .unwrap_or_default();
            assert_eq!(first_word(text), expected, "{text:?}");
        }
    }

    #[test]
    fn split_at_comma_is_split_once() {
        for text in [
            "",
            ",",
            ", ",
            "a,b, c, d",
            "a ,b",
            "no comma",
            "end,",
            "x, ",
            "é, ü",
        ] {
            assert_eq!(split_at_comma(text), text.split_once(", "), "{text:?}");
        }
    }

    #[test]
    fn titles_are_stripped_from_names() {
        assert_eq!(
            name_of("Deputy Foreign Minister Sergei Ryabkov"),
            Some("Sergei Ryabkov")
        );
        assert_eq!(name_of("US President Joe Biden"), Some("Joe Biden"));
        assert_eq!(name_of("Sen. Charles de Gaulle"), Some("Charles de Gaulle"));
        assert_eq!(name_of("Jason Gilbert of Cheyenne"), Some("Jason Gilbert"));
        assert_eq!(name_of("The New York Times"), Some("New York Times"));
    }

    #[test]
    fn pronouns_descriptions_and_others() {
        assert_eq!(mention("she"), Some(Mention::Pronoun("she")));
        assert!(matches!(
            mention("the deputy minister"),
            Some(Mention::Description {
                role: "minister",
                ..
            })
        ));
        assert_eq!(mention("officials"), Some(Mention::Other("officials")));
        assert_eq!(mention("I"), Some(Mention::Other("I")));
    }

    #[test]
    fn surname_and_pronoun_resolve_to_the_full_name() {
        let mut tracker = Tracker::default();
        let no_fallback = |_: &dyn Fn(&str) -> bool| None;
        let full = tracker.resolve(
            &mention("Finance Minister Anna Berg").unwrap(),
            "",
            no_fallback,
        );
        assert_eq!(full.speaker.as_deref(), Some("Anna Berg"));
        let surname = tracker.resolve(&mention("Berg").unwrap(), "Berg", no_fallback);
        assert_eq!(surname.speaker.as_deref(), Some("Anna Berg"));
        let she = tracker.resolve(&Mention::Pronoun("she"), "she", no_fallback);
        assert_eq!(she.speaker.as_deref(), Some("Anna Berg"));
        assert_eq!(she.reason.as_deref(), Some("speaker: she -> Anna Berg"));
        let role = tracker.resolve(
            &mention("the minister").unwrap(),
            "the minister",
            no_fallback,
        );
        assert_eq!(role.speaker.as_deref(), Some("Anna Berg"));
    }

    #[test]
    fn pronouns_skip_people_whose_given_name_says_otherwise() {
        let mut tracker = Tracker::default();
        let none = |_: &dyn Fn(&str) -> bool| None;
        tracker.resolve(&mention("Hillary Clinton").unwrap(), "", none);
        tracker.resolve(&mention("Brian Fallon").unwrap(), "", none);
        let she = tracker.resolve(&Mention::Pronoun("she"), "she", none);
        assert_eq!(she.speaker.as_deref(), Some("Hillary Clinton"));
        let he = tracker.resolve(&Mention::Pronoun("he"), "he", none);
        assert_eq!(he.speaker.as_deref(), Some("Brian Fallon"));
        // A surname with a title must fit it: "Mrs. Clinton" is not Bill.
        tracker.resolve(&mention("Bill Clinton").unwrap(), "", none);
        let missus = tracker.resolve(&mention("Mrs. Clinton").unwrap(), "", none);
        assert_eq!(missus.speaker.as_deref(), Some("Hillary Clinton"));
    }

    #[test]
    fn headlines_are_never_he_or_she() {
        let mut tracker = Tracker::default();
        let none = |_: &dyn Fn(&str) -> bool| None;
        tracker.resolve(
            &mention("Mayor Says City Budget Will Grow").unwrap(),
            "",
            none,
        );
        let she = tracker.resolve(&Mention::Pronoun("she"), "she", none);
        assert_eq!(she.speaker, None);
        let they = tracker.resolve(&Mention::Pronoun("they"), "they", none);
        assert!(they.speaker.is_some(), "an organisation can be \"they\"");
    }

    #[test]
    fn unresolvable_pronoun_uses_the_earlier_name_or_says_so() {
        let mut tracker = Tracker::default();
        let unresolved = tracker.resolve(&Mention::Pronoun("he"), "he", |_| None);
        assert_eq!(unresolved.speaker, None);
        let fallback = tracker.resolve(&Mention::Pronoun("he"), "he", |_| Some("Omar Haddad"));
        assert_eq!(fallback.speaker.as_deref(), Some("Omar Haddad"));
    }

    #[test]
    fn subjects_are_noted_for_later_pronouns() {
        let mut tracker = Tracker::default();
        tracker.note_subject("Former President Felipe Ortega criticized the plan.");
        assert_eq!(tracker.latest(), Some("Felipe Ortega"));
        tracker.note_subject("The deputy leader, Tom Whitfield, defended it.");
        assert_eq!(tracker.latest(), Some("Tom Whitfield"));
        tracker.note_subject("Schools will receive more money.");
        assert_eq!(tracker.latest(), Some("Tom Whitfield"));
    }

    #[test]
    fn name_scanner_finds_the_last_full_name_once() {
        let text = "Maria Lopez spoke first. Then Mr. Chen arrived. it rained";
        let mut scanner = NameScanner::default();
        let any = |_: &str| true;
        assert_eq!(
            scanner.last_name_before(text, &[], 24, any),
            Some("Maria Lopez")
        );
        assert_eq!(
            scanner.last_name_before(text, &[], text.len(), any),
            Some("Chen")
        );
        let not_chen = |name: &str| name != "Chen";
        assert_eq!(
            scanner.last_name_before(text, &[], text.len(), not_chen),
            Some("Maria Lopez")
        );
    }

    #[test]
    fn name_scanner_skips_title_case_headlines() {
        let text = "Ana Ruiz wrote it. Mayor Says City Budget Will Grow Again. it rained";
        let mut scanner = NameScanner::default();
        assert_eq!(
            scanner.last_name_before(text, &[], text.len(), |_: &str| true),
            Some("Ana Ruiz")
        );
    }

    #[test]
    fn name_scanner_skips_quoted_titles() {
        let text = "Ana Ruiz sang \u{201c}Blue Moon Rising\u{201d} loudly. it rained";
        let title = text.find('\u{201c}').unwrap_or(0)..text.find(" loudly").unwrap_or(0);
        let quoted = [Quoted {
            inner: title.start + 3..title.end - 3,
            span: title,
            multi_paragraph: false,
        }];
        let mut scanner = NameScanner::default();
        assert_eq!(
            scanner.last_name_before(text, &quoted, text.len(), |_: &str| true),
            Some("Ana Ruiz")
        );
    }
}
