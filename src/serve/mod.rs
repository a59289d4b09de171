//! `tsunagu serve`: builds into memory, serves on loopback, watches `content/` and
//! `themes/`, rebuilds what a change affects and reloads open pages. When content is
//! invalid the last good site stays served, with an overlay naming the errors.

pub mod http;
pub mod rebuild;
mod server;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Files;
use rebuild::Rebuilder;
use search_index::index::AnalysisCache;

const LIVE_JS: &str = include_str!("live.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// Options of `tsunagu serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
}

/// What the server shows: the last good files and the [`Status`], watched by open pages.
struct Shared {
    files: RwLock<Files>,
    status: tokio::sync::watch::Sender<Status>,
}

/// A counter that changes on every rebuild, so pages know to reload, and the errors of
/// the last one.
#[derive(Debug, Clone, Default)]
struct Status {
    generation: u64,
    errors: Vec<Diagnostic>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            files: RwLock::default(),
            status: tokio::sync::watch::Sender::new(Status::default()),
        }
    }
}

impl Shared {
    fn publish(&self, errors: Vec<Diagnostic>) {
        self.status.send_modify(|s| {
            s.generation += 1;
            s.errors = errors;
        });
    }
}

/// Why the preview could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the site root {}: {source}", path.display())]
    Root {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {addr}: {message} (is another server using the port? try --port 0)")]
    Listen { addr: SocketAddr, message: String },
    #[error("cannot watch {}: {message}", path.display())]
    Watch { path: PathBuf, message: String },
}

/// Runs the server until the process is stopped.
pub fn run(mut opts: Options) -> Result<(), ServeError> {
    // Watcher events carry absolute paths: compare them with absolute paths.
    opts.root = opts
        .root
        .canonicalize()
        .map_err(|source| ServeError::Root {
            path: opts.root.clone(),
            source,
        })?;
    let shared = Arc::new(Shared::default());
    let mut rebuilder = Rebuilder::new(&opts.root);
    let start = Instant::now();
    match rebuilder.rebuild(&[]) {
        Ok((patch, diags)) => {
            print_diags(&diags);
            *shared.files.write().expect("files lock") = patch.files;
            eprintln!(
                "built {} pages in {} ms",
                patch.pages,
                start.elapsed().as_millis()
            );
        }
        Err(diags) => {
            print_diags(&diags);
            eprintln!("the site has errors: fix them and save; the browser shows them too");
            shared.publish(sorted(diags));
        }
    }
    let index = IndexWorker::spawn(shared.clone());
    if let Some(site) = rebuilder.site() {
        index.request(site.clone());
    }

    let listen = SocketAddr::new(opts.bind, opts.port);
    let listen_error = |e: std::io::Error| ServeError::Listen {
        addr: listen,
        message: e.to_string(),
    };
    let listener = TcpListener::bind(listen).map_err(listen_error)?;
    let addr = listener.local_addr().map_err(listen_error)?;
    let url = format!("http://{addr}/");
    let _watcher = watch(&opts.root, shared.clone(), rebuilder, index)?;
    println!("serving {} on {url} (Ctrl+C to stop)", opts.root.display());
    if opts.open {
        let _ = std::process::Command::new(if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        })
        .arg(&url)
        .spawn();
    }
    server::run(listener, shared).map_err(listen_error)?;
    Ok(())
}

fn sorted(diags: Diagnostics) -> Vec<Diagnostic> {
    diags
        .into_sorted()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

fn print_diags(diags: &Diagnostics) {
    for d in diags.clone().into_sorted() {
        eprintln!("{d}");
    }
}

/// Rebuilds the search index off the request path; only the newest request is built.
struct IndexWorker {
    pending: Arc<(Mutex<Option<crate::validate::Site>>, Condvar)>,
}

impl IndexWorker {
    fn spawn(shared: Arc<Shared>) -> IndexWorker {
        let pending: Arc<(Mutex<Option<crate::validate::Site>>, Condvar)> = Arc::default();
        let p = pending.clone();
        // One thread: the index is rebuilt in the background and must leave the other core
        // to the page rebuilds that the coordinator is waiting for.
        // Its thread also runs at the lowest priority, so a save during a long index build
        // still gets a core at once.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .start_handler(|_| lower_priority())
            .build()
            .expect("thread pool");
        std::thread::spawn(move || {
            let mut cache = AnalysisCache::default();
            loop {
                let site = {
                    let mut slot = p.0.lock().expect("index lock");
                    while slot.is_none() {
                        slot = p.1.wait(slot).expect("index lock");
                    }
                    slot.take().expect("checked")
                };
                let start = Instant::now();
                let mut diags = Diagnostics::default();
                if let Some(files) =
                    pool.install(|| crate::index::files_for_server(&site, &mut diags, &mut cache))
                {
                    let mut all = shared.files.write().expect("files lock");
                    all.retain(|p| !crate::index::is_index_output(p));
                    all.extend(files);
                    drop(all);
                    eprintln!("search index updated in {} ms", start.elapsed().as_millis());
                    // then the open data, which nothing on the pages waits for
                    let data = pool.install(|| crate::opendata::files(&site));
                    let mut all = shared.files.write().expect("files lock");
                    all.retain(|p| !crate::opendata::is_output(p));
                    all.extend(data);
                } else {
                    print_diags(&diags);
                }
            }
        });
        IndexWorker { pending }
    }

    fn request(&self, site: crate::validate::Site) {
        *self.pending.0.lock().expect("index lock") = Some(site);
        self.pending.1.notify_one();
    }
}

/// Makes the calling thread the last to be scheduled (Linux: nice is per thread).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `who = 0` is the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 19);
    }
}

