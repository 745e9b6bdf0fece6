"""The briefing's contents: entries with dot leaders that stand in the same columns on every
line and stop at the same place, and page numbers right-aligned in a column of their own.

(ReportLab's own leaders are a string of " . " fitted into what is left of each line, so they
start wherever that string happens to begin.) Leaders are drawn after the entries, so a PDF
reader's text runs "Agenda ...... 3" in reading order.
"""

from __future__ import annotations

from ast import literal_eval
from dataclasses import dataclass
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.tableofcontents import TableOfContents

#: Distance between the dots of a leader, in points.
LEADER_STEP = 5.5
#: Room kept between an entry's last word and its first dot.
LEADER_GAP = 6.0
#: The column the page numbers are right-aligned in.
NUMBER_COLUMN = 26.0
#: Up to this many entries, the contents stands on the cover rather than on a page of its own.
CONTENTS_ON_COVER = 9


@dataclass
class _Leader:
    start: tuple[float, float]  # on the page: where the entry's text ends
    right: float  # on the page: the right edge of the contents
    page: int
    key: Any
    style: ParagraphStyle


class Contents(TableOfContents):
    """A table of contents drawn with even leaders (see the module's docstring)."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width_used, height = super().wrap(availWidth, availHeight)
        self._leaders: list[_Leader] = []
        width = availWidth

        def note_end(canvas: Any, _kind: str, label: str) -> None:  # while the entry is drawn
            parts = label.split(",")
            page, level, key = int(parts[0]), int(parts[1]), literal_eval(parts[2])
            x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
            start, right = canvas.absolutePosition(x, y), canvas.absolutePosition(width, y)[0]
            self._leaders.append(_Leader(start, right, page, key, self.getLevelStyle(level)))

        self.canv.setNamedCB("drawTOCEntryEnd", note_end)
        return float(width_used), float(height)

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        self._leaders = []
        super().drawOn(canvas, x, y, _sW)
        for leader in self._leaders:
            _draw(canvas, leader)


def _draw(canvas: Any, leader: _Leader) -> None:
    """Dots on a grid counted back from the number column, then the page number."""
    (x, y), style = leader.start, leader.style
    number = str(leader.page)
    number_x = leader.right - stringWidth(number, style.fontName, style.fontSize)
    last = leader.right - NUMBER_COLUMN - LEADER_STEP / 2  # where every leader's last dot is centred
    count = int((last - (x + LEADER_GAP)) // LEADER_STEP) + 1 if last >= x + LEADER_GAP else 0
    dot_w = stringWidth(".", style.fontName, style.fontSize)
    text = canvas.beginText(last - (count - 1) * LEADER_STEP - dot_w / 2, y)
    text.setFont(style.fontName, style.fontSize)
    text.setFillColor(style.textColor)
    text.setCharSpace(LEADER_STEP - dot_w)  # one dot per step: the same columns on every line
    text.textOut("." * count)
    text.setCharSpace(0)
    text.setTextOrigin(number_x, y)
    text.textOut(number)
    canvas.drawText(text)
    if leader.key:
        canvas.linkRect("", leader.key, (number_x, y, leader.right, y + style.leading))
