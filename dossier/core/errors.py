"""The errors the core raises. Each carries a sentence a person understands (``str(exc)``)."""

from __future__ import annotations


def describe(exc: BaseException) -> str:
    """An unexpected exception in one line for a message: its type, and its text if it has one."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class DossierError(Exception):
    """Base of every error the core raises on purpose; the message is fit to show a user."""


class UnreadableFile(DossierError):
    """A file could not be imported as an article."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


class ArticleNotFound(DossierError):
    def __init__(self, article_id: str):
        self.article_id = article_id
        super().__init__(f"No article with id {article_id!r} is in the library.")


class UnclearArticleRef(ArticleNotFound):
    """An id prefix too short to name an article, or shared by several."""

    def __init__(self, ref: str, message: str):
        self.article_id = ref
        DossierError.__init__(self, message)


class DamagedIndex(DossierError):
    """The search index could not be opened; it can be rebuilt from the library."""


class DamagedLibrary(DossierError):
    """The library database could not be read."""


class DamagedDossier(DossierError):
    """A dossier file could not be read. Nothing was overwritten."""

    def __init__(self, path, reason: str, backup=None):
        self.path = path
        self.reason = reason
        self.backup = backup
        where = f" A backup of the previous save is at {backup}." if backup else ""
        super().__init__(f"The dossier {path} could not be opened: {reason}.{where} The file was left untouched.")


class QuoteNotFound(DossierError):
    """The text to clip does not occur in the article."""


class QuoteMismatch(DossierError):
    """One or more clips no longer match their source."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} clip(s) no longer match their source word for word.")


class QueryError(DossierError):
    """A search query could not be understood."""


class ExportCancelled(DossierError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled. No file was written.")
