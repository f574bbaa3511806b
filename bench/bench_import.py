"""Benchmark of record-level import: an extract of N records (default 100,000) over two
years, aggregated per week (flag) and per month (median), from CSV and from Excel (20,000
rows); median of 3 runs of the plan (read, check, aggregate, merge; nothing written).

Run from the repository root: ``python bench/bench_import.py [N]``. Not a test.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qitui import model as m  # noqa: E402
from qitui.dataio.engine import ImportRequest, plan_import  # noqa: E402


def _time(fn: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(n: int = 100_000) -> None:
    from openpyxl import Workbook

    rng = random.Random(1)
    start = date(2024, 1, 1)
    rows = [
        (
            i,
            start + timedelta(days=rng.randrange(730)),
            rng.choice(["yes", "no"]),
            rng.randint(0, 60),
        )
        for i in range(n)
    ]
    project = m.Project(slug="bench", title="Bench")
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "extract.csv"
        csv.write_text(
            "id,date,seen,wait\n" + "".join(f"{a},{b.isoformat()},{c},{d}\n" for a, b, c, d in rows)
        )
        xlsx = Path(tmp) / "extract.xlsx"
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Extract")
        sheet.append(["id", "date", "seen", "wait"])
        for row in rows[:20_000]:
            sheet.append(list(row))
        book.save(xlsx)
        cases = {
            f"CSV {n:,} records, flag per week": ImportRequest(
                csv, "seen", period="week", date_column="date", statistic="flag", column="seen"
            ),
            f"CSV {n:,} records, median per month": ImportRequest(
                csv, "wait", period="month", date_column="date", statistic="median", column="wait"
            ),
            "Excel 20,000 records, count per fortnight": ImportRequest(
                xlsx, "n", period="fortnight", date_column="date", statistic="count"
            ),
        }
        for name, request in cases.items():
            print(f"{name:45} {_time(lambda r=request: plan_import(project, r)):6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
