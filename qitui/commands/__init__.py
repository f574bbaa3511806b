"""The commands of the ``qitui`` command line, one module per group; :mod:`qitui.cli` parses
the arguments and calls them (each module is imported only when its command runs).

:mod:`~qitui.commands.common` (the one-line error, opening a project, finding a measure),
:mod:`~qitui.commands.data` (new, import, export), :mod:`~qitui.commands.check`,
:mod:`~qitui.commands.analyse`, :mod:`~qitui.commands.outputs` (chart, report, review, serve).
"""
