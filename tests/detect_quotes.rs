//! The quote detector on sentences written for these tests and on the sample
//! articles: every mark style, what must not match, reported speech, speakers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ops::Range;

use margin::detect::quotes::detect_quotes;
use margin::detect::{Candidate, Kind, Style, detect};
use margin::text::{ceil_grapheme, floor_grapheme};

fn sample(name: &str) -> String {
    let path = format!("{}/sample_articles/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("sample article");
    text.trim_start_matches('\u{feff}').to_owned()
}

fn slice<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    &text[range.clone()]
}

/// The single candidate whose span contains `needle`.
fn candidate_with<'c>(text: &str, candidates: &'c [Candidate], needle: &str) -> &'c Candidate {
    let at = text.find(needle).expect("needle in text");
    let found: Vec<&Candidate> = candidates
        .iter()
        .filter(|candidate| candidate.span.start <= at && at + needle.len() <= candidate.span.end)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one candidate around {needle:?}: {candidates:#?}"
    );
    found[0]
}

fn spans<'t>(text: &'t str, candidates: &[Candidate]) -> Vec<&'t str> {
    candidates
        .iter()
        .map(|candidate| slice(text, &candidate.span))
        .collect()
}

fn assert_on_boundaries(text: &str, candidates: &[Candidate]) {
    for candidate in candidates {
        let ranges = [
            Some(&candidate.span),
            candidate.source.as_ref(),
            candidate.cue.as_ref(),
        ];
        for range in ranges.into_iter().flatten() {
            for offset in [range.start, range.end] {
                assert!(text.is_char_boundary(offset), "{offset} splits a character");
                assert_eq!(
                    floor_grapheme(text, offset),
                    offset,
                    "{offset} splits a grapheme"
                );
                assert_eq!(
                    ceil_grapheme(text, offset),
                    offset,
                    "{offset} splits a grapheme"
                );
            }
        }
        assert!((0.0..=1.0).contains(&candidate.score));
        assert!(!candidate.reasons.is_empty());
        assert_eq!(candidate.kind, Kind::Quote);
    }
}

// --- The user's article -------------------------------------------------------

#[test]
fn seed_article_attributes_every_quote_to_ryabkov() {
    let text = sample("ryabkov-seed.txt");
    let candidates = detect_quotes(&text);
    assert_on_boundaries(&text, &candidates);
    assert_eq!(candidates.len(), 13, "{:#?}", spans(&text, &candidates));
    for candidate in &candidates {
        assert_eq!(
            candidate.speaker.as_deref(),
            Some("Ryabkov"),
            "{}",
            slice(&text, &candidate.span)
        );
    }
    let cues: Vec<&str> = candidates
        .iter()
        .map(|candidate| slice(&text, candidate.cue.as_ref().unwrap()))
        .collect();
    for cue in [
        "noted",
        "stressed",
        "added",
        "hoped",
        "accused",
        "reiterated",
        "According to",
        "said",
    ] {
        assert!(cues.contains(&cue), "cue {cue} in {cues:?}");
    }
    assert!(cues.iter().any(|cue| cue.starts_with("drew attention to")));
    let sources: Vec<&str> = candidates
        .iter()
        .map(|candidate| slice(&text, candidate.source.as_ref().unwrap()))
        .collect();
    for source in ["He", "The diplomat", "The deputy minister", "Ryabkov", "he"] {
        assert!(sources.contains(&source), "source {source} in {sources:?}");
    }
}

#[test]
fn seed_article_mixed_quote_and_broken_scrape_ending() {
    let text = sample("ryabkov-seed.txt");
    let candidates = detect_quotes(&text);
    let opening = candidate_with(&text, &candidates, "must stop pumping arms");
    assert_eq!(opening.style, Some(Style::Mixed));
    assert!(slice(&text, &opening.span).starts_with("the United States “must stop"));
    assert_eq!(slice(&text, opening.cue.as_ref().unwrap()), "According to");

    let ending = candidate_with(&text, &candidates, "Protecting North Atlantic allies");
    assert_eq!(slice(&text, ending.cue.as_ref().unwrap()), "added");
    assert_eq!(slice(&text, ending.source.as_ref().unwrap()), "he");
    assert!(
        ending
            .reasons
            .iter()
            .any(|reason| reason == "speaker: he -> Ryabkov")
    );

    let furniture = [
        "See also",
        "Cover image source",
        "Leave a Reply",
        "Your email address",
    ];
    for line in furniture {
        let at = text.find(line).unwrap();
        assert!(
            candidates
                .iter()
                .all(|candidate| !candidate.span.contains(&at)),
            "no quote made of {line:?}"
        );
    }
}

