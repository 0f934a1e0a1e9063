//! News-like text of any size for the detector benchmarks: the sample article
//! interleaved with generated paragraphs (quotes, figures, names, furniture
//! lines), so the scanner sees the mix a real feed gives it, not one string
//! repeated. Deterministic: the same size always gives the same text.

const SEED_ARTICLE: &str = include_str!("../../sample_articles/ryabkov-seed.txt");

const PEOPLE: &[&str] = &[
    "Maria Lopez",
    "the minister",
    "Sen. Alan Brooks",
    "Dr. Chen Wei",
    "a spokesperson",
];
const PLACES: &[&str] = &[
    "Ohio",
    "the U.S.",
    "Brussels",
    "Kyiv",
    "the European Union",
    "Lagos",
];
const TEMPLATES: &[&str] = &[
    "Unemployment in {place} fell to {n}.{m} percent in {month}, the lowest rate since {year}, {person} said.",
    "“We will not accept any deal that cuts funding for schools,” {person} told reporters on {day}.",
    "The council approved a budget of ${n}.{m} million on {day}, up from ${m} million a year earlier.",
    "Officials in {place} said {n},{m}00 people had been evacuated because of the floods.",
    "Is this really the best we can do?",
    "{person} argued that the plan might help, but critics think it is a mistake.",
    "According to {person}, more than {n} companies in {place} have signed the agreement since {year}.",
    "The report, published in {month} {year}, found that {n} of every {m}0 households lacked access to clean water.",
    "Please read the full statement before commenting.",
    "Prices rose {n}% in {place} last year, driven largely by energy costs.",
];
const FURNITURE: &[&str] = &[
    "Advertisement",
    "Share this",
    "By Jane Doe | Reuters",
    "Read more",
    "Photo: Getty Images",
];
const MONTHS: &[&str] = &["January", "March", "Sept.", "November"];
const DAYS: &[&str] = &["Monday", "Wednesday", "Friday"];

/// A small deterministic generator (`SplitMix64`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

/// At least `size` bytes of news-like text.
pub fn news_text(size: usize) -> String {
    let mut rng = Rng(7);
    let mut text = String::with_capacity(size + 4096);
    while text.len() < size {
        text.push_str(SEED_ARTICLE);
        text.push_str("\n\n");
        for _ in 0..12 {
            paragraph(&mut rng, &mut text);
        }
    }
    text
}

fn paragraph(rng: &mut Rng, text: &mut String) {
    if rng.next().is_multiple_of(6) {
        text.push_str(rng.pick(FURNITURE));
        text.push_str("\n\n");
    }
    for _ in 0..=rng.next() % 3 {
        let sentence = rng
            .pick(TEMPLATES)
            .replace("{person}", rng.pick(PEOPLE))
            .replace("{place}", rng.pick(PLACES))
            .replace("{month}", rng.pick(MONTHS))
            .replace("{day}", rng.pick(DAYS))
            .replace("{year}", &(1990 + rng.next() % 35).to_string())
            .replace("{n}", &(1 + rng.next() % 99).to_string())
            .replace("{m}", &(rng.next() % 10).to_string());
        text.push_str(&sentence);
        text.push(' ');
    }
    text.push_str("\n\n");
}
