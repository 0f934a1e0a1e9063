//! The status line (file, place in the queue, progress, counts, saved or not,
//! read-only and why) and the hint line (the keys that matter now, drawn from
//! the keymap table; or the search box, or a message).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::keymap::{self, Context};
use crate::app::{Mode, SaveState, State, StatusFilter};

pub fn render_status(state: &State, theme: Theme, area: Rect, buf: &mut Buffer) {
    let file = &state.file;
    let counts = file.counts();
    let mut parts = vec![file.display_name.clone()];
    if state.queue.paths.len() > 1 {
        let done = state
            .queue
            .progress
            .iter()
            .flatten()
            .filter(|(reviewed, total)| reviewed == total)
            .count();
        parts.push(format!(
            "file {}/{} ({done} done)",
            state.queue.current + 1,
            state.queue.paths.len()
        ));
    }
    parts.push(format!("{}/{} reviewed", counts.reviewed(), counts.total()));
    parts.push(format!(
        "?{} ✓{} ✗{}",
        counts.pending, counts.confirmed, counts.rejected
    ));
    if counts.attention > 0 {
        parts.push(format!("⚠{} need attention (F)", counts.attention));
    }
    if state.filter.is_active() {
        let kind = state.filter.kind.map_or("all", crate::detect::Kind::as_str);
        let status = state.filter.status.name();
        parts.push(format!("filter {kind}/{status}"));
    }
    if file.detecting {
        parts.push("detecting…".to_owned());
    }
    // Saved-or-not comes right after the file: on a narrow screen it must not be cut off.
    let save = match (&file.read_only, &file.save) {
        (Some(reason), _) => Span::styled(
            format!("READ-ONLY: {}", crate::text::escape(reason)),
            theme.warning(),
        ),
        (None, SaveState::Failed(error)) => Span::styled(
            format!("NOT SAVED: {}", shorten(error, 30)),
            theme.warning(),
        ),
        (None, SaveState::Saving) => Span::raw("saving…"),
        (None, SaveState::Saved) => Span::raw("saved"),
        (None, SaveState::Untouched) => Span::raw("unchanged"),
    };
    let head = parts.remove(0);
    let spans = vec![
        Span::raw(format!(" {head} │ ")),
        save,
        Span::raw(format!(" │ {}", parts.join(" │ "))),
    ];
    Line::from(spans).style(theme.bar()).render(area, buf);
}

pub fn render_hints(state: &State, theme: Theme, area: Rect, buf: &mut Buffer) {
    if let Mode::Search(input) = &state.mode {
        let shown = format!("/{}", crate::text::escape(&input.text));
        Line::from(vec![
            Span::raw(shown),
            Span::styled(" ", theme.focused()),
            Span::styled("  Enter search · Esc cancel", theme.dim()),
        ])
        .render(area, buf);
        return;
    }
    if let Some(message) = &state.message {
        Line::styled(format!(" {}", crate::text::escape(message)), theme.label()).render(area, buf);
        return;
    }
    let mut spans = Vec::new();
    for binding in keymap::hints(Context::of(state)) {
        let key = binding
            .keys
            .first()
            .map(keymap::key_name)
            .unwrap_or_default();
        // The footer is short on room: Space is drawn as its symbol.
        let key = if key == "Space" {
            "␣".to_owned()
        } else {
            key
        };
        spans.push(Span::styled(format!(" {key}"), theme.label()));
        spans.push(Span::raw(format!(" {} ", binding.hint.unwrap_or_default())));
    }
    if !state.search.matches.is_empty() && state.mode == Mode::Normal {
        let current = state.search.current.map_or(0, |index| index + 1);
        spans.push(Span::styled(
            format!(" n/N {current}/{}", state.search.matches.len()),
            theme.dim(),
        ));
    }
    if state.filter.status == StatusFilter::Attention {
        spans.push(Span::styled(
            " showing orphaned / needs review",
            theme.dim(),
        ));
    }
    Line::from(spans).render(area, buf);
}

/// The first `chars` characters of an untrusted message, escaped.
fn shorten(message: &str, chars: usize) -> String {
    let mut short: String = message.chars().take(chars).collect();
    if message.chars().nth(chars).is_some() {
        short.push('…');
    }
    crate::text::escape(&short).into_owned()
}
