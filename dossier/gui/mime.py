"""Mime types Dossier's views exchange by drag and drop."""

#: JSON ``{"article_id": str, "start": int, "end": int}``: a text selection dragged out of the reader.
MIME_SELECTION = "application/x-dossier-selection"
#: JSON ``{"clips": [clip ids]}`` or ``{"section": section id}``: items dragged inside the dossier tree.
MIME_DOSSIER_ITEMS = "application/x-dossier-items"
