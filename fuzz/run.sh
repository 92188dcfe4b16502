#!/usr/bin/env bash
# Runs fuzz targets one after the other, single-threaded (one libFuzzer
# process, one rayon thread), each for SECONDS seconds, with its log in
# fuzz/logs/TARGET.log. Run from anywhere; needs cargo-fuzz and nightly.
#
#   fuzz/run.sh SECONDS [TARGET...]     (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi
mkdir -p fuzz/logs
export RAYON_NUM_THREADS=1
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    seeds=()
    [ -d "fuzz/seeds/$t" ] && seeds=("fuzz/seeds/$t")
    echo "== $t: ${seconds}s, started $(date -u +%FT%TZ)" | tee -a fuzz/logs/runs.txt
    set +e
    cargo +nightly fuzz run "$t" "fuzz/corpus/$t" "${seeds[@]}" -- \
        -max_len=4096 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        > "fuzz/logs/$t.log" 2>&1
    rc=$?
    set -e
    echo "== $t: exit $rc, ended $(date -u +%FT%TZ)" | tee -a fuzz/logs/runs.txt
    grep -E '^(Done|#[0-9]+ +DONE|stat::)' "fuzz/logs/$t.log" | tail -8 || true
done
