"""Run every benchmark module (benchmarks/bench_*.py) and print its figures."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks


def main() -> None:
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            module = importlib.import_module(f"benchmarks.{info.name}")
            print(f"== {info.name[6:]}")
            module.main()


if __name__ == "__main__":
    main()
