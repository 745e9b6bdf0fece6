"""Where the index's files are read from: whoosh's file storage, reading through a memory
map. Part of the index package, the only place that imports whoosh."""

from __future__ import annotations

import mmap
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile


class MappedStorage(FileStorage):
    """A folder of index files, each file read through a memory map. Whoosh's own folder
    storage seeks and reads for every small read (a fuzzy word's look-ups in the word list
    make hundreds of thousands of them), and its compound files copy every part they open
    into memory. A map reads what a search needs straight from the operating system's page
    cache and holds no copy. Writing is whoosh's, unchanged."""

    def open_file(self, name: str, **kwargs: Any) -> Any:
        with open(self._fpath(name), "rb") as f:
            try:
                mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return MappedFile(mapped, name=name, **kwargs)


class MappedFile(StructFile):
    """A whoosh structured file over a memory map (which reads, seeks and slices like a file)."""

    def get(self, position: int, length: int) -> bytes:
        return bytes(self.file[position : position + length])
