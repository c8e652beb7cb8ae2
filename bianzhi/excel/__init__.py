"""Excel for the office: the ledger writer (``writer``: styled government headers, streaming rows)
and the reader used by imports (``reader``: hostile-file checks, header matching)."""
