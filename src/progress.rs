//! A spinner for builds that take longer than a second. Silent when stderr is not a
//! terminal or when running in CI, so logs stay clean.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Reports the build's current stage.
#[derive(Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// No output at all.
    pub fn hidden() -> Self {
        Progress { bar: None, done: Arc::default() }
    }

    /// A spinner that appears after one second on an interactive terminal outside CI.
    pub fn for_terminal() -> Self {
        if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return Self::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
        let done: Arc<Mutex<bool>> = Arc::default();
        let (b, d) = (bar.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !*d.lock().expect("progress lock") {
                b.set_draw_target(ProgressDrawTarget::stderr());
                b.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress { bar: Some(bar), done }
    }

    pub fn stage(&self, message: &str) {
        if let Some(b) = &self.bar {
            b.set_message(message.to_string());
        }
    }

    pub fn finish(&self) {
        *self.done.lock().expect("progress lock") = true;
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
