"""The review wing: the review report as one self-contained HTML page.

It owns the report's records (an entry with its state, score, notes and
findings; each language's review progress), the order a reviewer reads them
in (riskiest first) and the page itself: plain data in, a string out.  It
reads and writes no file and knows no catalogue format; the ``report``
command gathers the records.  It may import the checks wing and the wings
below it (in practice only the core); only ``commands`` imports it.
"""
