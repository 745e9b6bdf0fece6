"""The errors the core raises. Each carries a sentence a person understands (``str(exc)``)."""

from __future__ import annotations

import errno
from typing import Any


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

    def __init__(self, path: object, reason: str, backup: object = None):
        self.path = path
        self.reason = reason
        self.backup = backup
        where = f" A backup of the previous save is at {backup}." if backup else ""
        super().__init__(f"The dossier {path} could not be opened: {reason}.{where} The file was left untouched.")


class QuoteNotFound(DossierError):
    """The text to clip does not occur in the article."""


class QuoteMismatch(DossierError):
    """One or more clips no longer match their source."""

    def __init__(self, problems: list[Any]):
        self.problems = problems
        super().__init__(f"{len(problems)} clip(s) no longer match their source word for word.")


class UnprintableText(DossierError):
    """A quote holds characters that no font of the PDF can draw."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems  # (where, which characters)
        where, chars = problems[0]
        more = f" ({len(problems) - 1} more clip(s) too)" if len(problems) > 1 else ""
        super().__init__(
            f"The PDF has no glyph for {chars} in {where}{more}, so it cannot print that quote "
            "verbatim. Edit the clip to leave the character out, or remove the clip."
        )


class QueryError(DossierError):
    """A search query could not be understood."""


class ExportCancelled(DossierError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled. No file was written.")


class InvalidDate(DossierError):
    """A date that is not written as YYYY-MM-DD."""


class UnknownCitation(DossierError):
    """The brief cites ``[@key]`` and no clip of the dossier (or more than one) has an id starting so."""

    def __init__(self, key: str, where: str, candidates: list[str] | None = None):
        self.key, self.where, self.candidates = key, where, candidates or []
        if self.candidates:
            ids = ", ".join(self.candidates[:4]) + ("…" if len(self.candidates) > 4 else "")
            why = f"could be any of {len(self.candidates)} clips ({ids}); type more of the id"
        else:
            why = "is not a clip of this dossier"
        super().__init__(f"{where[:1].upper()}{where[1:]} cites [@{key}], which {why}.")


class StorageError(DossierError):
    """A file could not be written or read because of the disk or the permissions, not because
    of what it holds (a full disk, a read-only folder). Nothing was damaged or deleted."""


#: What an operating system error means, worded for a person.
_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "a symbolic link leads round in a loop",
}
#: Errors of the disk or the permissions: an index or library that hits one is not damaged.
STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EIO})


def os_reason(exc: OSError) -> str:
    """An ``OSError`` in a few words: "the disk is full", "permission denied"…"""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or describe(exc)


def is_storage_error(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a full disk, a permission or a read-only file system."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return False


def os_error_sentence(exc: OSError) -> str:
    """A sentence for an ``OSError`` that reached the user: what failed, where and why."""
    where = f" {exc.filename}" if exc.filename is not None else ""
    sentence = f"Could not use{where}: {os_reason(exc)}."
    if exc.errno in STORAGE_ERRNOS:
        sentence += " Free some space or fix the permissions, and try again."
    return sentence


class TooLong(DossierError):
    """A title, query or other text over its limit (see :mod:`dossier.core.limits`)."""
