"""Write the bundled example roster ``examples/nairobi-2025.xlsx``.

Run from anywhere: ``python examples/make_nairobi.py``. The workbook comes from
``benchmarks.generator.nairobi(seed=2025)`` (40 Moroccan exporters, 100 Kenyan
buyers, Nairobi, 10-14 November 2025) and is byte-identical on every run.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.generator import nairobi, write_xlsx  # noqa: E402

OUTPUT = ROOT / "examples" / "nairobi-2025.xlsx"


def main() -> None:
    roster = nairobi(
        seed=2025,
        name="Morocco–Kenya Trade Mission 2025",
        city="Nairobi",
        venue="Kenyatta International Convention Centre",
        timezone="Africa/Nairobi",
        first_day=date(2025, 11, 10),
        days=5,
    )
    write_xlsx(roster, OUTPUT)
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(roster.exporters)} exporters, "
        f"{len(roster.buyers)} buyers, {len(roster.pairs())} requested pairs "
        f"({len(roster.requests)} Requests rows), {len(roster.unavailability)} "
        f"unavailability rows, {len(roster.fixed)} fixed meeting(s)"
    )


if __name__ == "__main__":
    main()
