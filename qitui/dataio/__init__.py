"""Data in and out: Excel and record-level imports, exports, charts for board papers.

The only part of qitui that uses pandas and openpyxl, and only inside functions, so that
starting the app, ``check``, ``chart`` and ``analyse`` never load them.

- :mod:`qitui.dataio.sheets`: a CSV or Excel file read into cells, with row numbers;
- :mod:`qitui.dataio.records`: one row per record aggregated into weekly, fortnightly or
  monthly points (count, flag, mean, median);
- :mod:`qitui.dataio.engine`: the import as plan → preview → apply, with the recipe kept in
  the measure (the command line and, later, the app's import action use it);
- :mod:`qitui.dataio.export`: a measure's data with its analysis, one row per point;
- :mod:`qitui.dataio.board`: charts and reports as SVG or self-contained HTML (Rich's own
  console export; no pandas there).
"""


class DataError(ValueError):
    """Bad input, already worded as one line naming the file and the column or row."""


__all__ = ["DataError"]
