//! The review screen's state. Everything the screen shows is here; the runtime
//! fills it (an opened article, the terminal's size, the clock) and `update`
//! changes it.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use compact_str::CompactString;

use crate::article::Article;
use crate::detect::Kind;
use crate::sidecar::{Anchor, Annotation, Document, Status, sort_annotations};
use crate::ui::wrap::Segments;

use super::history::History;
use super::index::SpanIndex;

/// The default verdicts for claims.
pub const DEFAULT_LABELS: [&str; 4] = ["true", "false", "misleading", "unverifiable"];

/// Who is reviewing and with what labels; fixed for the session.
#[derive(Debug, Clone)]
pub struct Settings {
    pub annotator: String,
    pub labels: Vec<String>,
    /// False under `NO_COLOR`: styles then carry every distinction alone.
    pub color: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            annotator: "unknown".to_owned(),
            labels: DEFAULT_LABELS
                .iter()
                .map(|&label| label.to_owned())
                .collect(),
            color: true,
        }
    }
}

#[derive(Debug)]
pub struct State {
    pub settings: Settings,
    pub queue: Queue,
    pub file: FileState,
    pub mode: Mode,
    pub filter: Filter,
    pub search: Search,
    pub view: View,
    /// The current time (RFC 3339), set by the runtime before each batch of events.
    pub now: String,
    /// A one-line notice for the status line, cleared by the next key.
    pub message: Option<String>,
}

/// The articles given on the command line, and how far each has got.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub paths: Vec<PathBuf>,
    pub current: usize,
    /// (reviewed, total) of each article once it has been opened.
    pub progress: Vec<Option<(usize, usize)>>,
}

/// Whether the sidecar on disk matches the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing changed yet, so nothing was written.
    Untouched,
    /// A change is on its way to disk (the background saver is writing it).
    Saving,
    /// Every change is on disk.
    Saved,
    /// The last save failed; the decisions are kept in memory and saving is
    /// tried again with the next change.
    Failed(String),
}

/// One open article.
#[derive(Debug)]
pub struct FileState {
    pub article: Arc<Article>,
    pub segments: Segments,
    /// Annotations always sorted by (start, end, kind, id), as on disk.
    pub document: Document,
    pub index: SpanIndex,
    pub selected: Option<usize>,
    /// Byte offset where a manual selection starts (`v`): follows the selected
    /// annotation, search matches and scrolling.
    pub cursor: usize,
    pub history: History,
    /// Why this article cannot be changed, shown on screen.
    pub read_only: Option<String>,
    pub save: SaveState,
    /// The detector is still running on a background thread.
    pub detecting: bool,
    /// Tells results for this opening apart from results for an earlier one.
    pub generation: u64,
    /// The file name, escaped for the terminal.
    pub display_name: String,
    /// A crashed session's document, offered on the screen.
    pub recovery: Option<Document>,
    /// Kept up to date on every change, so drawing never walks all annotations.
    counts: Counts,
}

impl FileState {
    pub fn new(article: Arc<Article>, mut document: Document, generation: u64) -> Self {
        sort_annotations(&mut document.annotations);
        let index = SpanIndex::new(&article, &document.annotations);
        let counts = Counts::of(&document.annotations);
        let segments = Segments::new(article.text());
        let display_name = crate::text::escape(&article.path().display().to_string()).into_owned();
        Self {
            article,
            segments,
            document,
            index,
            selected: None,
            cursor: 0,
            history: History::default(),
            read_only: None,
            save: SaveState::Untouched,
            detecting: false,
            generation,
            display_name,
            recovery: None,
            counts,
        }
    }

    pub fn text(&self) -> &str {
        self.article.text()
    }

    pub fn annotations(&self) -> &[Annotation] {
        &self.document.annotations
    }

    pub fn selected_annotation(&self) -> Option<&Annotation> {
        self.selected
            .and_then(|index| self.document.annotations.get(index))
    }

