import pytest

from dossier.core.commands import (
    AddClip,
    AddSection,
    EditClip,
    MoveClip,
    MoveSection,
    RemoveClip,
    RemoveSection,
    RenameSection,
    SetInfo,
    UndoStack,
)
from dossier.core.dossier import DEFAULT_SECTIONS, Dossier
from dossier.core.integrity import clip_quote, make_clip, snap_to_words


def titles(d):
    return [s.title for s in d.sections]


def quotes(section):
    return [c.quote for c in section.clips]


@pytest.fixture
def clips(seed_articles):
    first, second = seed_articles
    return [
        clip_quote(first, "We will be talking about land."),
        clip_quote(first, "We will be talking about power plants"),
        clip_quote(second, "the Zaporizhzhia nuclear power plant"),
    ]


def test_new_dossier_has_default_sections():
    assert tuple(titles(Dossier())) == DEFAULT_SECTIONS


def test_clip_records_span_context_and_paragraph(seed_articles):
    first, _ = seed_articles
    clip = clip_quote(first, "We will be talking about land.")
    assert first.text[clip.start : clip.end] == clip.quote
    assert clip.paragraph == 6 and clip.article_version == 1
    assert first.text[clip.start - len(clip.context_before) : clip.start] == clip.context_before
    assert len(clip.context_before) == 40 and clip.context_after.startswith(" We will be talking about power")


def test_selection_snaps_to_whole_words(seed_articles):
    first, _ = seed_articles
    start = first.text.index("talking about land")
    clip = make_clip(first, start + 3, start + 16)  # "king about la"
    assert clip.quote == "talking about land"
    assert snap_to_words("  hello world  ", 0, 15) == (2, 13)
    assert snap_to_words("it’s here", 1, 2) == (0, 4)


def test_sections_add_rename_move_delete_with_undo(clips):
    d = Dossier()
    stack = UndoStack(d)
    add = AddSection("Context")
    stack.push(add)
    stack.push(RenameSection(add.section.id, "Background"))
    stack.push(MoveSection(add.section.id, 0))
    assert titles(d) == ["Background", "Agenda", "Demands", "Reactions"]
    stack.push(AddClip(d.sections[1].id, clips[0]))
    stack.push(RemoveSection(d.sections[1].id))
    assert titles(d) == ["Background", "Demands", "Reactions"]
    stack.undo()
    assert titles(d) == ["Background", "Agenda", "Demands", "Reactions"]
    assert quotes(d.sections[1]) == ["We will be talking about land."]
    while stack.undo():
        pass
    assert tuple(titles(d)) == DEFAULT_SECTIONS and d.clips() == []
    while stack.redo():
        pass
    assert titles(d) == ["Background", "Demands", "Reactions"]


def test_clips_move_reorder_and_delete_with_undo(clips):
    d = Dossier()
    stack = UndoStack(d)
    agenda, demands = d.sections[0], d.sections[1]
    for clip in clips:
        stack.push(AddClip(agenda.id, clip))
    stack.push(MoveClip(clips[2].id, agenda.id, 0))
    assert quotes(agenda)[0] == clips[2].quote
    stack.push(MoveClip(clips[0].id, demands.id, 0))
    assert quotes(demands) == [clips[0].quote] and len(agenda.clips) == 2
    stack.push(RemoveClip(clips[1].id))
    assert quotes(agenda) == [clips[2].quote]
    stack.undo()
    stack.undo()
    stack.undo()
    assert quotes(agenda) == [c.quote for c in clips]
    assert stack.can_redo


def test_note_edits_merge_into_one_undo(clips):
    d = Dossier()
    stack = UndoStack(d)
    stack.push(AddClip(d.sections[0].id, clips[0]))
    for text in ("T", "Tr", "Tru", "Trump"):
        stack.push(EditClip(clips[0].id, {"note": text}))
    assert d.clip(clips[0].id).note == "Trump"
    stack.undo()
    assert d.clip(clips[0].id).note == ""
    stack.redo()
    assert d.clip(clips[0].id).note == "Trump"


def test_events_bracket_every_change(clips):
    d = Dossier()
    events = []
    d.subscribe(lambda e: events.append((e.kind, e.phase)))
    stack = UndoStack(d)
    stack.push(AddClip(d.sections[0].id, clips[0]))
    stack.push(SetInfo(title="Ukraine talks"))
    assert events == [
        ("clip_insert", "before"),
        ("clip_insert", "after"),
        ("dossier_change", "before"),
        ("dossier_change", "after"),
    ]
    assert d.title == "Ukraine talks"


def test_clean_state(clips):
    d = Dossier()
    stack = UndoStack(d)
    assert stack.is_clean
    stack.push(AddClip(d.sections[0].id, clips[0]))
    assert not stack.is_clean
    stack.set_clean()
    assert stack.is_clean
    stack.undo()
    assert not stack.is_clean


def test_event_kinds_are_checked():
    from dossier.core.dossier import Event, EventKind, Phase

    event = Event("clip_insert", "after", section=0, row=1)  # type: ignore[arg-type]
    assert event.kind is EventKind.CLIP_INSERT and event.phase is Phase.AFTER
    with pytest.raises(ValueError):
        Event("clip_insrt", "after")  # type: ignore[arg-type]
