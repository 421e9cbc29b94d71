"""HTML rendering of results: reads results and evidence, writes files, decides nothing.

naming.py names the pages, exemplars.py chooses peer passages once per run, charts.py draws
the charts as geometry, view.py builds plain view models (what each page shows) from those, and
render.py lays them out with the templates and inlines static/ (css, js) so that every page is
self-contained.
"""

from .render import write_html

__all__ = ["write_html"]
