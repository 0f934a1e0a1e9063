//! The `?` overlay (drawn from the keymap table) and the recovery prompt.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use crate::app::State;
use crate::app::keymap::{BINDINGS, Context, key_name};
use crate::sidecar::Status;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// The reviewing keys in two columns, so they fit 80x24.
pub fn render(theme: Theme, area: Rect, buf: &mut Buffer) {
    let lines: Vec<Line<'static>> = BINDINGS
        .iter()
        .filter(|binding| binding.contexts.contains(&Context::Normal))
        .map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(key_name).collect();
            Line::from(vec![
                Span::styled(format!("{:<12}", keys.join("/")), theme.label()),
                Span::raw(binding.help),
            ])
        })
        .collect();
    // The status and hint lines stay visible below the overlay.
    let popup = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    Clear.render(popup, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" keys · ? or Esc closes · in popups Enter keeps, Esc cancels ");
    let inner = block.inner(popup);
    block.render(popup, buf);
    let half = lines.len().div_ceil(2);
    let [left, right] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
    let (first, second) = if usize::from(inner.height) >= lines.len() {
        (lines, Vec::new())
    } else {
        let mut first = lines;
        let second = first.split_off(half);
        (first, second)
    };
    Paragraph::new(first).render(left, buf);
    Paragraph::new(second).render(right, buf);
}

pub fn render_recovery_prompt(state: &State, theme: Theme, area: Rect, buf: &mut Buffer) {
    let Some(recovered) = &state.file.recovery else {
        return;
    };
    let reviewed = recovered
        .annotations
        .iter()
        .filter(|annotation| annotation.status != Status::Pending)
        .count();
    let text = vec![
        Line::styled(
            "A session that crashed left a recovery file.",
            theme.label(),
        ),
        Line::raw(format!(
            "It holds {} annotations, {reviewed} of them reviewed.",
            recovered.annotations.len()
        )),
        Line::raw(""),
        Line::raw("y: restore it (replaces the sidecar's contents)"),
        Line::raw("n: keep the sidecar; the recovery file is set aside, not deleted"),
    ];
    let popup = centered(area, 70, 8);
    Clear.render(popup, buf);
    Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .block(Block::new().borders(Borders::ALL).title(" restore? "))
        .render(popup, buf);
}
