from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from roots.validators import strip_control_characters

from . import selectors


class PlainTextAtom1Feed(Atom1Feed):
    """Atom, with each summary marked as what it is: plain text. (Django's marks it as HTML, so a
    feed reader would render the markup an editor typed in a summary.)"""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item | {"description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ReportFeed(Feed):
    """Published reports, newest first, as an Atom feed."""

    feed_type = PlainTextAtom1Feed
    title = _("Coalition reports")
    subtitle = _("Reports published by the coalition for health equity.")
    link = reverse_lazy("coalition:report_list")
    author_name = _("The coalition")

    def items(self):
        return selectors.report_feed_items()

    # XML 1.0 cannot carry control characters (Django refuses to write them), and an override
    # would reorder a title in a feed reader: neither reaches the feed, whatever was stored.
    def item_title(self, item):
        return strip_control_characters(item.title)

    def item_description(self, item):
        return strip_control_characters(item.summary, multiline=True)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
