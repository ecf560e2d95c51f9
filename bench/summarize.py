#!/usr/bin/env python3
"""Turns the measurements of one `bench/run.sh` run (bench/out/<count>/) into a Markdown report with the ratios
(ours / limit, ours / baseline) and the targets of issue 6. A measurement that is missing is written as
"not measured", never guessed.

    python3 bench/summarize.py bench/out/100000 > results.md
"""

import json
import os
import re
import sys

OUT = sys.argv[1]


def load(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        return None
    with open(path) as file:
        text = file.read().strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def load_lines(name):
    path = os.path.join(OUT, name)
    if not os.path.exists(path):
        return {}
    out = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            record = json.loads(line)
            out[record["name"]] = record
    return out


def wrk():
    path = os.path.join(OUT, "wrk.txt")
    if not os.path.exists(path):
        return None
    text = open(path).read()
    result = {}
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if match:
        result["rps"] = float(match.group(1))
    for pct in ("50", "90", "99"):
        match = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)\s*$" % pct, text, re.M)
        if match:
            value = float(match.group(1)) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[match.group(2)]
            result["p" + pct] = value
    match = re.search(r"(\d+) requests in", text)
    if match:
        result["requests"] = int(match.group(1))
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    result["non_2xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: (.*)", text)
    result["socket_errors"] = match.group(1) if match else "none"
    return result if "rps" in result else None


def fmt(value, digits=1, unit=""):
    if value is None:
        return "not measured"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return f"{value:,}{unit}"


def ratio(ours, reference):
    if ours is None or reference in (None, 0):
        return "—"
    return f"{ours / reference:.2f}"


def verdict(ok):
    if ok is None:
        return "not measured"
    return "met" if ok else "**missed**"


machine = load("machine.json") or {}
corpus = load("corpus.json") or {}
limit = load("limit.json")
limit1 = load("limit_1thread.json")
index = load("index.json")
subset = load("subset_index.json")
whoosh = load("baseline_whoosh.json")
fts5 = load("baseline_fts5.json")
cache = load("cache.json") or {}
queries = load_lines("query.jsonl")
http = wrk()

count = machine.get("count")
text_bytes = limit["text_bytes"] if limit else None
ours_rps = index["files"] / index["seconds"] if index and index["seconds"] else None
ours_mbps = text_bytes / 1e6 / index["seconds"] if index and text_bytes and index["seconds"] else None
size_ratio = index["index_bytes"] / text_bytes if index and text_bytes else None

print(f"# Benchmark results: {fmt(count)} generated reports")
print()
print(f"- Machine: {machine.get('cpu', '?')}, {machine.get('cores', '?')} cores, {machine.get('memory_gb', '?')} GB, "
      f"Linux {machine.get('kernel', '?')}; {machine.get('rustc', '?')}")
print(f"- Commit {machine.get('commit', '?')}, {machine.get('date', '?')}; corpus seed {machine.get('seed', '?')}, "
      f"{fmt(corpus.get('corpus_bytes', 0) / 1e6)} MB of files, "
      f"{fmt(text_bytes / 1e6 if text_bytes else None)} MB of text after parsing")
print()
print("| measure | nianbao | reference | ratio | target |")
print("|---|---|---|---|---|")
if limit:
    print(f"| segmentation limit, {limit['threads']} threads (jieba-rs `cut_for_search`) | — | "
          f"{fmt(limit['reports_per_s'], 0)} reports/s, {fmt(limit['mb_per_s'])} MB/s | — | — |")
if limit1:
    print(f"| segmentation, 1 thread | — | {fmt(limit1['reports_per_s'], 0)} reports/s, "
          f"{fmt(limit1['mb_per_s'])} MB/s | — | — |")
met = ours_rps / limit["reports_per_s"] >= 0.75 if ours_rps and limit else None
print(f"| `nianbao index` throughput (parse + index + commit) | {fmt(ours_rps, 0)} reports/s, {fmt(ours_mbps)} MB/s | "
      f"limit {fmt(limit['reports_per_s'] if limit else None, 0)} reports/s | "
      f"{ratio(ours_rps, limit['reports_per_s'] if limit else None)} | ≥ 0.75 of limit: {verdict(met)} |")
