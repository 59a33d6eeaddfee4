#!/usr/bin/env bash
# CP-SAT reference makespans on iMOPSE instances (shared/bench/cpsat_imopse.py).
#
#   scripts/cpsat-reference.sh OUTFILE [LIMIT_SECONDS [WORKERS [FILE.def...]]]
#
# Defaults: LIMIT=10, WORKERS=2, every shared/bench/imopse/d36/*.def. Prints and writes to
# OUTFILE one line per instance: name makespan cp_sat_bound lower_bound optimal(0/1) seconds.
# Creates a venv with OR-Tools at $ORT_VENV (default /tmp/ort) when it is missing.
# Slow (LIMIT seconds per instance on WORKERS cores): run it on a quiet machine.
set -euo pipefail

usage="usage: $0 OUTFILE [LIMIT_SECONDS [WORKERS [FILE.def...]]]"
if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    echo "$usage" >&2
    exit 2
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$repo/../shared/bench"
if [[ ! -f $bench/cpsat_imopse.py ]]; then
    echo "$0: $bench/cpsat_imopse.py not found (shared/ must sit beside the repo)" >&2
    exit 2
fi

abs() { # a path relative to the caller's directory, made absolute before we cd
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$PWD/$1" ;;
    esac
}

out=$(abs "$1")
limit=${2:-10}
workers=${3:-2}
files=()
if [[ $# -ge 4 ]]; then
    for f in "${@:4}"; do
        files+=("$(abs "$f")")
    done
fi

venv=${ORT_VENV:-/tmp/ort}
if ! "$venv/bin/python" -c 'import ortools' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet ortools
fi

cd "$bench"
if [[ ${#files[@]} -eq 0 ]]; then
    files=(imopse/d36/*.def)
fi
"$venv/bin/python" cpsat_imopse.py "$limit" "$workers" "${files[@]}" | tee "$out"
