"""Getting captures in: ``kiroku ingest`` (``plan``: all or nothing), what it checks (``checks``), what a
page fills in (``fill``), and ``kiroku capture`` / ``kiroku watch`` (``fetch``, ``watch``)."""

from .plan import Plan, ingest, plan_ingest
from .request import IngestRequest

__all__ = ["IngestRequest", "Plan", "ingest", "plan_ingest"]
