//! The binary's progress display: while a long library call runs on the
//! main thread, a spinner with the elapsed time (planning, whose end the
//! library cannot foretell) or a bar of samples done (a Monte Carlo run,
//! counted by the library in an atomic counter) appears on stderr once the
//! call has taken more than a second, and goes away when it returns. Only
//! when stderr is a terminal and `--quiet` is not given; it never touches
//! stdout or any file.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a call runs before the spinner shows.
const DELAY: Duration = Duration::from_secs(1);

/// Whether progress is shown at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Spinner on stderr for long calls.
    Shown,
    /// Nothing (`--quiet`, or stderr is not a terminal).
    Hidden,
}

impl Progress {
    /// Shown when stderr is a terminal and the user did not ask for quiet.
    pub fn for_stderr(quiet: bool) -> Progress {
        if !quiet && std::io::stderr().is_terminal() {
            Progress::Shown
        } else {
            Progress::Hidden
        }
    }

    /// Runs `work`, with a spinner saying `message` if it takes long.
    pub fn run<T>(self, message: &str, work: impl FnOnce() -> T) -> T {
        self.show(message, None, |_| work())
    }

    /// Runs `work`, which adds one to the counter it is given per unit of
    /// `total`, with a bar saying `message` and the units done if it takes
    /// long.
    pub fn run_counted<T>(
        self,
        message: &str,
        total: usize,
        work: impl FnOnce(&AtomicUsize) -> T,
    ) -> T {
        self.show(message, Some(total), work)
    }

    /// Runs `work` on this thread while another, after [`DELAY`], draws a
    /// bar of the counter out of `total`, or a spinner without a total,
    /// until `work` returns.
    fn show<T>(
        self,
        message: &str,
        total: Option<usize>,
        work: impl FnOnce(&AtomicUsize) -> T,
    ) -> T {
        let counter = AtomicUsize::new(0);
        if self == Progress::Hidden {
            return work(&counter);
        }
        let (done, finished) = mpsc::channel::<()>();
        let message = message.to_string();
        thread::scope(|scope| {
            let counter = &counter;
            scope.spawn(move || {
                if finished.recv_timeout(DELAY) != Err(RecvTimeoutError::Timeout) {
                    return;
                }
                let target = ProgressDrawTarget::stderr();
                let bar = match total {
                    Some(total) => ProgressBar::with_draw_target(Some(total as u64), target)
                        .with_style(
                            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}")
                                .unwrap_or_else(|_| ProgressStyle::default_bar())
                                .progress_chars("=> "),
                        ),
                    None => ProgressBar::with_draw_target(None, target).with_style(
                        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    ),
                };
                bar.set_message(message);
                // Until `done` is dropped: the counter (or the spinner's next
                // frame) every tenth of a second.
                while finished.recv_timeout(Duration::from_millis(100))
                    == Err(RecvTimeoutError::Timeout)
                {
                    match total {
                        Some(total) => {
                            bar.set_position(counter.load(Ordering::Relaxed).min(total) as u64)
                        }
                        None => bar.tick(),
                    }
                }
                bar.finish_and_clear();
            });
            let out = work(counter);
            drop(done);
            out
        })
    }
}
