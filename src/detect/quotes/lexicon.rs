//! Word lists: reporting cues, titles, role nouns, pronouns. Everything is
//! lowercase; callers compare ASCII-case-insensitively.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::detect::calendar;

/// How strongly a cue marks speech (rather than belief or intention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueStrength {
    /// A verb of saying: said, told, wrote, tweeted.
    Speech,
    /// A verb of thinking or hoping: believes, hoped, fears.
    Belief,
}

/// One reporting cue.
#[derive(Debug, Clone, Copy)]
pub struct Cue {
    pub phrase: &'static str,
    pub strength: CueStrength,
    /// "..., said Smith": the cue may come before its source.
    pub inverts: bool,
    /// "accused X of ...", "told X that ...": an object usually follows.
    pub takes_object: bool,
    /// "called": speech only when the content holds a quote.
    pub needs_quote: bool,
    /// The reason shown to the reviewer, e.g. "cue: said".
    pub reason: &'static str,
}

macro_rules! cue {
    ($phrase:literal, $strength:ident $(, $flag:ident)*) => {
        Cue {
            phrase: $phrase,
            strength: CueStrength::$strength,
            inverts: cue!(@has inverts $($flag)*),
            takes_object: cue!(@has object $($flag)*),
            needs_quote: cue!(@has quote $($flag)*),
            reason: concat!("cue: ", $phrase),
        }
    };
    (@has $want:ident) => { false };
    (@has inverts inverts $($rest:ident)*) => { true };
    (@has object object $($rest:ident)*) => { true };
    (@has quote quote $($rest:ident)*) => { true };
    (@has $want:ident $other:ident $($rest:ident)*) => { cue!(@has $want $($rest)*) };
}

/// The phrase that introduces its source instead of following it.
pub const ACCORDING_TO: &str = "according to";

/// Reporting cues, matched as whole words. Multi-word phrases win over their
/// first word ("drew attention to" over nothing, "pointed out" over "pointed").
pub static CUES: &[Cue] = &[
    cue!("according to", Speech),
    cue!("said", Speech, inverts),
    cue!("says", Speech, inverts),
    cue!("say", Speech),
    cue!("saying", Speech),
    cue!("told", Speech, object),
    cue!("tells", Speech, object),
    cue!("telling", Speech, object),
    cue!("noted", Speech, inverts),
    cue!("notes", Speech, inverts),
    cue!("noting", Speech),
    cue!("stressed", Speech, inverts),
    cue!("stresses", Speech),
    cue!("stressing", Speech),
    cue!("added", Speech, inverts),
    cue!("adds", Speech, inverts),
    cue!("adding", Speech),
    cue!("warned", Speech, inverts),
    cue!("warns", Speech),
    cue!("warning", Speech),
    cue!("claimed", Speech),
    cue!("claims", Speech),
    cue!("claiming", Speech),
    cue!("insisted", Speech, inverts),
    cue!("insists", Speech),
    cue!("insisting", Speech),
    cue!("reiterated", Speech),
    cue!("accused", Speech, object),
    cue!("accuses", Speech, object),
    cue!("drew attention to the fact", Speech),
    cue!("draws attention to the fact", Speech),
    cue!("drew attention to", Speech),
    cue!("draws attention to", Speech),
    cue!("announced", Speech),
    cue!("announces", Speech),
    cue!("wrote", Speech, inverts),
    cue!("writes", Speech, inverts),
    cue!("tweeted", Speech),
    cue!("posted", Speech),
    cue!("argued", Speech, inverts),
    cue!("argues", Speech),
    cue!("arguing", Speech),
    cue!("explained", Speech, inverts),
    cue!("explains", Speech),
    cue!("emphasized", Speech),
    cue!("emphasised", Speech),
    cue!("stated", Speech),
    cue!("states", Speech),
    cue!("declared", Speech),
    cue!("asserted", Speech),
    cue!("suggested", Speech),
    cue!("suggests", Speech),
    cue!("acknowledged", Speech),
    cue!("admitted", Speech),
    cue!("conceded", Speech),
    cue!("confirmed", Speech),
    cue!("denied", Speech),
    cue!("maintained", Speech),
    cue!("predicted", Speech),
    cue!("promised", Speech),
    cue!("pledged", Speech),
    cue!("vowed", Speech),
    cue!("observed", Speech),
    cue!("remarked", Speech),
    cue!("recalled", Speech, inverts),
    cue!("replied", Speech, inverts),
    cue!("responded", Speech),
    cue!("answered", Speech),
    cue!("asked", Speech, inverts),
    cue!("asks", Speech, inverts),
    cue!("continued", Speech, inverts),
    cue!("commented", Speech),
    cue!("pointed out", Speech),
    cue!("reported", Speech),
    cue!("reports", Speech),
    cue!("revealed", Speech),
    cue!("disclosed", Speech),
    cue!("alleged", Speech),
    cue!("charged", Speech),
    cue!("contended", Speech),
    cue!("testified", Speech),
    cue!("assured", Speech, object),
    cue!("cautioned", Speech),
    cue!("complained", Speech),
    cue!("urged", Speech, object),
    cue!("called for", Speech),
    cue!("called on", Speech),
    cue!("made clear", Speech),
    cue!("made it clear", Speech),
    cue!("went on to say", Speech),
    cue!("went on", Speech, inverts),
    cue!("concluded", Speech, inverts),
    cue!("concludes", Speech, inverts),
    cue!("shouted", Speech, inverts),
    cue!("yelled", Speech, inverts),
    cue!("quipped", Speech, inverts),
    cue!("joked", Speech, inverts),
    cue!("echoed", Speech),
    cue!("writing", Speech),
    cue!("explaining", Speech),
    cue!("tweeting", Speech),
    cue!("declaring", Speech),
    cue!("called", Speech, quote),
    cue!("calls", Speech, quote),
    cue!("described", Speech, quote),
    cue!("describes", Speech, quote),
    cue!("believes", Belief),
    cue!("believed", Belief),
    cue!("believe", Belief),
    cue!("thinks", Belief),
    cue!("hoped", Belief),
    cue!("hopes", Belief),
    cue!("fears", Belief),
    cue!("feared", Belief),
    cue!("expects", Belief),
];

