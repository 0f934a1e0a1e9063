//! The loop: wait for input (or a signal, or detector results), drain every
//! pending event, update, run the effects, and draw only when something
//! changed, each frame inside synchronized output so tmux and slow links never
//! show half a frame.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, SystemTime};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::open::{Loaded, OpenOptions, open_article, recovery_path_for};
use super::signals::{self, Signals, Unsaved};
use super::terminal;
use crate::app::{self, Action, Effect, Mode, State};
use crate::sidecar::Store;

/// How long to wait for input before looking at signals and detector results.
const POLL: Duration = Duration::from_millis(200);

/// How long the first frame of an article waits for its sidecar: long enough
/// for any ordinary sidecar, short enough that the text shows at once.
pub const SIDECAR_PATIENCE: Duration = Duration::from_millis(100);

/// Test hook: panic after this many key presses (to test the recovery file).
const PANIC_HOOK_VAR: &str = "MARGIN_TEST_PANIC_AFTER_KEYS";

pub struct Session {
    pub state: State,
    pub store: Option<Store>,
    pub options: OpenOptions,
    /// Sidecars and detector results from the background threads of openings.
    pub loads: (Sender<Loaded>, Receiver<Loaded>),
    next_generation: u64,
    keys_seen: usize,
    panic_after: Option<usize>,
    /// Shared with the signal watchdog.
    pub unsaved: Unsaved,
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
            store: None,
            options,
            loads,
            next_generation,
            keys_seen: 0,
            panic_after,
            unsaved: Unsaved::default(),
        }
    }

    /// Runs until quit or terminated. Terminal I/O errors end the loop as
    /// `Terminated`, never a spin.
    pub fn run(&mut self, signals: &Signals) -> Ending {
        let Ok(mut terminal) = Terminal::new(CrosstermBackend::new(io::stdout())) else {
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
            if dirty {
                if draw(&mut terminal, &self.state).is_err() {
                    return Ending::Terminated;
                }
                dirty = false;
            }
            match event::poll(POLL) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(_) => return Ending::Terminated,
            }
            self.state.now = now();
            // Drain everything that is waiting before drawing again.
            loop {
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
                match event::poll(Duration::ZERO) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(_) => return Ending::Terminated,
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
                store,
                sidecar,
            } if generation == self.state.file.generation => {
                self.store = store;
                app::update(&mut self.state, Action::SidecarLoaded(generation, sidecar));
                self.note_progress();
            }
            Loaded::Candidates(generation, candidates) => {
                app::update(
                    &mut self.state,
                    Action::CandidatesArrived(generation, candidates),
                );
            }
            Loaded::Sidecar { .. } => {}
        }
    }

    /// Waits up to `patience` for the current article's sidecar, so that the
    /// first frame shows it when it is quick to read.
    pub fn wait_for_sidecar(&mut self, patience: Duration) {
        let deadline = std::time::Instant::now() + patience;
        while self.store.is_none() {
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
                Effect::Save => self.save(),
                Effect::Quit => return Some(Ending::Quit),
                Effect::Suspend => {
                    if suspend(terminal).is_err() {
                        return Some(Ending::Terminated);
                    }
                }
                Effect::OpenArticle(index) => self.open(index),
                Effect::SetRecoveryAside => self.set_recovery_aside(),
            }
        }
        None
    }

    /// Writes the document now; the result is shown on the status line.
    pub fn save(&mut self) {
        let Some(store) = self.store.as_mut() else {
            return;
        };
        let result = store
            .save(&self.state.file.document)
            .map_err(|error| error.to_string());
        // What the watchdog must keep if it has to end a stuck process.
        if let Ok(mut slot) = self.unsaved.lock() {
            *slot = result.is_err().then(|| {
                (
                    recovery_path_for(store.path()),
                    self.state.file.document.clone(),
                )
            });
        }
        app::update(&mut self.state, Action::Saved(result));
        self.note_progress();
    }

    /// Remembers how far the current article is, for the queue's progress.
    pub fn note_progress(&mut self) {
        let counts = self.state.file.counts();
        if let Some(progress) = self.state.queue.progress.get_mut(self.state.queue.current) {
            *progress = Some((counts.reviewed(), counts.total()));
        }
    }

    fn open(&mut self, index: usize) {
        let Some(path) = self.state.queue.paths.get(index).cloned() else {
            return;
        };
        let generation = self.next_generation;
        self.next_generation += 1;
        match open_article(&path, &self.options, generation, &self.loads.0) {
            Ok(file) => {
                self.state.file = file;
                self.store = None;
                self.state.queue.current = index;
                self.state.search = crate::app::state::Search::default();
                self.state.mode = Mode::Normal;
                self.state.view.top = 0;
                self.wait_for_sidecar(SIDECAR_PATIENCE);
            }
            Err(error) => self.state.message = Some(error.to_string()),
        }
    }

    fn set_recovery_aside(&mut self) {
        if let Some(store) = &self.store {
            let recovery = recovery_path_for(store.path());
            let mut aside = recovery.clone().into_os_string();
            aside.push(".old");
            if let Err(error) = std::fs::rename(&recovery, PathBuf::from(aside)) {
                self.state.message =
                    Some(format!("Could not set the recovery file aside: {error}"));
            }
        }
    }

    /// After the loop: make sure the screen's decisions are on disk, else in the
    /// recovery file. Returns a line for the user when something went wrong.
    pub fn finish(&mut self) -> Option<String> {
        if !matches!(self.state.file.save, app::SaveState::Failed(_)) {
            return None;
        }
        self.save();
        if let app::SaveState::Failed(error) = &self.state.file.save {
            let error = error.clone();
            return Some(match self.write_recovery() {
                Ok(path) => format!(
                    "could not save ({error}); your decisions are in {}",
                    path.display()
                ),
                Err(recovery_error) => {
                    format!("could not save ({error}) nor write a recovery file ({recovery_error})")
                }
            });
        }
        None
    }

    /// Writes what is in memory to the recovery file (never over the sidecar).
    pub fn write_recovery(&self) -> Result<PathBuf, String> {
        let store = self.store.as_ref().ok_or("no sidecar store")?;
        store
            .write_recovery(&self.state.file.document)
            .map_err(|error| error.to_string())
    }

    /// Whether anything was changed in this session (so a crash has something to keep).
    pub fn has_changes(&self) -> bool {
        self.state.file.save != app::SaveState::Untouched || self.state.file.history.can_undo()
    }
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
