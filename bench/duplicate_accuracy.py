"""Precision and recall of the intake duplicate check on a labelled synthetic set, plus check latency.

Run: . scripts/devenv.sh && .venv/bin/python bench/duplicate_accuracy.py [--people 2000] [--probes 1000]
[--seed S] [--probe-seeds 1,2,3]
Works in one transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--probes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="seed of the people (and of the probes by default)")
    parser.add_argument(
        "--probe-seeds", default="", help="comma-separated seeds: one set of probes each against the same people"
    )
    args = parser.parse_args()
    django.setup()
    from reclaim.core.dbstate import exit_unless_migrated

    exit_unless_migrated()
    from reclaim.demo.accuracy import measure_many

    probe_seeds = [int(s) for s in args.probe_seeds.split(",") if s] or [args.seed]
    started = time.perf_counter()
    results = measure_many(
        people_count=args.people, probe_count=args.probes, seed=args.seed, probe_seeds=probe_seeds, progress=print
    )
    for probe_seed, result in zip(probe_seeds, results, strict=True):
        print(
            f"people={args.people} probes={args.probes} probe_seed={probe_seed} precision={result.precision:.4f} recall={result.recall:.4f} "
            f"namesakes_not_counted={result.namesakes} median_check_ms={result.median_ms:.2f} p95_check_ms={result.p95_ms:.2f} elapsed_s={time.perf_counter() - started:.1f}"
        )
        for variant, (hits, total) in sorted(result.by_variant.items()):
            print(f"  {variant:<16} {hits}/{total}")


if __name__ == "__main__":
    main()
