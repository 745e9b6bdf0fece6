"""Sources in the window: copies folded under a hit ("+1 copy", unfolded by a click), a clip's
corroboration and grade, and the timeline."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from dossier.core.library import Incoming
from dossier.gui.models.library_model import Role
from dossier.gui.widgets.search_panel import SearchPanel
from tests.core.reprint_texts import INDEPENDENT, REPRINT, WIRE


def items() -> list[Incoming]:
    return [
        Incoming(text.encode(), name=name, key=name, meta={"publisher": publisher, "published": date})
        for text, name, publisher, date in (
            (WIRE, "wire.txt", "Wire Agency", "2025-06-14"),
            (REPRINT, "reprint.txt", "Coast Herald", "2025-06-15"),
            (INDEPENDENT, "independent.txt", "Valmora Post", "2025-06-14"),
        )
    ]


@pytest.fixture
def reprinted(workspace):
    workspace.import_items(items())
    workspace.ensure_ready()
    return {a.meta.publisher: a.id for a in workspace.library.articles() if a.meta.publisher}


@pytest.fixture
def panel(qtbot, workspace, reprinted):
    panel = SearchPanel(workspace)
    qtbot.addWidget(panel)
    panel.resize(380, 700)
    panel.show()
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        panel.set_ready(True)
    yield panel
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=5000)


def rows(panel) -> list[tuple[str, str | None, str | None]]:
    out = []
    for r in range(panel.proxy.rowCount()):
        index = panel.proxy.index(r, 0)
        out.append((index.data(Role.ARTICLE_ID), index.data(Role.COPIES), index.data(Role.COPY_OF)))
    return out


def test_copies_fold_under_their_hit_and_unfold_with_a_click(qtbot, panel, reprinted):
    with qtbot.waitSignal(panel.results_shown, timeout=5000):
        qtbot.keyClicks(panel.field, '"cranes will move again"')
    wire, herald, post = reprinted["Wire Agency"], reprinted["Coast Herald"], reprinted["Valmora Post"]
    assert panel.count_label.text() == "2 articles match"
    assert sorted(rows(panel)) == sorted([(wire, "+1 copy", None), (post, None, None)])
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data(Role.ARTICLE_ID) == wire)
    rect = panel.view.visualRect(panel.proxy.index(row, 0))
    badge = panel.view.itemDelegate()._badge_rect(_option(rect), panel.proxy.index(row, 0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=badge.center().toPoint())
    assert (herald, None, wire) in rows(panel)
    assert panel.proxy.index(row, 0).data(Role.COPIES) == "▾ 1 copy"
    assert panel.proxy.index(row + 1, 0).data(Role.META_LINE).startswith("copy · Coast Herald")
    panel.view.setCurrentIndex(panel.proxy.index(row, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Left)
    assert herald not in [r[0] for r in rows(panel)]
    qtbot.keyClick(panel.view, Qt.Key.Key_Right)
    assert (herald, None, wire) in rows(panel)


def _option(rect):
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.rect = rect
    return option


@pytest.fixture
def dossier_panel(session, qtbot, reprinted):
    from dossier.gui.widgets.dossier_panel import DossierPanel

    widget = DossierPanel(session)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    qtbot.waitUntil(lambda: not widget.sources.is_busy(), timeout=5000)


def test_a_clip_shows_its_corroboration_and_takes_a_grade(qtbot, dossier_panel, session, workspace, reprinted):
    from tests.core.reprint_texts import QUOTE

    herald = workspace.library.get(reprinted["Coast Herald"])
    workspace.library.update_metadata(herald.id, reliability="B")
    start = herald.text.index(QUOTE)
    clip = session.clip_selection(herald, start, start + len(QUOTE), 0)
    dossier_panel.select_clip(clip.id)
    sources = dossier_panel.sources
    qtbot.waitUntil(lambda: sources.corroboration_label.text() == "1 independent · 1 copy", timeout=5000)
    assert "independent: Valmora Post" in sources.corroboration_label.toolTip()
    assert "copy: Wire Agency" in sources.corroboration_label.toolTip()
    assert sources.grade_label.text() == "B–"
    steps = session.undo_stack.count()
    sources.credibility.setCurrentIndex(sources.credibility.findData(2))
    sources.credibility.activated.emit(sources.credibility.currentIndex())
    assert clip.credibility == 2 and sources.grade_label.text() == "B2"
    assert session.undo_stack.count() == steps + 1
    session.undo_stack.undo()
    assert clip.credibility is None and sources.grade_label.text() == "B–"


def test_the_timeline_lists_clips_by_date_and_opens_one(qtbot, session, workspace, reprinted):
    from dossier.core.timeline import timeline
    from dossier.gui.dialogs.timeline_dialog import TimelineDialog

    herald = workspace.library.get(reprinted["Coast Herald"])
    post = workspace.library.get(reprinted["Valmora Post"])
    workspace.library.update_metadata(post.id, published="")
    late = session.clip_selection(post, 0, 40, 0)
    early = session.clip_selection(herald, herald.text.index("Dock workers"), herald.text.index("Dock workers") + 12, 0)
    dialog = TimelineDialog()
    qtbot.addWidget(dialog)
    dialog.set_entries(timeline(session.dossier, workspace.library))
    model = dialog.model
    assert [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())] == [early.id, late.id]
    assert model.index(0, 0).data() == "15 June 2025" and model.index(1, 0).data() == "n.d."
    assert model.index(0, 1).data() == "Coast Herald"
    with qtbot.waitSignal(dialog.clip_activated) as shown:
        dialog.view.activated.emit(model.index(1, 3))
    assert shown.args == [late.id]