/// Words that may stand between a source and its cue: "has also said".
pub static AUXILIARIES: WordSet = WordSet::new(&[
    "has",
    "have",
    "had",
    "also",
    "later",
    "then",
    "again",
    "further",
    "once",
    "repeatedly",
    "previously",
    "recently",
    "publicly",
    "earlier",
    "often",
    "already",
    "reportedly",
    "frequently",
    "openly",
    "separately",
    "flatly",
    "firmly",
    "would",
    "will",
    "did",
]);

/// Words before a cue that make it no attribution: "is said to", "the said".
pub static NOT_ATTRIBUTION_BEFORE: WordSet = WordSet::new(&[
    "is", "was", "were", "be", "been", "being", "are", "the", "a", "to", "what", "who", "which",
    "never", "not", "if", "as", "than", "when", "once", "whatever", "having",
]);

/// Pronouns that can be sources, resolved to a named speaker.
pub static PRONOUNS: &[&str] = &["he", "she", "they"];

/// Capitalized words that are never a speaker's name.
pub static NOT_NAMES: WordSet = WordSet::new(&[
    "i",
    "we",
    "it",
    "you",
    "he",
    "she",
    "they",
    "this",
    "that",
    "there",
    "then",
    "these",
    "those",
    "but",
    "and",
    "so",
    "yet",
    "when",
    "while",
    "after",
    "before",
    "if",
    "as",
    "in",
    "on",
    "at",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "update",
    "updated",
    "note",
    "watch",
    "breaking",
    "video",
    "photos",
    "photo",
    "source",
    "credit",
    "editor",
    "also",
    "here",
    "what",
    "why",
    "how",
    "who",
    "one",
    "some",
    "many",
    "most",
    "all",
    "both",
    "others",
    "everyone",
    "nobody",
]);

