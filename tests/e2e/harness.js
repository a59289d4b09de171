// Shared set-up for the browser tests: build the default site once, serve it on loopback,
// launch Debian's Chromium, and ask the CLI for the results the browser must match.
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync, cpSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, extname, resolve, normalize, sep } from "node:path";
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

const MIME = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
  ".wasm": "application/wasm", ".xml": "application/xml", ".svg": "image/svg+xml",
};

/** A static server for `dir` on 127.0.0.1; `requests` records every path asked for. */
export async function serve(dir = site()) {
  dir = resolve(dir);
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requests.push(path);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir + sep) && file !== dir) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) { res.writeHead(404, { "content-type": MIME[".html"] }).end(readFileSync(join(dir, "404.html"))); return; }
    res.writeHead(200, { "content-type": MIME[extname(file)] || "application/octet-stream" }).end(readFileSync(file));
  });
  const sockets = new Set();
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    requests,
    close: () => new Promise((ok) => { sockets.forEach((s) => s.destroy()); server.close(ok); }),
  };
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
