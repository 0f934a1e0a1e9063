//! The loop: wait for input (or a signal, or detector results), drain every
//! pending event, update, run the effects, and draw only when something
//! changed, each frame inside synchronized output so tmux and slow links never
//! show half a frame.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::input::{Input, Wake};
use super::open::{Loaded, OpenOptions, open_article};
use super::saver::{Closed, Closer, Report, Saver};
use super::signals::{self, Signals};
use super::terminal;
use crate::app::{self, Action, Effect, Mode, SaveState, State};

/// How long to wait for input before looking at signals and detector results.
const POLL: Duration = Duration::from_millis(200);

/// While a save is on its way, how soon the loop looks for the saver's report,
/// so that "saved" follows the disk closely.
const POLL_WHILE_SAVING: Duration = Duration::from_millis(10);

/// How long ending the session (or leaving an article) waits for the saver's
/// full save: more than a 39 MB sidecar's write (0.3–0.7 s), and short
/// enough that SIGTERM still ends the process within 2 s. Every decision is
/// in the journal already, so one cut short loses nothing.
const FLUSH_PATIENCE: Duration = Duration::from_millis(1500);

/// How long the first frame of an article waits for its sidecar: long enough
/// for any ordinary sidecar, short enough that the text shows at once.
pub const SIDECAR_PATIENCE: Duration = Duration::from_millis(100);

/// Test hook: panic after this many key presses (to test the recovery file).
const PANIC_HOOK_VAR: &str = "MARGIN_TEST_PANIC_AFTER_KEYS";

pub struct Session {
    pub state: State,
    /// Writes the sidecar on its own thread; owns the store.
    pub saver: Saver,
    /// Where this article's recovery file goes (`Store::recovery_path`);
    /// `None` until a writable sidecar arrived.
    recovery: Option<PathBuf>,
    /// The current article's sidecar has been read.
    sidecar_arrived: bool,
    pub options: OpenOptions,
    /// Sidecars and detector results from the background threads of openings.
    pub loads: (Sender<Loaded>, Receiver<Loaded>),
    next_generation: u64,
    keys_seen: usize,
    panic_after: Option<usize>,
}

/// How the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Quit,
    /// SIGHUP/SIGTERM, or the terminal went away (reads or writes failing).
    Terminated,
}

impl Session {
    /// A session on `state`, whose article was opened as generation 0; its
    /// sidecar arrives through `loads`.
    pub fn new(
        state: State,
        options: OpenOptions,
        loads: (Sender<Loaded>, Receiver<Loaded>),
    ) -> Self {
        let panic_after = std::env::var(PANIC_HOOK_VAR)
            .ok()
            .and_then(|keys| keys.parse().ok());
        let next_generation = state.file.generation + 1;
        Self {
            state,
            saver: Saver::start(),
            recovery: None,
            sidecar_arrived: false,
            options,
            loads,
            next_generation,
            keys_seen: 0,
            panic_after,
        }
    }

