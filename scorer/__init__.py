"""Evidence-based scoring engine for 法治政府建设示范 assessment.

The flow runs one way: read → segment → extract evidence → score → rank → render.
Each stage lives in its own module and hands the next a pydantic model.
"""

__version__ = "0.1.0"
