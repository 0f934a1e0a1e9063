//! The background saver: one thread per session owns the open sidecar's
//! `Store`, so that a keystroke never waits for the file.
//!
//! The screen sends cheap messages: the one annotation a change touched, or
//! (rarely: a restored recovery file) a whole document. The thread drains
//! everything queued and records it in the sidecar's journal with one fsynced
//! append (milliseconds, whatever the sidecar's size), then reports which
//! change the disk now holds.
//!
//! The sidecar itself stays current for the scripts that read it: for a
//! document of up to [`MIRROR_LIMIT`] annotations the saver keeps a mirror
//! (the screen sends it whole after loading and merging, then only changes)
//! and rewrites the sidecar from it right after each journal write, which
//! folds the journal in (milliseconds at that size). A larger document has no
//! mirror, so the saver never doubles its memory: its sidecar is rewritten
//! in full when the article is closed (leaving it, quitting, a signal), from
//! the document the screen lends for that one save. Either way no decision
//! waits for a full rewrite (0.3 s for a 50,000-annotation sidecar).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crate::app::Edit;
use crate::sidecar::{Document, Store, journal_path_for};

/// What the screen tells the saver, in the order things happened on screen.
#[derive(Debug)]
pub enum Message {
    /// An article was opened: its store. Nothing is written until a change arrives.
    Open { generation: u64, store: Store },
    /// Change number `seq` of the session: record it.
    Change { seq: u64, edit: Edit },
    /// Change number `seq` replaced the whole document (a restored recovery
    /// file): saved in full at once.
    Replace { seq: u64, document: Box<Document> },
    /// The screen's whole document after it was loaded or merged with the
    /// detector's candidates, when small enough to mirror (see the module
    /// comment); `None` when it has grown too large, so that a mirror taken
    /// earlier (of the document before the candidates came) is not saved
    /// over the whole one.
    Mirror { document: Option<Box<Document>> },
    /// Record what is pending, save `document` (the screen's, lent for this)
    /// in full if anything changed, release the sidecar, and answer. Without a
    /// document (the watchdog, when the screen is stuck) only the journal is
    /// written: it holds every change, and the next opening folds it in.
    Close {
        document: Option<Arc<Document>>,
        reply: Sender<Closed>,
    },
}

/// What the disk holds after a write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The opening the write belongs to.
    pub generation: u64,
    /// The last change the write included.
    pub upto: u64,
    /// `Err` holds the message to show.
    pub result: Result<(), String>,
}

/// The answer to `Message::Close`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Closed {
    /// Why the last save failed, if it did.
    pub error: Option<String>,
    /// Where the decisions the sidecar lacks are instead (the journal, else
    /// the recovery file), or why they could not be kept.
    pub kept_in: Option<Result<PathBuf, String>>,
}

/// The most annotations a document may have for the saver to mirror it and
/// rewrite the sidecar after every decision: about 9 MB of sidecar, rewritten
/// in some 60 ms, and as much memory again for the mirror.
pub const MIRROR_LIMIT: usize = 10_000;

/// The screen's end of the saver.
#[derive(Debug)]
pub struct Saver {
    messages: Sender<Message>,
    pub reports: Receiver<Report>,
    /// Numbers changes; a report whose `upto` is this covers all of them.
    sent: u64,
}

