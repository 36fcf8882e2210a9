//! Signals, as the browser answers them. SIGTERM, SIGHUP and SIGINT end it like `q`; SIGTSTP
//! gives the terminal back and stops it like Ctrl-z; SIGCONT takes the terminal back. A thread
//! notes each signal, and the loop, which owns the terminal, acts on it.

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use std::io;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// What signals ask of the loop.
#[derive(Default)]
pub struct Asked {
    /// SIGTERM, SIGHUP or SIGINT: the signal's number.
    stop: AtomicI32,
    suspend: AtomicBool,
    /// Continued, perhaps after a stop that nobody prepared the terminal for (`kill -STOP`).
    redraw: AtomicBool,
}

impl Asked {
    /// The signal that ends the browser, if one came.
    pub fn stop(&self) -> Option<i32> {
        Some(self.stop.load(Ordering::Relaxed)).filter(|&s| s != 0)
    }

    /// Ctrl-z: the same as SIGTSTP.
    pub fn ask_suspend(&self) {
        self.suspend.store(true, Ordering::Relaxed);
    }

    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::Relaxed)
    }

    pub fn take_redraw(&self) -> bool {
        self.redraw.swap(false, Ordering::Relaxed)
    }

    /// Whether anything is asked that the loop has not acted on.
    pub fn any(&self) -> bool {
        self.stop().is_some() || self.suspend.load(Ordering::Relaxed) || self.redraw.load(Ordering::Relaxed)
    }
}

/// Whether the browser has the terminal (raw, alternate screen), rather than the shell before
/// it started or the editor `e` runs.
static TERMINAL_OURS: AtomicBool = AtomicBool::new(false);

pub fn terminal_ours(ours: bool) {
    TERMINAL_OURS.store(ours, Ordering::Relaxed);
}

/// Starts the thread that notes signals in `asked`. `leave` restores the terminal.
pub fn watch(asked: &Arc<Asked>, leave: fn()) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])?;
    let asked = Arc::clone(asked);
    std::thread::spawn(move || {
        for signal in signals.forever() {
            match signal {
                SIGTSTP if TERMINAL_OURS.load(Ordering::Relaxed) => asked.ask_suspend(),
                // The editor has the terminal and has stopped its job (vim sends SIGTSTP to its
                // whole process group): stop with it, or the shell would wait on us for ever.
                SIGTSTP => stop_job(false),
                SIGCONT => asked.redraw.store(true, Ordering::Relaxed),
                _ => end(signal, &asked, leave),
            }
        }
    });
    Ok(())
}

fn end(signal: i32, asked: &Asked, leave: fn()) -> ! {
    // Before the loop can see the flag: it returns without waiting for exports.
    crate::export::write::abandon_unfinished();
    asked.stop.store(signal, Ordering::Relaxed);
    // The loop sees the flag within a poll. If it does not end soon, it is stuck: reading from a
    // terminal that has gone away (SIGHUP) can spin inside the terminal library.
    std::thread::sleep(Duration::from_secs(2));
    leave();
    std::process::exit(128 + signal);
}

/// Stops as SIGTSTP's default action does, and returns when continued (`fg`). The system
/// ignores it in an orphaned process group, where no shell could ever continue the job
/// (`xterm -e timeline`): the browser then simply carries on, as vim and less do.
///
/// `whole_group` stops the whole process group, as Ctrl-z in a cooked terminal does, so that a
/// `cargo run` or a script that started the browser stops too and the shell sees the job stop.
/// Only the loop's thread, the process's first, may ask for it: the system hands a signal for
/// the process to that thread, here while it is in `kill`, before the handler is put back.
pub fn stop_job(whole_group: bool) {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(PoisonError::into_inner);
    // SAFETY: sigaction and kill with valid arguments; signal-hook's handler, taken out for the
    // default action, is put back as it was, and the lock keeps two stops from interleaving.
    unsafe {
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        let mut handler: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGTSTP, &default, &mut handler) != 0 {
            return;
        }
        if whole_group {
            libc::kill(0, libc::SIGTSTP);
        } else {
            // To this thread only: it meets the signal on its way out of the call, before the
            // handler is back.
            libc::raise(libc::SIGTSTP);
        }
        libc::sigaction(libc::SIGTSTP, &handler, std::ptr::null_mut());
    }
}
