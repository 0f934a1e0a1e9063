//! Taking the terminal over and giving it back, on every exit path: normal
//! return, error, panic (the hook), Ctrl-Z (suspend) and signals. What is
//! turned on here (raw mode, alternate screen, bracketed paste, mouse, hidden
//! cursor) is exactly what `leave` turns off.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::cursor::{Hide, Show};
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

/// Whether the terminal is ours right now; makes `leave` safe to call twice
/// (the panic hook and the guard may both run).
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        EnableMouseCapture,
        Hide
    )
}

/// Gives the terminal back. Errors are ignored: the terminal may be gone.
pub fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        let _ = execute!(
            stdout,
            DisableMouseCapture,
            DisableBracketedPaste,
            LeaveAlternateScreen,
            Show
        );
        let _ = disable_raw_mode();
        let _ = stdout.flush();
    }
}

/// Leaves the terminal when dropped, whatever way the loop ends.
pub struct Guard;

impl Guard {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        if let Err(error) = enter() {
            leave();
            return Err(error);
        }
        Ok(Self)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}

/// Restores the terminal before the panic message is printed, so it lands on
/// the normal screen and the shell is usable. Installed once.
fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}
