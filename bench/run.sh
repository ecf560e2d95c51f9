#!/usr/bin/env bash
# nianbao's benchmark, from a fresh clone, in one run on one deterministic generated corpus:
#   1. the limit: raw jieba-rs cut_for_search over all the text, on all cores (examples/segment_limit.rs);
#   2. `nianbao index`: reports/s, MB/s, peak memory (/usr/bin/time -v), index size vs raw text;
#   3. baselines: Python jieba + Whoosh, and SQLite FTS5 over jieba-segmented text (PyPI, in a venv under bench/out);
#   4. in-process query latency p50/p99 (keyword, + figure filter, + facets, problems view) and cold open
#      (examples/query_bench.rs);
#   5. HTTP throughput and latency under a bounded loopback load at 64 connections (wrk, `nianbao serve`).
# The results go to bench/out/<count>/results.md (a Markdown table with the ratios) and to stdout.
#
# Usage: bash bench/run.sh [--count N] [--seed S] [--baseline-count N] [--http-seconds N] [--iterations N]
#                          [--skip-baselines] [--skip-http] [--problems-all] [--drop-caches]
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=100000
SEED=1
BASELINE_COUNT=2000
HTTP_SECONDS=20
ITERATIONS=300
SKIP_BASELINES=0
SKIP_HTTP=0
PROBLEMS_ALL=0
DROP_CACHES=0
while [ $# -gt 0 ]; do
    case "$1" in
        --count) COUNT="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --baseline-count) BASELINE_COUNT="$2"; shift 2 ;;
        --http-seconds) HTTP_SECONDS="$2"; shift 2 ;;
        --iterations) ITERATIONS="$2"; shift 2 ;;
        --skip-baselines) SKIP_BASELINES=1; shift ;;
        --skip-http) SKIP_HTTP=1; shift ;;
        --problems-all) PROBLEMS_ALL=1; shift ;;
        --drop-caches) DROP_CACHES=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
if [ "$BASELINE_COUNT" -gt "$COUNT" ]; then BASELINE_COUNT="$COUNT"; fi

OUT="bench/out/$COUNT"
CORPUS="$OUT/corpus"
INDEX="$OUT/index"
mkdir -p "$OUT"
log() { echo "== $*" >&2; }
elapsed_seconds() { # "h:mm:ss" or "m:ss.ss" from /usr/bin/time -v
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$1"
}
max_rss_kb() { awk -F': ' '/Maximum resident set size/ {print $2}' "$1"; }

# ---------------------------------------------------------------------------------------------------------------
log "machine"
{
    echo "{\"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')\","
    echo " \"cores\": $(nproc), \"memory_gb\": $(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo),"
    echo " \"kernel\": \"$(uname -r)\", \"rustc\": \"$(rustc --version)\", \"count\": $COUNT, \"seed\": $SEED,"
    echo " \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\", \"date\": \"$(date -u +%FT%TZ)\"}"
} > "$OUT/machine.json"

log "build (release)"
cargo build --release --quiet --bin nianbao --example segment_limit --example query_bench
BIN=target/release/nianbao

# ---------------------------------------------------------------------------------------------------------------
if [ "$(cat "$OUT/corpus.stamp" 2>/dev/null)" != "$COUNT $SEED" ]; then
    log "generate $COUNT reports (seed $SEED)"
    rm -rf "$CORPUS"
    "$BIN" gen --count "$COUNT" --seed "$SEED" --out "$CORPUS"
    echo "$COUNT $SEED" > "$OUT/corpus.stamp"
else
    log "corpus of $COUNT reports already generated"
fi
du -sb "$CORPUS" | awk '{print "{\"corpus_bytes\": " $1 "}"}' > "$OUT/corpus.json"

# 1. The limit ----------------------------------------------------------------------------------------------------
log "1. limit: jieba-rs cut_for_search over all text, $(nproc) threads"
target/release/examples/segment_limit "$CORPUS" --threads "$(nproc)" > "$OUT/limit.json"
target/release/examples/segment_limit "$CORPUS" --threads 1 > "$OUT/limit_1thread.json"
cat "$OUT/limit.json" >&2

# 2. nianbao index --------------------------------------------------------------------------------------------------
log "2. nianbao index"
rm -rf "$INDEX"
/usr/bin/time -v "$BIN" index --index "$INDEX" "$CORPUS" > "$OUT/index.stdout" 2> "$OUT/index.time" || {
    tail -20 "$OUT/index.time" >&2; exit 1; }
grep -E '^nianbao:' "$OUT/index.time" >&2 || true
{
    echo "{\"seconds\": $(elapsed_seconds "$OUT/index.time"), \"max_rss_kb\": $(max_rss_kb "$OUT/index.time"),"
    echo " \"index_bytes\": $(du -sb "$INDEX" | cut -f1), \"files\": $COUNT}"
} > "$OUT/index.json"
cat "$OUT/index.json" >&2

