#!/usr/bin/env bash
# sprintcast on a generated 500-task / 20-developer backlog (weighted objective).
#
#   scripts/bench-generated.sh [TASKS [DEVS [SEED]]]
#
# Defaults: 500 tasks, 20 developers, seed 1 (benches/support/generate.rs: 8 projects,
# dependency chains, skills, part-timers, time off, one `require` rule). Builds the release
# binary and the bench_inputs example, writes the backlog and team to a temporary
# directory, runs `sprintcast plan --objective weighted --time-limit $LIMIT` (LIMIT
# defaults to 10) and prints objective, bound, gap, status and seconds from summary.json,
# plus wall time and peak memory when /usr/bin/time (GNU) is available, and what the plan
# validator says of the plan files.
# Timing is only meaningful on a quiet machine.
set -euo pipefail

tasks=${1:-500}
devs=${2:-20}
seed=${3:-1}
limit=${LIMIT:-10}

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
cargo build --quiet --release --bin sprintcast --example bench_inputs
target=${CARGO_TARGET_DIR:-$repo/target}
case $target in /*) ;; *) target="$repo/$target" ;; esac
bin="$target/release/sprintcast"
inputs="$target/release/examples/bench_inputs"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-generated.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$inputs" generate "$tasks" "$devs" "$seed" "$tmp"
stem="generated-${tasks}x${devs}"
cmd=("$bin" plan "$tmp/$stem.csv" --team "$tmp/$stem.toml" --objective weighted
    --time-limit "$limit" --out "$tmp/out")

timed=0
if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
    timed=1
fi
status=0
if [[ $timed -eq 1 ]]; then
    /usr/bin/time -v -o "$tmp/time.txt" "${cmd[@]}" </dev/null >/dev/null 2>"$tmp/stderr.txt" ||
        status=$?
else
    "${cmd[@]}" </dev/null >/dev/null 2>"$tmp/stderr.txt" || status=$?
fi
if [[ $status -ne 0 || ! -f $tmp/out/summary.json ]]; then
    echo "$0: sprintcast plan failed (exit $status):" >&2
    cat "$tmp/stderr.txt" >&2
    exit 1
fi
if [[ -s $tmp/stderr.txt ]]; then
    echo "warnings: $(wc -l <"$tmp/stderr.txt") line(s) on stderr, first:" >&2
    head -n 3 "$tmp/stderr.txt" | sed 's/^/    /' >&2
fi

echo "instance:   $stem (seed $seed), weighted, --time-limit $limit"
python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print("objective:  %s" % s["objective"]["value"])
print("bound:      %s" % s["lower_bound"])
print("gap:        %.2f %%" % (100 * s["gap"]))
print("status:     %s" % s["status"])
print("seconds:    %s (optimize)" % s["solve_seconds"])' "$tmp/out/summary.json"
if [[ $timed -eq 1 ]]; then
    wall=$(sed -n 's/^\s*Elapsed (wall clock) time.*: //p' "$tmp/time.txt")
    rss=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
    echo "wall:       $wall (whole process)"
    echo "peak RSS:   $((rss / 1024)) MiB"
fi
# The plan validator (written from SPEC, not from the optimizer) on the files written.
echo "validator:  $("$inputs" validate "$tmp/$stem.csv" "$tmp/$stem.toml" "$tmp/out" | head -n 20)"
