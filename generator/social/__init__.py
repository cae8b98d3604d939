"""Social media exports: Facebook and Zalo posts, share cards and statistic infographics.

``export(ctx)`` writes every file the catalogue plans under the ``social`` key;
``posts_for_page(ctx)`` gives the same texts to the site's "Mạng xã hội" page.
"""

from generator.social.exporter import SocialPost, export, posts_for_page

__all__ = ["SocialPost", "export", "posts_for_page"]
