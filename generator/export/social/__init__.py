"""Social media exports: Facebook and Zalo posts, share cards and statistic infographics.

``export(ctx)`` writes every file the catalogue plans under the ``social`` key (``start``
sends the missing cards to the workers first); the texts are composed in
``generator.present.posts``, which the site's "Mạng xã hội" page reads too.
"""

from generator.export.social.exporter import export, start

__all__ = ["export", "start"]
