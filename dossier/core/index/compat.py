"""Whether the index's fast paths may run on the installed Whoosh, and warnings said once.

The fast paths (planned scoring, bulk analysis, shared fuzzy automata, column reads) rely on
some thirty private names of whoosh-reloaded and on its pickled posting layout, which were
checked against one release. With any other release they are turned off: search and indexing
go through Whoosh's own public machinery, slower but sure, and one warning says so.
"""

from __future__ import annotations

import logging
from importlib import metadata

log = logging.getLogger("dossier.core.index")

#: The whoosh-reloaded release the fast paths were checked against (pinned in pyproject.toml).
TESTED_WHOOSH = "2.7.5"

_said: set[str] = set()


def installed_whoosh() -> str:
    try:
        return metadata.version("whoosh-reloaded")
    except metadata.PackageNotFoundError:
        import whoosh

        return ".".join(str(part) for part in whoosh.__version__)


def _check() -> tuple[bool, str]:
    found = installed_whoosh()
    if found == TESTED_WHOOSH:
        return True, ""
    return False, (
        f"Whoosh {found} is installed, but Dossier's fast search was checked against {TESTED_WHOOSH}: "
        "searching and indexing use Whoosh's own (slower) code."
    )


#: False when the installed Whoosh is not the tested release: every fast path stands aside.
FAST, WARNING = _check()


def warn_once(key: str, message: str, *args: object, exc_info: bool = False) -> None:
    """Log ``message`` at warning level the first time ``key`` is seen in this process."""
    if key in _said:
        return
    _said.add(key)
    log.warning(message, *args, exc_info=exc_info)


if not FAST:
    warn_once("version", "%s", WARNING)
