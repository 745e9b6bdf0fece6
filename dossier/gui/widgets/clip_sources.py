"""Under the selected clip: its grade (the source's reliability and the clip's credibility, set
here) and how many other sources say its words ("2 independent · 1 copy")."""

from __future__ import annotations

import functools
import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from dossier.core import grading
from dossier.core.commands import EditClip
from dossier.core.corroboration import Corroboration, corroborate_clip
from dossier.core.dossier import Clip
from dossier.gui.session import DossierSession
from dossier.gui.tasks import Job, LatestOnly


class ClipSources(QWidget):
    """The grade and corroboration line of one clip; corroboration is searched in a worker."""

    def __init__(self, session: DossierSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._clip_id: str | None = None
        self._found: dict[str, Corroboration] = {}  # by clip id, while the library stays as it is
        self._runner = LatestOnly(self)
        self.credibility = QComboBox(self)
        self.credibility.setObjectName("CredibilityBox")
        self.credibility.setAccessibleName("Credibility of this clip")
        self.credibility.setToolTip(
            "How credible what the clip says is: 1 confirmed by other sources … "
            "6 cannot be judged. The source's reliability (A-F) is in Article ▸ Details."
        )
        self.credibility.addItem("Credibility –", None)
        for value, words in grading.CREDIBILITY.items():
            self.credibility.addItem(f"{value} — {words}", value)
        self.credibility.activated.connect(self._on_credibility_chosen)
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("GradeLabel")
        self.corroboration_label = QLabel(self)
        self.corroboration_label.setObjectName("CorroborationLabel")
        self.corroboration_label.setTextFormat(Qt.TextFormat.RichText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.credibility)
        layout.addWidget(self.grade_label)
        layout.addWidget(self.corroboration_label, 1)

    def show_clip(self, clip: Clip | None) -> None:
        """Show a clip's grade, and its corroboration (at once if known, else when searched)."""
        self._clip_id = clip.id if clip is not None else None
        if clip is None:
            return
        article = self.session.article(clip.article_id)
        reliability = article.meta.reliability if article is not None else None
        self.credibility.setCurrentIndex(max(0, self.credibility.findData(clip.credibility)))
        grade = grading.code(reliability, clip.credibility)
        self.grade_label.setText(grade)
        self.grade_label.setToolTip(grading.describe(reliability, clip.credibility))
        found = self._found.get(clip.id)
        if found is not None:
            self._show_found(found)
            return
        self.corroboration_label.setText("<i>looking for other sources…</i>")
        workspace, snapshot = self.session.workspace, Clip.from_dict(clip.to_dict())

        def work(job: Job) -> Corroboration:
            return corroborate_clip(snapshot, workspace.library, workspace.reprints, workspace.unfolded_search)

        self._runner.run(
            work,
            on_done=functools.partial(self._on_found, clip.id),
            on_error=lambda exc: self.corroboration_label.setText(""),
        )

    def forget(self) -> None:
        """The library changed: corroboration is searched again when a clip is shown."""
        self._found.clear()

    def is_busy(self) -> bool:
        return self._runner.busy()

    def _on_found(self, clip_id: str, result: Corroboration) -> None:
        self._found[clip_id] = result
        if clip_id == self._clip_id:
            self._show_found(result)

    def _show_found(self, found: Corroboration) -> None:
        names = []
        for label, ids in (("independent", found.independent), ("copy", found.copies)):
            for article_id in ids:
                article = self.session.article(article_id)
                who = (article.meta.publisher or article.title) if article is not None else article_id
                names.append(f"{label}: {who}")
        self.corroboration_label.setText(html.escape(found.summary()))
        self.corroboration_label.setToolTip("\n".join(names) or "No other article in the library holds these words.")

    def _on_credibility_chosen(self, row: int) -> None:
        if self._clip_id is None:
            return
        value = self.credibility.itemData(row)
        clip = self.session.dossier.clip(self._clip_id)
        if clip.credibility != value:
            self.session.push(EditClip(clip.id, {"credibility": value}))
