#!/usr/bin/env bash
# sprintcast on the iMOPSE MS-RCPSP instances (makespan), optionally beside OR-Tools CP-SAT.
#
#   scripts/bench-imopse.sh RESULTS.tsv [DIR] [--cpsat]
#
# DIR defaults to ../shared/bench/imopse/d36 (relative to the repo root; a relative DIR or
# RESULTS.tsv is taken from the directory you run this from). Builds the release binary and
# the bench_inputs example, converts every DIR/*.def to a backlog CSV and a team TOML in a
# temporary directory (24-hour working days, so business hours = iMOPSE time units), and
# runs `sprintcast plan --objective makespan --time-limit $LIMIT` (LIMIT defaults to 10) on
# each instance, one after another. RESULTS.tsv gets one row per instance:
#
#   name tasks resources simple_lb our_makespan our_bound our_seconds status
#
# simple_lb is max(critical path, ceil(total duration / resources)); status is the plan's
# (optimal, time_limit, heuristic), `failed` when `plan` exited non-zero (its stderr is
# printed), or `invalid` when the plan validator finds a violation in the plan files.
# With --cpsat, scripts/cpsat-reference.sh then runs on the same files with the
# same LIMIT and 2 workers, and three columns are added: cpsat_makespan cpsat_bound
# cpsat_seconds. Rows whose numbers contradict each other (a bound above a makespan, a
# makespan below a lower bound) are reported on stderr; they point at a bug.
#
# Timing: one instance at a time, but the solvers share the machine with whatever else
# runs. Run it on a quiet machine (36 instances x LIMIT seconds, twice with --cpsat).
# scripts/bench-table.py RESULTS.tsv turns the file into the docs/performance.md table.
set -euo pipefail

usage="usage: $0 RESULTS.tsv [DIR] [--cpsat]   (env: LIMIT seconds per instance, default 10)"
cpsat=0
positional=()
for arg in "$@"; do
    case $arg in
        --cpsat) cpsat=1 ;;
        -h | --help)
            echo "$usage"
            exit 0
            ;;
        -*)
            echo "$0: unknown option $arg" >&2
            echo "$usage" >&2
            exit 2
            ;;
        *) positional+=("$arg") ;;
    esac