impl Saver {
    /// Starts the saver's thread.
    pub fn start() -> Self {
        let (messages, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        std::thread::spawn(move || run(&inbox, &outbox));
        Self {
            messages,
            reports,
            sent: 0,
        }
    }

    /// Another handle on the same thread, for the signal watchdog (which may
    /// have to close it while the loop is stuck).
    pub fn closer(&self) -> Closer {
        Closer(self.messages.clone())
    }

    pub fn open(&self, generation: u64, store: Store) {
        self.send(Message::Open { generation, store });
    }

    /// Queues one change to be recorded.
    pub fn change(&mut self, edit: Edit) {
        self.sent += 1;
        self.send(Message::Change {
            seq: self.sent,
            edit,
        });
    }

    /// Gives the saver a copy of `document` to keep the sidecar current
    /// from, when it has at most [`MIRROR_LIMIT`] annotations; larger ones
    /// are saved in full at the close only.
    pub fn mirror(&self, document: &Document) {
        self.send(Message::Mirror {
            document: (document.annotations.len() <= MIRROR_LIMIT)
                .then(|| Box::new(document.clone())),
        });
    }

    /// Queues a change that replaced the whole document.
    pub fn replace(&mut self, document: Document) {
        self.sent += 1;
        self.send(Message::Replace {
            seq: self.sent,
            document: Box::new(document),
        });
    }

    /// Whether `report` covers every change sent so far.
    pub fn is_current(&self, report: &Report) -> bool {
        report.upto == self.sent
    }

    fn send(&self, message: Message) {
        // The thread only ends when every handle is gone, so this cannot fail
        // while `self` lives.
        let _ = self.messages.send(message);
    }
}

/// Closes the saver from anywhere (the main loop, or the watchdog).
#[derive(Debug, Clone)]
pub struct Closer(Sender<Message>);

impl Closer {
    /// Records what is pending, saves `document` in full if anything changed,
    /// and releases the open sidecar, waiting at most `patience`; `None` when
    /// the saver did not answer in time (a write still running). The saver
    /// lets go of `document` before it answers.
    pub fn close(&self, document: Option<Arc<Document>>, patience: Duration) -> Option<Closed> {
        let (reply, answer) = mpsc::channel();
        self.0.send(Message::Close { document, reply }).ok()?;
        answer.recv_timeout(patience).ok()
    }
}

/// The open sidecar as the saver sees it.
struct Open {
    generation: u64,
    store: Store,
    /// Changes received but not yet in the journal (their write failed).
    pending: Vec<Edit>,
    /// A replaced document whose full save failed: tried again with the next write.
    replaced: Option<Box<Document>>,
    /// Something arrived since the last report.
    unreported: bool,
    /// The sidecar lacks changes (this opening's, or a journal a killed
    /// session left): the close saves in full.
    changed: bool,
    /// The last change received.
    upto: u64,
    /// The screen's document, kept current by the changes, for documents
    /// small enough (see [`MIRROR_LIMIT`]).
    mirror: Option<Box<Document>>,
    /// The mirror holds changes the sidecar lacks.
    mirror_unsaved: bool,
}

fn run(inbox: &Receiver<Message>, outbox: &Sender<Report>) {
    let mut open: Option<Open> = None;
    while let Ok(first) = inbox.recv() {
        // Coalesce: everything queued meanwhile goes into the same write.
        for message in std::iter::once(first).chain(inbox.try_iter()) {
            take(&mut open, message, outbox);
        }
        if let Some(open) = open.as_mut() {
            write_and_report(open, outbox);
        }
    }
}

fn take(open: &mut Option<Open>, message: Message, outbox: &Sender<Report>) {
    match message {
        Message::Open { generation, store } => {
            *open = Some(Open {
                generation,
                changed: store.has_journal(),
                store,
                pending: Vec::new(),
                replaced: None,
                unreported: false,
                upto: 0,
                mirror: None,
                mirror_unsaved: false,
            });
        }
        Message::Close { document, reply } => {
            let closed = open
                .take()
                .map(|open| close(open, document.as_deref(), outbox));
            // The screen takes its document back once the saver has let go.
            drop(document);
            let _ = reply.send(closed.unwrap_or_default());
        }
        Message::Change { seq, edit } => {
            if let Some(open) = open.as_mut() {
                if let Some(mirror) = open.mirror.as_mut() {
                    edit.clone().apply(mirror);
                    open.mirror_unsaved = true;
                }
                open.pending.push(edit);
                open.note(seq);
            }
        }
        Message::Replace { seq, document } => {
            if let Some(open) = open.as_mut() {
                // The new document holds every earlier change, and is saved
                // in full: the screen mirrors it again if it is small.
                open.pending.clear();
                open.replaced = Some(document);
                open.mirror = None;
                open.mirror_unsaved = false;
                open.note(seq);
            }
        }
        Message::Mirror { document } => {
            if let Some(open) = open.as_mut() {
                // Changes a dropped mirror held are in the journal, and
                // `changed` has the close save the whole document.
                open.mirror_unsaved &= document.is_some();
                open.mirror = document;
            }
        }
    }
}

impl Open {
    fn note(&mut self, seq: u64) {
        self.upto = seq;
        self.unreported = true;
        self.changed = true;
    }

