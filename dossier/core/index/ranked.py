"""One page of ranked hits from an open searcher: planned scoring where the query allows it
(:mod:`dossier.core.ranking`), whoosh's matchers otherwise, copies folded under their
original when asked (:mod:`dossier.core.folding`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from whoosh import query

from dossier.core import ranking
from dossier.core.folding import fold_best
from dossier.core.index.compat import warn_once
from dossier.core.index.fold import fold_planned
from dossier.core.index.scoring import Lengths, body_terms, planned_body_terms, scored, segment_plans
from dossier.core.ranking import best_of

#: (stored fields, score, body terms it matched, ids of the copies folded under it)
Row = tuple[dict[str, Any], float, set[str], list[str]]


def ranked_page(
    searcher: Any,
    q: query.Query,
    lengths: Lengths,
    groups: dict[int, int],
    names: Mapping[int, str],
    limit: int,
    page: int,
) -> tuple[int, list[Row]]:
    """(total, the rows of page ``page`` of ``limit`` hits); ``groups`` (docnum -> its copy
    group, empty for no folding) and ``names`` (docnum -> article id) as GroupCache gives them."""
    plans = segment_plans(searcher, q, lengths)
    folded: dict[int, list[int]] = {}
    if plans is not None:
        try:
            if groups:
                total, best, folded = fold_planned(plans, groups, page * limit)
            else:
                total, best = ranking.top(plans, page * limit)
            shown = best[(page - 1) * limit :]
            terms = {docnum: planned_body_terms(plans, docnum) for _, docnum in shown}
        except Exception:  # noqa: BLE001 - a bug here must not cost the search: whoosh's matchers do it
            warn_once("ranking", "ranking %r failed; whoosh's matchers score it", q, exc_info=True)
            plans = None
    if plans is None:
        if groups:
            total, best, folded = fold_best(scored(searcher, q), groups, page * limit)
        else:
            total, best = best_of(scored(searcher, q), page * limit)
        shown = best[(page - 1) * limit :]
        terms = body_terms(searcher, q, [docnum for _, docnum in shown])
    return total, [
        (searcher.stored_fields(docnum), score, terms.get(docnum, set()), [names[d] for d in folded.get(docnum, ())])
        for score, docnum in shown
    ]
