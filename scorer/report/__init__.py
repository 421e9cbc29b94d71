"""HTML rendering of results: reads results and evidence, writes files, decides nothing.

naming.py names the pages, exemplars.py chooses peer passages once per run, charts.py draws
the charts as geometry, view.py builds plain view models (what each page shows) from those, and
render.py lays them out with the templates: the index and weights pages inline static/ (css, js),
the submission and exemplar pages link the copy written once into the run folder's assets/.
Every page opens from disk with nothing from the network.
"""

from .render import write_html

__all__ = ["write_html"]