    /// Saves a replaced document in full, then records the pending changes in
    /// the journal. What fails stays queued for the next write.
    fn write(&mut self) -> Result<(), String> {
        if let Some(document) = &self.replaced {
            self.store
                .save(document)
                .map_err(|error| error.to_string())?;
            self.replaced = None;
        }
        self.store
            .record(&self.pending)
            .map_err(|error| error.to_string())?;
        self.pending.clear();
        Ok(())
    }

    /// Rewrites the sidecar from the mirror when it holds changes the sidecar
    /// lacks; the journal, folded in, goes.
    fn save_mirror(&mut self) -> Result<(), String> {
        let Some(mirror) = self.mirror.as_ref().filter(|_| self.mirror_unsaved) else {
            return Ok(());
        };
        self.store.save(mirror).map_err(|error| error.to_string())?;
        self.mirror_unsaved = false;
        self.changed = false;
        Ok(())
    }
}

/// Writes what arrived and reports it; returns why it failed.
fn write_and_report(open: &mut Open, outbox: &Sender<Report>) -> Option<String> {
    if !open.unreported {
        return None;
    }
    // The journal first: once it is written the decision is safe, however
    // long the full rewrite after it takes.
    let result = open.write().and_then(|()| open.save_mirror());
    open.unreported = result.is_err();
    let error = result.as_ref().err().cloned();
    // Nobody listening means the session is ending; the close answer says it all.
    let _ = outbox.send(Report {
        generation: open.generation,
        upto: open.upto,
        result,
    });
    error
}

/// The last records, then the full save that folds the journal into the
/// sidecar, else where the decisions are kept; dropping the store releases
/// the lock.
fn close(mut open: Open, document: Option<&Document>, outbox: &Sender<Report>) -> Closed {
    let recorded = write_and_report(&mut open, outbox);
    if !open.changed {
        return Closed::default();
    }
    let journal_path = journal_path_for(open.store.path());
    let journal = || Ok(journal_path.clone());
    let Some(document) = document else {
        return Closed {
            kept_in: recorded.is_none().then(journal),
            error: recorded,
        };
    };
    let error = match open.store.save(document) {
        Ok(()) => return Closed::default(),
        Err(error) => error.to_string(),
    };
    let kept_in = if recorded.is_none() {
        journal()
    } else {
        open.store
            .write_recovery(document)
            .map_err(|error| error.to_string())
    };
    Closed {
        error: Some(error),
        kept_in: Some(kept_in),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::article::Article;
    use crate::sidecar::build::{annotation_from_candidate, new_document};
    use crate::sidecar::{Annotation, Status, load};

    /// A document with one pending quote per sentence of a small article.
    fn document(sidecar: &std::path::Path) -> Document {
        let text = "\"One,\" she said. \"Two,\" she said. \"Three,\" she said.\n";
        let article = Article::from_string(std::path::Path::new("a.txt"), text.to_owned());
        let mut document = new_document(&article, sidecar);
        document.annotations = text
            .match_indices('"')
            .step_by(2)
            .map(|(start, _)| {
                let end = start + 1 + text[start + 1..].find('"').unwrap() + 1;
                let candidate = crate::detect::Candidate {
                    kind: crate::detect::Kind::Quote,
                    span: start..end,
                    style: None,
                    speaker: None,
                    source: None,
                    cue: None,
                    score: 0.9,
                    reasons: crate::detect::Reasons::default(),
                };
                annotation_from_candidate(&article, &candidate)
            })
            .collect();
        document
    }

    /// A directory holding the sidecar `a.json` of [`document`], and that document.
    fn saved() -> (tempfile::TempDir, Document) {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.json");
        let screen = document(&sidecar);
        crate::sidecar::save(&sidecar, &screen).unwrap();
        (dir, screen)
    }

    /// Everything queued while the saver was busy goes into one journal write,
    /// which reports the last change; the sidecar is not rewritten until the
    /// close, and a load replays the journal to the screen's document.
    #[test]
    fn a_queued_burst_is_one_journal_write() {
        let (dir, mut screen) = saved();
        let sidecar = dir.path().join("a.json");
        let before = std::fs::read(&sidecar).unwrap();
        let opened = Store::open(&sidecar, false).unwrap();
        let (messages, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        messages
            .send(Message::Open {
                generation: 7,
                store: opened.store,
            })
            .unwrap();
        let mut seq = 0;
        for status in [Status::Confirmed, Status::Rejected, Status::Confirmed] {
            for index in 0..screen.annotations.len() {
                screen.annotations[index].status = status;
                seq += 1;
                let edit = Edit::Upsert(Box::new(screen.annotations[index].clone()));
                messages.send(Message::Change { seq, edit }).unwrap();
            }
        }
        let removed = screen.annotations.pop().unwrap();
        seq += 1;
        messages
            .send(Message::Change {
                seq,
                edit: Edit::Remove(removed.id),
            })
            .unwrap();
        drop(messages);
        run(&inbox, &outbox);
        let written: Vec<Report> = reports.try_iter().collect();
        assert_eq!(
            written,
            [Report {
                generation: 7,
                upto: seq,
                result: Ok(())
            }]
        );
        assert_eq!(std::fs::read(&sidecar).unwrap(), before);
        assert!(journal_path_for(&sidecar).exists());
        assert_eq!(load(&sidecar).unwrap(), Some(screen));
    }

    /// The close saves the lent document in full, which folds the journal in:
    /// the sidecar is the screen's document and the journal is gone.
    #[test]
    fn the_close_folds_the_journal_into_the_sidecar() {
        let (dir, mut screen) = saved();
        let sidecar = dir.path().join("a.json");
        let opened = Store::open(&sidecar, false).unwrap();
        let (messages, inbox) = mpsc::channel();
        let (outbox, _reports) = mpsc::channel();
        let (reply, closed) = mpsc::channel();
        screen.annotations[1].status = Status::Rejected;
        let edit = Edit::Upsert(Box::new(screen.annotations[1].clone()));
        let screen = Arc::new(screen);
        for message in [
            Message::Open {
                generation: 0,
                store: opened.store,
            },
            Message::Change { seq: 1, edit },
            Message::Close {
                document: Some(Arc::clone(&screen)),
                reply,
            },
        ] {
            messages.send(message).unwrap();
        }
        drop(messages);
        run(&inbox, &outbox);
        assert_eq!(closed.recv().unwrap(), Closed::default());
        assert!(!journal_path_for(&sidecar).exists());
        assert_eq!(
            std::fs::read(&sidecar).unwrap(),
            crate::sidecar::io::to_bytes(&screen)
        );
        // The saver let go of the lent document before answering.
        assert_eq!(Arc::strong_count(&screen), 1);
    }

    /// With a mirror, each decision is journaled and then the sidecar is
    /// rewritten from the mirror at once: scripts that read the sidecar see
    /// it during the session, and the journal is folded in.
    #[test]
    fn a_mirrored_document_keeps_the_sidecar_current() {
        let (dir, mut screen) = saved();
        let sidecar = dir.path().join("a.json");
        let opened = Store::open(&sidecar, false).unwrap();
        let (messages, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        messages
            .send(Message::Open {
                generation: 1,
                store: opened.store,
            })
            .unwrap();
        messages
            .send(Message::Mirror {
                document: Some(Box::new(screen.clone())),
            })
            .unwrap();
        screen.annotations[2].status = Status::Confirmed;
        let edit = Edit::Upsert(Box::new(screen.annotations[2].clone()));
        messages.send(Message::Change { seq: 1, edit }).unwrap();
        drop(messages);
        run(&inbox, &outbox);
        assert_eq!(
            reports.try_iter().collect::<Vec<_>>(),
            [Report {
                generation: 1,
                upto: 1,
                result: Ok(())
            }]
        );
        assert_eq!(
            std::fs::read(&sidecar).unwrap(),
            crate::sidecar::io::to_bytes(&screen)
        );
        assert!(!journal_path_for(&sidecar).exists());
    }

    /// A new article's empty document is mirrored; then the detector's
    /// candidates make it too large to mirror. A decision must not rewrite the
    /// sidecar from the stale mirror (it would hold the decision alone), and
    /// the close saves the whole document.
    #[test]
    fn a_document_that_outgrows_the_mirror_is_saved_whole_at_the_close() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.json");
        let mut screen = document(&sidecar);
        let empty = Document {
            annotations: Vec::new(),
            ..screen.clone()
        };
        let proposed = screen.annotations[0].clone();
        screen.annotations = (0..=MIRROR_LIMIT)
            .map(|index| Annotation {
                id: compact_str::format_compact!("q{index:06}"),
                ..proposed.clone()
            })
            .collect();
        screen.annotations[0].status = Status::Confirmed;
        let edit = Edit::Upsert(Box::new(screen.annotations[0].clone()));
        let screen = Arc::new(screen);
        let opened = Store::open(&sidecar, false).unwrap();
        let (messages, inbox) = mpsc::channel();
        let (outbox, _reports) = mpsc::channel();
        let (reply, closed) = mpsc::channel();
        for message in [
            Message::Open {
                generation: 0,
                store: opened.store,
            },
            Message::Mirror {
                document: Some(Box::new(empty)),
            },
            Message::Mirror { document: None },
            Message::Change { seq: 1, edit },
        ] {
            messages.send(message).unwrap();
        }
        let saver = std::thread::spawn(move || run(&inbox, &outbox));
        // Only the journal holds the decision until the close.
        while !journal_path_for(&sidecar).exists() {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(!sidecar.exists(), "no sidecar from the stale mirror");
        messages
            .send(Message::Close {
                document: Some(Arc::clone(&screen)),
                reply,
            })
            .unwrap();
        drop(messages);
        saver.join().unwrap();
        assert_eq!(closed.recv().unwrap(), Closed::default());
        assert_eq!(load(&sidecar).unwrap().as_ref(), Some(&*screen));
    }

    /// Opening and closing alone write nothing: only a change does.
    #[test]
    fn nothing_is_written_before_the_first_change() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.json");
        let opened = Store::open(&sidecar, false).unwrap();
        let (messages, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        let (reply, closed) = mpsc::channel();
        for message in [
            Message::Open {
                generation: 0,
                store: opened.store,
            },
            Message::Close {
                document: Some(Arc::new(document(&sidecar))),
                reply,
            },
        ] {
            messages.send(message).unwrap();
        }
        drop(messages);
        run(&inbox, &outbox);
        assert_eq!(closed.recv().unwrap(), Closed::default());
        assert_eq!(reports.try_iter().count(), 0);
        assert!(!sidecar.exists());
        assert!(!journal_path_for(&sidecar).exists());
    }
}
