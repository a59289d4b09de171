// Shared set-up for the browser tests: build the default site once, serve it with nginx on
// loopback, launch Debian's Chromium, and ask the CLI for the results the browser must match.
import { execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { nginx } from "./nginx.js";

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
 * Serves `dir` as a real static host would (Debian's nginx on loopback, ./nginx.js); by
 * default the built default site.
 */
export function serve(dir = site(), options = {}) {
  return nginx(dir, options);
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
