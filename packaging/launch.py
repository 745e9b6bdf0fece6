"""The frozen app's entry point: the same as the ``dossier`` command.

PyInstaller freezes this script (see ``dossier.spec``). Without arguments it opens the
window; ``Dossier --self-test`` and every ``dossier`` subcommand work as well.
"""

import multiprocessing
import sys

from dossier.cli import main

if __name__ == "__main__":
    # The index's bulk writer uses worker processes; where they are spawned (Windows,
    # macOS) a frozen child must run the worker, not the app.
    multiprocessing.freeze_support()
    sys.exit(main())
