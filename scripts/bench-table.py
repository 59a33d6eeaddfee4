#!/usr/bin/env python3
"""Markdown table for docs/performance.md from a scripts/bench-imopse.sh results file.

    scripts/bench-table.py RESULTS.tsv

Per instance: our makespan / simple lower bound, our makespan / our proven bound, CP-SAT
makespan / simple lower bound (when the file has the cpsat_* columns), and the seconds of
each; then a mean row (arithmetic means over the instances that have the value) and counts
of the instances where our makespan is worse than, equal to and better than CP-SAT's.
Instances whose plan failed are listed under the table and left out of the means. Rows
whose numbers contradict each other (a bound above a makespan) are listed too: a bug.
"""

import csv
import sys

EPS = 1e-6


def number(row, key):
    """The float in column `key`, or None when the column is missing, empty or `-`."""
    text = (row.get(key) or "").strip()
    if text in ("", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def ratio(a, b):
    if a is None or b is None or b <= 0:
        return None
    return a / b


def fmt(value, digits):
    return "–" if value is None else f"{value:.{digits}f}"


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except OSError as e:
        print(f"{argv[1]}: {e.strerror}", file=sys.stderr)
        return 1
    if not rows:
        print(f"{argv[1]}: no results", file=sys.stderr)
        return 1
    has_cpsat = "cpsat_makespan" in rows[0]

    header = ["Instance", "Tasks × res.", "Ours / LB", "Ours / our bound"]
    if has_cpsat:
        header += ["CP-SAT / LB"]
    header += ["Our s"]
    if has_cpsat:
        header += ["CP-SAT s"]
    align = ["---"] + ["---:"] * (len(header) - 1)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    cols = {k: [] for k in ("ours_lb", "ours_bound", "cpsat_lb", "our_s", "cpsat_s")}
    failed, inconsistent, no_cpsat = [], [], []
    worse, equal, better, compared = [], 0, 0, 0
    ours_optimal = cpsat_optimal = 0
    for row in rows:
        name = row["name"]
        lb = number(row, "simple_lb")
        ours = number(row, "our_makespan")
        bound = number(row, "our_bound")
        cp = number(row, "cpsat_makespan")
        cp_bound = number(row, "cpsat_bound")
        if row.get("status") == "failed" or ours is None:
            failed.append(name)
        else:
            if row.get("status") == "optimal":
                ours_optimal += 1
            if bound is not None and bound > ours + EPS:
                inconsistent.append(f"{name}: our bound {bound:g} > our makespan {ours:g}")
            if lb is not None and ours < lb - EPS:
                inconsistent.append(f"{name}: our makespan {ours:g} < simple LB {lb:g}")
            if cp is not None and bound is not None and bound > cp + EPS:
                inconsistent.append(f"{name}: our bound {bound:g} > CP-SAT makespan {cp:g}")
            if cp_bound is not None and ours < cp_bound - EPS:
                inconsistent.append(
                    f"{name}: our makespan {ours:g} < CP-SAT bound {cp_bound:g}"
                )
        if cp is not None and cp_bound is not None and cp <= cp_bound + EPS:
            cpsat_optimal += 1
        if has_cpsat and cp is None:
            no_cpsat.append(name)
        if ours is not None and cp is not None:
            compared += 1
            if ours > cp + EPS:
                worse.append(f"{name} ({ours:g} vs {cp:g})")
            elif ours < cp - EPS:
                better += 1
            else:
                equal += 1

        values = {
            "ours_lb": ratio(ours, lb),
            "ours_bound": ratio(ours, bound),
            "cpsat_lb": ratio(cp, lb),
            "our_s": number(row, "our_seconds"),
            "cpsat_s": number(row, "cpsat_seconds"),
        }
        for key, value in values.items():
            cols[key].append(value)
        cells = [name, f"{row.get('tasks', '?')} × {row.get('resources', '?')}"]
        cells += [fmt(values["ours_lb"], 3), fmt(values["ours_bound"], 3)]
        if has_cpsat:
            cells += [fmt(values["cpsat_lb"], 3)]
        cells += [fmt(values["our_s"], 2)]
        if has_cpsat:
            cells += [fmt(values["cpsat_s"], 2)]
        lines.append("| " + " | ".join(cells) + " |")

    cells = ["**Mean**", ""]
    cells += [f"**{fmt(mean(cols['ours_lb']), 3)}**", f"**{fmt(mean(cols['ours_bound']), 3)}**"]
    if has_cpsat:
        cells += [f"**{fmt(mean(cols['cpsat_lb']), 3)}**"]
    cells += [fmt(mean(cols["our_s"]), 2)]
    if has_cpsat:
        cells += [fmt(mean(cols["cpsat_s"]), 2)]
    lines.append("| " + " | ".join(cells) + " |")

    print("\n".join(lines))
    print()
    solved = len(rows) - len(failed)
    print(f"Proven optimal: ours {ours_optimal} of {solved}", end="")
    if has_cpsat:
        print(f", CP-SAT {cpsat_optimal} of {len(rows)}", end="")
    print(".")
    if has_cpsat:
        print(
            f"Against CP-SAT on {compared} instances: worse on {len(worse)}, "
            f"equal on {equal}, better on {better}."
        )
        if worse:
            print("Worse: " + ", ".join(worse) + ".")
    if no_cpsat:
        print(f"CP-SAT found no plan on {len(no_cpsat)}: " + ", ".join(no_cpsat) + ".")
    if failed:
        print(f"Plan failed on {len(failed)}: " + ", ".join(failed) + ".")
    if inconsistent:
        print("Inconsistent (a bug): " + "; ".join(inconsistent) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
