//! The page-furniture filter: what it hides, and the article text it must not.
#![allow(clippy::unwrap_used)]

use margin::detect::furniture::furniture_ranges;

const SEED: &str = include_str!("../sample_articles/ryabkov-seed.txt");

fn furniture(text: &str) -> Vec<&str> {
    furniture_ranges(text)
        .into_iter()
        .map(|range| &text[range])
        .collect()
}

/// Each line, alone in an article, is furniture from its start to its end.
fn assert_furniture_lines(lines: &[&str]) {
    for line in lines {
        let text =
            format!("The mayor opened the bridge on Monday.\n\n{line}\n\nTraffic resumed.\n");
        assert_eq!(furniture(&text), [*line], "{line:?}");
    }
}

fn assert_not_furniture(lines: &[&str]) {
    for line in lines {
        assert!(furniture(line).is_empty(), "{line:?} hidden as furniture");
    }
}

#[test]
fn comment_forms_and_prompts() {
    assert_furniture_lines(&[
        "Leave a Reply",
        "Your email address will not be published.",
        "Required fields are marked *",
        "Read more",
        "Read more »",
        "Read the rest here.",
        "Share this",
        "Share this article:",
        "Subscribe",
        "Sign up for our newsletter",
        "Advertisement",
        "ADVERTISEMENT",
        "Click here to download the full report",
    ]);
}

#[test]
fn image_credits_and_see_also_links() {
    assert_furniture_lines(&[
        "Cover image source: Getty Images",
        "Photo: Jane Doe/Reuters",
        "Image: NASA",
        "(Getty Images)",
        "Getty Images",
        "Getty/Instagram.",
        "AP Photo/Evan Vucci",
        "See also\u{a0} Senate passes the farm bill after months of delay",
        "Related: How the bridge was built",
    ]);
}

#[test]
fn bylines() {
    assert_furniture_lines(&[
        "By Jane Doe",
        "By Jane Doe | Reuters",
        "By J. R. Okafor and Mark de Vries, AP",
        "Reporting by Jane Doe; Editing by Mark Roe",
    ]);
}

#[test]
fn cookie_notices() {
    assert_furniture_lines(&[
        "We use cookies to improve your experience. By continuing, you accept them.",
        "This website uses cookies.",
    ]);
}

#[test]
fn sentences_that_merely_start_like_furniture_are_article_text() {
    assert_not_furniture(&[
        "By Monday, the talks had collapsed.",
        "By 2030, the city plans to plant 10,000 trees.",
        "By contrast, exports rose 4 percent.",
        "Share prices fell 3 percent on Monday after the report.",
        "Read more than 300 pages of the report and you will find no mention of the cuts.",
        "Subscribers to the service rose to 12 million last year.",
        "Comments by the minister angered the opposition.",
        "Advertisements for the drug were banned in 2019.",
        "Photographers were kept away from the scene.",
        "Getty Images reported a loss of $12 million in 2019.",
        "AP Photo editors chose the picture on Monday.",
        "WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday to confirm the judge.",
    ]);
}

#[test]
fn a_long_paragraph_is_never_furniture_whatever_it_starts_with() {
    let paragraph = "Read more carefully, the report shows that the council spent $4 million on \
        consultants between 2019 and 2022, while road repairs were delayed again and again, \
        and residents of the northern districts waited more than a year for the promised work.";
    assert_not_furniture(&[paragraph]);
}

#[test]
fn an_inline_photo_credit_is_hidden_but_not_its_caption_line() {
    let text = "The president speaks in Ohio on Monday. (AP Photo/Evan Vucci)";
    assert_eq!(furniture(text), ["(AP Photo/Evan Vucci)"]);
}

#[test]
fn crlf_lines_exclude_the_line_ending() {
    let text = "Exports rose.\r\n\r\nAdvertisement\r\n\r\nImports fell.\r\n";
    let ranges = furniture_ranges(text);
    assert_eq!(ranges.len(), 1);
    assert_eq!(&text[ranges[0].clone()], "Advertisement");
}

#[test]
fn ranges_are_sorted_disjoint_and_on_char_boundaries() {
    let text = "By Jane Doe\n\n東京 (Getty Images) 👍🏽 (Photo: Jane Roe)\n\nShare this\nRead more\n";
    let ranges = furniture_ranges(text);
    assert_eq!(ranges.len(), 5);
    for pair in ranges.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{ranges:?}");
    }
    for range in &ranges {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
    }
}

#[test]
fn seed_article_furniture_and_nothing_else() {
    assert_eq!(
        furniture(SEED),
        [
            "See also\u{a0} Biden will not allow more refugees to enter the United States this year than Trump",
            "Cover image source: Getty Images",
            "Leave a Reply",
            "Your email address will not be published.",
        ]
    );
}

#[test]
fn nested_parentheses_give_one_credit_range() {
    let text = "The crowd gathered ((Photo: AP) from the square).";
    assert_eq!(furniture(text), ["(Photo: AP)"]);
}
