"""Family names in short notes and author-date; the first author inverted in the sources."""

import pytest

from dossier.core.author_names import inverted, short


@pytest.mark.parametrize(
    ("byline", "cited", "listed"),
    [
        ("Jane Smith", "Smith", "Smith, Jane"),
        ("By Jane Doe and John Smith", "Doe and Smith", "Doe, Jane, and John Smith"),
        (
            "Anna Kowalska; Piotr Nowak; Ilse Vandermeer",
            "Kowalska et al.",
            "Kowalska, Anna, Piotr Nowak, and Ilse Vandermeer",
        ),
        ("Ludwig van Beethoven", "van Beethoven", "Beethoven, Ludwig van"),
        ("Vandermeer, Ilse", "Vandermeer", "Vandermeer, Ilse"),
        ("Reuters", "Reuters", "Reuters"),
        ("BBC News", "BBC News", "BBC News"),
    ],
)
def test_names_as_the_styles_print_them(byline, cited, listed):
    assert short(byline) == cited
    assert inverted(byline) == listed