    /// Runs until quit or terminated. A hang-up or a terminal I/O error ends
    /// the loop as `Terminated`, never a spin.
    pub fn run(&mut self, signals: &Signals) -> Ending {
        let Ok(mut terminal) = Terminal::new(CrosstermBackend::new(io::stdout())) else {
            return Ending::Terminated;
        };
        let Ok(input) = Input::new() else {
            return Ending::Terminated;
        };
        if let Ok(size) = terminal.size() {
            self.state.resize(size.width, size.height);
        }
        let mut dirty = true;
        loop {
            if signals.terminate_requested() {
                return Ending::Terminated;
            }
            while let Ok(loaded) = self.loads.1.try_recv() {
                self.receive(loaded);
                dirty = true;
            }
            dirty |= self.take_reports();
            if dirty {
                if draw(&mut terminal, &self.state).is_err() {
                    return Ending::Terminated;
                }
                dirty = false;
            }
            let patience = if self.state.file.save == SaveState::Saving {
                POLL_WHILE_SAVING
            } else {
                POLL
            };
            match input.wait(patience) {
                Ok(Wake::Timeout) => continue,
                Ok(Wake::Input) => {}
                Ok(Wake::Resized) => {
                    if let Ok((width, height)) = ratatui::crossterm::terminal::size() {
                        app::handle_event(&mut self.state, event::Event::Resize(width, height));
                    }
                    dirty = true;
                    continue;
                }
                Ok(Wake::HungUp) | Err(_) => return hung_up(terminal),
            }
            self.state.now = now();
            // Drain everything crossterm can read before drawing again; it is
            // asked only while the terminal is there (see `input`).
            loop {
                match event::poll(Duration::ZERO) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(_) => return Ending::Terminated,
                }
                let Ok(event) = event::read() else {
                    return Ending::Terminated;
                };
                let is_key = matches!(event, event::Event::Key(key) if key.kind == event::KeyEventKind::Press);
                let effects = app::handle_event(&mut self.state, event);
                if let Some(ending) = self.run_effects(effects, &mut terminal) {
                    return ending;
                }
                if is_key {
                    self.count_key();
                }
                if matches!(input.wait(Duration::ZERO), Ok(Wake::HungUp) | Err(_)) {
                    return hung_up(terminal);
                }
            }
            dirty = true;
        }
    }

    /// Takes what a background thread of an opening sent; anything for an
    /// article that is no longer open is dropped.
    pub fn receive(&mut self, loaded: Loaded) {
        match loaded {
            Loaded::Sidecar {
                generation,
                writer,
                sidecar,
            } if generation == self.state.file.generation => {
                self.sidecar_arrived = true;
                let writable = writer.is_some();
                if let Some(store) = writer {
                    self.recovery = Some(store.recovery_path());
                    self.saver.open(generation, *store);
                }
                app::update(&mut self.state, Action::SidecarLoaded(generation, sidecar));
                if writable {
                    self.saver.mirror(&self.state.file.document);
                }
                self.note_progress();
            }
            // The merged candidates reach the sidecar with the next decision
            // when the saver mirrors the document, else with the full save at
            // the close, from the screen's document.
            Loaded::Candidates(generation, candidates) => {
                app::update(
                    &mut self.state,
                    Action::CandidatesArrived(generation, candidates),
                );
                if self.recovery.is_some() && generation == self.state.file.generation {
                    self.saver.mirror(&self.state.file.document);
                }
                self.note_progress();
            }
            Loaded::Sidecar { .. } => {}
        }
    }

    /// Waits up to `patience` for the current article's sidecar, so that the
    /// first frame shows it when it is quick to read.
    pub fn wait_for_sidecar(&mut self, patience: Duration) {
        let deadline = std::time::Instant::now() + patience;
        while !self.sidecar_arrived {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.loads.1.recv_timeout(left) {
                Ok(loaded) => self.receive(loaded),
                Err(_) => return,
            }
        }
    }

    fn count_key(&mut self) {
        self.keys_seen += 1;
        assert!(
            self.panic_after != Some(self.keys_seen),
            "{PANIC_HOOK_VAR}: panicking after {} keys as asked",
            self.keys_seen
        );
    }

    fn run_effects(
        &mut self,
        effects: Vec<Effect>,
        terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    ) -> Option<Ending> {
        for effect in effects {
            match effect {
                Effect::Quit => return Some(Ending::Quit),
                Effect::Suspend => {
                    if suspend(terminal).is_err() {
                        return Some(Ending::Terminated);
                    }
                }
                other => self.run_effect(other),
            }
        }
        None
    }

    /// Runs an effect that needs no terminal (quit and suspend are the loop's).
    /// Public for the keystroke benchmark, which runs what the loop runs.
    pub fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::Save(edit) => self.saver.change(edit),
            Effect::SaveAll => {
                self.saver.replace(self.state.file.document.clone());
                self.saver.mirror(&self.state.file.document);
            }
            Effect::OpenArticle(index) => self.open(index),
            Effect::SetRecoveryAside => self.set_recovery_aside(),
            Effect::Quit | Effect::Suspend => {}
        }
    }

    /// Shows what the saver reports; true when the screen changed.
    pub fn take_reports(&mut self) -> bool {
        let mut changed = false;
        while let Ok(report) = self.saver.reports.try_recv() {
            changed |= self.show(&report);
        }
        changed
    }

    /// "saved" only once the disk holds the newest change; a failure at once.
    fn show(&mut self, report: &Report) -> bool {
        if report.generation != self.state.file.generation {
            return false;
        }
        match &report.result {
            Ok(()) if !self.saver.is_current(report) => return false,
            result => app::update(&mut self.state, Action::Saved(result.clone())),
        };
        self.note_progress();
        true
    }

    /// Remembers how far the current article is, for the queue's progress;
    /// not while its candidates are still coming (0 of 0 would count as done).
    pub fn note_progress(&mut self) {
        if self.state.file.detecting {
            return;
        }
        let counts = self.state.file.counts();
        if let Some(progress) = self.state.queue.progress.get_mut(self.state.queue.current) {
            *progress = Some((counts.reviewed(), counts.total()));
        }
    }

    fn open(&mut self, index: usize) {
        let Some(path) = self.state.queue.paths.get(index).cloned() else {
            return;
        };
        // The article being left is written (or kept in its recovery file) and
        // its sidecar released before another is opened: it may be the same.
        let closed = self.close_saver();
        self.recovery = None;
        let generation = self.next_generation;
        self.next_generation += 1;
        match open_article(&path, &self.options, generation, &self.loads.0) {
            Ok(file) => {
                self.state.file = file;
                self.sidecar_arrived = false;
                self.state.queue.current = index;
                self.state.search = crate::app::state::Search::default();
                self.state.mode = Mode::Normal;
                self.state.view.top = 0;
                self.state.message = closed;
                self.wait_for_sidecar(SIDECAR_PATIENCE);
            }
            Err(error) => {
                // Its sidecar is released: this article can no longer be saved.
                self.state.file.read_only = Some(format!("could not open {}", path.display()));
                self.state.message = Some(error.to_string());
            }
        }
    }

    fn set_recovery_aside(&mut self) {
        if let Some(recovery) = &self.recovery {
            let mut aside = recovery.clone().into_os_string();
            aside.push(".old");
            if let Err(error) = std::fs::rename(recovery, PathBuf::from(aside)) {
                self.state.message =
                    Some(format!("Could not set the recovery file aside: {error}"));
            }
        }
    }

    /// A handle the signal watchdog uses to close the saver if the loop is stuck.
    pub fn closer(&self) -> Closer {
        self.saver.closer()
    }

    /// After the loop: waits (bounded) for the saver to write the screen's
    /// decisions, else makes sure they are in the recovery file. Returns a
    /// line for the user when something went wrong.
    pub fn finish(&mut self) -> Option<String> {
        self.close_saver()
    }

    /// Closes the current article's saver, lending it the screen's document
    /// for the full save (no copy is made); `None` when every decision is in
    /// the sidecar.
    fn close_saver(&mut self) -> Option<String> {
        self.recovery.as_ref()?;
        let lent = Arc::new(self.state.file.document.take());
        let closed = self
            .saver
            .closer()
            .close(Some(Arc::clone(&lent)), FLUSH_PATIENCE);
        // The saver lets go before it answers; after a timeout it may still
        // hold it, and the screen keeps a copy.
        self.state.file.document = Arc::try_unwrap(lent).unwrap_or_else(|lent| (*lent).clone());
        match closed {
            Some(Closed { error: None, .. }) => None,
            Some(Closed {
                error: Some(error),
                kept_in: Some(Ok(path)),
            }) => Some(format!(
                "could not save ({error}); your decisions are kept in {}",
                path.display()
            )),
            Some(Closed {
                error: Some(error),
                kept_in,
            }) => Some(format!(
                "could not save ({error}) nor write a recovery file ({})",
                kept_in.and_then(Result::err).unwrap_or_default()
            )),
            // Still writing after the patience: keep the screen's copy too.
            None => Some(match self.write_recovery() {
                Ok(path) => format!(
                    "the sidecar was still being written; your decisions are also in {}",
                    path.display()
                ),
                Err(error) => format!(
                    "the sidecar was still being written, and the recovery file could not be written: {error}"
                ),
            }),
        }
    }

    /// Writes what is on screen (always the newest) to the recovery file
    /// (never over the sidecar), where `Store::recovery_path` says.
    pub fn write_recovery(&self) -> Result<PathBuf, String> {
        let path = self.recovery.as_ref().ok_or("no writable sidecar")?;
        crate::sidecar::save(path, &self.state.file.document).map_err(|error| error.to_string())?;
        Ok(path.clone())
    }

    /// Whether anything was changed in this session (so a crash has something to keep).
    pub fn has_changes(&self) -> bool {
        self.state.file.save != app::SaveState::Untouched || self.state.file.history.can_undo()
    }
}

/// The terminal is gone: the session ends without touching it again. The
/// `Terminal` is not dropped, because its drop shows the cursor and, when that
/// fails, prints the error with `eprintln!`, which panics on a dead terminal.
fn hung_up(terminal: Terminal<CrosstermBackend<io::Stdout>>) -> Ending {
    std::mem::forget(terminal);
    Ending::Terminated
}

fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

fn draw(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, state: &State) -> io::Result<()> {
    execute!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| frame.render_widget(state, frame.area()))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    terminal.backend_mut().flush()
}

/// Ctrl-Z: give the terminal back, stop, and on `fg` take it again and repaint
/// everything (the shell drew over the screen meanwhile).
fn suspend(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    terminal::leave();
    signals::stop_self()?;
    terminal::enter()?;
    terminal.clear()
}