// --- Quotation marks -------------------------------------------------------------

#[test]
fn every_mark_style_pairs() {
    let cases = [
        (
            "\"We will rebuild the bridge by spring,\" the mayor said.",
            "\"We will rebuild the bridge by spring,\"",
        ),
        (
            "“We will rebuild the bridge by spring,” the mayor said.",
            "“We will rebuild the bridge by spring,”",
        ),
        (
            "„Wir bauen die Brücke bis zum Frühjahr“, sagte die Bürgermeisterin Anna Weber.",
            "„Wir bauen die Brücke bis zum Frühjahr“",
        ),
        (
            "« Nous reconstruirons le pont au printemps », a dit le maire, Paul Girard.",
            "« Nous reconstruirons le pont au printemps »",
        ),
        (
            "‹ Nous reconstruirons le pont au printemps ›, a dit le maire.",
            "‹ Nous reconstruirons le pont au printemps ›",
        ),
        (
            "「橋は春までに再建する」と市長は述べた。",
            "「橋は春までに再建する」",
        ),
        (
            "‘We will rebuild the bridge by spring,’ the mayor said.",
            "‘We will rebuild the bridge by spring,’",
        ),
        (
            "''We will rebuild the bridge by spring,'' the mayor said.",
            "''We will rebuild the bridge by spring,''",
        ),
    ];
    for (text, quote) in cases {
        let candidates = detect_quotes(text);
        assert_on_boundaries(text, &candidates);
        assert_eq!(spans(text, &candidates), vec![quote], "in {text}");
        assert_eq!(candidates[0].style, Some(Style::Direct));
    }
}

#[test]
fn apostrophes_are_not_quotation_marks() {
    let text = "Ryabkov’s aides don’t remember the ’90s fondly, and the talks’ outcome was unclear. \
                ‘It wasn’t the Kremlin’s idea,’ the aide said.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec!["‘It wasn’t the Kremlin’s idea,’"]
    );
}

#[test]
fn nested_quotes_stay_inside_the_outer_one() {
    let text = "“He told me ‘never again’ and I believed him,” said Olga Petrenko.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec!["“He told me ‘never again’ and I believed him,”"]
    );
    assert_eq!(candidates[0].speaker.as_deref(), Some("Olga Petrenko"));
}

#[test]
fn multi_paragraph_quote_is_one_candidate() {
    let text = "Inspector Ruth Abara read from her notes.\n\n\
                “The van was parked on the verge with its lights off.\n\n\
                “Nobody in the village admitted to owning it, and nobody reported it missing.\n\n\
                “We towed it on the Thursday,” she said.\n\nThe inquiry continues.";
    let candidates = detect_quotes(text);
    assert_eq!(candidates.len(), 1, "{:#?}", spans(text, &candidates));
    let quote = slice(text, &candidates[0].span);
    assert!(quote.starts_with("“The van was parked"));
    assert!(quote.ends_with("on the Thursday,”"));
    assert_eq!(candidates[0].speaker.as_deref(), Some("Ruth Abara"));
}

#[test]
fn unbalanced_mark_is_bounded_to_its_paragraph() {
    let text = "The minister said “this sentence never closes its quotation mark.\n\n\
                Farmers gathered outside the ministry in the rain.\n\n\
                “We will keep coming back until the subsidy is restored,” said Tomas Berg.";
    let candidates = detect_quotes(text);
    let quote = candidate_with(text, &candidates, "We will keep coming back");
    assert_eq!(
        slice(text, &quote.span),
        "“We will keep coming back until the subsidy is restored,”"
    );
    assert_eq!(quote.speaker.as_deref(), Some("Tomas Berg"));
    assert!(
        candidates
            .iter()
            .all(|candidate| !slice(text, &candidate.span).contains("Farmers"))
    );
}

