//! The background saver: one thread per session owns the open sidecar's
//! `Store` and its own copy of the document, so that a keystroke never waits
//! for the file (rewriting a 35 MB sidecar takes ~0.6 s).
//!
//! The screen sends cheap messages: the one annotation a change touched, or
//! (rarely: an opening, detector results, a restored recovery file) a whole
//! document. The thread drains everything queued, applies it, and writes once,
//! so a burst of keys costs one write; it then reports which change the disk
//! now holds. A write starts as soon as a change arrives, so a decision is on
//! disk within one write's time.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use crate::app::Edit;
use crate::app::state::sort_annotations;
use crate::sidecar::{Document, Store};

/// What the screen tells the saver, in the order things happened on screen.
#[derive(Debug)]
pub enum Message {
    /// An article was opened: its store and the document as the screen has it.
    /// Nothing is written until a change arrives.
    Open {
        generation: u64,
        store: Store,
        document: Document,
    },
    /// The screen's document now reads like this, without a change of the
    /// user's (detector results merged in): written with the next change.
    Snapshot(Document),
    /// Change number `seq` of the session: write it.
    Change { seq: u64, edit: Edit },
    /// Change number `seq` replaced the whole document (a restored recovery file).
    Replace { seq: u64, document: Document },
    /// Write what is pending, put it in the recovery file if that fails, release
    /// the sidecar, and answer.
    Close(Sender<Closed>),
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
    /// Why the last write failed, if it did.
    pub error: Option<String>,
    /// Where the unsaved document went instead (or why it could not).
    pub recovery: Option<Result<PathBuf, String>>,
}

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

    pub fn open(&self, generation: u64, store: Store, document: Document) {
        self.send(Message::Open {
            generation,
            store,
            document,
        });
    }

    pub fn snapshot(&self, document: Document) {
        self.send(Message::Snapshot(document));
    }

    /// Queues one change to be written.
    pub fn change(&mut self, edit: Edit) {
        self.sent += 1;
        self.send(Message::Change {
            seq: self.sent,
            edit,
        });
    }

    /// Queues a change that replaced the whole document.
    pub fn replace(&mut self, document: Document) {
        self.sent += 1;
        self.send(Message::Replace {
            seq: self.sent,
            document,
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
    /// Flushes and releases the open sidecar, waiting at most `patience`;
    /// `None` when the saver did not answer in time (a write still running).
    pub fn close(&self, patience: Duration) -> Option<Closed> {
        let (reply, answer) = mpsc::channel();
        self.0.send(Message::Close(reply)).ok()?;
        answer.recv_timeout(patience).ok()
    }
}

/// The open sidecar as the saver sees it.
struct Open {
    generation: u64,
    store: Store,
    document: Document,
    /// Changes applied but not yet on disk.
    dirty: bool,
    /// The last change applied.
    upto: u64,
}

fn run(inbox: &Receiver<Message>, outbox: &Sender<Report>) {
    let mut open: Option<Open> = None;
    while let Ok(first) = inbox.recv() {
        // Coalesce: everything queued meanwhile goes into the same write.
        for message in std::iter::once(first).chain(inbox.try_iter()) {
            take(&mut open, message, outbox);
        }
        if let Some(open) = open.as_mut() {
            write_if_dirty(open, outbox);
        }
    }
}

fn take(open: &mut Option<Open>, message: Message, outbox: &Sender<Report>) {
    match message {
        Message::Open {
            generation,
            store,
            document,
        } => {
            *open = Some(Open {
                generation,
                store,
                document,
                dirty: false,
                upto: 0,
            });
        }
        Message::Close(reply) => {
            let closed = open.take().map(|open| close(open, outbox));
            let _ = reply.send(closed.unwrap_or_default());
        }
        other => {
            if let Some(open) = open.as_mut() {
                apply(open, other);
            }
        }
    }
}

/// Applies a change or a snapshot to the saver's copy.
fn apply(open: &mut Open, message: Message) {
    match message {
        Message::Snapshot(document) => open.document = document,
        Message::Change { seq, edit } => {
            edit.apply(&mut open.document);
            open.dirty = true;
            open.upto = seq;
        }
        Message::Replace { seq, document } => {
            open.document = document;
            open.dirty = true;
            open.upto = seq;
        }
        Message::Open { .. } | Message::Close(_) => {}
    }
}

/// Writes the copy if it has unsaved changes and reports the result; a failed
/// write stays dirty and is tried again with the next message. Returns why it
/// failed.
fn write_if_dirty(open: &mut Open, outbox: &Sender<Report>) -> Option<String> {
    if !open.dirty {
        return None;
    }
    // Upserts may have moved an annotation: the file keeps the screen's order.
    sort_annotations(&mut open.document.annotations);
    let result = open
        .store
        .save(&open.document)
        .map_err(|error| error.to_string());
    open.dirty = result.is_err();
    let error = result.as_ref().err().cloned();
    // Nobody listening means the session is ending; the close answer says it all.
    let _ = outbox.send(Report {
        generation: open.generation,
        upto: open.upto,
        result,
    });
    error
}

/// The last write, else the recovery file; dropping the store releases the lock.
fn close(mut open: Open, outbox: &Sender<Report>) -> Closed {
    let error = write_if_dirty(&mut open, outbox);
    let recovery = error.is_some().then(|| {
        open.store
            .write_recovery(&open.document)
            .map_err(|error| error.to_string())
    });
    Closed { error, recovery }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::article::Article;
    use crate::sidecar::build::{annotation_from_candidate, new_document};
    use crate::sidecar::{Status, load};

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

    /// Everything queued while the saver was busy goes into one write, which
    /// reports the last change and leaves the file equal to the screen's copy.
    #[test]
    fn a_queued_burst_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        let sidecar = dir.path().join("a.json");
        let opened = Store::open(&sidecar, false).unwrap();
        let mut screen = document(&sidecar);
        let (messages, inbox) = mpsc::channel();
        let (outbox, reports) = mpsc::channel();
        messages
            .send(Message::Open {
                generation: 7,
                store: opened.store,
                document: screen.clone(),
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
        assert_eq!(load(&sidecar).unwrap(), Some(screen));
    }

    /// Opening and snapshots alone write nothing: only a change does.
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
                document: document(&sidecar),
            },
            Message::Snapshot(document(&sidecar)),
            Message::Close(reply),
        ] {
            messages.send(message).unwrap();
        }
        drop(messages);
        run(&inbox, &outbox);
        assert_eq!(closed.recv().unwrap(), Closed::default());
        assert_eq!(reports.try_iter().count(), 0);
        assert!(!sidecar.exists());
    }
}
