#!/usr/bin/env python3
"""Plot build time vs N (log-log) for tsunagu and Hugo + Pagefind as a hand-written SVG.

    python3 bench/plot.py bench/results/results.json bench/results/build-time.svg

Stdlib only (no matplotlib), so the plot is byte-identical for the same results.json.
"""

import json
import math
import sys

W, H = 640, 420
ML, MR, MT, MB = 70, 20, 40, 60  # margins
SERIES = [
    ("tsunagu build (render + index)", "tsunagu", "#1f6feb", "circle"),
    ("Hugo + Pagefind", "hugo_pagefind", "#d1242f", "square"),
]


def decades(lo, hi):
    a, b = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
    if a == b:
        b += 1
    return a, b


def fmt_n(v):
    return f"{v:,.0f}"


def fmt_t(v):
    return f"{v:g} s" if v >= 1 else f"{v * 1000:g} ms"


def main():
    src, dest = sys.argv[1], sys.argv[2]
    doc = json.load(open(src, encoding="utf-8"))
    pts = {key: [] for _, key, _, _ in SERIES}
    for r in doc["results"]:
        for _, key, _, _ in SERIES:
            b = r["build"].get(key)
            if b and b.get("median_s"):
                pts[key].append((r["n"], b["median_s"]))
    ns = [n for p in pts.values() for n, _ in p] or [1000, 100000]
    ts = [t for p in pts.values() for _, t in p] or [0.1, 100]
    xa, xb = decades(min(ns), max(ns))
    ya, yb = decades(min(ts), max(ts))
    pw, ph = W - ML - MR, H - MT - MB

    def x(n):
        return ML + (math.log10(n) - xa) / (xb - xa) * pw

    def y(t):
        return MT + ph - (math.log10(t) - ya) / (yb - ya) * ph

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="#fff"/>',
         f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Build time vs number of entries (log-log)</text>']
    for e in range(xa, xb + 1):
        v = 10 ** e
        o.append(f'<line x1="{x(v):.1f}" y1="{MT}" x2="{x(v):.1f}" y2="{MT + ph}" stroke="#ddd"/>')
        o.append(f'<text x="{x(v):.1f}" y="{MT + ph + 18}" text-anchor="middle">{fmt_n(v)}</text>')
    for e in range(ya, yb + 1):
        v = 10.0 ** e
        o.append(f'<line x1="{ML}" y1="{y(v):.1f}" x2="{ML + pw}" y2="{y(v):.1f}" stroke="#ddd"/>')
        o.append(f'<text x="{ML - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{fmt_t(v)}</text>')
    o.append(f'<rect x="{ML}" y="{MT}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    o.append(f'<text x="{ML + pw / 2}" y="{H - 18}" text-anchor="middle">entries (N)</text>')
    o.append(f'<text x="18" y="{MT + ph / 2}" text-anchor="middle" transform="rotate(-90 18 {MT + ph / 2})">median wall time</text>')
    for i, (label, key, color, shape) in enumerate(SERIES):
        p = sorted(pts[key])
        if len(p) > 1:
            o.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                     % (color, " ".join(f"{x(n):.1f},{y(t):.1f}" for n, t in p)))
        for n, t in p:
            if shape == "circle":
                o.append(f'<circle cx="{x(n):.1f}" cy="{y(t):.1f}" r="4" fill="{color}"><title>{label}: N={fmt_n(n)}, {t:.2f} s</title></circle>')
            else:
                o.append(f'<rect x="{x(n) - 4:.1f}" y="{y(t) - 4:.1f}" width="8" height="8" fill="{color}"><title>{label}: N={fmt_n(n)}, {t:.2f} s</title></rect>')
            right = x(n) > ML + pw - 60  # near the right edge: label on the left of the point
            anchor = ' text-anchor="end"' if right else ""
            o.append(f'<text x="{x(n) + (-7 if right else 7):.1f}" y="{y(t) - 6:.1f}" fill="{color}" font-size="11"{anchor}>{t:.2f} s</text>')
        ly = MT + 16 + i * 18
        o.append(f'<line x1="{ML + 12}" y1="{ly - 4}" x2="{ML + 34}" y2="{ly - 4}" stroke="{color}" stroke-width="2"/>')
        o.append(f'<text x="{ML + 40}" y="{ly}">{label}</text>')
    note = (doc.get("note") or "").split(":")[0].split("(")[0].strip()
    if len(note) > 100:
        note = note[:99] + "…"
    if note:
        note = "Conditions: " + note + " (see BENCHMARKS.md)"
        o.append(f'<text x="{W - MR}" y="{H - 4}" text-anchor="end" font-size="10" fill="#666">{note[:110].replace("&", "&amp;").replace("<", "&lt;")}</text>')
    o.append("</svg>")
    with open(dest, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
