"""Lan Tỏa: one content model, many exports (site, leaflets, loudspeaker, social)."""

__version__ = "0.1.0"
