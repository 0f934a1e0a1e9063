//! The article text: visible rows only, each glyph styled by the annotations
//! covering it (the innermost one wins, so overlapping spans stay visible), and
//! a gutter marking where annotations start with their kind and status.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::theme::{Theme, kind_letter, status_symbol};
use super::wrap::{Row, glyphs};
use crate::app::{Mode, State};

pub fn render(state: &State, theme: Theme, gutter: Rect, area: Rect, buf: &mut Buffer) {
    let rows = state.visible_rows();
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    if state.file.text().is_empty() {
        buf.set_string(area.x, area.y, "(empty article)", theme.dim());
        return;
    }
    let painter = Painter::new(state, theme, first.start..last.end + 1);
    for (row, y) in rows.iter().zip(area.y..area.bottom()) {
        painter.text_row(row, area.x, y, area.width, buf);
        painter.gutter(row, gutter.x, y, buf);
    }
}

/// What is needed to style the glyphs on screen, found once per frame.
struct Painter<'a> {
    state: &'a State,
    theme: Theme,
    /// Annotations touching the visible text.
    visible: Vec<usize>,
    draft: Option<Range<usize>>,
    matches: &'a [Range<usize>],
}

impl<'a> Painter<'a> {
    fn new(state: &'a State, theme: Theme, on_screen: Range<usize>) -> Self {
        let visible = state.file.index.overlapping(on_screen.clone()).collect();
        let draft = match &state.mode {
            Mode::Edit(draft) => Some(draft.span.clone()),
            Mode::Select(selection) => Some(selection.span()),
            _ => None,
        };
        let all = &state.search.matches;
        let from = all.partition_point(|found| found.end <= on_screen.start);
        let to = all.partition_point(|found| found.start < on_screen.end);
        Self {
            state,
            theme,
            visible,
            draft,
            matches: &all[from..to.max(from)],
        }
    }

    fn text_row(&self, row: &Row, x: u16, y: u16, width: u16, buf: &mut Buffer) {
        let mut column: u16 = 0;
        for glyph in glyphs(self.state.file.text(), row.start..row.end) {
            let glyph_width = u16::try_from(glyph.width).unwrap_or(u16::MAX);
            if column.saturating_add(glyph_width) > width {
                break;
            }
            let style = self.style_at(glyph.bytes.start);
            buf.set_stringn(x + column, y, &glyph.shown, glyph.width, style);
            column += glyph_width;
        }
    }

    fn style_at(&self, byte: usize) -> Style {
        if self
            .draft
            .as_ref()
            .is_some_and(|draft| draft.contains(&byte))
        {
            return self.theme.draft();
        }
        let file = &self.state.file;
        let covering = || {
            self.visible
                .iter()
                .copied()
                .filter(move |&index| file.span(index).contains(&byte))
        };
        let mut style = covering()
            .min_by_key(|&index| file.span(index).len())
            .map_or_else(Style::new, |index| {
                let annotation = &file.annotations()[index];
                self.theme.span(annotation.kind, annotation.status, false)
            });
        if let Some(selected) = file.selected
            && covering().any(|index| index == selected)
        {
            let annotation = &file.annotations()[selected];
            style = self.theme.span(annotation.kind, annotation.status, true);
        }
        if self.matches.iter().any(|found| found.contains(&byte)) {
            style = style.patch(self.theme.search_match());
        }
        style
    }

    /// Kind letter and status symbol of the annotation starting on this row (the
    /// selected one first); `*` for the letter when several start here.
    fn gutter(&self, row: &Row, x: u16, y: u16, buf: &mut Buffer) {
        let file = &self.state.file;
        let starting: Vec<usize> = self
            .visible
            .iter()
            .copied()
            .filter(|&index| {
                let start = file.span(index).start;
                start >= row.start
                    && (start < row.end || (row.start == row.end && start == row.start))
            })
            .collect();
        let shown = starting
            .iter()
            .copied()
            .find(|&index| Some(index) == file.selected)
            .or_else(|| starting.first().copied());
        let Some(index) = shown else {
            return;
        };
        let annotation = &file.annotations()[index];
        let selected = Some(index) == file.selected;
        let letter = if starting.len() > 1 && !selected {
            "*"
        } else {
            kind_letter(annotation.kind)
        };
        let style = self
            .theme
            .span(annotation.kind, annotation.status, selected);
        buf.set_string(x, y, letter, style);
        buf.set_string(x + 1, y, status_symbol(annotation.status), style);
    }
}
