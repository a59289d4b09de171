#!/usr/bin/env python3
"""Incremental rebuild time of `tsunagu serve` after editing one entry.

Starts `tsunagu serve --port 0 --root SITE`, waits for the first build and the first
search index, then edits one entry file at a time (a different `.md` entry each time:
its summary changes) and reads the serve log:

    rebuilt N pages in X ms          (pages the edit affects, rendered and published)
    search index updated in X ms     (the search index rebuilt off the request path)

Also measures the wall-clock time from the save to each line (this includes the 50 ms
file-watcher debounce), and the time of page requests sent one after another on one
kept-alive HTTP/1.1 connection, as a browser loads a page and its assets. The edited files
are restored at the end. Prints JSON.

    python3 bench/serve_bench.py --bin target/release/tsunagu --root /tmp/site --edits 7
"""

import argparse
import http.client
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time

REBUILT = re.compile(r"rebuilt (\d+) pages?( \(full\))? in (\d+) ms")
INDEXED = re.compile(r"search index updated in (\d+) ms")
SERVING = re.compile(r"serving .* on (http://\S+)")


def reader(stream, name, q):
    for line in iter(stream.readline, ""):
        q.put((time.monotonic(), name, line.rstrip("\n")))
    q.put((time.monotonic(), name, None))


def wait_for(q, pattern, timeout, log):
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no line matching {pattern.pattern!r} within {timeout} s")
        try:
            t, name, line = q.get(timeout=left)
        except queue.Empty:
            continue
        if line is None:
            raise RuntimeError(f"tsunagu serve closed its {name}")
        log.append(line)
        m = pattern.search(line)
        if m:
            return t, m


def keep_alive_ms(url, paths, rounds=5):
    """Median time of a GET on a connection that already served one (ms)."""
    host = url.split("//", 1)[1].rstrip("/")
    conn = http.client.HTTPConnection(host, timeout=30)
    times = []
    conn.request("GET", "/")
    conn.getresponse().read()
    for _ in range(rounds):
        for p in paths:
            t = time.monotonic()
            conn.request("GET", p)
            conn.getresponse().read()
            times.append((time.monotonic() - t) * 1000)
    conn.close()
    return round(statistics.median(times), 2)


def pick_entries(root, count):
    out = []
    base = os.path.join(root, "content", "entries")
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".md"):
                out.append(os.path.join(dirpath, f))
    if not out:
        raise SystemExit("no .md entries under " + base)
    step = max(1, len(out) // count)
    return [out[(i * step) % len(out)] for i in range(count)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--edits", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()

    env = dict(os.environ)
    env.setdefault("TSUNAGU_TODAY", "2026-11-01")
    proc = subprocess.Popen([args.bin, "serve", "--port", "0", "--root", args.root],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, bufsize=1)
    q = queue.Queue()
    for stream, name in ((proc.stdout, "stdout"), (proc.stderr, "stderr")):
        threading.Thread(target=reader, args=(stream, name, q), daemon=True).start()
    log = []
    originals = {}
    results = []
    try:
        t0 = time.monotonic()
        t_serving, m = wait_for(q, SERVING, args.timeout, log)
        url = m.group(1)
        t_index, m = wait_for(q, INDEXED, args.timeout, log)
        startup = {"serving_s": round(t_serving - t0, 3), "first_index_s": round(t_index - t0, 3),
                   "first_index_ms": int(m.group(1))}
        kept_alive = keep_alive_ms(url, ["/", "/assets/style.css", "/areas/", "/search/"])
        for k, path in enumerate(pick_entries(args.root, args.edits)):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            originals.setdefault(path, text)
            new = re.sub(r'^(summary: ".*?)"$', lambda mm: mm.group(1) + f'（ベンチ編集{k + 1}）"', text, count=1, flags=re.M)
            if new == text:
                new = text + f"\n（ベンチ編集{k + 1}）\n"
            time.sleep(0.3)  # let the watcher settle between edits
            t_save = time.monotonic()
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            t_rebuilt, mr = wait_for(q, REBUILT, args.timeout, log)
            t_indexed, mi = wait_for(q, INDEXED, args.timeout, log)
            results.append({
                "file": os.path.relpath(path, args.root),
                "pages": int(mr.group(1)), "full": bool(mr.group(2)),
                "rebuilt_ms": int(mr.group(3)), "index_ms": int(mi.group(1)),
                "save_to_pages_ms": round((t_rebuilt - t_save) * 1000),
                "save_to_index_ms": round((t_indexed - t_save) * 1000),
            })
            print(f"serve_bench: edit {k + 1}: {results[-1]}", file=sys.stderr)
    finally:
        for path, text in originals.items():
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    def med(key):
        return statistics.median(r[key] for r in results) if results else None

    print(json.dumps({
        "url": url, "edits": len(results), "startup": startup,
        "median_rebuilt_ms": med("rebuilt_ms"), "median_index_ms": med("index_ms"),
        "median_save_to_pages_ms": med("save_to_pages_ms"), "median_save_to_index_ms": med("save_to_index_ms"),
        "median_pages": med("pages"), "keep_alive_request_ms": kept_alive, "runs": results,
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
