//! Word lists behind the explicit claim features. Each entry is one lower-case
//! word or a two-word phrase; a phrase is looked up as a bigram while tokenising,
//! so no list costs a separate pass over the text.

/// What a word or phrase signals. Several bits may be set for one entry.
pub mod flag {
    pub const PERCENT: u32 = 1 << 0;
    pub const MONEY: u32 = 1 << 1;
    pub const QUANTITY: u32 = 1 << 2;
    pub const DATE: u32 = 1 << 3;
    pub const COMPARISON: u32 = 1 << 4;
    pub const SUPERLATIVE: u32 = 1 << 5;
    pub const CAUSAL: u32 = 1 << 6;
    pub const FACT_VERB: u32 = 1 << 7;
    pub const NEGATION: u32 = 1 << 8;
    pub const STATISTIC: u32 = 1 << 9;
    pub const POLICY: u32 = 1 << 10;
    pub const ATTRIBUTION: u32 = 1 << 11;
    pub const OPINION: u32 = 1 << 12;
    pub const HEDGE: u32 = 1 << 13;
    pub const PREDICTION: u32 = 1 << 14;
    /// Imperative only as the first word of a sentence ("Let", "Imagine").
    pub const IMPERATIVE: u32 = 1 << 15;
    /// A question only as the first word of a sentence ("Why", "Does").
    pub const QUESTION_START: u32 = 1 << 16;
    pub const FIRST_SINGULAR: u32 = 1 << 17;
    pub const FIRST_PLURAL: u32 = 1 << 18;
    pub const SECOND_PERSON: u32 = 1 << 19;
    /// Capitalised but not a name: pronouns, determiners, titles of address.
    pub const NOT_A_NAME: u32 = 1 << 20;
}

use flag::{
    ATTRIBUTION, CAUSAL, COMPARISON, DATE, FACT_VERB, FIRST_PLURAL, FIRST_SINGULAR, HEDGE,
    IMPERATIVE, MONEY, NEGATION, NOT_A_NAME, OPINION, PERCENT, POLICY, PREDICTION, QUANTITY,
    QUESTION_START, SECOND_PERSON, STATISTIC, SUPERLATIVE,
};