#[test]
fn unbalanced_mark_before_a_balanced_quote_in_the_same_paragraph() {
    let text = "Critics called it “unfinished. Later the chair, Ines Duarte, said: “The report will be published in full next week.”";
    let candidates = detect_quotes(text);
    let quote = candidate_with(text, &candidates, "The report will be published");
    assert_eq!(
        slice(text, &quote.span),
        "“The report will be published in full next week.”"
    );
}

#[test]
fn scare_quotes_alone_are_not_quotes() {
    let text = "The so-called “special operation” entered its third year. Analysts doubt the “peace plan” exists.";
    assert!(detect_quotes(text).is_empty());
}

#[test]
fn scare_quote_inside_reported_speech_makes_one_mixed_candidate() {
    let text = "Senator Maria Lopez said the “special operation” would end before the harvest.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec!["the “special operation” would end before the harvest"]
    );
    assert_eq!(candidates[0].style, Some(Style::Mixed));
    assert_eq!(candidates[0].speaker.as_deref(), Some("Maria Lopez"));
}

// --- Reported speech -----------------------------------------------------------------

#[test]
fn source_cue_that_content() {
    let text = "Finance Minister Elena Park noted that inflation had fallen to 2.4% in March.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec!["inflation had fallen to 2.4% in March"]
    );
    let candidate = &candidates[0];
    assert_eq!(candidate.style, Some(Style::Indirect));
    assert_eq!(candidate.speaker.as_deref(), Some("Elena Park"));
    assert_eq!(
        slice(text, candidate.source.as_ref().unwrap()),
        "Finance Minister Elena Park"
    );
    assert_eq!(slice(text, candidate.cue.as_ref().unwrap()), "noted");
    assert!(
        candidate
            .reasons
            .iter()
            .any(|reason| reason == "cue: noted")
    );
}

#[test]
fn content_then_source_then_cue_and_inverted_cue() {
    let text = "The bridge will reopen in May, the engineer Sam Osei said. \
                The toll will stay at two euros, said Hanna Lind.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec![
            "The bridge will reopen in May",
            "The toll will stay at two euros"
        ]
    );
    assert_eq!(candidates[0].speaker.as_deref(), Some("Sam Osei"));
    assert_eq!(candidates[1].speaker.as_deref(), Some("Hanna Lind"));
}

#[test]
fn according_to_before_and_after() {
    let text = "According to the harbour master, Jonas Vik, 40 ships are waiting offshore. \
                Fuel prices rose by 8% in a week, according to the port authority.";
    let candidates = detect_quotes(text);
    assert_eq!(
        spans(text, &candidates),
        vec![
            "40 ships are waiting offshore",
            "Fuel prices rose by 8% in a week"
        ]
    );
    assert_eq!(candidates[0].speaker.as_deref(), Some("Jonas Vik"));
    assert_eq!(
        slice(text, candidates[1].cue.as_ref().unwrap()),
        "according to"
    );
}

#[test]
fn broad_lexicon_of_cues() {
    for cue in [
        "warned",
        "claimed",
        "insisted",
        "announced",
        "argued",
        "explained",
        "tweeted",
        "believes",
        "wrote",
    ] {
        let text =
            format!("Governor Lee Harmon {cue} that the new tax would raise $40 million a year.");
        let candidates = detect_quotes(&text);
        assert_eq!(
            spans(&text, &candidates),
            vec!["the new tax would raise $40 million a year"],
            "{cue}"
        );
        assert_eq!(slice(&text, candidates[0].cue.as_ref().unwrap()), cue);
    }
}

#[test]
fn said_without_attribution_is_not_a_quote() {
    let text = "The said property was sold in 2019. The director is said to be recovering at home. \
                What she said was never recorded by the clerk. Nobody knows how much was said.";
    assert!(detect_quotes(text).is_empty(), "{:#?}", detect_quotes(text));
}

#[test]
fn colon_introduces_the_next_paragraph_quote() {
    let text = "The union's secretary, Ade Okonjo, told members:\n\n\
                \"We have waited long enough for a fair offer from the company.\"";
    let candidates = detect_quotes(text);
    let quote = candidate_with(text, &candidates, "We have waited long enough");
    assert_eq!(quote.style, Some(Style::Direct));
    assert_eq!(quote.speaker.as_deref(), Some("Ade Okonjo"));
}

