"""A CSV cell never runs as a formula in a spreadsheet: text starting with =, +, -, @, a
tab or a return gets a leading apostrophe; a plain number (a negative amount too) stays a
number."""

import pytest

from common.csv import safe_cell


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://example.org")', '\'=HYPERLINK("http://example.org")'),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-1+2", "'-1+2"),
        ("-A1", "'-A1"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("-3050.52", "-3050.52"),
        ("-7", "-7"),
        ("4800.00", "4800.00"),
        ("Riverside", "Riverside"),
        (None, ""),
        (12, "12"),
    ],
)
def test_a_cell_is_written_safe(value, written):
    assert safe_cell(value) == written
