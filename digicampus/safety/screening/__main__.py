"""Screen texts from standard input, one per line; print one JSON object per line."""

from __future__ import annotations

import argparse
import json
import sys

from digicampus.safety.screening import screen


def main(argv: list[str] | None = None) -> int:
    """Run the screener over standard input."""
    parser = argparse.ArgumentParser(prog="python -m digicampus.safety.screening")
    parser.add_argument("--no-personal-data", action="store_true")
    options = parser.parse_args(argv)
    for line in sys.stdin:
        result = screen(line.rstrip("\n"), personal_data=not options.no_personal_data)
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