    /// Byte range of annotation `index` in the text (empty for orphans).
    pub fn span(&self, index: usize) -> Range<usize> {
        self.index.span(index)
    }

    pub fn position_of(&self, id: &str) -> Option<usize> {
        self.document
            .annotations
            .iter()
            .position(|annotation| annotation.id == id)
    }

    /// Re-sorts after spans changed or annotations were added or removed,
    /// keeping the selection on the same annotation.
    pub fn reindex(&mut self) {
        let selected_id = self
            .selected_annotation()
            .map(|annotation| annotation.id.clone());
        sort_annotations(&mut self.document.annotations);
        self.index = SpanIndex::new(&self.article, &self.document.annotations);
        self.counts = Counts::of(&self.document.annotations);
        self.selected = selected_id.and_then(|id| self.position_of(&id));
    }

    /// Where `annotation` (as stored) is, by binary search on the sort key.
    fn find(&self, annotation: &Annotation) -> Option<usize> {
        self.document
            .annotations
            .binary_search_by(|stored| sort_key(stored).cmp(&sort_key(annotation)))
            .ok()
    }

    /// Puts `new` in place of the stored annotation `stored`, adds it when
    /// `stored` is `None`, removes `stored` when `new` is `None`. Returns where
    /// `new` ended up. A status change costs O(log n); only span, kind or
    /// membership changes re-sort.
    pub fn replace(
        &mut self,
        stored: Option<&Annotation>,
        new: Option<Annotation>,
    ) -> Option<usize> {
        let at = stored.and_then(|stored| self.find(stored));
        match (at, new) {
            (Some(at), Some(new)) => {
                let moved = sort_key(&self.document.annotations[at]) != sort_key(&new);
                self.counts.tally(&self.document.annotations[at], false);
                self.counts.tally(&new, true);
                let id = new.id.clone();
                self.document.annotations[at] = new;
                if !moved {
                    return Some(at);
                }
                self.reindex();
                self.position_of(&id)
            }
            (None, Some(new)) => {
                let id = new.id.clone();
                self.document.annotations.push(new);
                self.reindex();
                self.position_of(&id)
            }
            (Some(at), None) => {
                self.document.annotations.remove(at);
                if self.selected == Some(at) {
                    self.selected = None;
                }
                self.reindex();
                None
            }
            (None, None) => None,
        }
    }

    pub fn counts(&self) -> Counts {
        self.counts
    }
}

fn sort_key(annotation: &Annotation) -> (u64, u64, Kind, &str) {
    (
        annotation.start,
        annotation.end,
        annotation.kind,
        &annotation.id,
    )
}

/// An article's sidecar as the runtime read it (on a background thread).
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedSidecar {
    pub document: Document,
    /// Why this session may not change it.
    pub read_only: Option<String>,
    /// Something to tell the user at once (e.g. the article changed).
    pub notice: Option<String>,
    /// A crashed session's document, to offer.
    pub recovery: Option<Document>,
}

/// Re-anchoring could not place it exactly: a person should look.
pub fn needs_attention(annotation: &Annotation) -> bool {
    matches!(annotation.anchor, Anchor::NeedsReview | Anchor::Orphaned)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: usize,
    pub confirmed: usize,
    pub rejected: usize,
    /// Orphaned or needing review after re-anchoring.
    pub attention: usize,
}

impl Counts {
    pub fn of(annotations: &[Annotation]) -> Self {
        let mut counts = Self::default();
        for annotation in annotations {
            counts.tally(annotation, true);
        }
        counts
    }

    /// Counts `annotation` in (`add`) or out.
    fn tally(&mut self, annotation: &Annotation, add: bool) {
        let status = match annotation.status {
            Status::Pending => &mut self.pending,
            Status::Confirmed => &mut self.confirmed,
            Status::Rejected => &mut self.rejected,
        };
        let attention = &mut self.attention;
        let step = |count: &mut usize| {
            *count = if add {
                *count + 1
            } else {
                count.saturating_sub(1)
            };
        };
        step(status);
        if needs_attention(annotation) {
            step(attention);
        }
    }

