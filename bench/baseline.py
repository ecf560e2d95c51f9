#!/usr/bin/env python3
"""Baselines a user could pick instead of nianbao: Python jieba + Whoosh, and SQLite FTS5 over jieba-segmented text.

Both read the same generated files as `nianbao index` (UTF-8, UTF-8 with BOM or GB18030; HTML tags stripped),
segment the text with `jieba.cut_for_search` (the same mode nianbao's limit is measured with), index it, and answer
the same keywords as `examples/query_bench.rs`. Reading and segmenting are part of the timed indexing, as parsing and
segmenting are part of nianbao's.

    python bench/baseline.py {whoosh|fts5} CORPUS_DIR INDEX_PATH [--count N]

Prints one JSON object: reports, text bytes, seconds, reports/s, MB/s, index bytes, keyword p50/p99.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import time

import jieba

WORDS = [
    "业务培训", "更新不及时", "政策解读", "新媒体", "依申请公开", "工作机制", "公开内容", "队伍建设",
    "行政复议", "信息处理费", "重点领域", "标准化", "宣传", "审核", "平台建设", "便民",
]
TAG = re.compile(r"<[^>]+>")
ENTITY = re.compile(r"&(nbsp|amp|lt|gt);")
ENTITIES = {"nbsp": "\u00a0", "amp": "&", "lt": "<", "gt": ">"}


def read_text(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    if path.endswith(".html"):
        text = ENTITY.sub(lambda m: ENTITIES[m.group(1)], TAG.sub("\n", text))
    return text


def segmented(text):
    return " ".join(word for word in jieba.cut_for_search(text) if word.strip())


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(path) for name in names)


def percentile(sorted_ms, p):
    if not sorted_ms:
        return 0.0
    rank = min(len(sorted_ms), max(1, int(-(-p * len(sorted_ms) // 1))))
    return sorted_ms[rank - 1]


def run_whoosh(files, index_path):
    from whoosh import index as windex
    from whoosh.analysis import SpaceSeparatedTokenizer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import QueryParser

    shutil.rmtree(index_path, ignore_errors=True)
    os.makedirs(index_path)
    schema = Schema(file=ID(stored=True, unique=True), body=TEXT(analyzer=SpaceSeparatedTokenizer()))
    ix = windex.create_in(index_path, schema)
    text_bytes = 0
    started = time.perf_counter()
    writer = ix.writer(limitmb=256)
    for path in files:
        text = read_text(path)
        text_bytes += len(text.encode("utf-8"))
        writer.add_document(file=os.path.basename(path), body=segmented(text))
    writer.commit()
    seconds = time.perf_counter() - started

    times = []
    with ix.searcher() as searcher:
        parser = QueryParser("body", ix.schema)
        for i in range(200):
            word = WORDS[i % len(WORDS)]
            begin = time.perf_counter()
            query = parser.parse(" ".join(jieba.cut_for_search(word)))
            results = searcher.search(query, limit=20)
            _ = [hit["file"] for hit in results]
            times.append((time.perf_counter() - begin) * 1e3)
    return text_bytes, seconds, sorted(times)


def run_fts5(files, index_path):
    if os.path.exists(index_path):
        os.remove(index_path)
    db = sqlite3.connect(index_path)
    db.execute("CREATE VIRTUAL TABLE reports USING fts5(file UNINDEXED, body, tokenize='unicode61')")
    text_bytes = 0
    started = time.perf_counter()
    with db:
        for path in files:
            text = read_text(path)
            text_bytes += len(text.encode("utf-8"))
            db.execute("INSERT INTO reports(file, body) VALUES (?, ?)", (os.path.basename(path), segmented(text)))
    db.execute("INSERT INTO reports(reports) VALUES ('optimize')")
    db.commit()
    seconds = time.perf_counter() - started

    times = []
    for i in range(200):
        word = WORDS[i % len(WORDS)]
        query = " ".join('"%s"' % part for part in jieba.cut(word))
        begin = time.perf_counter()
        rows = db.execute(
            "SELECT file, snippet(reports, 1, '<em>', '</em>', '…', 12) FROM reports WHERE reports MATCH ? "
            "ORDER BY rank LIMIT 20",
            (query,),
        ).fetchall()
        _ = len(rows)
        times.append((time.perf_counter() - begin) * 1e3)
    db.close()
    return text_bytes, seconds, sorted(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engine", choices=["whoosh", "fts5"])
    parser.add_argument("corpus")
    parser.add_argument("index")
    parser.add_argument("--count", type=int, default=0, help="only the first N files (0: all)")
    args = parser.parse_args()

    jieba.setLogLevel(60)
    jieba.initialize()
    files = sorted(os.path.join(args.corpus, name) for name in os.listdir(args.corpus))
    if args.count:
        files = files[: args.count]
    runner = run_whoosh if args.engine == "whoosh" else run_fts5
    text_bytes, seconds, times = runner(files, args.index)
    json.dump(
        {
            "name": args.engine,
            "reports": len(files),
            "text_bytes": text_bytes,
            "seconds": seconds,
            "reports_per_s": len(files) / seconds,
            "mb_per_s": text_bytes / 1e6 / seconds,
            "index_bytes": dir_bytes(args.index),
            "keyword_p50_ms": percentile(times, 0.50),
            "keyword_p99_ms": percentile(times, 0.99),
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main()
