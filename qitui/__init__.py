"""qitui: a terminal workbook for quality improvement (the Model for Improvement)."""

__version__ = "0.1.0"
