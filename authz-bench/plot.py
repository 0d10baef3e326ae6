#!/usr/bin/env python3
"""Draws docs/benchmarks.svg from a JMH JSON result file (java -jar benchmarks.jar ... -rf json).

No dependencies beyond the Python standard library: the SVG is written by hand. One group of
bars per decision contender (ns/op, log scale), one bar per rule count; compile and parse
times (ms/op) are left to the table, since they are another unit.

usage: python3 authz-bench/plot.py RESULT.json [OUT.svg]
       python3 authz-bench/plot.py --table RESULT.json   (Markdown table on stdout)
"""
import json
import math
import sys

ORDER = [
    "PeerBenchmark.hashMapLookup",
    "DecisionBenchmark.cached",
    "DecisionBenchmark.cachedWithStats",
    "DecisionBenchmark.cachedMultiThread",
    "DecisionBenchmark.uncached",
    "DecisionBenchmark.uncachedNoView",
    "PeerBenchmark.regexScan",
    "PeerBenchmark.jcasbin",
]
COLOURS = {"10": "#9ecae1", "1000": "#4292c6", "10000": "#08519c"}


def load(path):
    with open(path) as f:
        runs = json.load(f)
    scores = {}
    for run in runs:
        name = ".".join(run["benchmark"].split(".")[-2:])
        rules = run.get("params", {}).get("rules", "")
        metric = run["primaryMetric"]
        if metric["scoreUnit"] != "ns/op":
            continue
        scores[(name, rules)] = metric["score"]
    return scores


def table(path):
    with open(path) as f:
        runs = json.load(f)
    rows = {}
    for run in runs:
        name = ".".join(run["benchmark"].split(".")[-2:])
        rules = run.get("params", {}).get("rules", "")
        metric = run["primaryMetric"]
        alloc = run.get("secondaryMetrics", {}).get("\u00b7gc.alloc.rate.norm") or run.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        rows[(name, rules)] = (metric["score"], metric["scoreError"], metric["scoreUnit"], alloc["score"] if alloc else None)
    floor = {r: v[0] for (n, r), v in rows.items() if n == "PeerBenchmark.hashMapLookup"}
    print("| benchmark | rules | score | error | unit | B/op | x hashMapLookup |")
    print("|---|---:|---:|---:|---|---:|---:|")
    for (name, rules), (score, error, unit, alloc) in sorted(rows.items(), key=lambda kv: (kv[0][0], int(kv[0][1] or 0))):
        ratio = f"{score / floor[rules]:.1f}" if unit == "ns/op" and rules in floor else ""
        b = "" if alloc is None else (f"{alloc:.0f}" if alloc >= 0.5 else "0")
        print(f"| {name} | {rules} | {score:.4g} | {error:.2g} | {unit} | {b} | {ratio} |")


def svg(scores):
    names = [n for n in ORDER if any(k[0] == n for k in scores)]
    rule_counts = sorted({k[1] for k in scores}, key=lambda r: int(r) if r else 0)
    lo = 10 ** math.floor(math.log10(min(scores.values())))
    hi = 10 ** math.ceil(math.log10(max(scores.values())))
    width, height = 960, 460
    left, right, top, bottom = 70, 20, 40, 120
    plot_w, plot_h = width - left - right, height - top - bottom
    group_w = plot_w / max(1, len(names))
    bar_w = group_w * 0.8 / max(1, len(rule_counts))

    def y(v):
        return top + plot_h * (1 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">One PUBLISH decision, ns/op (log scale; lower is better)</text>']
    decade = lo
    while decade <= hi:
        yy = y(decade)
        out.append(f'<line x1="{left}" y1="{yy:.1f}" x2="{width - right}" y2="{yy:.1f}" stroke="#ddd"/>')
        label = f"{decade:g}" if decade < 1e6 else f"1e{int(math.log10(decade))}"
        out.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" text-anchor="end">{label}</text>')
        decade *= 10
    for gi, name in enumerate(names):
        gx = left + gi * group_w + group_w * 0.1
        for ri, rules in enumerate(rule_counts):
            v = scores.get((name, rules))
            if v is None:
                continue
            x = gx + ri * bar_w
            yy = y(v)
            out.append(f'<rect x="{x:.1f}" y="{yy:.1f}" width="{bar_w - 2:.1f}" height="{top + plot_h - yy:.1f}" '
                       f'fill="{COLOURS.get(rules, "#888")}"><title>{name} rules={rules}: {v:.3g} ns/op</title></rect>')
            out.append(f'<text x="{x + bar_w / 2 - 1:.1f}" y="{yy - 3:.1f}" text-anchor="middle" font-size="9">{v:.3g}</text>')
        label = name.split(".")[1]
        cx = left + gi * group_w + group_w / 2
        out.append(f'<text x="{cx:.1f}" y="{top + plot_h + 16}" text-anchor="end" '
                   f'transform="rotate(-30 {cx:.1f} {top + plot_h + 16})">{label}</text>')
    for ri, rules in enumerate(rule_counts):
        lx = left + 10 + ri * 110
        out.append(f'<rect x="{lx}" y="{height - 22}" width="12" height="12" fill="{COLOURS.get(rules, "#888")}"/>')
        out.append(f'<text x="{lx + 16}" y="{height - 12}">{rules} rules</text>')
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="black"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "--table":
        table(sys.argv[2])
        return
    target = sys.argv[2] if len(sys.argv) > 2 else "docs/benchmarks.svg"
    with open(target, "w") as f:
        f.write(svg(load(sys.argv[1])))
    print("wrote", target)


if __name__ == "__main__":
    main()