/// Every lexicon entry with its flags.
pub const ENTRIES: &[(&[&str], u32)] = &[
    (&["percent", "per cent", "percentage", "pct", "percentage points"], PERCENT),
    (
        &[
            "dollar", "dollars", "cents", "euros", "euro", "pounds", "rubles", "roubles", "yuan",
            "yen", "budget", "tax", "taxes", "spent", "spend", "spending", "cost", "costs",
            "paid", "funding", "funds", "revenue", "salary", "wages", "deficit", "debt",
        ],
        MONEY,
    ),
    (
        &[
            "million", "millions", "billion", "billions", "trillion", "trillions", "thousand",
            "thousands", "hundred", "hundreds", "dozens", "half", "twice", "double", "doubled",
            "tripled", "quarter", "third", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "twenty", "fifty", "acres", "miles", "tons", "barrels",
        ],
        QUANTITY,
    ),
    (
        &[
            "january", "february", "march", "april", "june", "july", "august", "september",
            "october", "november", "december", "jan", "feb", "sept", "oct", "nov", "dec",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "yesterday", "today", "ago", "since", "decade", "decades", "years", "year",
            "months", "last year", "last week", "last month",
        ],
        DATE,
    ),
    (
        &[
            "more than", "less than", "fewer than", "higher than", "lower than", "greater than",
            "larger than", "smaller than", "bigger than", "better than", "worse than", "than",
            "increase", "increased", "increases", "decrease", "decreased", "rose", "risen",
            "fell", "fallen", "dropped", "grew", "grown", "cut", "cuts", "reduced", "raised",
            "higher", "lower", "fewer", "compared", "versus", "up from", "down from", "almost",
            "nearly", "over", "under", "about",
        ],
        COMPARISON,
    ),
    (
        &[
            "most", "least", "largest", "biggest", "highest", "lowest", "smallest", "first",
            "last", "best", "worst", "fastest", "greatest", "only", "record", "ever",
            "never before", "all-time",
        ],
        SUPERLATIVE,
    ),
    (
        &[
            "because", "caused", "causes", "due to", "led to", "leads to", "result",
            "resulted", "therefore", "thanks to", "a result", "consequently", "responsible",
        ],
        CAUSAL,
    ),
    (
        &[
            "was", "were", "has been", "have been", "had", "did", "voted", "passed", "signed",
            "created", "lost", "killed", "died", "won", "announced", "reported", "delivered",
            "destroyed", "built", "sent", "invaded", "attacked", "approved", "vetoed", "elected",
            "appointed", "introduced", "supported", "opposed", "proposed", "launched", "imposed",
            "ratify", "ratified", "accused", "obstructing", "operating", "has", "have",
            "exists", "contains", "holds", "owns", "employs", "produces", "imports", "exports",
        ],
        FACT_VERB,
    ),
    (
        &[
            "not", "no", "never", "neither", "nor", "none", "nothing", "didn't", "doesn't",
            "don't", "hasn't", "haven't", "wasn't", "weren't", "isn't", "aren't", "cannot",
            "can't", "without",
        ],
        NEGATION,
    ),
    (
        &[
            "rate", "rates", "average", "median", "total", "statistics", "data", "survey", "poll",
            "polls", "census", "unemployment", "unemployed", "inflation", "gdp", "growth",
            "economy", "income", "prices", "number", "numbers", "majority", "minority",
            "population", "stockpile", "figures", "per", "interest", "poverty", "crime",
            "deaths", "casualties", "study", "report", "jobs",
        ],
        STATISTIC,
    ),
    (
        &[
            "law", "laws", "bill", "bills", "act", "legislation", "treaty", "convention",
            "amendment", "program", "programs", "policy", "sanctions", "regulation",
            "regulations", "congress", "senate", "court", "constitution", "administration",
            "government", "federal", "agreement", "veto", "ban",
        ],
        POLICY,
    ),
    (
        &[
            "said", "says", "told", "according to", "stated", "noted", "added", "stressed",
            "reiterated", "confirmed", "announced", "reported", "testified", "wrote",
        ],
        ATTRIBUTION,
    ),
    (
        &[
            "i think", "i believe", "i feel", "we think", "we believe", "in my", "my view",
            "should", "ought", "must", "need", "needs", "want", "wants", "hope", "great",
            "terrible", "wonderful", "wrong", "right", "good", "bad", "important", "proud",
            "love", "fair", "unfair", "deserve", "disgrace", "ridiculous", "shame", "sad",
            "believe", "think", "feel", "opinion", "agree", "disagree", "frankly", "honestly",
            "really", "very", "strongly", "clearly", "obviously", "absolutely",
        ],
        OPINION,
    ),
    (
        &[
            "maybe", "perhaps", "might", "may", "could", "possibly", "probably", "likely",
            "unlikely", "seems", "seem", "appears", "suggest", "suggests", "allegedly",
            "reportedly", "apparently", "guess", "suppose", "sort", "kind", "somewhat",
        ],
        HEDGE,
    ),
    (
        &[
            "will", "won't", "going to", "gonna", "would", "shall", "i'll", "we'll", "you'll",
            "he'll", "she'll", "they'll", "it'll", "plan to", "plans to", "intend", "intends",
            "promise", "future", "tomorrow", "next year", "soon", "someday", "expect",
        ],
        PREDICTION,
    ),
    (
        &[
            "let", "let's", "look", "imagine", "stop", "remember", "consider", "vote", "please",
            "tell", "ask", "join", "help", "read", "click", "subscribe", "share", "sign", "listen",
            "come", "keep", "go", "give", "take", "make", "think", "don't", "follow", "check",
            "thank", "thanks",
        ],
        IMPERATIVE,
    ),
    (
        &[
            "what", "why", "how", "who", "whom", "which", "where", "do", "does", "did", "is",
            "are", "can", "could", "would", "should", "will", "shall", "isn't", "aren't",
            "doesn't", "don't", "didn't", "won't", "wouldn't", "shouldn't", "haven't", "hasn't",
        ],
        QUESTION_START,
    ),
    (&["i", "i'm", "i've", "i'd", "me", "my", "mine", "myself"], FIRST_SINGULAR),
    (&["we", "we're", "we've", "we'd", "us", "our", "ours", "ourselves"], FIRST_PLURAL),
    (&["you", "you're", "you've", "you'd", "your", "yours", "yourself"], SECOND_PERSON),
    (
        &[
            "i", "the", "a", "an", "he", "she", "it", "they", "we", "you", "his", "her", "its",
            "their", "our", "your", "this", "that", "these", "those", "there", "and", "but",
            "or", "so", "if", "in", "on", "at", "of", "for", "to", "as", "by", "with", "from",
            "mr", "mrs", "ms", "dr", "sir", "madam", "ok", "okay", "yes", "no", "well", "now",
            "then", "when", "while", "after", "before", "because", "although", "also", "all",
            "god", "am", "pm",
        ],
        NOT_A_NAME,
    ),
];
