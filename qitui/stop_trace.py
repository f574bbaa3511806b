"""Where the app was asked to stop, or an error came from: qitui's own frames, for
``QituiApp.stop_reason`` and the error panel."""

from __future__ import annotations


def stop_caller() -> str:
    """The qitui function that called ``exit`` (for ``stop_reason``)."""
    import traceback

    names = [f"{f.name}()" for f in traceback.extract_stack()[:-2] if "qitui" in f.filename]
    return names[-1] if names else "outside qitui"


def error_origin(error: BaseException) -> str:
    """The qitui function an error came from (for the panel), or "the app"."""
    import traceback

    names = [
        f"{f.name}()" for f in traceback.extract_tb(error.__traceback__) if "qitui" in f.filename
    ]
    return names[-1] if names else "the app"
