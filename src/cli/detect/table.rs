//! Plain-text tables for the terminal: columns aligned by display width (wide
//! CJK and emoji take two cells), every cell escaped (no control character from
//! an article reaches the terminal) and cut to fit.

use std::io::Write as _;

use unicode_width::UnicodeWidthStr as _;

use crate::cli::{CliError, ExitCode};

/// Widest a cell may be; longer cells end in "…".
const MAX_CELL_WIDTH: usize = 24;
/// Widest an excerpt may be.
const MAX_EXCERPT_WIDTH: usize = 60;

pub struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    pub fn new(header: [&str; N]) -> Self {
        Self {
            header: header.map(str::to_owned),
            rows: Vec::new(),
        }
    }

    /// Adds a row; each cell is escaped and cut (the last one less tightly).
    pub fn row(&mut self, cells: [String; N]) {
        let mut index = 0;
        self.rows.push(cells.map(|cell| {
            index += 1;
            let limit = if index == N {
                MAX_EXCERPT_WIDTH
            } else {
                MAX_CELL_WIDTH
            };
            truncate(&crate::text::escape(&cell), limit)
        }));
    }

    /// The table, one line per row, the last column not padded.
    pub fn render(&self) -> String {
        let mut widths = [0; N];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut line = String::new();
            for (column, (cell, width)) in row.iter().zip(widths).enumerate() {
                line.push_str(cell);
                if column + 1 < N {
                    line.push_str(&" ".repeat(width - cell.width() + 2));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

/// A span's text on one line: line breaks and tabs as single spaces (before
/// escaping would turn them into control pictures), cut to fit.
pub fn excerpt(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` cut to at most `limit` display cells, ending in "…" when cut.
fn truncate(text: &str, limit: usize) -> String {
    if text.width() <= limit {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + width + 1 > limit {
            break;
        }
        used += width;
        out.push(c);
    }
    out.push('…');
    out
}

/// Writes `text` to standard output. A reader that went away (`| head`) is
/// not an error worth a message.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(CliError::new(
            ExitCode::IoErr,
            format!("standard output: {error}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width_and_cells_are_escaped() {
        let mut table = Table::new(["A", "B"]);
        table.row(["日本".to_owned(), "x".to_owned()]);
        table.row(["\u{1b}[31m".to_owned(), "y".to_owned()]);
        let rendered = table.render();
        let lines: Vec<&str> = rendered.lines().collect();
        // Column A is 5 cells wide ("␛[31m"); "日本" is 4 cells, not 2 chars.
        assert_eq!(lines[0], "A      B");
        assert_eq!(lines[1], "日本   x");
        assert!(!rendered.contains('\u{1b}'));
        assert!(lines[2].starts_with("␛[31m"));
    }

    #[test]
    fn long_cells_are_cut_to_their_width() {
        let cut = truncate(&"漢".repeat(40), 10);
        assert_eq!(cut, "漢漢漢漢…");
        assert!(cut.width() <= 10);
    }
}