/// Titles and honorifics dropped from the front of a name.
pub static TITLES: WordSet = WordSet::new(&[
    "president",
    "vice",
    "deputy",
    "foreign",
    "minister",
    "prime",
    "secretary",
    "state",
    "senator",
    "sen",
    "sen.",
    "rep",
    "rep.",
    "representative",
    "gov",
    "gov.",
    "governor",
    "mayor",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "executive",
    "director",
    "general",
    "gen.",
    "col.",
    "lt.",
    "sgt.",
    "judge",
    "justice",
    "attorney",
    "former",
    "acting",
    "candidate",
    "nominee",
    "leader",
    "head",
    "commissioner",
    "councillor",
    "councilor",
    "council",
    "member",
    "speaker",
    "majority",
    "minority",
    "sir",
    "dame",
    "lord",
    "lady",
    "king",
    "queen",
    "pope",
    "rev.",
    "bishop",
    "economist",
    "analyst",
    "officer",
    "official",
    "diplomat",
    "defense",
    "defence",
    "interior",
    "finance",
    "health",
    "trade",
    "treasury",
    "democratic",
    "republican",
    "democrat",
    "us",
    "u.s.",
    "uk",
    "eu",
    "un",
    "russian",
    "russia's",
    "american",
    "french",
    "german",
    "british",
    "chinese",
    "ukrainian",
    "japanese",
    "european",
    "mayor-elect",
    "president-elect",
    "ceo",
    "chancellor",
    "premier",
    "congressman",
    "congresswoman",
    "lawmaker",
    "sheriff",
    "captain",
    "commander",
    "inspector",
    "superintendent",
    "treasurer",
    "adviser",
    "advisor",
    "aide",
    "host",
    "founder",
    "deputy-mayor",
    "first",
    "assistant",
    "senior",
    "associate",
    "national",
    "security",
    "homeland",
    "labor",
    "labour",
    "environment",
    "education",
    "transport",
    "energy",
    "house",
    "senate",
    "opposition",
    "union",
    "party",
    "campaign",
    "manager",
    "strategist",
]);

/// Nouns that name a person's role: "the diplomat said".
pub static ROLE_NOUNS: WordSet = WordSet::new(&[
    "diplomat",
    "minister",
    "senator",
    "president",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officer",
    "governor",
    "mayor",
    "candidate",
    "nominee",
    "congressman",
    "congresswoman",
    "lawmaker",
    "ambassador",
    "secretary",
    "chairman",
    "chairwoman",
    "leader",
    "director",
    "chief",
    "executive",
    "economist",
    "analyst",
    "professor",
    "researcher",
    "scientist",
    "expert",
    "lawyer",
    "attorney",
    "judge",
    "prosecutor",
    "businessman",
    "businesswoman",
    "billionaire",
    "mogul",
    "activist",
    "author",
    "writer",
    "reporter",
    "journalist",
    "actor",
    "actress",
    "singer",
    "star",
    "veteran",
    "manager",
    "coach",
    "player",
    "founder",
    "chancellor",
    "premier",
    "host",
    "commentator",
    "pollster",
    "strategist",
    "adviser",
    "advisor",
    "aide",
    "woman",
    "man",
    "mother",
    "father",
    "teacher",
    "student",
    "resident",
    "owner",
    "worker",
    "doctor",
    "nurse",
    "captain",
    "general",
    "commander",
    "councillor",
    "councilor",
    "treasurer",
    "superintendent",
    "ceo",
    "democrat",
    "republican",
    "politician",
    "envoy",
    "negotiator",
    "entrepreneur",
    "organizer",
    "organiser",
    "campaigner",
    "incumbent",
    "challenger",
    "representative",
    "sheriff",
    "inspector",
    "engineer",
    "historian",
    "chair",
    "head",
    "designer",
    "farmer",
    "driver",
    "pilot",
    "source",
    "insider",
    "operative",
    "planner",
    "commissioner",
    "deputy",
    "secretary-general",
    "staffer",
    "voter",
    "supporter",
    "critic",
    "witness",
    "neighbour",
    "neighbor",
    "protester",
    "president-elect",
    "minister-president",
]);