    pub fn total(&self) -> usize {
        self.pending + self.confirmed + self.rejected
    }

    pub fn reviewed(&self) -> usize {
        self.confirmed + self.rejected
    }
}

/// What takes the keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    /// Editing a copy of the selected annotation.
    Edit(EditDraft),
    /// Choosing a span for a new annotation.
    Select(Selection),
    /// Typing a search.
    Search(TextInput),
    /// Asking whether to restore a crashed session.
    Recovery,
}

/// A line of text being typed, with a cursor (byte offset).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    pub cursor: usize,
}

impl TextInput {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            cursor: text.len(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditField {
    Kind,
    Speaker,
    Label,
    Note,
    Start,
    End,
}

impl EditField {
    pub const ALL: [Self; 6] = [
        Self::Kind,
        Self::Speaker,
        Self::Label,
        Self::Note,
        Self::Start,
        Self::End,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Kind => "kind",
            Self::Speaker => "speaker",
            Self::Label => "label",
            Self::Note => "note",
            Self::Start => "start",
            Self::End => "end",
        }
    }
}

/// The edit form's copy of an annotation; nothing changes until Enter.
#[derive(Debug, Clone, PartialEq)]
pub struct EditDraft {
    pub id: CompactString,
    pub field: EditField,
    pub kind: Kind,
    pub speaker: TextInput,
    pub label: Option<CompactString>,
    pub note: TextInput,
    /// Byte range in the text, on grapheme boundaries.
    pub span: Range<usize>,
}

/// A span chosen from the keyboard: `anchor` stays, `head` moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn span(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
}

/// Which annotations the movement keys visit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<Kind>,
    pub status: StatusFilter,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    All,
    Pending,
    Confirmed,
    Rejected,
    /// Orphaned or needing review after the article changed.
    Attention,
}

impl StatusFilter {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::All => Self::Pending,
            Self::Pending => Self::Confirmed,
            Self::Confirmed => Self::Rejected,
            Self::Rejected => Self::Attention,
            Self::Attention => Self::All,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Rejected => "rejected",
            Self::Attention => "attention",
        }
    }
}

impl Filter {
    pub fn admits(&self, annotation: &Annotation) -> bool {
        let kind = self.kind.is_none_or(|kind| annotation.kind == kind);
        let status = match self.status {
            StatusFilter::All => true,
            StatusFilter::Pending => annotation.status == Status::Pending,
            StatusFilter::Confirmed => annotation.status == Status::Confirmed,
            StatusFilter::Rejected => annotation.status == Status::Rejected,
            StatusFilter::Attention => needs_attention(annotation),
        };
        kind && status
    }

    pub fn is_active(&self) -> bool {
        *self != Self::default()
    }
}

/// The last search: its matches as byte ranges, in order.
#[derive(Debug, Clone, Default)]
pub struct Search {
    pub query: String,
    pub matches: Vec<Range<usize>>,
    pub current: Option<usize>,
}

/// What part of the article is on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// Byte offset where the first visible row starts.
    pub top: usize,
    /// Size of the terminal.
    pub screen: (u16, u16),
    /// Cells of text per row in the article pane, and rows in it.
    pub width: u16,
    pub height: u16,
}

impl Default for View {
    fn default() -> Self {
        Self {
            top: 0,
            screen: (80, 24),
            width: 78,
            height: 12,
        }
    }
}

impl State {
    pub fn new(settings: Settings, queue: Queue, file: FileState) -> Self {
        let mut state = Self {
            settings,
            queue,
            file,
            mode: Mode::Normal,
            filter: Filter::default(),
            search: Search::default(),
            view: View::default(),
            now: String::new(),
            message: None,
        };
        state.resize(80, 24);
        state.select_first_pending();
        state
    }

    pub fn read_only(&self) -> Option<&str> {
        self.file.read_only.as_deref()
    }
}
