#!/usr/bin/env bash
# The generated backlogs of issue 14 side by side for two builds, in one run:
# 60 x 4 (2 s), 500 x 20 (10 s), 2,000 x 50 (30 s), 10,000 x 200 (60 s),
# generator seed 1 (benches/support/generate.rs), weighted objective. For each
# size both builds run in turn; prints objective, proven bound, gap, status,
# bound source, wall time, peak RSS and what the plan validator says.
#
#   scripts/bench-scale.sh OLD_BINARY NEW_BINARY
#
# Timing is only meaningful on a quiet machine.
set -euo pipefail
if [ "$#" -ne 2 ]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY" >&2
    exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
cargo build --quiet --release --example bench_inputs
target=${CARGO_TARGET_DIR:-$repo/target}
case $target in /*) ;; *) target="$repo/$target" ;; esac
inputs="$target/release/examples/bench_inputs"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '| backlog | build | objective | bound | gap | status | bound source | wall | peak RSS | valid |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for size in "60 4 2" "500 20 10" "2000 50 30" "10000 200 60"; do
    set -- $size
    name="generated-${1}x${2}"
    "$inputs" generate "$1" "$2" 1 "$tmp" >/dev/null
    for build in old new; do
        bin=$old
        [ "$build" = new ] && bin=$new
        out="$tmp/$name-$build"
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" plan "$tmp/$name.csv" --team "$tmp/$name.toml" \
            --time-limit "$3" --out "$out" >/dev/null 2>&1
        read -r wall rss <"$tmp/time"
        valid=$("$inputs" validate "$tmp/$name.csv" "$tmp/$name.toml" "$out" 2>&1 | head -1)
        python3 - "$out/summary.json" "${1}x${2} ($3 s)" "$build" "$wall" "$rss" "$valid" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {sys.argv[3]} | {s['objective']['value']:,.1f} | {s['lower_bound']:,.1f} | "
      f"{100 * s['gap']:.2f} % | {s['status']} | {s.get('bound_source', '-')} | {sys.argv[4]} s | "
      f"{int(sys.argv[5]) // 1024} MiB | {sys.argv[6]} |")
PY
    done
done
