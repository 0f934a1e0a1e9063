//! Drawing the review screen on a `TestBackend`: text and styles, cell by cell,
//! at 80x24, 120x40 and too small; with and without colour; hostile text.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write as _;

use margin::app::{Action, State, press, update};
use margin::detect::Kind;
use margin::sidecar::Anchor;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn draw(state: &mut State, width: u16, height: u16) -> Buffer {
    update(state, Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| frame.render_widget(&*state, frame.area()))
        .unwrap();
    terminal.backend().buffer().clone()
}

fn row(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

fn screen(buffer: &Buffer) -> String {
    (0..buffer.area.height)
        .map(|y| row(buffer, y))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The (x, y) of the first cell of `needle` on screen.
fn find(buffer: &Buffer, needle: &str) -> (u16, u16) {
    for y in 0..buffer.area.height {
        let line = row(buffer, y);
        if let Some(byte) = line.find(needle) {
            let x = line[..byte].chars().count();
            return (u16::try_from(x).unwrap(), y);
        }
    }
    panic!("{needle:?} not on screen:\n{}", screen(buffer));
}

fn modifiers_at(buffer: &Buffer, needle: &str) -> Modifier {
    let (x, y) = find(buffer, needle);
    buffer[(x, y)].modifier
}

#[test]
fn at_80x24_the_text_panel_status_and_hints_fit() {
    let mut state = common::story_state();
    let buffer = draw(&mut state, 80, 24);
    assert!(row(&buffer, 0).starts_with("Q?MOSCOW — Russia will not extend the treaty"));
    assert!(screen(&buffer).contains("annotation 1 of 5"));
    assert!(screen(&buffer).contains("speaker: Sergei Ryabkov"));
    let status = row(&buffer, 22);
    assert!(
        status.contains("story.txt │ unchanged │ 0/5 reviewed │ ?5 ✓0 ✗0"),
        "{status}"
    );
    let hints = row(&buffer, 23);
    assert!(
        hints.contains("a confirm") && hints.contains("q quit"),
        "{hints}"
    );
}

#[test]
fn statuses_and_kinds_differ_by_style_and_symbol() {
    let mut state = common::story_state();
    press(&mut state, "a x").unwrap();
    let buffer = draw(&mut state, 80, 24);
    // Confirmed quote: bold, cyan, not selected; its gutter says Q✓.
    let confirmed = modifiers_at(&buffer, "Russia will");
    assert!(confirmed.contains(Modifier::BOLD) && !confirmed.contains(Modifier::REVERSED));
    assert_eq!(buffer[find(&buffer, "Russia will")].fg, Color::Cyan);
    assert_eq!(&row(&buffer, 0)[..4], "Q✓");
    // Rejected: struck through and dim, gutter ✗.
    let rejected = modifiers_at(&buffer, "We see no");
    assert!(rejected.contains(Modifier::CROSSED_OUT | Modifier::DIM));
    let (_, rejected_row) = find(&buffer, "We see no");
    assert!(row(&buffer, rejected_row).starts_with("Q✗"));
    // Selected (the next pending, "final"): reversed and underlined (pending).
    let selected = modifiers_at(&buffer, "final\"");
    assert!(selected.contains(Modifier::REVERSED | Modifier::UNDERLINED));
    // A pending claim: underlined, yellow, gutter C?.
    let claim = find(&buffer, "Unemployment");
    assert!(buffer[claim].modifier.contains(Modifier::UNDERLINED));
    assert_eq!(buffer[claim].fg, Color::Yellow);
    assert!(row(&buffer, claim.1).starts_with("C?"));
    // Plain text is plain.
    assert_eq!(modifiers_at(&buffer, "MOSCOW"), Modifier::empty());
}

#[test]
fn no_color_keeps_every_distinction_in_modifiers() {
    let mut state = common::story_state();
    state.settings.color = false;
    press(&mut state, "a x").unwrap();
    let buffer = draw(&mut state, 80, 24);
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    assert!(modifiers_at(&buffer, "Russia will").contains(Modifier::BOLD));
    assert!(modifiers_at(&buffer, "We see no").contains(Modifier::CROSSED_OUT));
    assert!(modifiers_at(&buffer, "final\"").contains(Modifier::REVERSED));
}

#[test]
fn overlapping_spans_stay_visible() {
    let text = "He said the economy grew 5 percent last year, officials said.";
    let mut state = common::state_with(
        text,
        &[
            (Kind::Quote, "the economy grew 5 percent last year", None),
            (Kind::Claim, "grew 5 percent", None),
        ],
    );
    press(&mut state, "j").unwrap();
    let buffer = draw(&mut state, 80, 24);
    // The inner claim is selected; the outer quote's own part still shows as a quote.
    assert!(modifiers_at(&buffer, "grew 5").contains(Modifier::REVERSED));
    assert_eq!(buffer[find(&buffer, "economy")].fg, Color::Cyan);
    assert!(modifiers_at(&buffer, "economy").contains(Modifier::UNDERLINED));
    assert_eq!(buffer[find(&buffer, "grew 5")].fg, Color::Yellow);
}

#[test]
fn wide_panel_sits_beside_the_text_at_120x40() {
    let mut state = common::story_state();
    let buffer = draw(&mut state, 120, 40);
    let (x, y) = find(&buffer, "annotation 1 of 5");
    assert!(x >= 78 && y == 0, "panel at the right: {x},{y}");
    assert!(row(&buffer, 0).starts_with("Q?MOSCOW"));
    assert!(row(&buffer, 38).contains("0/5 reviewed"));
}

#[test]
fn too_small_says_so_and_does_not_panic() {
    let mut state = common::story_state();
    for (width, height) in [(20, 5), (39, 24), (80, 9)] {
        let buffer = draw(&mut state, width, height);
        assert!(
            screen(&buffer)
                .replace('\n', "")
                .contains("Window too small"),
            "{width}x{height}"
        );
    }
    for (width, height) in [(1, 1), (0, 0), (1, 300)] {
        draw(&mut state, width, height);
    }
    // Back to a usable size, the view is whole again.
    let buffer = draw(&mut state, 80, 24);
    assert!(row(&buffer, 0).starts_with("Q?MOSCOW"));
}

#[test]
fn hostile_text_is_shown_never_obeyed() {
    let text = "Safe \u{1b}]0;owned\u{7} then \u{9b}31m and \u{202e}reversed\u{200b}.\tTab";
    let mut state = common::state_with(text, &[]);
    let buffer = draw(&mut state, 80, 24);
    let first = row(&buffer, 0);
    assert!(
        first.contains("Safe ␛]0;owned␇ then ⟨U+009B⟩31m and ⟨U+202E⟩reversed⟨U+200B⟩."),
        "{first}"
    );
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(margin::text::is_unsafe_char),
            "raw unsafe char in cell {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn tabs_expand_and_wide_glyphs_keep_their_cells() {
    let text = "a\tb 日本語 end";
    let mut state = common::state_with(text, &[(Kind::Quote, "日本語", None)]);
    let buffer = draw(&mut state, 80, 24);
    let text_x = 2; // after the gutter
    assert_eq!(buffer[(text_x + 8, 0)].symbol(), "b");
    let (x, y) = find(&buffer, "日");
    assert_eq!(buffer[(x + 2, y)].symbol(), "本");
    assert!(buffer[(x, y)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buffer[(x + 7, y)].symbol(), "e");
}

#[test]
fn the_view_follows_the_selection_down_a_long_article() {
    let mut text = String::new();
    for line in 0..200 {
        writeln!(text, "Line {line} of filler text.").unwrap();
    }
    text.push_str("At the end, \"a quote\" appears.\n");
    let mut state = common::state_with(&text, &[(Kind::Quote, "\"a quote\"", None)]);
    let buffer = draw(&mut state, 80, 24);
    assert!(screen(&buffer).contains("\"a quote\""));
    assert!(modifiers_at(&buffer, "\"a quote\"").contains(Modifier::REVERSED));
    press(&mut state, "PgUp PgUp").unwrap();
    let buffer = draw(&mut state, 80, 24);
    assert!(!screen(&buffer).contains("\"a quote\""));
    press(&mut state, "g").unwrap();
    let buffer = draw(&mut state, 80, 24);
    assert!(screen(&buffer).contains("\"a quote\""));
}

#[test]
fn orphans_and_the_edit_form_are_shown() {
    let mut state = common::story_state();
    state.file.document.annotations[0].anchor = Anchor::Orphaned;
    state.file.reindex();
    let buffer = draw(&mut state, 80, 24);
    assert!(screen(&buffer).contains("ORPHANED"));
    assert!(row(&buffer, 22).contains("⚠1 need attention"));
    press(&mut state, "j e").unwrap();
    let buffer = draw(&mut state, 80, 24);
    assert!(screen(&buffer).contains("speaker: Sergei Ryabkov"));
    assert!(screen(&buffer).contains("edit (Enter keeps, Esc cancels)"));
    assert!(row(&buffer, 23).contains("Enter keep"));
}

#[test]
fn help_overlay_lists_the_keymap_and_read_only_shows_why() {
    let mut state = common::story_state();
    state.file.read_only = Some("locked by ana@host, pid 7, since 17:00".to_owned());
    press(&mut state, "?").unwrap();
    let buffer = draw(&mut state, 80, 24);
    let shown = screen(&buffer);
    assert!(shown.contains("confirm, next pending"));
    assert!(shown.contains("Ctrl-r"));
    assert!(row(&buffer, 22).contains("READ-ONLY: locked by ana@host, pid 7, since 17:00"));
}

#[test]
fn a_click_selects_the_annotation_under_it_and_the_wheel_scrolls() {
    let mut state = common::story_state();
    let buffer = draw(&mut state, 80, 24);
    let (x, y) = find(&buffer, "percent");
    update(&mut state, Action::Click(x, y));
    assert_eq!(state.file.selected_annotation().unwrap().kind, Kind::Claim);
    update(&mut state, Action::Click(0, 23));
    assert_eq!(
        state.file.selected_annotation().unwrap().kind,
        Kind::Claim,
        "a click outside the text changes nothing"
    );
    update(&mut state, Action::ScrollRows(3));
    let buffer = draw(&mut state, 80, 24);
    assert!(!row(&buffer, 0).contains("MOSCOW"));
}

#[test]
fn hostile_speaker_and_note_are_escaped_in_the_panel() {
    let mut state = common::story_state();
    state.file.document.annotations[0].speaker = Some("Evil\u{1b}]0;x\u{7}\u{202e}".into());
    state.file.document.annotations[0].review_mut().note = "line\nbreak\u{9b}2J".into();
    let buffer = draw(&mut state, 80, 24);
    let shown = screen(&buffer);
    assert!(shown.contains("speaker: Evil␛]0;x␇⟨U+202E⟩"), "{shown}");
    assert!(shown.contains("note: line␊break⟨U+009B⟩2J"), "{shown}");
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| !cell.symbol().chars().any(margin::text::is_unsafe_char))
    );
}
