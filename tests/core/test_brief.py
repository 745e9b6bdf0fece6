"""The brief: Markdown parsed into blocks, citations resolved against the clips, edits with undo, saved and loaded."""

from __future__ import annotations

import pytest

from dossier.core import brief, brief_text, store
from dossier.core.brief_text import (
    BulletList,
    Citation,
    Emphasis,
    LineBreak,
    Link,
    ListItem,
    NumberedList,
    Paragraph,
    Strong,
    Text,
)
from dossier.core.commands import EditAssessment, EditBottomLine, RemoveClip, SetInfo, UndoStack
from dossier.core.dossier import Clip, Dossier
from dossier.core.errors import InvalidDate, UnknownCitation


def make_dossier() -> Dossier:
    d = Dossier("Talks")
    agenda, demands, _ = d.sections
    agenda.clips += [
        Clip("art1", 1, "We will be talking about land.", 0, 30, id="aa11bb22cc33"),
        Clip("art1", 1, "power plants", 40, 52, id="aa99ff000000"),
    ]
    demands.clips.append(Clip("art2", 1, "Nato ambitions", 5, 19, id="dd4455667788"))
    return d


# ---------------------------------------------------------------------- parsing


def test_markdown_becomes_blocks_and_inlines():
    blocks = brief_text.parse(
        "Talks *start* **Friday**, see [the call](https://example.org/a?b=1&c=2) [@aa11].\n"
        "Second line  \nbroken.\n\n- one\n- two [@aa9; @dd44]\n\n3. three\n4. four\n"
    )
    assert blocks == (
        Paragraph(
            (
                Text("Talks "),
                Emphasis((Text("start"),)),
                Text(" "),
                Strong((Text("Friday"),)),
                Text(", see "),
                Link("https://example.org/a?b=1&c=2", (Text("the call"),)),
                Text(" "),
                Citation("aa11"),
                Text(". Second line"),
                LineBreak(),
                Text("broken."),
            )
        ),
        BulletList(
            (
                ListItem((Paragraph((Text("one"),)),)),
                ListItem((Paragraph((Text("two "), Citation("aa9"), Citation("dd44"))),)),
            )
        ),
        NumberedList((ListItem((Paragraph((Text("three"),)),)), ListItem((Paragraph((Text("four"),)),))), start=3),
    )


def test_markup_characters_stay_text():
    blocks = brief_text.parse("Q&A: <b>bold?</b> 5 > 3 & \\*not emphasis\\* [not @a cite] [@not valid]")
    assert blocks == (Paragraph((Text("Q&A: <b>bold?</b> 5 > 3 & *not emphasis* [not @a cite] [@not valid]"),)),)


def test_typewriter_quotes_become_typographic():
    assert brief_text.parse('Putin\'s "terms"') == (Paragraph((Text("Putin’s “terms”"),)),)


def test_nested_lists_and_plain_text():
    blocks = brief_text.parse("- one [@x]\n- two\n  1. nested\n  2. more\n\nAfter.")
    assert isinstance(blocks[0].items[1].blocks[1], NumberedList)
    assert brief_text.plain_text(blocks, lambda c: f"<{c.key}>") == (
        "- one <x>\n- two\n  1. nested\n  2. more\n\nAfter."
    )


def test_empty_text_has_no_blocks():
    assert brief_text.parse("") == () and brief_text.parse("  \n\n ") == ()


# ---------------------------------------------------------------------- citations


def test_citations_resolve_by_unique_prefix():
    d = make_dossier()
    d.bottom_line = "Land first [@aa11], then [@dd44] and land again [@AA11BB22CC33]."
    d.sections[1].assessment = "Demands: [@dd4455667788]"
    parsed = brief.read_brief(d)
    assert [c.clip_id for c in brief_text.citations(parsed.bottom_line)] == [
        "aa11bb22cc33",
        "dd4455667788",
        "aa11bb22cc33",
    ]
    assert parsed.cited() == ["aa11bb22cc33", "dd4455667788"]
    assert list(parsed.assessments) == [d.sections[1].id]
    assert brief.cited_clip_ids(d) == {"aa11bb22cc33", "dd4455667788"}


def test_reading_order_puts_inline_citations_first_and_skips_them_as_excerpts():
    d = make_dossier()
    d.bottom_line = "Demands first: [@dd44]."
    d.sections[0].assessment = "Power: [@aa99]."
    parsed = brief.read_brief(d)
    assert [c.id for c in parsed.reading_order(d)] == ["dd4455667788", "aa99ff000000", "aa11bb22cc33"]
    assert [c.id for c in parsed.excerpts(d.sections[0])] == ["aa11bb22cc33"]
    assert parsed.excerpts(d.sections[1]) == []


