#!/usr/bin/env python3
"""Writes data/week3/backlog.md: the seed backlog two weeks into its first
plan (data/week3/previous-plan/, written by
`sprintcast plan data/backlog.md --team data/team.toml --out data/week3/previous-plan/`).

As of Monday 2026-12-14, the team runs two days behind its first plan
(as teams do): every task the plan finished by Wednesday 2026-12-09 is
done, with the hours it really took (the estimate times a ratio from a
fixed, right-skewed list: most tasks take about their estimate, some run
long) and who did it; every other task the plan had started by Friday
2026-12-11 is in progress on its developer, with the hours spent and left.
Deterministic: same inputs, same file.
"""
import csv
import datetime as dt
import re
from pathlib import Path

root = Path(__file__).resolve().parent.parent
plan = {r["id"]: r for r in csv.DictReader(open(root / "data/week3/previous-plan/plan.csv"))}
as_of = dt.datetime(2026, 12, 14)
ratios = [1.0, 1.25, 0.75, 1.5, 1.0, 0.9, 2.0, 1.1, 1.0, 1.3, 0.8, 1.0]


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def hours(x):
    x = round(x * 4) / 4
    return f"{x:g}h"


lines = open(root / "data/backlog.md").read().split("\n")
out, project, k = [], "", 0
for line in lines:
    m = re.match(r"^## (.+)$", line)
    if m:
        project = slug(m.group(1).split(" - ")[0].split(" (")[0])
    m = re.match(r"^- \[ \] \*\*(.+?)\*\* \((\d+(?:\.\d+)?) hours?\)", line)
    if not m:
        out.append(line)
        continue
    title, est = m.group(1), float(m.group(2))
    row = next((r for r in plan.values() if r["title"] == title), None)
    if row is None:
        out.append(line)
        continue
    start = dt.datetime.fromisoformat(row["start"])
    finish = dt.datetime.fromisoformat(row["finish"])
    dev = row["developer"]
    if finish <= dt.datetime(2026, 12, 9, 18, 0):
        ratio = ratios[k % len(ratios)]
        k += 1
        out.append(line.replace("- [ ]", "- [x]", 1))
        out.append(f"  - developer: {dev}")
        out.append(f"  - actual: {hours(est * ratio)}")
        out.append(f"  - started: {start.date()}")
        out.append(f"  - finished: {finish.date()}")
    elif start < as_of:
        done_share = (as_of - start) / (finish - start)
        spent = max(0.5, round(est * min(done_share, 0.9) * 4) / 4)
        left = max(1.0, est - spent + (2 if est >= 8 else 0))
        out.append(line.replace("- [ ]", "- [~]", 1))
        out.append(f"  - developer: {dev}")
        out.append(f"  - spent: {hours(spent)}")
        out.append(f"  - remaining: {hours(left)}")
        out.append(f"  - started: {start.date()}")
    else:
        out.append(line)
(root / "data/week3/backlog.md").write_text("\n".join(out))
