//! Keeping the right part of the article on screen: scrolling by screen rows
//! (not text lines) and following the selection. Only the rows near the view
//! are ever wrapped.

use ratatui::layout::Rect;

use super::state::State;
use crate::ui::layout;
use crate::ui::wrap::{Row, row_at, rows_before, rows_from};

/// Rows kept above a selection that the view scrolls to.
const CONTEXT_ROWS: usize = 2;

impl State {
    /// The terminal's new size: the pane's size changes and the view keeps its place.
    pub fn resize(&mut self, width: u16, height: u16) {
        let selection_shown = self.file.selected.is_some_and(|selected| {
            let start = self.file.span(selected).start;
            self.visible_rows()
                .iter()
                .any(|row| (row.start..=row.end).contains(&start))
        });
        self.view.screen = (width, height);
        if let Some(areas) = layout::areas(Rect::new(0, 0, width, height)) {
            self.view.width = areas.text.width;
            self.view.height = areas.text.height;
        }
        self.view.top = self.row_holding(self.view.top).map_or(0, |row| row.start);
        // A selection that was on screen stays on screen; a scrolled view stays put.
        if let Some(selected) = self.file.selected.filter(|_| selection_shown) {
            self.follow(self.file.span(selected).start);
        }
    }

    /// The rows on screen, top first.
    pub fn visible_rows(&self) -> Vec<Row> {
        rows_from(
            self.file.text(),
            &self.file.segments,
            self.view.top,
            usize::from(self.view.width),
        )
        .take(usize::from(self.view.height))
        .collect()
    }

    fn row_holding(&self, byte: usize) -> Option<Row> {
        row_at(
            self.file.text(),
            &self.file.segments,
            byte,
            usize::from(self.view.width),
        )
    }

    /// The start of the row `count` rows above the one holding `byte`.
    fn rows_above(&self, byte: usize, count: usize) -> usize {
        let Some(row) = self.row_holding(byte) else {
            return 0;
        };
        rows_before(
            self.file.text(),
            &self.file.segments,
            row.start,
            usize::from(self.view.width),
        )
        .take(count)
        .last()
        .map_or(row.start, |row| row.start)
    }

    /// Scrolls so that `byte` is on screen, with some context when it had to move.
    pub fn follow(&mut self, byte: usize) {
        let height = usize::from(self.view.height).max(1);
        let Some(target) = self.row_holding(byte) else {
            return;
        };
        let on_screen = target.start >= self.view.top
            && self
                .visible_rows()
                .iter()
                .take(height.saturating_sub(1).max(1))
                .any(|row| row.start == target.start);
        if !on_screen {
            let context = if target.start < self.view.top {
                CONTEXT_ROWS.min(height / 3)
            } else {
                height / 3
            };
            self.view.top = self.rows_above(target.start, context);
        }
    }

    /// Scrolls by `rows` screen rows (negative: up), never past the last row.
    pub fn scroll_rows(&mut self, rows: isize) {
        let width = usize::from(self.view.width);
        let (text, segments) = (self.file.text(), &self.file.segments);
        if rows < 0 {
            self.view.top = rows_before(text, segments, self.view.top, width)
                .take(rows.unsigned_abs())
                .last()
                .map_or(self.view.top, |row| row.start);
        } else {
            self.view.top = rows_from(text, segments, self.view.top, width)
                .take(rows.unsigned_abs() + 1)
                .last()
                .map_or(self.view.top, |row| row.start);
        }
        self.keep_cursor_on_screen();
    }

    /// After scrolling, a manual selection (`v`) starts on screen.
    fn keep_cursor_on_screen(&mut self) {
        let rows = self.visible_rows();
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return;
        };
        if self.file.cursor < first.start || self.file.cursor > last.end {
            self.file.cursor = first.start;
        }
    }

    /// The text offset drawn at a screen cell of the article pane, if any.
    pub fn offset_at(&self, column: u16, row: u16) -> Option<usize> {
        let areas = layout::areas(Rect::new(0, 0, self.view.screen.0, self.view.screen.1))?;
        let text_area = areas.text;
        if !text_area.contains(ratatui::layout::Position::new(column, row)) {
            return None;
        }
        let screen_row = self
            .visible_rows()
            .into_iter()
            .nth(usize::from(row - text_area.y))?;
        let wanted = usize::from(column - text_area.x);
        let mut x = 0;
        crate::ui::wrap::glyphs(self.file.text(), screen_row.start..screen_row.end)
            .find(|glyph| {
                x += glyph.width;
                x > wanted
            })
            .map(|glyph| glyph.bytes.start)
    }
}