/// Role words that tell a speaker's gender.
pub static FEMALE_WORDS: WordSet = WordSet::new(&[
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "businesswoman",
    "woman",
    "mother",
    "actress",
    "queen",
    "lady",
    "dame",
    "she",
]);
pub static MALE_WORDS: WordSet = WordSet::new(&[
    "mr",
    "mr.",
    "spokesman",
    "chairman",
    "congressman",
    "businessman",
    "man",
    "father",
    "king",
    "sir",
    "lord",
    "he",
]);

/// Abbreviations whose full stop does not end a sentence.
pub static ABBREVIATIONS: WordSet = WordSet::new(&[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr",
    "sr", "rev", "u.s", "u.k", "u.n", "e.u", "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan",
    "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "a.m", "p.m", "approx", "fig",
    "d.c", "mt", "ft",
]);

/// Lines a scraped page leaves between a quote and its "he added." line.
pub static FURNITURE_PREFIXES: &[&str] = &[
    "see also",
    "read more",
    "read also",
    "related",
    "advertisement",
    "cover image",
    "image source",
    "photo",
    "image:",
    "credit:",
    "share this",
    "subscribe",
];

/// A set of lowercase ASCII words, looked up in any case in O(1) without
/// allocating: the detector asks it about most words of attributed sentences.
pub struct WordSet {
    words: &'static [&'static str],
    index: OnceLock<Index>,
}

/// The set, and which word lengths and first letters occur in it: most words
/// asked about are rejected by two bit tests, before any hashing.
struct Index {
    set: HashSet<&'static [u8], BuildHasherDefault<Fnv>>,
    lengths: u64,
    first_bytes: [u64; 4],
}

impl Index {
    fn new(words: &[&'static str]) -> Self {
        let mut index = Self {
            set: words.iter().map(|word| word.as_bytes()).collect(),
            lengths: 0,
            first_bytes: [0; 4],
        };
        for word in words {
            index.lengths |= 1 << word.len().min(63);
            if let Some(&first) = word.as_bytes().first() {
                index.first_bytes[usize::from(first >> 6)] |= 1 << (first & 63);
            }
        }
        index
    }

    fn may_contain(&self, lower: &[u8]) -> bool {
        let Some(&first) = lower.first() else {
            return false;
        };
        self.lengths & (1 << lower.len().min(63)) != 0
            && self.first_bytes[usize::from(first >> 6)] & (1 << (first & 63)) != 0
    }
}

/// FNV-1a: for keys of a few bytes it is several times faster than `SipHash`,
/// and the keys are our own word lists, so no flooding to defend against.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    /// The length prefix a slice hashes first: one step, not the default's
    /// eight (one per byte of a `usize`), on a chain of dependent multiplies.
    fn write_usize(&mut self, length: usize) {
        self.write(&[length as u8]);
    }
}

/// Longer words are in no list.
const MAX_WORD: usize = 32;

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Self {
            words,
            index: OnceLock::new(),
        }
    }

    pub fn contains(&self, word: &str) -> bool {
        if word.len() > MAX_WORD {
            return false;
        }
        let mut buffer = [0_u8; MAX_WORD];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        let index = self.index.get_or_init(|| Index::new(self.words));
        index.may_contain(lower) && index.set.contains(&*lower)
    }

    /// The entry equal to `word` in any case, as a `'static` string.
    pub fn get(&self, word: &str) -> Option<&'static str> {
        self.words
            .iter()
            .copied()
            .find(|entry| entry.eq_ignore_ascii_case(word))
    }
}

/// `word` (any case) is in `list` (lowercase); for short lists.
pub fn contains(list: &[&str], word: &str) -> bool {
    list.iter().any(|entry| entry.eq_ignore_ascii_case(word))
}

/// `line` begins, in any case, with one of `prefixes` (lowercase).
pub fn starts_with_any(line: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        line.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    })
}

/// Words that look like a name at a sentence start but never are one: the
/// listed ones and the days of the week.
pub fn is_not_name(word: &str) -> bool {
    NOT_NAMES.contains(word) || calendar::is_weekday(word)
}
