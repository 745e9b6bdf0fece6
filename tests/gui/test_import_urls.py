"""Web pages into the window: Import from URL…, a dropped link, Ctrl+V in the library, Cancel,
and Library ▸ Check Sources for Changes."""

from __future__ import annotations

import time

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from dossier.core.sources.refresh import CHANGED
from dossier.gui.dialogs.url_dialog import UrlDialog, links_in
from dossier.gui.links import links_in_mime
from dossier.gui.mime import MIME_SELECTION
from dossier.gui.models.library_model import Role
from tests.core.web_server import NEVER, serve
from tests.gui.test_main_window import FakePrompts, data_dir, open_window, search  # noqa: F401 - fixtures


def story(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title} | Ledger</title></head><body><article><h1>{title}</h1>"
        f"<p>{sentence} Officials confirmed it to reporters on Monday evening in the capital.</p>"
        f"<p>Further talks are planned for the coming weeks, according to a statement.</p></article></body></html>"
    )


class UrlPrompts(FakePrompts):
    def import_urls(self, parent, text=""):
        return self._answer("import_urls")

    def show_refresh_report(self, parent, results):
        self.refreshed = results


def wait_for_report(qtbot, window, n: int = 1):
    qtbot.waitUntil(lambda: len(window.prompts.reports) >= n and not window.ops.is_busy(), timeout=20000)
    return window.prompts.reports[n - 1]


def test_import_from_url_dialog(qtbot, open_window):
    with serve() as site:
        good = site.page("/wombats", story("Wombats return", "The wombats came back to the valley."))
        missing = site.url("/missing")
        window = open_window(UrlPrompts(import_urls=([good, missing], False)))
        window.acts.import_url.trigger()
        results = wait_for_report(qtbot, window)
    assert [(r.path, r.status) for r in results] == [(good, "added"), (missing, "failed")]
    assert "404" in results[1].message
    search(qtbot, window, "wombats")
    assert window.search_panel.count_label.text() == "1 article matches"
    article = window.workspace.library.get(results[0].article_id)
    assert article.title == "Wombats return" and article.meta.url == good and article.meta.fetched


def test_a_dropped_link_and_a_pasted_one_are_imported(qtbot, open_window):
    with serve() as site:
        dropped = site.page("/dropped", story("Quolls sighted", "Two quolls were sighted near the dam."))
        pasted = site.page("/pasted", story("Numbats counted", "The numbat count rose for a third year."))
        window = open_window(UrlPrompts())
        mime = QMimeData()
        mime.setUrls([QUrl(dropped)])
        args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        target = window.reader.view.viewport()  # dropped onto the reader: the window takes it
        pos = QPointF(target.rect().center())
        for event in (QDragEnterEvent(pos.toPoint(), *args), QDragMoveEvent(pos.toPoint(), *args)):
            QApplication.sendEvent(target, event)
            assert event.isAccepted()
        QApplication.sendEvent(target, QDropEvent(pos, *args))
        assert wait_for_report(qtbot, window)[0].status == "added"

        QGuiApplication.clipboard().setText(pasted + "\n")
        view = window.search_panel.view
        view.setFocus()
        qtbot.waitUntil(view.hasFocus, timeout=20000)
        qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert wait_for_report(qtbot, window, 2)[0].status == "added"
    titles = {a.title for a in window.workspace.library.articles()}
    assert {"Quolls sighted", "Numbats counted"} <= titles


def test_fetching_can_be_cancelled(qtbot, open_window):
    with serve() as site:
        site.routes["/slow"] = site.routes["/slower"] = (200, {"Content-Type": "text/html"}, NEVER)
        window = open_window(UrlPrompts(import_urls=([site.url("/slow"), site.url("/slower")], False)))
        window.import_from_url()
        qtbot.waitUntil(lambda: site.hits.get("/slow") == 1 and site.hits.get("/slower") == 1, timeout=10000)
        started = time.monotonic()
        window.prompts.dialog.findChild(QPushButton).click()  # the person presses Cancel
        results = wait_for_report(qtbot, window)
        assert time.monotonic() - started < 10  # well before the 20 s timeout
    assert [r.status for r in results] == ["skipped", "skipped"]
    assert all(r.message == "import cancelled" for r in results)


def test_check_sources_for_changes(qtbot, open_window):
    with serve() as site:
        url = site.page("/talks", story("Talks resume", "The delegations met for six hours on Sunday."))
        window = open_window(UrlPrompts(import_urls=([url], False)))
        window.import_from_url()
        article = window.workspace.library.get(wait_for_report(qtbot, window)[0].article_id)
        start = article.text.index("six hours")
        window.session.clip_selection(article, start, start + len("six hours on Sunday"), 0)
        site.page("/talks", story("Talks resume", "The delegations met for seven hours on Sunday."))
        window.acts.check_sources.trigger()
        qtbot.waitUntil(lambda: hasattr(window.prompts, "refreshed") and not window.ops.is_busy(), timeout=20000)
    [result] = window.prompts.refreshed
    assert result.status == CHANGED and result.version == 2 and result.clips == 1
    assert "1 changed" in window.statusBar().currentMessage()
    model = window.search_panel.model  # the library list marks the page that changed
    qtbot.waitUntil(
        lambda: (
            model.row_of(result.new_id) >= 0
            and model.data(model.index(model.row_of(result.new_id)), Role.META_LINE).startswith("page changed · ")
        ),
        timeout=10000,
    )


def test_links_in_pasted_text_and_mime(qtbot):
    assert links_in("see https://a.org/x, and http://b.org/y.\nftp://c.org") == ["https://a.org/x", "http://b.org/y"]
    mime = QMimeData()
    mime.setText("The minister said https://a.org/x was wrong")  # a passage, not a link
    assert links_in_mime(mime) == ([], [])
    mime = QMimeData()
    mime.setText("https://a.org/x")
    mime.setData(MIME_SELECTION, b"{}")  # Dossier's own drag
    assert links_in_mime(mime) == ([], [])
    dialog = UrlDialog(None, "https://a.org/x\nnot a link\nhttps://b.org/y")
    qtbot.addWidget(dialog)
    assert dialog.links() == ["https://a.org/x", "https://b.org/y"] and dialog.ok_button.isEnabled()
    dialog.edit.setPlainText("nothing here")
    assert not dialog.ok_button.isEnabled()


def test_the_reader_says_when_a_page_was_fetched(workspace):
    from dossier.gui.widgets.article_document import header_lines

    article = next(iter(workspace.library.articles()))
    article.meta.fetched = "2026-12-01T15:42:02+00:00"
    article.version = 2
    assert header_lines(article)[1].endswith("version 2 · fetched 1 December 2026")
