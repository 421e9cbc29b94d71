"""HTML rendering of results: reads results and evidence, writes files, decides nothing.

naming.py names the pages, exemplars.py chooses peer passages once per run, charts.py draws
the charts as geometry, index_view.py and view.py build plain view models (what the index and
each submission and exemplar page show) from those, standing.py keeps what the weights make of a
submission apart from its page, render.py lays a view out with the templates, and pages.py
writes a run's pages with forked workers. The index and weights pages inline static/ (css, js);
the submission and exemplar pages link the copy written once into the run folder's assets/.
Every page opens from disk with nothing from the network.
"""

from .pages import write_html

__all__ = ["write_html"]
