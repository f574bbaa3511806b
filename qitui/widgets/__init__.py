"""Reusable widgets and dialogs of the workbook."""