print(f"| `nianbao index` peak memory (max RSS) | {fmt(index['max_rss_kb'] / 1024 if index else None, 0, ' MB')} | — | — | — |")
met = size_ratio <= 0.60 if size_ratio is not None else None
print(f"| index size / raw text | {fmt(index['index_bytes'] / 1e6 if index else None, 1, ' MB')} | "
      f"{fmt(text_bytes / 1e6 if text_bytes else None, 1, ' MB')} text | {fmt(size_ratio, 2)} | ≤ 0.60: {verdict(met)} |")

subset_rps = subset["files"] / subset["seconds"] if subset and subset["seconds"] else None
for base in (whoosh, fts5):
    if not base:
        continue
    label = "Python jieba + Whoosh" if base["name"] == "whoosh" else "Python jieba + SQLite FTS5"
    print(f"| indexing vs {label} (first {fmt(base['reports'])} reports) | {fmt(subset_rps, 0)} reports/s | "
          f"{fmt(base['reports_per_s'], 1)} reports/s, {fmt(base['mb_per_s'], 2)} MB/s, "
          f"{fmt(base['max_rss_kb'] / 1024 if base.get('max_rss_kb') else None, 0, ' MB')} RSS | "
          f"{ratio(subset_rps, base['reports_per_s'])} | — |")
    if subset:
        print(f"| index size vs {label} | {fmt(subset['index_bytes'] / 1e6, 1, ' MB')} | "
              f"{fmt(base['index_bytes'] / 1e6, 1, ' MB')} | {ratio(subset['index_bytes'], base['index_bytes'])} | — |")
    keyword = queries.get("keyword")
    if keyword:
        print(f"| keyword p50 / p99 vs {label} (base: {fmt(base['reports'])} reports; ours: {fmt(count)}) | "
              f"{fmt(keyword['p50_ms'], 2)} / {fmt(keyword['p99_ms'], 2)} ms | "
              f"{fmt(base['keyword_p50_ms'], 2)} / {fmt(base['keyword_p99_ms'], 2)} ms | "
              f"{ratio(keyword['p99_ms'], base['keyword_p99_ms'])} (p99) | — |")

cold = queries.get("cold_open")
if cold:
    warm = "page cache dropped" if cache.get("page_cache_dropped") else "page cache warm"
    print(f"| cold open ({warm}): open / open + first query | {fmt(cold['open_ms'], 1)} / "
          f"{fmt(cold['open_and_first_query_ms'], 1)} ms | — | — | — |")
targets = {"keyword_filter_facets": 10.0}
names = {
    "keyword": "query p50 / p99: keyword",
    "keyword_filter": "query p50 / p99: keyword + figure filter",
    "keyword_filter_facets": "query p50 / p99: keyword + filter + 5 facets",
    "problems_view": "problems view (filtered subsets) p50 / max",
    "problems_view_all": "problems view over every report",
}
for key, label in names.items():
    record = queries.get(key)
    if not record:
        continue
    target = ""
    if key in targets:
        ok = record["p99_ms"] <= targets[key]
        target = f"p99 ≤ {targets[key]:.0f} ms at 1,000,000: {verdict(ok)} at {fmt(count)}"
    if key.startswith("problems"):
        extra = f" ({fmt(int(record['mean_hits']))} statements)"
        print(f"| {label}{extra} | {fmt(record['p50_ms'], 0)} / {fmt(record['max_ms'], 0)} ms | — | — | {target or '—'} |")
    else:
        print(f"| {label} ({fmt(int(record['mean_hits']))} hits on average) | {fmt(record['p50_ms'], 2)} / "
              f"{fmt(record['p99_ms'], 2)} ms | — | — | {target or '—'} |")
if http:
    ok = http["rps"] >= 3000 and http.get("p99", 1e9) <= 20
    print(f"| HTTP `GET /api/search`, 64 connections (wrk, loopback) | {fmt(http['rps'], 0)} req/s, p50 "
          f"{fmt(http.get('p50'), 2)} ms, p99 {fmt(http.get('p99'), 2)} ms; {http['non_2xx']} non-2xx, socket errors: "
          f"{http['socket_errors']} | — | — | ≥ 3,000 req/s and p99 ≤ 20 ms: {verdict(ok)} |")
else:
    print("| HTTP `GET /api/search`, 64 connections | not measured | — | — | ≥ 3,000 req/s and p99 ≤ 20 ms |")
print()
print("Ratios: nianbao / reference (throughput: higher is better; size and latency: lower is better). "
      "Baselines index a subset (they are slow); nianbao's like-for-like figure is measured on the same subset.")
