"""A sharded archive: live blogs grouped into shards, each its own Sphinx project, built as Dask tasks,
with a hub for what spans them, assembled into the one site under the same URLs (docs/about/architecture.md)."""

from .plan import BY, HUB, SIZE, Blog, By, Shard, plan
from .run import Options, Report, blogs_of, build_sharded

__all__ = ["BY", "HUB", "SIZE", "Blog", "By", "Options", "Report", "Shard", "blogs_of", "build_sharded", "plan"]