type Watcher = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

fn watch(
    root: &Path,
    shared: Arc<Shared>,
    mut rebuilder: Rebuilder,
    index: IndexWorker,
) -> Result<Watcher, ServeError> {
    let ignored = |p: &Path| {
        p.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with('.') || n.ends_with('~') || n.ends_with(".swp")
        })
    };
    let mut debouncer = new_debouncer(
        Duration::from_millis(50),
        None,
        move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            // Reading files (ours included) raises access events: only writes count.
            let mut changed: Vec<PathBuf> = events
                .iter()
                .filter(|e| {
                    e.kind.is_create()
                        || e.kind.is_remove()
                        || (e.kind.is_modify()
                            && !matches!(e.kind, EventKind::Modify(ModifyKind::Metadata(_))))
                })
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| !ignored(p))
                .collect();
            if changed.is_empty() {
                return;
            }
            changed.sort();
            changed.dedup();
            let start = Instant::now();
            match rebuilder.rebuild(&changed) {
                Ok((patch, diags)) => {
                    print_diags(&diags);
                    {
                        let mut files = shared.files.write().expect("files lock");
                        if patch.full {
                            files.retain(is_background_output);
                        }
                        for path in &patch.removed {
                            files.remove(path);
                        }
                        for (path, bytes) in patch.files.iter() {
                            files.insert(path, bytes.to_vec());
                        }
                    }
                    shared.publish(Vec::new());
                    eprintln!(
                        "rebuilt {} pages{} in {} ms",
                        patch.pages,
                        if patch.full { " (full)" } else { "" },
                        start.elapsed().as_millis()
                    );
                    if let Some(site) = rebuilder.site() {
                        index.request(site.clone());
                    }
                }
                Err(diags) => {
                    print_diags(&diags);
                    eprintln!("kept the previous site: {} error(s)", diags.error_count());
                    shared.publish(sorted(diags));
                }
            }
        },
    )
    .map_err(|e| ServeError::Watch {
        path: root.to_path_buf(),
        message: e.to_string(),
    })?;
    for dir in [root.join("content"), root.join("themes")] {
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| ServeError::Watch {
                    path: dir.clone(),
                    message: e.to_string(),
                })?;
        }
    }
    Ok(debouncer)
}

/// The reply for a request path (everything but the event stream).
fn respond(url: &str, shared: &Shared) -> http::Reply {
    if url.split('?').next() == Some("/__tsunagu/live.js") {
        return http::Reply {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: LIVE_JS.as_bytes().to_vec(),
        };
    }
    if url.split('?').next() == Some("/__tsunagu/overlay.css") {
        return http::Reply {
            status: 200,
            content_type: "text/css; charset=utf-8",
            body: OVERLAY_CSS.as_bytes().to_vec(),
        };
    }
    let Some(path) = http::resolve(url) else {
        return http::Reply {
            status: 403,
            content_type: "text/plain; charset=utf-8",
            body: b"403 Forbidden: the path leaves the site\n".to_vec(),
        };
    };
    let Status { generation, errors } = shared.status.borrow().clone();
    let files = shared.files.read().expect("files lock");
    let (status, path, body) = match files.get(&path) {
        Some(b) => (200, path, b.to_vec()),
        None => match files.get(&format!("{path}/index.html")) {
            Some(b) => (200, format!("{path}/index.html"), b.to_vec()),
            None => (
                404,
                "404.html".to_string(),
                files
                    .get("404.html")
                    .map(<[u8]>::to_vec)
                    .unwrap_or_else(|| {
                        b"<!DOCTYPE html><title>404</title><body><h1>404 Not Found</h1></body>"
                            .to_vec()
                    }),
            ),
        },
    };
    let content_type = http::mime(&path);
    let body = if content_type.starts_with("text/html") {
        http::inject(&body, generation, &errors)
    } else {
        body
    };
    http::Reply {
        status,
        content_type,
        body,
    }
}

/// The files the background worker makes (the search index and the open data), which a
/// page rebuild leaves in place.
fn is_background_output(path: &str) -> bool {
    crate::index::is_index_output(path) || crate::opendata::is_output(path)
}
