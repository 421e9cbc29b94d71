"""HTML rendering of results: reads results and evidence, writes files, decides nothing.

view.py builds plain view models (what each page shows), render.py lays them out with the
templates and inlines static/ (css, js) so that every page is self-contained.
"""

from .render import write_html

__all__ = ["write_html"]