@pytest.mark.parametrize(
    "text, key, fragment",
    [
        ("See [@ffff].", "ffff", "is not a clip of this dossier"),
        ("See [@aa].", "aa", "could be any of 2 clips (aa11bb22cc33, aa99ff000000); type more of the id"),
        ("See [@ aa11].", " aa11", "is not a clip of this dossier"),
    ],
)
def test_unknown_or_ambiguous_citations_name_the_key_and_the_place(text, key, fragment):
    d = make_dossier()
    d.sections[0].assessment = text
    with pytest.raises(UnknownCitation) as caught:
        brief.read_brief(d)
    assert caught.value.key == key and caught.value.where == "the assessment of “Agenda”"
    assert str(caught.value).startswith(f"The assessment of “Agenda” cites [@{key}], which ")
    assert fragment in str(caught.value)
    assert [p.key for p in brief.problems(d)] == [key]


def test_citing_parts_names_where_a_clip_is_cited():
    d = make_dossier()
    d.bottom_line = "[@aa11]"
    d.sections[1].assessment = "[@aa11] and [@dd44]"
    assert brief.citing_parts(d, ["aa11bb22cc33"]) == ["the bottom line", "the assessment of “Demands”"]
    assert brief.citing_parts(d, ["aa99ff000000"]) == []


def test_deleting_a_cited_clip_makes_the_citation_unknown_until_undone():
    d = make_dossier()
    d.bottom_line = "[@aa11]"
    stack = UndoStack(d)
    stack.push(RemoveClip("aa11bb22cc33"))
    assert [p.key for p in brief.problems(d)] == ["aa11"]
    stack.undo()
    assert brief.problems(d) == []


# ---------------------------------------------------------------------- commands, undo, store


def test_typing_the_bottom_line_undoes_as_one_edit():
    d = make_dossier()
    events: list[str] = []
    d.subscribe(lambda e: events.append(f"{e.kind}:{e.phase}"))
    stack = UndoStack(d)
    for text in ("L", "La", "Land"):
        stack.push(EditBottomLine(text))
    assert d.bottom_line == "Land" and events[:2] == ["dossier_change:before", "dossier_change:after"]
    stack.undo()
    assert d.bottom_line == "" and not stack.can_undo
    stack.redo()
    assert d.bottom_line == "Land"


def test_assessments_merge_per_section_only():
    d = make_dossier()
    agenda, demands = d.sections[0], d.sections[1]
    stack = UndoStack(d)
    stack.push(EditAssessment(agenda.id, "A"))
    stack.push(EditAssessment(agenda.id, "Ab"))
    stack.push(EditAssessment(demands.id, "D"))
    assert (agenda.assessment, demands.assessment) == ("Ab", "D")
    stack.undo()
    assert (agenda.assessment, demands.assessment) == ("Ab", "")
    stack.undo()
    assert agenda.assessment == "" and not stack.can_undo


def test_cover_fields_with_undo_and_a_checked_date():
    d = make_dossier()
    stack = UndoStack(d)
    stack.push(SetInfo(author="Desk", organisation="Org", date="2025-03-17", marking="INTERNAL"))
    assert (d.title, d.author, d.organisation, d.date, d.marking) == ("Talks", "Desk", "Org", "2025-03-17", "INTERNAL")
    stack.undo()
    assert (d.author, d.organisation, d.date, d.marking) == ("", "", "", "")
    for bad in ("17/03/2025", "2025-02-30", "2025-3-1"):
        with pytest.raises(InvalidDate):
            SetInfo(date=bad)


def test_the_brief_is_saved_and_loaded(tmp_path):
    d = make_dossier()
    d.set_info(organisation="Org", date="2025-03-17", marking="SECRET", bottom_line="**Bottom** [@aa11]")
    d.set_assessment(0, "Agenda text")
    loaded = store.load(store.save(d, tmp_path / "x.dossier"))
    assert loaded.info() == d.info()
    assert [s.assessment for s in loaded.sections] == ["Agenda text", "", ""]


def test_a_version_1_file_loads_without_a_brief():
    data = store.to_dict(make_dossier())
    data["version"] = 1
    for key in ("organisation", "date", "marking", "bottom_line"):
        del data[key]
    for section in data["sections"]:
        del section["assessment"]
    loaded = store.from_dict(data)
    assert loaded.bottom_line == "" and loaded.sections[0].assessment == "" and len(loaded.clips()) == 3


def test_a_brief_that_is_not_text_is_a_damaged_file(tmp_path):
    import json

    from dossier.core.errors import DamagedDossier

    data = store.to_dict(make_dossier())
    data["sections"][0]["assessment"] = ["not", "text"]
    path = tmp_path / "bad.dossier"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DamagedDossier, match=r"sections\[0\]\.assessment"):
        store.load(path)
