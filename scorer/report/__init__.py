"""HTML rendering of results: reads results and evidence, writes files, decides nothing."""

from .render import write_html

__all__ = ["write_html"]
