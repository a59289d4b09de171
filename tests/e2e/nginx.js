// A real static host for the browser tests and the benchmark (bench/browser.mjs): Debian's
// nginx, started on a free port of 127.0.0.1 and stopped by the caller. Node built-ins only,
// so the benchmark can import it without this folder's node_modules.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Serves `dir` as a plain static host configured the usual way: gzip on for text, JSON,
 * JavaScript and wasm, precompressed `.gz` copies served when present (`gzip_static`), other
 * files (the index) as they are, byte ranges answered. `{ range: false }` makes it ignore
 * Range (a 200 with the whole file), as some hosts do. `log()` gives every request so far:
 * `{path, status, bytes, range}`, `bytes` as sent (headers included).
 */
export async function nginx(dir, { range = true } = {}) {
  dir = resolve(dir);
  const tmp = mkdtempSync(join(tmpdir(), "tsunagu-nginx-"));
  const port = await freePort();
  const conf = join(tmp, "nginx.conf");
  const log = join(tmp, "access.log");
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  writeFileSync(conf, `
${root ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/error.log warn;
events { worker_connections 256; }
http {
  types {
    text/html html; text/css css; text/javascript js; application/json json;
    application/wasm wasm; image/svg+xml svg; application/xml xml;
  }
  default_type application/octet-stream;
  log_format moved '$uri $status $bytes_sent "$http_range"';
  access_log ${log} moved;
  client_body_temp_path ${tmp}/body; proxy_temp_path ${tmp}/proxy;
  fastcgi_temp_path ${tmp}/fastcgi; uwsgi_temp_path ${tmp}/uwsgi; scgi_temp_path ${tmp}/scgi;
  sendfile on;
  gzip on;
  gzip_static on;
  gzip_types text/css text/javascript application/json application/wasm application/xml image/svg+xml;
  ${range ? "" : "max_ranges 0;"}
  server {
    listen 127.0.0.1:${port};
    root ${dir};
    index index.html;
    error_page 404 /404.html;
  }
}
`);
  const proc = spawn(process.env.NGINX || "/usr/sbin/nginx", ["-c", conf, "-p", tmp], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr.on("data", (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(async () => {
    if (proc.exitCode !== null) throw new Error("nginx exited: " + stderr);
    try { await fetch(url); return true; } catch { return false; }
  });
  return {
    url,
    log: () => (existsSync(log) ? readFileSync(log, "utf8") : "").split("\n").filter(Boolean).map((l) => {
      const m = /^(\S+) (\d+) (\d+) "(.*)"$/.exec(l);
      return { path: m[1], status: Number(m[2]), bytes: Number(m[3]), range: m[4] === "-" ? "" : m[4] };
    }),
    close: () => new Promise((ok) => { proc.once("exit", ok); proc.kill("SIGTERM"); }),
  };
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

async function waitFor(check, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("timed out");
}
