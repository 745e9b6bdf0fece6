"""Writing a segment's postings with far less Python work per posting than whoosh's writer.
Part of the index package, the only place that imports whoosh.

When a segment is finished, whoosh hands every posting, one by one, through a chain of calls:
the field writer asks the per-document reader for the document's field length (four calls
deep, a read of the lengths column each time), the postings writer checks the type of every
value and keeps running statistics, each block of postings is reduced by several small
methods, and compressed however small. :func:`write_postings` groups the sorted postings by
term in C (``itertools.groupby``), reads each field's lengths once, and writes each term's
blocks and its entry in the terms table as whoosh's ``W3FieldWriter`` and ``W3PostingsWriter``
would: byte for byte when it compresses every block too (a test compares the files), the
same postings when it leaves small blocks as they are (:data:`SMALL_BLOCK`). Adding a document
puts each field's postings in the pool at once (:class:`QuickSegmentWriter`).

For the 1.4 million postings of the benchmark's 13,415 articles in one segment, whoosh took
13-16 s of processor time to write them, this module 8.5-9.5 s; in an import the index
workers spent about a quarter less processor time (``make bench`` gives the import's figures).
It only takes whoosh's own codec with its default inlining (:func:`takes`), and documents
with term vectors or a separate spelling field keep whoosh's own ``add_document``.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter
from pickle import dumps
from struct import Struct
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from dossier.core.index.compat import FAST

Posting = tuple[str, bytes, int, float, bytes | None]  # (field, word, document, weight, value)

#: A block of postings whose pickle is shorter than this is written as it is, not compressed.
#: Whoosh meant that for under 20 bytes (its ``_write_block`` says so, then compresses anyway),
#: and it is so for longer ones too: zlib saves nothing on so few bytes (one posting: 74 bytes
#: compressed to 75), while each call sets up ~256 KB of tables (10-50 µs here), and most
#: blocks hold one posting. A block says whether it is compressed; every reader honours it.
SMALL_BLOCK = 128

_FIELD_AND_WORD = itemgetter(0, 1)
_FIELD, _WORD = itemgetter(0), itemgetter(1)
_TERM_INFO: Struct = W3TermInfo._struct
_MAGIC: bytes = WHOOSH3_HEADER_MAGIC
_ROUND = Struct("f")
#: A document's field length from the byte the lengths column keeps (0: no length).
_LENGTH_OF_BYTE = [byte_to_length(b) if b else 0 for b in range(256)]


class QuickSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with less Python work per posting: a document's postings go
    into the pool a field at a time, and the segment's postings are written by
    :func:`write_postings`, whenever :func:`takes` says it writes what whoosh would."""

    #: See :data:`SMALL_BLOCK` (0: whoosh's files to the byte).
    small_block = SMALL_BLOCK

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._quick = takes(self.codec, self.fieldwriter)
        self._quick_fields = self._quick and not any(field.separate_spelling() or field.vector for field in self.schema)
        #: Whether the pool holds only the postings of :meth:`add_document`, in the order of
        #: their documents, so that ordering them by field and word is enough (:func:`_in_order`).
        self._documents_in_order = self._quick_fields

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """A merged segment's postings join the pool (whoosh's own way, and then its own sort)."""
        self._documents_in_order = False
        super().add_postings_to_pool(reader, startdoc, docmap)

    def add_document(self, **fields: Any) -> None:
        """``SegmentWriter.add_document``, the postings of each field added in one go."""
        if not self._quick_fields:
            super().add_document(**fields)
            return
        self._check_state()
        perdoc, schema, docnum = self.perdocwriter, self.schema, self.docnum
        docboost = self._doc_boost(fields)
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields.get(name)
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, name, docboost)
                    length = _pool_postings(self.pool, name, docnum, boost, field.scorable, field.index(value))
                stored = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        if not self._quick:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        pool = self.pool
        in_order = self._documents_in_order and not pool.runs
        postings = _in_order(pool.current) if in_order else pool.iter_postings()
        write_postings(self.fieldwriter, self.schema, lengths, postings, self.small_block)
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