# 3. Baselines ------------------------------------------------------------------------------------------------------
if [ "$SKIP_BASELINES" = 0 ]; then
    log "3. baselines on the first $BASELINE_COUNT reports (Python jieba + Whoosh, SQLite FTS5)"
    VENV="bench/out/venv"
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -c "import jieba, whoosh" 2>/dev/null || "$VENV/bin/pip" install --quiet jieba whoosh
    for engine in whoosh fts5; do
        target="$OUT/baseline_$engine.idx"
        /usr/bin/time -v "$VENV/bin/python" bench/baseline.py "$engine" "$CORPUS" "$target" --count "$BASELINE_COUNT" \
            > "$OUT/baseline_$engine.json" 2> "$OUT/baseline_$engine.time"
        rss=$(max_rss_kb "$OUT/baseline_$engine.time")
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['max_rss_kb']=int(sys.argv[2]); json.dump(d, open(sys.argv[1],'w'))" \
            "$OUT/baseline_$engine.json" "$rss"
        cat "$OUT/baseline_$engine.json" >&2; echo >&2
    done
    # nianbao on the same subset, for a like-for-like ratio.
    SUBSET="$OUT/subset_$BASELINE_COUNT"
    if [ "$(find "$SUBSET" -maxdepth 1 -type f 2>/dev/null | wc -l)" != "$BASELINE_COUNT" ]; then
        rm -rf "$SUBSET"
        mkdir -p "$SUBSET"
        find "$CORPUS" -maxdepth 1 -type f | sort > "$OUT/files.txt"
        head -n "$BASELINE_COUNT" "$OUT/files.txt" | xargs cp -t "$SUBSET/"
    fi
    rm -rf "$OUT/subset_index"
    /usr/bin/time -v "$BIN" index --index "$OUT/subset_index" "$SUBSET" > /dev/null 2> "$OUT/subset_index.time"
    echo "{\"seconds\": $(elapsed_seconds "$OUT/subset_index.time"), \"files\": $BASELINE_COUNT, \"index_bytes\": $(du -sb "$OUT/subset_index" | cut -f1), \"max_rss_kb\": $(max_rss_kb "$OUT/subset_index.time")}" \
        > "$OUT/subset_index.json"
else
    log "3. baselines skipped"
    rm -f "$OUT"/baseline_*.json "$OUT/subset_index.json"
fi

# 4. Queries in-process ---------------------------------------------------------------------------------------------
log "4. in-process queries"
# A cold open means a cold page cache: with --drop-caches (root; it affects the whole machine) the page cache is
# dropped first, otherwise the index files are as warm as indexing left them, and the results say so.
if [ "$DROP_CACHES" = 1 ] && sync && (echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then
    echo '{"page_cache_dropped": true}' > "$OUT/cache.json"
else
    echo '{"page_cache_dropped": false}' > "$OUT/cache.json"
fi
QUERY_FLAGS=(--index "$INDEX" --iterations "$ITERATIONS" --problems-iterations 3)
if [ "$PROBLEMS_ALL" = 1 ]; then QUERY_FLAGS+=(--problems-all); fi
target/release/examples/query_bench "${QUERY_FLAGS[@]}" > "$OUT/query.jsonl"
cat "$OUT/query.jsonl" >&2

# 5. HTTP -----------------------------------------------------------------------------------------------------------
if [ "$SKIP_HTTP" = 0 ]; then
    log "5. HTTP: wrk, 64 connections, ${HTTP_SECONDS}s, loopback"
    if ! command -v wrk > /dev/null; then
        if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk > /dev/null; else echo "wrk is missing: apt-get install wrk" >&2; fi
    fi
    PORT=$((20000 + RANDOM % 20000))
    "$BIN" serve --index "$INDEX" --addr "127.0.0.1:$PORT" > "$OUT/serve.log" 2>&1 &
    SERVER=$!
    trap 'kill "$SERVER" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
        if curl -fs "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1; then break; fi
        sleep 0.2
    done
    # Requests rotate over keywords, filters and facets, as the in-process kinds do.
    python3 - "$OUT/wrk.lua" <<'EOF'
import sys, urllib.parse
words = ["业务培训", "更新不及时", "政策解读", "新媒体", "依申请公开", "工作机制", "公开内容", "队伍建设"]
filters = ["applications.new_received.total > 5", "applications.new_received.total >= 1 AND year >= 2021",
           "review_litigation.reconsideration.total > 0", "applications.granted.total > 2 AND level = county"]
paths = []
for i in range(64):
    params = {"q": words[i % len(words)]}
    if i % 2:
        params["filter"] = filters[i % len(filters)]
    if i % 4 == 3:
        params["facets"] = "year,region,level,check,template"
    paths.append("/api/search?" + urllib.parse.urlencode(params))
with open(sys.argv[1], "w") as out:
    out.write("local paths = {\n" + "".join('  "%s",\n' % p for p in paths) + "}\n")
    out.write("local n = 0\nrequest = function()\n  n = n + 1\n  return wrk.format('GET', paths[(n % #paths) + 1])\nend\n")
EOF
    wrk -t1 -c64 -d"${HTTP_SECONDS}s" --timeout 5s --latency -s "$OUT/wrk.lua" "http://127.0.0.1:$PORT" > "$OUT/wrk.txt" 2>&1 || true
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    trap - EXIT
    cat "$OUT/wrk.txt" >&2
else
    log "5. HTTP skipped"
    rm -f "$OUT/wrk.txt"
fi

# Results -----------------------------------------------------------------------------------------------------------
python3 bench/summarize.py "$OUT" > "$OUT/results.md"
cat "$OUT/results.md"
