"""Dossier's core: pure Python, no Qt. Everything a user can do is callable from here."""

import os

# NumPy (language detection, reprint signatures) loads OpenBLAS, which starts a thread per
# processor at once. Dossier does no large linear algebra, and a process with other threads
# must start the index's worker processes through a fork server rather than by forking
# (dossier.core.index.bulk.start_method): one BLAS thread keeps the import's process single-threaded.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