def _pool_postings(pool: Any, name: str, docnum: int, boost: float, scorable: bool, items: Any) -> int:
    """Put one field's postings (``field.index``) in the writer's pool as whoosh's
    ``PostingPool.add`` would one by one; the field's length in the document (0 if not scorable)."""
    items = list(items)
    if not items:
        return 0
    words = [item[0] for item in items]
    size = len(items) * (150 + len(name)) + 2 * sum(map(len, words)) + sum(len(item[3] or "") for item in items)
    postings = [(name, word, docnum, weight * boost, value) for word, _, weight, value in items]
    if pool.currentsize + size > pool.limit:  # the pool saves a run part way: whoosh's own way
        for posting in postings:
            pool.add(posting)
    else:
        pool.fieldnames.add(name)
        pool.currentsize += size
        pool.current.extend(postings)
    return sum(item[1] for item in items) if scorable else 0


def _in_order(postings: list[Posting]) -> list[Posting]:
    """``sorted(postings)`` for postings added a document at a time, in order, each word once
    per field and document: two stable sorts on one key each, word then field, order them
    as the whole tuples would, in half the time (and in place)."""
    postings.sort(key=_WORD)
    postings.sort(key=_FIELD)
    return postings


def takes(codec: Any, fieldwriter: Any) -> bool:
    """Whether :func:`write_postings` writes what this codec's field writer would."""
    return (
        FAST
        and type(codec) is W3Codec
        and type(fieldwriter) is W3FieldWriter
        and codec._inlinelimit <= 1  # whoosh inlines no posting list then
        and codec._blocklimit > 0
    )


def write_postings(
    fieldwriter: Any, schema: Any, lengths: Any, postings: Iterable[Posting], small_block: int = SMALL_BLOCK
) -> None:
    """What ``fieldwriter.add_postings(schema, lengths, postings)`` does (``postings`` sorted),
    for a field writer :func:`takes` accepts; ``lengths`` is the segment's per-document
    reader, or None when the codec keeps no lengths. Blocks of less than ``small_block``
    bytes are not compressed (0: every block is, and the files are whoosh's to the byte)."""
    codec = fieldwriter._codec
    term = _TermWriter(fieldwriter._postfile, codec._blocklimit, codec._compression, small_block)
    add_term = fieldwriter._tindex.add
    field_now: str | None = None
    prefix = b""
    for (fieldname, word), group in groupby(postings, _FIELD_AND_WORD):
        if fieldname != field_now:
            if field_now is not None:
                fieldwriter.finish_field()
            fieldobj = schema[fieldname]
            fieldwriter.start_field(fieldname, fieldobj)
            prefix = pack_ushort(fieldwriter._fieldid)
            term.start_field(fieldobj.format.fixed_value_size(), _field_lengths(lengths, fieldname))
            field_now = fieldname
        items = list(group)
        if items[0][2] == -1:  # words for a spelling dictionary, not postings: whoosh skips them
            items = [item for item in items if item[2] != -1]
            if not items:
                continue
        add_term(prefix + word, term.write(items))
    if field_now is not None:
        fieldwriter.finish_field()


def _field_lengths(lengths: Any, fieldname: str) -> list[int] | None:
    """Each document's length in the field (0: none), as whoosh's ``doc_field_length`` reads it."""
    if lengths is None:
        return None
    column = f"_{fieldname}_len"
    if not lengths.has_column(column):
        return None
    return [_LENGTH_OF_BYTE[b] for b in lengths.column_reader(column, LENGTHS_COLUMN).load()]


