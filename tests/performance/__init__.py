"""
The benchmark and the load test, outside the installable packages: scripts run as
``python -m tests.performance.bench`` and ``python -m tests.performance.loadtest``
(``make bench``, ``make loadtest``), with their own settings (the project's, plus the
benchmark's baseline page) for themselves and for the gunicorn they start.
"""