#[test]
fn quote_signed_with_a_dash() {
    let text = "“The library is the only warm room some of us have all day.” — Joan Pettigrew";
    let candidates = detect_quotes(text);
    assert_eq!(candidates.len(), 1);
    assert_eq!(candidates[0].speaker.as_deref(), Some("Joan Pettigrew"));
}

// --- Speakers -------------------------------------------------------------------------

#[test]
fn pronouns_and_descriptions_resolve_to_the_named_speaker() {
    let text = "Deputy Foreign Minister Sergei Volkov said the talks had stalled. \
                He added that a new round was possible in June. \
                The diplomat said Moscow would not accept new conditions. \
                The deputy minister warned that the deadline was real. \
                Volkov said nothing more.";
    let candidates = detect_quotes(text);
    assert_eq!(candidates.len(), 4, "{:#?}", spans(text, &candidates));
    for candidate in &candidates {
        assert_eq!(candidate.speaker.as_deref(), Some("Sergei Volkov"));
    }
    assert!(
        candidates[1]
            .reasons
            .iter()
            .any(|reason| reason == "speaker: He -> Sergei Volkov")
    );
}

#[test]
fn pronoun_skips_a_speaker_of_the_other_gender() {
    let text = "Mr. Daniel Cho said the plant would close in 2027. \
                Spokeswoman Irene Walsh said the company had offered retraining. \
                He added that 300 jobs were at risk. She said talks would continue.";
    let candidates = detect_quotes(text);
    let he = candidate_with(text, &candidates, "300 jobs");
    assert_eq!(he.speaker.as_deref(), Some("Daniel Cho"));
    let she = candidate_with(text, &candidates, "talks would continue");
    assert_eq!(she.speaker.as_deref(), Some("Irene Walsh"));
}

#[test]
fn follow_on_quote_paragraph_inherits_the_speaker() {
    let text = "“The roof leaked for three winters before anyone came,” said tenant Marta Ruiz.\n\n\
                “When they came, they painted over the damp and left.”";
    let candidates = detect_quotes(text);
    assert_eq!(candidates.len(), 2);
    assert_eq!(candidates[1].speaker.as_deref(), Some("Marta Ruiz"));
    assert!(candidates[1].source.is_none());
}

#[test]
fn dangling_attribution_after_furniture_lines() {
    let text = "The mayor, Ella Brandt, said the budget was balanced.\n\n\
                Photo: The town hall at dusk.\n\n\
                Schools will receive an extra 3% next year\n\n\
                she added.";
    let candidates = detect_quotes(text);
    let added = candidate_with(text, &candidates, "Schools will receive");
    assert_eq!(added.speaker.as_deref(), Some("Ella Brandt"));
    assert_eq!(slice(text, added.cue.as_ref().unwrap()), "added");
}

// --- Text encodings and layout --------------------------------------------------------------

#[test]
fn crlf_text_keeps_spans_inside_lines() {
    let text = "Harbour strike enters day two\r\n\r\n\"We did not want this strike,\" said Elena Vasquez.\r\n\r\n\
                \"The company left us no choice.\r\n\r\n\"Night crews have had one rise in six years.\"\r\n";
    let candidates = detect_quotes(text);
    assert_on_boundaries(text, &candidates);
    assert_eq!(candidates.len(), 2, "{:#?}", spans(text, &candidates));
    assert_eq!(
        slice(text, &candidates[0].span),
        "\"We did not want this strike,\""
    );
    let multi = slice(text, &candidates[1].span);
    assert!(multi.starts_with("\"The company") && multi.ends_with("six years.\""));
    assert_eq!(candidates[1].speaker.as_deref(), Some("Elena Vasquez"));
}

#[test]
fn cjk_and_emoji_around_quotes_keep_boundaries() {
    let text = "🇯🇵🇦🇺 会談は続く。👍🏽“A stable supply chain is our first priority,” said Haruto Sakamoto 🙂. \
                市長は「春までに橋を再建する」と述べた。👨‍👩‍👧";
    let candidates = detect_quotes(text);
    assert_on_boundaries(text, &candidates);
    let english = candidate_with(text, &candidates, "stable supply chain");
    assert_eq!(
        slice(text, &english.span),
        "“A stable supply chain is our first priority,”"
    );
    assert_eq!(english.speaker.as_deref(), Some("Haruto Sakamoto"));
    assert!(spans(text, &candidates).contains(&"「春までに橋を再建する」"));
}

