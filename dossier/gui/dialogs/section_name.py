"""Asking for the name of a new section: a roomy one-line dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QWidget

MIN_WIDTH = 420


def ask(
    parent: QWidget | None, title: str = "New Section", label: str = "Name of the new section:", text: str = ""
) -> str | None:
    """The name typed (stripped), or None when cancelled or left empty."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText("Add Section")
    field = dialog.findChild(QLineEdit)
    if field is not None:  # the dialog fits itself to its field: make the field roomy
        field.setMinimumWidth(MIN_WIDTH)
    dialog.setMinimumWidth(MIN_WIDTH)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue().strip() or None
    finally:
        dialog.deleteLater()
