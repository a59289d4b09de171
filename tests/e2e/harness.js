// Shared set-up for the browser tests: build the default site once, serve it with nginx on
// loopback, launch Debian's Chromium, and ask the CLI for the results the browser must match.
import { execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, cpSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const bin = process.env.TSUNAGU_BIN || join(repo, "target/release/tsunagu");

/** The built default site: `TSUNAGU_SITE` if the runner built it already, else built here. */
export function site() {
  if (process.env.TSUNAGU_SITE) return resolve(process.env.TSUNAGU_SITE);
  const out = join(mkdtempSync(join(tmpdir(), "tsunagu-e2e-")), "public");
  execFileSync(bin, ["build", "--root", repo, "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  process.env.TSUNAGU_SITE = out;
  return out;
}

/** The default site built with extra lines appended to its site.yaml (e.g. a base_url). */
export function siteWith(extraSiteYaml) {
  const root = mkdtempSync(join(tmpdir(), "tsunagu-e2e-root-"));
  cpSync(join(repo, "content"), join(root, "content"), { recursive: true });
  appendFileSync(join(root, "content/site.yaml"), "\n" + extraSiteYaml + "\n");
  const out = join(root, "public");
  execFileSync(bin, ["build", "--root", root, "--out", out], { stdio: ["ignore", "ignore", "inherit"] });
  return out;
}

/** `tsunagu search --json` ids for a query, best first. */
export function cliIds(query, limit = 10) {
  const json = execFileSync(bin, ["search", "--index", join(site(), "search-index"), "--json", "--limit", String(limit), query], { encoding: "utf8" });
  return JSON.parse(json).map((h) => h.id);
}

/**
 * Serves `dir` as a real static host would: Debian's nginx on a free port of 127.0.0.1,
 * gzip on for text, JSON, JavaScript and wasm (index files served as they are), byte
 * ranges answered. `{ range: false }` makes it ignore Range (a 200 with the whole file),
 * as some hosts do. `log()` gives every request so far: `{path, status, bytes, range}`.
 */
export async function serve(dir = site(), { range = true } = {}) {
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

/** Debian's Chromium, headless, with the flags this workplace needs and a fresh profile. */
export async function browser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
}