#[test]
fn empty_and_markless_text() {
    assert!(detect_quotes("").is_empty());
    assert!(detect_quotes("\u{feff}\r\n\r\n").is_empty());
    assert!(detect_quotes("Rain is expected across the region on Tuesday.").is_empty());
}

// --- Sample articles -----------------------------------------------------------------------

#[test]
fn sample_articles_produce_attributed_quotes_on_boundaries() {
    let expectations = [
        (
            "council-budget.txt",
            "Nobody in this room became a councillor",
            "Margaret Okafor",
        ),
        (
            "crlf-harbour-strike.txt",
            "Every day a ship waits",
            "Graham Holt",
        ),
        (
            "bom-berlin-paris-night-train.txt",
            "Nous n’avons pas encore",
            "Julien Moreau",
        ),
        (
            "tokyo-trade-talks.txt",
            "That model has run its course",
            "Claire Donovan",
        ),
        (
            "paris-climate-summit.txt",
            "You need people who know",
            "Ryan Mitchell",
        ),
    ];
    for (name, needle, speaker) in expectations {
        let text = sample(name);
        let candidates = detect(&text);
        let quotes: Vec<Candidate> = candidates
            .into_iter()
            .filter(|c| c.kind == Kind::Quote)
            .collect();
        assert_on_boundaries(&text, &quotes);
        let quote = candidate_with(&text, &quotes, needle);
        assert_eq!(quote.speaker.as_deref(), Some(speaker), "{name}");
    }
}

#[test]
fn long_live_blog_resolves_every_pronoun() {
    let text = sample("long-planning-hearing-live.txt");
    assert!(text.len() > 90_000);
    let candidates = detect_quotes(&text);
    assert_on_boundaries(&text, &candidates);
    assert!(candidates.len() > 500, "{} candidates", candidates.len());
    let named = [
        "Hannah Moreland",
        "Victor Osei",
        "Liam Carver",
        "Farida Qureshi",
        "Paolo Bianchi",
        "Grace Adeyemi",
        "Niamh Gallagher",
        "Kwame Mensah",
    ];
    for candidate in &candidates {
        let speaker = candidate.speaker.as_deref().unwrap_or_default();
        assert!(
            named.contains(&speaker),
            "{speaker:?} for {}",
            slice(&text, &candidate.span)
        );
    }
}

#[test]
fn pathological_inputs_yield_nothing_and_finish() {
    let cases = [
        "said ".repeat(20_000),
        "\"".repeat(50_000),
        "“".repeat(20_000),
        "“a ".repeat(20_000),
        "\u{a0}«\u{a0}".repeat(20_000),
        "According to ".repeat(10_000),
        "See also: more news\n\nhe added.\n\n".repeat(5_000),
    ];
    for text in &cases {
        let candidates = detect_quotes(text);
        assert_on_boundaries(text, &candidates);
        assert!(
            candidates.is_empty(),
            "{} candidates in {:?}...",
            candidates.len(),
            &text[..20]
        );
    }
}

#[test]
fn combining_marks_and_modifiers_stay_inside_spans() {
    let text = "Mayor Ana Ruiz said that the vote was delayed until the fiesta of San Jose\u{301}. \
                Council clerk Tom Hale said the count would resume after the holiday 👍🏽.";
    let candidates = detect_quotes(text);
    assert_on_boundaries(text, &candidates);
    assert_eq!(
        spans(text, &candidates)[0],
        "the vote was delayed until the fiesta of San Jose\u{301}"
    );
}

#[test]
fn unattributed_quote_goes_to_the_subject_of_its_sentence() {
    let text = "Mayor Dana Whitcombe spoke first. “We will rebuild the bridge by spring,” she said.\n\
                Councillor Priya Lindqvist praised the mayor for “finally listening to the residents of the valley.”";
    let candidates = detect_quotes(text);
    let praise = candidate_with(text, &candidates, "finally listening");
    assert_eq!(praise.speaker.as_deref(), Some("Priya Lindqvist"));
    let bridge = candidate_with(text, &candidates, "rebuild the bridge");
    assert_eq!(bridge.speaker.as_deref(), Some("Dana Whitcombe"));
}
