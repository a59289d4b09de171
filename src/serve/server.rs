//! The preview's HTTP/1.1 server: hyper on a two-thread tokio runtime. Request heads are
//! bounded in size and in the time they may take, bodies are never read, connections are
//! bounded in number, and kept-alive requests are answered at once (no Nagle delay).

use std::convert::Infallible;
use std::net::TcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{mpsc, Semaphore};

use super::{http, Shared};

/// How long a client may take to send a request's head (and a kept-alive connection may
/// stay idle) before it is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once; further ones wait to be accepted.
const MAX_CONNECTIONS: usize = 256;
/// Bytes of a request head buffered per connection; a longer head is refused (431/400).
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How often an idle event stream gets a comment, so proxies and browsers keep it open.
const EVENT_KEEP_ALIVE: Duration = Duration::from_secs(15);

type ReplyBody = BoxBody<Bytes, Infallible>;

/// Serves `shared` on `listener` until the process ends.
pub fn run(listener: TcpListener, shared: Arc<Shared>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("tsunagu-http")
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        loop {
            let permit = slots.clone().acquire_owned().await.expect("never closed");
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                // Out of file descriptors and the like: wait instead of spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let shared = shared.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |request| {
                    let reply = answer(&request, &shared);
                    async move { Ok::<_, Infallible>(reply) }
                });
                // Errors here are the client's (malformed request, timeout, reset): the
                // connection is closed and the server goes on.
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .max_buf_size(MAX_HEAD_BYTES)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(permit);
            });
        }
    })
}

/// The response to one request.
fn answer(request: &Request<Incoming>, shared: &Arc<Shared>) -> Response<ReplyBody> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        // The body is never read: hyper closes the connection instead of draining it.
        let mut response = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: the preview only answers GET and HEAD\n",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let url = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    if url.starts_with("/__tsunagu/events") {
        return events(shared);
    }
    let reply = super::respond(&url, shared);
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok());
    let total = reply.body.len();
    let mut body = Bytes::from(reply.body);
    let mut status = reply.status;
    let mut content_range = None;
    // Byte ranges, as static hosts answer them: the search reads the index this way.
    if status == 200 {
        match http::byte_range(range, total) {
            Some(Ok((start, end))) => {
                content_range = Some(format!("bytes {start}-{}/{total}", end - 1));
                body = body.slice(start..end);
                status = 206;
            }
            Some(Err(())) => {
                content_range = Some(format!("bytes */{total}"));
                body = Bytes::new();
                status = 416;
            }
            None => {}
        }
    }
    let mut response = Response::new(Full::new(body).boxed());
    *response.status_mut() = StatusCode::from_u16(status).expect("a valid status");
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Some(value) = content_range.and_then(|v| HeaderValue::from_str(&v).ok()) {
        headers.insert(header::CONTENT_RANGE, value);
    }
    if reply.content_type.starts_with("text/html") {
        let path = http::resolve(&url).unwrap_or_default();
        if let Ok(value) = HeaderValue::from_str(&crate::render::csp::header(&path)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    response
}

fn plain(status: StatusCode, text: &'static str) -> Response<ReplyBody> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())).boxed());
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A Server-Sent Events stream: one `reload` event now and one after every rebuild, with
/// a comment every [`EVENT_KEEP_ALIVE`] in between. It ends when the page goes away.
fn events(shared: &Shared) -> Response<ReplyBody> {
    let (tx, rx) = mpsc::channel::<Bytes>(4);
    let mut status = shared.status.subscribe();
    tokio::spawn(async move {
        let mut generation = status.borrow_and_update().generation;
        let mut message = http::sse_event("reload", &generation.to_string());
        loop {
            if tx.send(Bytes::from(message)).await.is_err() {
                return; // the page is gone
            }
            message = match tokio::time::timeout(EVENT_KEEP_ALIVE, status.changed()).await {
                Err(_) => ": keep-alive\n\n".to_string(),
                Ok(Err(_)) => return, // the server is stopping
                Ok(Ok(())) => {
                    generation = status.borrow_and_update().generation;
                    http::sse_event("reload", &generation.to_string())
                }
            };
        }
    });
    let mut response = Response::new(EventStream(rx).boxed());
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A response body made of the messages sent into a channel.
struct EventStream(mpsc::Receiver<Bytes>);

impl Body for EventStream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|m| m.map(|b| Ok(Frame::data(b))))
    }
}
