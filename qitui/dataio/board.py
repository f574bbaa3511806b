"""Charts and reports for slides and board papers: the terminal chart, saved as it looks.

The chart is drawn exactly as ``qitui chart`` draws it in a colour terminal (header, plot,
markers, legend, verdict), then recorded by Rich's own console and exported as SVG or
HTML: no second plotting stack, so the paper shows what the team saw. The report's HTML is
the Markdown report (markdown-it, which Rich already brings) with every chart inline in
colour, in one self-contained file (styles inline, nothing fetched). No pandas here.
"""

from __future__ import annotations

import html
import io
import secrets
from pathlib import Path

from qitui import model as m
from qitui.dataio import DataError, write_file

CHART_HEIGHT = 20
REPORT_CHART_WIDTH = 100
REPORT_CHART_HEIGHT = 18
_PRE = (
    '<pre class="chart" style="color:{foreground};background-color:{background};'
    "font-family:Menlo,Consolas,'DejaVu Sans Mono',monospace;line-height:1.2;"
    'padding:0.8em;overflow-x:auto">{code}</pre>'
)
_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 62rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
blockquote { border-left: 4px solid #999; margin-left: 0; padding-left: 1em; color: #333; }
pre.chart { font-size: 12px; }
code { font-family: Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
"""


def _console(width: int):  # -> rich.console.Console
    from rich.console import Console

    return Console(
        record=True,
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        color_system="256",
        legacy_windows=False,
    )


def chart_ansi(project: m.Project, measure: m.Measure, width: int, height: int) -> str:
    """The chart as a colour terminal shows it (ANSI colour codes)."""
    from qitui.charts import render_text

    return render_text(project, measure, width=width, height=height, colour=True)


def _recorded(text: str, width: int):
    from rich.text import Text

    console = _console(width)
    console.print(Text.from_ansi(text), overflow="ignore", crop=False, no_wrap=True)
    return console


def chart_svg(project: m.Project, measure: m.Measure, width: int, height: int) -> str:
    console = _recorded(chart_ansi(project, measure, width, height), width)
    return console.export_svg(title=f"{project.title}: {measure.name}")


def chart_html(project: m.Project, measure: m.Measure, width: int, height: int) -> str:
    """A whole HTML page holding the chart."""
    body = chart_pre(project, measure, width, height)
    title = html.escape(f"{project.title}: {measure.name}")
    return _page(title, body)


def chart_pre(project: m.Project, measure: m.Measure, width: int, height: int) -> str:
    """The chart as one ``<pre>`` with inline colours."""
    console = _recorded(chart_ansi(project, measure, width, height), width)
    return console.export_html(inline_styles=True, code_format=_PRE)


def save_charts(
    project: m.Project,
    measure: m.Measure,
    files: dict[str, Path | None],
    width: int,
    height: int,
) -> list[Path]:
    """Write the chart to each of ``files`` ({"svg": path, "html": path}; None: not wanted),
    each atomically, after drawing them all. Returns the paths written."""
    texts: list[tuple[Path, str]] = []
    for kind, path in files.items():
        if path is None:
            continue
        draw = chart_svg if kind == "svg" else chart_html
        texts.append((Path(path), draw(project, measure, width, height)))
    for path, _ in texts:
        if not path.parent.is_dir():
            raise DataError(f"{path}: no such folder: {path.parent}")
    for path, text in texts:
        write_file(path, text.encode("utf-8"))
    return [path for path, _ in texts]


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def report_html(path: Path) -> str:
    """The report of a project (or a portfolio of a folder) as one self-contained HTML page,
    every chart inline in colour. Raw HTML in anything a user wrote is shown as text."""
    from markdown_it import MarkdownIt

    from qitui.report import report_markdown

    token = f"qitui-chart-{secrets.token_hex(8)}-"
    charts: list[str] = []

    def chart(project: m.Project, measure: m.Measure) -> str:
        charts.append(chart_pre(project, measure, REPORT_CHART_WIDTH, REPORT_CHART_HEIGHT))
        return f"{token}{len(charts) - 1}"

    text = report_markdown(Path(path), chart=chart)
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = md.render(text)
    for i, pre in enumerate(charts):
        body = body.replace(f'<pre><code class="language-text">{token}{i}\n</code></pre>', pre)
    title = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "Report")
    return _page(html.escape(title), body)
