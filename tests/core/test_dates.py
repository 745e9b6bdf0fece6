"""Dates typed the ways people write them become ISO dates; slashed ones are refused."""

import pytest

from dossier.core.dates import date_problem, read_date


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("2025-03-17", "2025-03-17"),
        ("2025-3-7", "2025-03-07"),
        ("2025-03", "2025-03"),
        ("2025", "2025"),
        ("17 March 2025", "2025-03-17"),
        ("17th March, 2025", "2025-03-17"),
        ("March 17, 2025", "2025-03-17"),
        ("Mar 17 2025", "2025-03-17"),
        ("sept. 3, 2024", "2024-09-03"),
        ("March 2025", "2025-03"),
        ("17.03.2025", "2025-03-17"),
        ("  17   MARCH  2025 ", "2025-03-17"),
    ],
)
def test_typed_dates_become_iso(typed, iso):
    assert read_date(typed) == iso
    assert date_problem(typed) is None


@pytest.mark.parametrize("typed", ["2025-02-30", "31 April 2025", "Smarch 3, 2025", "yesterday", "2025-13"])
def test_what_is_not_a_date(typed):
    assert read_date(typed) is None
    assert "is not a date" in date_problem(typed)


def test_slashed_dates_are_ambiguous():
    assert read_date("03/04/2025") is None
    assert "two ways" in date_problem("03/04/2025")
    assert date_problem("") is None
