//! Signals during an interview. SIGTERM, SIGHUP and SIGQUIT end it cleanly: no record is left
//! half written (the journal writer is held first), whatever is unsaved gets one more try or is
//! copied elsewhere, the terminal leaves raw mode and bracketed paste, and grill exits with
//! 128 + the signal. On a terminal, SIGINT outside the line editor (while an answer is scored or
//! output printed) is ignored: Ctrl-C there never kills; at the prompt the editor reads it as a key.

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::thread;
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle as SignalsHandle, Signals};

use crate::session::journal::{Handle, Held};

/// What to tell the candidate on the way out, once everything is held still.
pub type Farewell = Box<dyn FnOnce(&mut Held<'_>) -> String + Send>;

/// The installed handlers; dropping it stops listening (SIGINT stays ignored) and lets go of
/// the journal writer, so the session's lock is released when the session is.
pub struct Guard {
    signals: SignalsHandle,
    thread: Option<thread::JoinHandle<()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.signals.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Listens for the terminating signals while the interview runs; `terminal` says whether stdin
/// is a terminal to restore (and Ctrl-C to ignore outside the editor).
pub fn install(saving: Handle, terminal: bool, farewell: Farewell) -> io::Result<Guard> {
    let cooked = if terminal {
        rustix::termios::tcgetattr(rustix::stdio::stdin()).ok()
    } else {
        None
    };
    if terminal {
        // A flag nobody reads: the signal is caught, and so does nothing.
        signal_hook::flag::register(SIGINT, Arc::new(AtomicBool::new(false)))?;
    }
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGQUIT])?;
    let handle = signals.handle();
    let thread = thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let code = 128 + signal;
                // Held until the process ends: no record can be half written when it does.
                let mut held = saving.hold();
                let words = farewell(&mut held);
                // A terminal nobody reads any more must not keep the process alive.
                thread::spawn(move || {
                    thread::sleep(Duration::from_secs(2));
                    std::process::exit(code);
                });
                if let Some(cooked) = &cooked {
                    let _ = rustix::termios::tcsetattr(
                        rustix::stdio::stdin(),
                        rustix::termios::OptionalActions::Now,
                        cooked,
                    );
                    // Bracketed paste off, and a fresh line; written directly, since the main
                    // thread may hold the stdout lock.
                    let _ = rustix::io::write(rustix::stdio::stdout(), b"\x1b[?2004l\r\n");
                }
                let line = format!("grill: {}: {words}.\n", name(signal));
                let _ = rustix::io::write(rustix::stdio::stderr(), line.as_bytes());
                std::process::exit(code);
            }
        })?;
    Ok(Guard {
        signals: handle,
        thread: Some(thread),
    })
}

fn name(signal: i32) -> &'static str {
    match signal {
        SIGTERM => "terminated",
        SIGHUP => "the terminal hung up",
        SIGQUIT => "quit",
        _ => "signal",
    }
}
