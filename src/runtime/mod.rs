//! The terminal side of the review screen: taking the terminal, the event
//! loop, running effects (handing changes to the background saver, opening
//! the next article, suspending), signals and hang-ups, and what happens on a
//! panic (the terminal is restored and the decisions in memory go to a
//! recovery file).

mod event_loop;
mod input;
pub mod open;
pub mod saver;
mod signals;
mod terminal;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::mpsc;

pub use event_loop::{Ending, SIDECAR_PATIENCE, Session};
pub use open::{Loaded, OpenOptions, open_article};

use crate::app::{Queue, Settings, State};
use crate::article::ArticleError;

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error(transparent)]
    Article(#[from] ArticleError),
    #[error("the review screen needs a terminal: {0}")]
    Terminal(std::io::Error),
    #[error("cannot handle signals: {0}")]
    Signals(std::io::Error),
    #[error("{0}")]
    Crashed(String),
    #[error("{0}")]
    NotSaved(String),
}

/// Opens the first of `paths` and waits briefly for its sidecar: everything
/// the first frame needs. Public for the first-frame benchmark.
pub fn start(
    paths: Vec<PathBuf>,
    options: OpenOptions,
    settings: Settings,
) -> Result<Session, RuntimeError> {
    let loads = mpsc::channel();
    let first = paths.first().cloned().unwrap_or_default();
    let file = open_article(&first, &options, 0, &loads.0)?;
    let queue = Queue {
        progress: vec![None; paths.len()],
        paths,
        current: 0,
    };
    let state = State::new(settings, queue, file);
    let mut session = Session::new(state, options, loads);
    session.wait_for_sidecar(SIDECAR_PATIENCE);
    Ok(session)
}

/// Reviews `paths` (at least one) until the user quits or the session is ended.
pub fn run(
    paths: Vec<PathBuf>,
    options: OpenOptions,
    settings: Settings,
) -> Result<(), RuntimeError> {
    // The first article is opened before the terminal is taken, so a bad file
    // is reported as one plain line.
    let mut session = start(paths, options, settings)?;
    let signals = signals::Signals::register(session.closer()).map_err(RuntimeError::Signals)?;
    let guard = terminal::Guard::enter().map_err(RuntimeError::Terminal)?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| session.run(&signals)));
    signals.loop_ended();
    drop(guard);
    match outcome {
        Ok(_) => session
            .finish()
            .map_or(Ok(()), |message| Err(RuntimeError::NotSaved(message))),
        Err(_) => Err(RuntimeError::Crashed(after_panic(&session))),
    }
}

/// The panic hook has restored the terminal and printed the panic; what was in
/// memory goes to the recovery file, never over the sidecar.
fn after_panic(session: &Session) -> String {
    if !session.has_changes() {
        return "crashed; nothing had been changed".to_owned();
    }
    let message = match session.write_recovery() {
        Ok(path) => format!(
            "crashed; the decisions in memory were written to {} and will be offered at the next start",
            path.display()
        ),
        Err(error) => format!("crashed, and the recovery file could not be written: {error}"),
    };
    let _ = std::io::stderr().flush();
    message
}
