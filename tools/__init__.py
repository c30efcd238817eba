"""Tools around Kiroku that are not Kiroku: benchmarks, synthetic archives, the page-reading evaluation.

Kept out of the ``kiroku`` package, so editing them changes no code digest (and no user's track cache).
"""
