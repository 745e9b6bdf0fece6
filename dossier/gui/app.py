"""Starting the Qt application."""

from __future__ import annotations

import sys
from pathlib import Path


def run(path: Path | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel("Dossier")
    label.show()
    return app.exec()
