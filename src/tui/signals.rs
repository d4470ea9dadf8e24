//! Signals and suspension: the terminal is handed back before kgx stops or dies. SIGTERM, SIGHUP
//! and SIGINT are caught (only a flag is set in the handler) and the event loop ends on them;
//! Ctrl-z restores the terminal, stops the process with SIGTSTP and re-enters it on SIGCONT.
//!
//! It also holds the test-only panic trigger, so the pseudo-terminal tests can prove that a panic
//! restores the terminal too.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};

/// The signals after which kgx restores the terminal and ends as that signal would end it.
const ENDING: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];
/// How long the event loop has to end after a signal before the watchdog ends the process.
const GRACE: Duration = Duration::from_secs(1);

/// The last ending signal received, 0 while none.
pub(super) struct Signals {
    received: Arc<AtomicUsize>,
}

impl Signals {
    /// Catches the ending signals; their default action (dying with the terminal in raw mode)
    /// is replaced by a flag the event loop reads.
    pub(super) fn catch() -> io::Result<Signals> {
        let received = Arc::new(AtomicUsize::new(0));
        for sig in ENDING {
            signal_hook::flag::register_usize(sig, Arc::clone(&received), sig as usize)?;
        }
        spawn_watchdog(Arc::clone(&received));
        Ok(Signals { received })
    }

    /// The ending signal received since the explorer started, if any.
    pub(super) fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            sig => Some(sig as i32),
        }
    }
}

/// A caught signal must still end kgx when the event loop cannot see it. With crossterm's mio
/// reader, kgx processes whose pty had closed were found spinning at 100% CPU and ignoring
/// SIGTERM (the flag was set, the loop never looked). The /dev/tty reader now used returns an
/// error on a dead terminal instead, so this is defence in depth: whatever the loop is stuck
/// in, a caught signal ends kgx within [`GRACE`].
fn spawn_watchdog(received: Arc<AtomicUsize>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            let sig = received.load(Ordering::SeqCst);
            if sig != 0 {
                std::thread::sleep(GRACE);
                super::leave_terminal();
                die_by(sig as i32);
            }
        }
    });
}

/// Ends the process as `sig` would have ended it (the shell sees "terminated by signal"), once
/// the terminal is restored. Falls back to exit status 128 + `sig`.
pub(super) fn die_by(sig: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(sig);
    std::process::exit(128 + sig)
}

/// Stops the process as Ctrl-z does in a cooked terminal; returns once it is continued. In a
/// process group without job control the kernel discards SIGTSTP and this returns at once,
/// which is what a shell without job control expects (nobody could resume a stopped kgx).
pub(super) fn stop_until_continued() -> io::Result<()> {
    signal_hook::low_level::raise(SIGTSTP)
}
