//! The panel about the selected annotation, or the edit form while editing.
//! Every string from the sidecar or the article is escaped before drawing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::theme::{Theme, status_symbol};
use crate::app::{EditDraft, EditField, Mode, State, TextInput};
use crate::sidecar::{Anchor, Annotation, Status, TextSpan};
use crate::text::escape;

/// Longest piece of span text shown in the panel.
const TEXT_PREVIEW_CHARS: usize = 160;

pub fn render(state: &State, theme: Theme, area: Rect, buf: &mut Buffer) {
    let (title, lines) = match &state.mode {
        Mode::Edit(draft) => (
            " edit (Enter keeps, Esc cancels) ".to_owned(),
            edit_form(state, draft, theme),
        ),
        Mode::Select(selection) => {
            let span = selection.span();
            let text = &state.file.text()[span];
            (
                " new annotation ".to_owned(),
                vec![
                    field(theme, "span", preview(text)),
                    Line::styled(
                        "q: make it a quote  c: a claim  o: move the other end",
                        theme.dim(),
                    ),
                ],
            )
        }
        _ => match state.file.selected_annotation() {
            Some(annotation) => (title_for(state), details(annotation, theme)),
            None => (" no annotation ".to_owned(), empty_hint(state, theme)),
        },
    };
    let block = Block::new().borders(Borders::TOP).title(title);
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(area, buf);
}

fn title_for(state: &State) -> String {
    let position = state.file.selected.map_or(0, |index| index + 1);
    format!(
        " annotation {position} of {} ",
        state.file.annotations().len()
    )
}

fn empty_hint(state: &State, theme: Theme) -> Vec<Line<'static>> {
    let text = if state.file.detecting {
        "Looking for quotes and claims…"
    } else if state.file.annotations().is_empty() {
        "No candidates in this article. v adds one by hand."
    } else {
        "j/k move between annotations."
    };
    vec![Line::styled(text, theme.dim())]
}

fn field(theme: Theme, name: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), theme.label()),
        Span::raw(value),
    ])
}

fn preview(text: &str) -> String {
    let mut shown: String = text.chars().take(TEXT_PREVIEW_CHARS).collect();
    if text.chars().nth(TEXT_PREVIEW_CHARS).is_some() {
        shown.push('…');
    }
    format!("“{}”", escape(&shown))
}

fn span_text(span: Option<&TextSpan>) -> String {
    span.map_or_else(|| "—".to_owned(), |span| preview(&span.text))
}

fn or_dash(value: Option<&str>) -> String {
    value.map_or_else(|| "—".to_owned(), |value| escape(value).into_owned())
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Pending => "pending",
        Status::Confirmed => "confirmed",
        Status::Rejected => "rejected",
    }
}

fn anchor_name(anchor: Anchor) -> &'static str {
    match anchor {
        Anchor::Exact => "exact",
        Anchor::Moved => "moved",
        Anchor::NeedsReview => "NEEDS REVIEW",
        Anchor::Orphaned => "ORPHANED (not found in this text)",
    }
}

fn details(annotation: &Annotation, theme: Theme) -> Vec<Line<'static>> {
    let origin = match annotation.origin {
        crate::sidecar::Origin::Detector => "detector",
        crate::sidecar::Origin::Manual => "manual",
        crate::sidecar::Origin::Import => "import",
    };
    let score = annotation
        .score
        .map_or_else(|| "—".to_owned(), |score| format!("{score:.2}"));
    let mut headline = vec![
        Span::styled(
            format!(
                "{} {} ",
                status_symbol(annotation.status),
                status_name(annotation.status)
            ),
            theme
                .span(annotation.kind, annotation.status, false)
                .patch(theme.label()),
        ),
        Span::styled(
            annotation.kind.as_str().to_owned(),
            theme.kind(annotation.kind),
        ),
    ];
    if let Some(style) = annotation.style {
        headline.push(Span::raw(format!(" · {}", style.as_str())));
    }
    headline.push(Span::raw(format!(" · {origin} · score {score}")));
    if annotation.edited {
        headline.push(Span::raw(" · edited"));
    }
    let anchor_style = if crate::app::state::needs_attention(annotation) {
        theme.warning()
    } else {
        Style::new()
    };
    let mut lines = vec![
        Line::from(headline),
        Line::from(vec![
            Span::styled("anchor: ", theme.label()),
            Span::styled(anchor_name(annotation.anchor), anchor_style),
        ]),
        field(theme, "speaker", or_dash(annotation.speaker.as_deref())),
        field(theme, "label", or_dash(annotation.label())),
        field(
            theme,
            "note",
            if annotation.note().is_empty() {
                "—".to_owned()
            } else {
                escape(annotation.note()).into_owned()
            },
        ),
        field(theme, "source", span_text(annotation.source.as_deref())),
        field(theme, "cue", span_text(annotation.cue.as_deref())),
    ];
    if !annotation.reasons.is_empty() {
        let reasons: Vec<String> = annotation
            .reasons
            .iter()
            .map(|reason| escape(reason).into_owned())
            .collect();
        lines.push(field(theme, "why", reasons.join("; ")));
    }
    lines.push(field(theme, "text", preview(&annotation.text)));
    lines
}

fn edit_form(state: &State, draft: &EditDraft, theme: Theme) -> Vec<Line<'static>> {
    let text = state.file.text();
    EditField::ALL
        .iter()
        .map(|&edit_field| {
            let focused = edit_field == draft.field;
            let value: Vec<Span<'static>> = match edit_field {
                EditField::Kind => vec![Span::raw(format!("‹ {} ›", draft.kind.as_str()))],
                EditField::Label => vec![Span::raw(format!(
                    "‹ {} ›",
                    or_dash(draft.label.as_deref())
                ))],
                EditField::Speaker => input(&draft.speaker, focused, theme),
                EditField::Note => input(&draft.note, focused, theme),
                EditField::Start => vec![Span::raw(boundary_context(text, draft.span.start, true))],
                EditField::End => vec![Span::raw(boundary_context(text, draft.span.end, false))],
            };
            let name_style = if focused {
                theme.focused()
            } else {
                theme.label()
            };
            let mut spans = vec![Span::styled(
                format!("{:>8}: ", edit_field.name()),
                name_style,
            )];
            spans.extend(value);
            Line::from(spans)
        })
        .collect()
}

/// A text field with a visible cursor (a reversed cell) when focused.
fn input(input: &TextInput, focused: bool, theme: Theme) -> Vec<Span<'static>> {
    let before = escape(&input.text[..input.cursor]).into_owned();
    if !focused {
        return vec![Span::raw(escape(&input.text).into_owned())];
    }
    let rest = &input.text[input.cursor..];
    let mut chars = rest.chars();
    let under = chars
        .next()
        .map_or_else(|| " ".to_owned(), |c| escape(&c.to_string()).into_owned());
    let after = escape(chars.as_str()).into_owned();
    vec![
        Span::raw(before),
        Span::styled(under, theme.focused()),
        Span::raw(after),
    ]
}

/// A few characters either side of a boundary, with a bar where it is.
fn boundary_context(text: &str, at: usize, is_start: bool) -> String {
    let before: String = text[..at]
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text[at..].chars().take(12).collect();
    let bar = if is_start { "[" } else { "]" };
    format!("…{}{bar}{}…", escape(&before), escape(&after))
}
