"""``hrf lint --check-links``: find the web addresses of a report and check them over HTTP.

Nothing here is imported by a plain ``hrf lint``: the engine imports :mod:`hrf_cli.links.run`
only when ``--check-links`` is given, and the rules read results through the tiny
:mod:`hrf_cli.links.status`.
"""
