"""pikg's tests: a package, so that their shared helpers import as `tests.helpers` from the repository root
(pytest puts the root on sys.path for a test package; the benchmarks add it themselves)."""