done
if [[ ${#positional[@]} -lt 1 || ${#positional[@]} -gt 2 ]]; then
    echo "$usage" >&2
    exit 2
fi

abs() { # a path relative to the caller's directory, made absolute before we cd
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$PWD/$1" ;;
    esac
}

results=$(abs "${positional[0]}")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ${#positional[@]} -ge 2 ]]; then
    dir=$(abs "${positional[1]}")
else
    dir="$repo/../shared/bench/imopse/d36"
fi
limit=${LIMIT:-10}
if [[ ! -d $dir ]]; then
    echo "$0: $dir: no such directory (shared/ must sit beside the repo)" >&2
    exit 2
fi
shopt -s nullglob
defs=("$dir"/*.def)
shopt -u nullglob
if [[ ${#defs[@]} -eq 0 ]]; then
    echo "$0: $dir: no .def files" >&2
    exit 2
fi

cd "$repo"
cargo build --quiet --release --bin sprintcast --example bench_inputs
target=${CARGO_TARGET_DIR:-$repo/target}
case $target in /*) ;; *) target="$repo/$target" ;; esac
bin="$target/release/sprintcast"
inputs="$target/release/examples/bench_inputs"

summary_row() { # objective, bound, seconds, status of a summary.json, tab-separated
    python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))
print(s["objective"]["value"], s["lower_bound"], s["solve_seconds"], s["status"], sep="\t")' "$1"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-imopse.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# name tasks resources simple_lb, one line per instance, in name order.
"$inputs" imopse "$dir" "$tmp/in" >"$tmp/instances.txt"

ours="$tmp/ours.tsv"
printf 'name\ttasks\tresources\tsimple_lb\tour_makespan\tour_bound\tour_seconds\tstatus\n' >"$ours"
count=$(wc -l <"$tmp/instances.txt")
i=0
while read -r name tasks resources lb; do
    i=$((i + 1))
    out="$tmp/out/$name"
    if "$bin" plan "$tmp/in/$name.csv" --team "$tmp/in/$name.toml" --objective makespan \
        --time-limit "$limit" --out "$out" </dev/null >/dev/null 2>"$tmp/stderr.txt" &&
        [[ -f $out/summary.json ]]; then
        row=$(summary_row "$out/summary.json")
        # The plan validator (from SPEC, not from the optimizer) on the files written.
        if ! "$inputs" validate "$tmp/in/$name.csv" "$tmp/in/$name.toml" "$out" >"$tmp/valid.txt"; then
            echo "$0: $name: the plan breaks SPEC section 4:" >&2
            sed 's/^/    /' "$tmp/valid.txt" >&2
            row=$'-\t-\t-\tinvalid'
        fi
    else
        echo "$0: $name: sprintcast plan failed:" >&2
        sed 's/^/    /' "$tmp/stderr.txt" >&2
        row=$'-\t-\t-\tfailed'
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$tasks" "$resources" "$lb" "$row" >>"$ours"
    printf '[%d/%d] %s\t%s\n' "$i" "$count" "$name" "$row" >&2
done <"$tmp/instances.txt"

cp "$ours" "$results"

if [[ $cpsat -eq 1 ]]; then
    echo "CP-SAT: ${#defs[@]} instances, $limit s each, 2 workers" >&2
    "$repo/scripts/cpsat-reference.sh" "$tmp/cpsat.txt" "$limit" 2 "${defs[@]}" >&2
    # cpsat.txt: name makespan cp_sat_bound lower_bound optimal seconds. Without a solution
    # (infeasible, or none found in time) cpsat_imopse.py prints makespan 0, below the
    # lower bound: that becomes `-` (and so does a bound of 0, from an infeasible model).
    awk -v OFS='\t' '
        FILENAME == ARGV[1] {
            mk[$1] = ($2 + 0 >= $4 + 0 && $2 + 0 > 0) ? $2 : "-"
            bd[$1] = ($3 + 0 > 0) ? $3 : "-"
            sec[$1] = $6
            next
        }
        FNR == 1 { print $0, "cpsat_makespan", "cpsat_bound", "cpsat_seconds"; next }
        ($1 in mk) { print $0, mk[$1], bd[$1], sec[$1]; next }
        { print $0, "-", "-", "-" }
    ' "$tmp/cpsat.txt" FS='\t' "$ours" >"$tmp/joined.tsv"
    cp "$tmp/joined.tsv" "$results"
fi

# Consistency: every makespan must be >= every valid lower bound of the same instance.
awk -F'\t' '
    NR == 1 { for (c = 1; c <= NF; c++) col[$c] = c; next }
    function num(name) { return (name in col) && $col[name] != "-" && $col[name] != "" }
    function v(name) { return $col[name] + 0 }
    function bad(msg) { printf "%s: %s\n", $1, msg > "/dev/stderr"; n++ }
    {
        if ($col["status"] == "failed") { failed++; next }
        if (num("cpsat_seconds") && !num("cpsat_makespan")) printf "%s: CP-SAT found no plan\n", $1 > "/dev/stderr"
        eps = 1e-6
        if (v("our_bound") > v("our_makespan") + eps) bad("our bound " $col["our_bound"] " > our makespan " $col["our_makespan"])
        if (v("our_makespan") < v("simple_lb") - eps) bad("our makespan " $col["our_makespan"] " < simple lower bound " $col["simple_lb"])
        if (num("cpsat_makespan")) {
            if (v("our_bound") > v("cpsat_makespan") + eps) bad("our bound " $col["our_bound"] " > CP-SAT makespan " $col["cpsat_makespan"])
            if (v("our_makespan") < v("cpsat_bound") - eps) bad("our makespan " $col["our_makespan"] " < CP-SAT bound " $col["cpsat_bound"])
        }
    }
    END {
        if (failed) printf "our plan failed on %d instance(s): see above\n", failed > "/dev/stderr"
        if (n) printf "%d inconsistent row(s), a bug: see above\n", n > "/dev/stderr"
    }
' "$results"
echo "wrote $results" >&2