class _TermWriter:
    """One term's posting list: blocks in the postings file, and its terms-table entry. Each
    block is one write; the file's position is counted rather than asked for."""

    def __init__(self, postfile: Any, blocklimit: int, compression: int, small_block: int) -> None:
        self._write = postfile.write
        self._small = small_block
        self._offset = postfile.tell()
        self._blocklimit = blocklimit
        self._compression = compression
        self._fixed: int | None = None
        self._lengths: list[int] | None = None

    def start_field(self, fixed_value_size: int | None, lengths: list[int] | None) -> None:
        self._fixed, self._lengths = fixed_value_size, lengths

    def write(self, items: list[Posting]) -> bytes:
        """Write the blocks of one term's postings; the term's entry (``W3TermInfo.to_bytes``)."""
        if len(items) == 1:
            return self._write_one(items[0])
        limit = self._blocklimit
        _, _, ids, weights, values = zip(*items)
        start = self._offset
        total: float = 0
        min_length: int | None = None
        max_length = 0
        max_weight: float = 0
        count = len(ids)
        for at in range(0, count, limit):
            block_ids = ids[at : at + limit]
            block_weights = weights[at : at + limit]
            stored = array("f", block_weights)  # whoosh keeps the weights as 32-bit floats
            shortest, longest = self._block_lengths(block_ids)
            heaviest = max(block_weights)
            if not heaviest > 0:
                heaviest = 0
            total += sum(stored)
            min_length = shortest if min_length is None else min(min_length, shortest)  # type: ignore[type-var]
            max_length = max(max_length, longest)
            max_weight = max(max_weight, heaviest)
            data = (_deltas(block_ids), _mini_weights(stored), self._mini_values(values[at : at + limit]))
            self._block(data, len(block_ids), block_ids[-1], heaviest, shortest, longest, at == 0, at + limit >= count)
        return _term_info(total, count, min_length, max_length, max_weight, ids[0], ids[-1], start, self._offset)

    def _write_one(self, item: Posting) -> bytes:
        """:meth:`write` for a word in one document only, as most are."""
        _, _, doc, weight, value = item
        length = self._lengths[doc] if self._lengths is not None else 0
        shortest = length or None
        stored = _ROUND.unpack(_ROUND.pack(weight))[0]  # as a 32-bit float
        heaviest = weight if weight > 0 else 0
        data = ((doc,), None if stored == 1.0 else stored, self._mini_values((value,)))
        start = self._offset
        self._block(data, 1, doc, heaviest, shortest, length, True, True)
        return _term_info(stored, 1, shortest, length, heaviest, doc, doc, start, self._offset)

    def _block(
        self,
        data: tuple[Any, Any, Any],
        count: int,
        last_id: int,
        heaviest: float,
        shortest: int | None,
        longest: int,
        first: bool,
        last: bool,
    ) -> None:
        """Write one block as ``W3PostingsWriter._write_block`` does (the posting list's magic
        number before its first block)."""
        packed = dumps(data, 2)
        comp = self._compression if len(packed) >= self._small else 0
        if comp:
            packed = zlib.compress(packed, comp)
        info = dumps((count, last_id, heaviest, comp, length_to_byte(shortest), length_to_byte(longest)), 2)
        size = len(info) + len(packed)
        block = b"".join((_MAGIC if first else b"", pack_int(-size if last else size), info, packed))
        self._write(block)
        self._offset += len(block)

    def _block_lengths(self, ids: tuple[int, ...]) -> tuple[int | None, int]:
        """The shortest and longest field length of a block's documents (None and 0 if none)."""
        if self._lengths is None:
            return None, 0
        lengths = self._lengths
        known = [lengths[i] for i in ids if lengths[i]]
        if not known:
            return None, 0
        return min(known), max(known)

    def _mini_values(self, values: tuple[bytes | None, ...]) -> Any:
        fixed = self._fixed
        if fixed == 0:
            return None
        kept = [value for value in values if value]  # whoosh keeps no empty value
        if fixed is None or fixed < 0:
            return tuple(kept)
        return b"".join(kept)


def _term_info(
    total: float,
    count: int,
    min_length: int | None,
    max_length: int,
    max_weight: float,
    first: int,
    last: int,
    start: int,
    end: int,
) -> bytes:
    """``W3TermInfo.to_bytes`` of a posting list written from ``start`` to ``end``."""
    lengths = (0 if min_length is None else length_to_byte(min_length), length_to_byte(max_length))
    extent: bytes = pack_long(start) + pack_int(end - start)
    return _TERM_INFO.pack(False, total, count, *lengths, max_weight, first, last) + extent


def _deltas(ids: tuple[int, ...]) -> tuple[int, ...]:
    return (ids[0], *map(int.__sub__, ids[1:], ids))


def _mini_weights(weights: array[float]) -> Any:
    if all(w == 1.0 for w in weights):
        return None
    first = weights[0]
    if all(w == first for w in weights):
        return first
    return tuple(weights)
