"""The packaged app's tests build it with PyInstaller: about a minute on two cores.

They run in `make test` (and so in CI); DOSSIER_SKIP_PACKAGE=1 or `-m "not packaging"`
skips them for a quick local run.
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "packaging: builds the desktop app with PyInstaller (slow)")
