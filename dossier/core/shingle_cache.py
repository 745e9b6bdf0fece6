"""The shingles of the articles reprint detection compared last, kept for its next comparisons.

Near-duplicates come in families (a wire story and its reprints, a document and its revisions),
so the same few articles are confirmed against again and again while an import runs. Their
shingle sets (:func:`dossier.core.minhash.shingle_set`) are kept, most recently used first, up
to a budget of bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dossier.core.article import Article
    from dossier.core.minhash import Hashes

#: Bytes of shingle sets kept (8 bytes a shingle: about a thousand articles of news length).
BUDGET = 16 * 2**20


class ShingleCache:
    """``make(article)`` gives an article's shingle set; the cache keeps the latest ones."""

    def __init__(self, make: Callable[[Article], Hashes], budget: int = BUDGET) -> None:
        self._make = make
        self.budget = budget
        self._kept: OrderedDict[str, Hashes] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept)

    def shingles(self, article: Article) -> Hashes:
        """The hashes of every shingle of the article's body, distinct and sorted."""
        found = self._kept.get(article.id)
        if found is not None:
            self._kept.move_to_end(article.id)
            return found
        found = self._make(article)
        if found.nbytes <= self.budget:
            self._kept[article.id] = found
            self._bytes += found.nbytes
            while self._bytes > self.budget:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= dropped.nbytes
        return found
