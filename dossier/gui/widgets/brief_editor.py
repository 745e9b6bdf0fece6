"""Where the brief is written: the cover fields, the bottom line and each section's assessment.

The editor follows the session: after every change (a keystroke here, an undo, a section added
in the dossier tree, another dossier opened) it shows what the dossier holds, and each edit made
here is a core command pushed through the session (:class:`SetInfo`, :class:`EditBottomLine`,
:class:`EditAssessment`), so typing undoes as one edit and Ctrl+Z is the window's Undo. Under
the text it names every citation that does not name a clip, as the export would refuse it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from dossier.core import brief
from dossier.core.commands import EditAssessment, EditBottomLine, SetInfo
from dossier.core.dossier import Section
from dossier.core.errors import InvalidDate
from dossier.core.quoting import clip_quoted
from dossier.gui.widgets.markdown_edit import MarkdownEdit

if TYPE_CHECKING:
    from dossier.gui.session import DossierSession

HINT = (
    "Write in Markdown: *emphasis*, **strong**, lines starting with - or 1. for lists, [text](https://…) "
    "for links. Cite a clip by dragging it here from the dossier, or type [@ and choose it: the briefing "
    "prints its words in quotation marks with a note number."
)
COVER = (
    ("author", "Author", "Who prepared the briefing"),
    ("organisation", "Organisation", "The desk, team or organisation"),
    ("date", "Date", "YYYY-MM-DD (empty: the day of export)"),
    ("marking", "Marking", "Printed on the cover and every page, e.g. INTERNAL – NOT FOR DISTRIBUTION"),
)
COMPLETION_CHARS = 70


class BriefEditor(QScrollArea):
    def __init__(self, session: DossierSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("BriefEditor")
        self.setAccessibleName("Brief")
        self.setAccessibleDescription("The cover, the bottom line and each section's assessment, in Markdown")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.cover: dict[str, QLineEdit] = {}
        self.assessments: dict[str, MarkdownEdit] = {}  # by section id
        self._titles: dict[str, QLabel] = {}
        self._build()
        session.undo_stack.indexChanged.connect(self.refresh)
        session.dossier_replaced.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        page = QWidget(objectName="BriefPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 24)
        hint = QLabel(HINT, wordWrap=True, objectName="CountLabel")
        layout.addWidget(hint)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, placeholder in COVER:
            field = QLineEdit(placeholderText=placeholder, objectName=f"Cover_{name}")
            field.setAccessibleName(label)
            field.editingFinished.connect(lambda n=name: self._on_cover_edited(n))
            self.cover[name] = field
            form.addRow(label, field)
        layout.addLayout(form)
        layout.addWidget(self._heading("Bottom line"))
        self.bottom_line = self._editor("The bottom line: your judgement up front, in a few sentences…")
        self.bottom_line.setAccessibleName("Bottom line")
        self.bottom_line.setMinimumHeight(130)
        self.bottom_line.edited.connect(self._on_bottom_line_edited)
        layout.addWidget(self.bottom_line)
        self.sections_box = QVBoxLayout()
        layout.addLayout(self.sections_box)
        self.problems_label = QLabel(wordWrap=True, objectName="MismatchBadge")
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.problems_label)
        layout.addStretch(1)
        self.setWidget(page)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        label.setFont(font)
        label.setContentsMargins(0, 12, 0, 2)
        return label

    def _editor(self, placeholder: str) -> MarkdownEdit:
        editor = MarkdownEdit(self._candidates, self._known, self)
        editor.setPlaceholderText(placeholder)
        return editor

    def _rebuild_sections(self, sections: list[Section]) -> None:
        while self.sections_box.count():
            item = self.sections_box.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.assessments.clear()
        self._titles.clear()
        for section in sections:
            title = self._heading(section.title)
            editor = self._editor(f"Your assessment of “{section.title}”, citing its clips…")
            editor.setAccessibleName(f"Assessment of {section.title}")
            editor.setMinimumHeight(100)
            editor.edited.connect(lambda text, sid=section.id: self._on_assessment_edited(sid, text))
            self.sections_box.addWidget(title)
            self.sections_box.addWidget(editor)
            self._titles[section.id] = title
            self.assessments[section.id] = editor

    # ------------------------------------------------------------------ following the dossier
    def refresh(self, *_args: object) -> None:
        """Show what the dossier holds now."""
        dossier = self.session.dossier
        if list(self.assessments) != [s.id for s in dossier.sections]:
            self._rebuild_sections(dossier.sections)
        for name, field in self.cover.items():
            if not field.hasFocus() and field.text() != getattr(dossier, name):
                field.setText(getattr(dossier, name))
        self.bottom_line.set_markdown(dossier.bottom_line)
        for section in dossier.sections:
            self._titles[section.id].setText(section.title)
            self.assessments[section.id].set_markdown(section.assessment)
        for editor in (self.bottom_line, *self.assessments.values()):
            editor.rehighlight()
        problems = brief.problems(dossier)
        self.problems_label.setVisible(bool(problems))
        self.problems_label.setText("\n".join(f"⚠ {p}" for p in problems))

    def editor_for(self, section: Section | None) -> MarkdownEdit:
        """The editor of the bottom line (``None``) or of a section's assessment."""
        return self.bottom_line if section is None else self.assessments[section.id]

    # ------------------------------------------------------------------ edits
    def _on_cover_edited(self, name: str) -> None:
        value = " ".join(self.cover[name].text().split())
        if value == getattr(self.session.dossier, name):
            return
        try:
            changes: dict[str, Any] = {name: value}
            command = SetInfo(**changes)
        except InvalidDate as exc:
            self.problems_label.setText(f"⚠ {exc}")
            self.problems_label.setVisible(True)
            self.cover[name].setText(self.session.dossier.date)
            return
        self.session.push(command)

    def _on_bottom_line_edited(self, text: str) -> None:
        if text != self.session.dossier.bottom_line:
            self.session.push(EditBottomLine(text))

    def _on_assessment_edited(self, section_id: str, text: str) -> None:
        try:
            section = self.session.dossier.sections[self.session.dossier.section_row(section_id)]
        except KeyError:
            return
        if text != section.assessment:
            self.session.push(EditAssessment(section_id, text))

    # ------------------------------------------------------------------ citations
    def _candidates(self) -> list[tuple[str, str]]:
        return [(clip.id, clip_quoted(clip).short(COMPLETION_CHARS)) for clip in self.session.dossier.clips()]

    def _known(self, key: str) -> bool:
        return len(brief.matching(key, [clip.id for clip in self.session.dossier.clips()])) == 1
