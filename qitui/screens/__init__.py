"""The screens of the workbook, one module each (see qitui/app.py for the keys)."""
