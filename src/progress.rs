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
    /// With `TSUNAGU_TIMINGS=1`, each stage's duration is printed to stderr.
    timings: Option<Arc<Mutex<(String, std::time::Instant)>>>,
}

fn timings() -> Option<Arc<Mutex<(String, std::time::Instant)>>> {
    std::env::var_os("TSUNAGU_TIMINGS")
        .map(|_| Arc::new(Mutex::new((String::new(), std::time::Instant::now()))))
}

impl Progress {
    /// No output at all.
    pub fn hidden() -> Self {
        Progress {
            bar: None,
            done: Arc::default(),
            timings: timings(),
        }
    }

    /// A spinner that appears after one second on an interactive terminal outside CI.
    pub fn for_terminal() -> Self {
        if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return Self::hidden();
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"),
        );
        let done: Arc<Mutex<bool>> = Arc::default();
        let (b, d) = (bar.clone(), done.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !*d.lock().expect("progress lock") {
                b.set_draw_target(ProgressDrawTarget::stderr());
                b.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Progress {
            bar: Some(bar),
            done,
            timings: timings(),
        }
    }

    pub fn stage(&self, message: &str) {
        self.lap(message);
        if let Some(b) = &self.bar {
            b.set_message(message.to_string());
        }
    }

    fn lap(&self, next: &str) {
        if let Some(t) = &self.timings {
            let mut t = t.lock().expect("timings lock");
            if !t.0.is_empty() {
                eprintln!(
                    "timing: {:<40} {:>8.1} ms",
                    t.0,
                    t.1.elapsed().as_secs_f64() * 1e3
                );
            }
            *t = (next.to_string(), std::time::Instant::now());
        }
    }

    pub fn finish(&self) {
        self.lap("");
        *self.done.lock().expect("progress lock") = true;
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
