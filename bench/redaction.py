"""Benchmark: redaction of free text, as a reviewer's page does it for every field.

Times a 2,000-character text as dense with identifiers as text gets, and long odd texts
that would take time out of proportion to their length if a pattern read a run of text
once for every character in it (a long run of letters before an @ once took 1.7 s).
Processor time, so other work on the machine does not count. Needs no database.

    .venv/bin/python bench/redaction.py
"""

import sys
import time
import timeit
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from peer_audit.core.redaction import KnownIdentifiers, redact

ADA = KnownIdentifiers(
    names=("Ada", "Lovelace"),
    nhs_number="9434765919",
    date_of_birth=date(1970, 2, 1),
    address="1 Mill Lane\nLeeds\nLS1 4AB",
)
SENTENCE = (
    "Ada rang on 07700 900123 about her 4 sessions (£808.16) on 3 March 2012; "
    "NHS 943 476 5919, LS1 4AB. She would like to go to the gym twice a week. "
)
ODD = {
    "letters": "a" * 20000 + "@",
    "dots": "a." * 10000 + "@example.org",
    "spaced": "1 " * 10000,
    "hyphened": "1-" * 10000,
    "plus": "+0" * 10000,
    "zeros": "0" * 20000,
    "months": "1 feb " * 3000,
    "gaps": ("1" + " " * 200) * 100,
}


def main() -> None:
    text = (SENTENCE * 20)[:2000]
    runs = timeit.repeat(lambda: redact(text, ADA), number=20, repeat=5, timer=time.process_time)
    print(f"2,000 characters dense with identifiers: {min(runs) / 20 * 1000:6.2f} ms")
    for name, odd in ODD.items():
        started = time.process_time()
        redact(odd, ADA)
        spent = time.process_time() - started
        print(f"{len(odd):>6,} characters of {name + ':':<9} {spent * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
