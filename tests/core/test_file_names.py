"""Save As proposes a name from the dossier's title, never "Untitled dossier"."""

from dossier.core.file_names import UNTITLED, file_stem, is_untitled


def test_a_title_becomes_a_name_every_system_accepts():
    assert file_stem("Ukraine talks: the agenda") == "Ukraine talks the agenda"
    assert file_stem('a/b\\c?"d"*') == "a b c d"
    assert file_stem("  ...dots...  ") == "dots"
    assert len(file_stem("word " * 40)) <= 80


def test_an_untitled_dossier_gets_a_plain_name():
    assert is_untitled(UNTITLED) and is_untitled("  ") and not is_untitled("Agenda")
    assert file_stem(UNTITLED) == "Briefing" and file_stem("???") == "Briefing"
