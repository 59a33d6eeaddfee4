#!/usr/bin/env bash
# Checks that two builds of sprintcast write the same bytes: every output of
# plan, forecast and whatif on data/ (CSV, JSON, Markdown, HTML, XLSX and the
# terminal views; the measured solve time is masked). Used to prove that a refactoring changes no behaviour.
#
#   scripts/same-outputs.sh OLD_BINARY NEW_BINARY
#
# e.g. build the commit before the change into /tmp/old, then
#   scripts/same-outputs.sh /tmp/old/release/sprintcast target/release/sprintcast
# Prints the files that differ and exits 1 if any does.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -ne 2 ]; then
    echo "usage: $0 OLD_BINARY NEW_BINARY" >&2
    exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Writes every output of one build into $2. Fixed --today, --seed and a
# time limit the seed's plan reaches long before, so both runs are the same
# computation.
outputs() {
    local bin=$1 out=$2
    mkdir -p "$out"
    local common=(--team data/team.toml --time-limit 10 --today 2026-12-09)
    for backlog in data/backlog.md data/backlog.csv data/backlog.json; do
        local tag
        tag=$(basename "$backlog" | tr . _)
        "$bin" -q plan "$backlog" "${common[@]}" --out "$out/$tag-plan" \
            --html "$out/$tag-plan.html" --xlsx "$out/$tag-plan.xlsx" \
            >"$out/$tag-plan.table" 2>"$out/$tag-plan.stderr"
    done
    for format in table json markdown; do
        "$bin" -q plan data/backlog.md "${common[@]}" --format "$format" \
            >"$out/plan.$format" 2>>"$out/plan.stderr"
        "$bin" -q forecast data/backlog.md "${common[@]}" --format "$format" \
            >"$out/forecast.$format" 2>>"$out/forecast.stderr"
        "$bin" -q whatif data/backlog.md "${common[@]}" --scenarios data/scenarios.toml \
            --format "$format" >"$out/whatif.$format" 2>>"$out/whatif.stderr"
    done
    "$bin" -q plan data/backlog.md "${common[@]}" --objective makespan --strict-due \
        --out "$out/makespan" >"$out/makespan.table" 2>"$out/makespan.stderr"
    "$bin" -q forecast data/backlog.md "${common[@]}" --out "$out/forecast" \
        --samples 2000 --seed 7 --uncertainty 3 \
        --html "$out/forecast.html" --xlsx "$out/forecast.xlsx" \
        >"$out/forecast-files.table" 2>"$out/forecast-files.stderr"
    "$bin" -q whatif data/backlog.md "${common[@]}" --scenarios data/scenarios.toml \
        --out "$out/whatif" --samples 500 \
        --html "$out/whatif.html" --xlsx "$out/whatif.xlsx" \
        >"$out/whatif-files.table" 2>"$out/whatif-files.stderr"
    "$bin" -q check data/backlog.md --team data/team.toml \
        >"$out/check.table" 2>"$out/check.stderr" || true
    for to in csv json md; do
        "$bin" -q convert data/backlog.md "$out/converted.$to" 2>"$out/convert-$to.stderr"
    done
}

# The measured solve time is the one figure that differs between two runs
# of the same build: mask it in the text outputs (JSON and the terminal).
mask() {
    find "$1" -type f \( -name '*.json' -o -name '*.table' \) -print0 |
        xargs -0 sed -i -E \
            -e 's/("solve_seconds": )[0-9.e-]+/\1T/' \
            -e 's/ in [0-9.]+ s\)/ in T s)/'
}

outputs "$old" "$work/old"
outputs "$new" "$work/new"
mask "$work/old"
mask "$work/new"
count=$(find "$work/new" -type f | wc -l)
if diff -r -q "$work/old" "$work/new"; then
    echo "same bytes: $count files"
else
    echo "the builds differ (above)" >&2
    exit 1
fi
