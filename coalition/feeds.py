from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


class ReportFeed(Feed):
    """Published reports, newest first, as an Atom feed."""

    feed_type = Atom1Feed
    title = _("Coalition reports")
    subtitle = _("Reports published by the coalition for health equity.")
    link = reverse_lazy("coalition:report_list")
    author_name = _("The coalition")

    def items(self):
        return selectors.report_feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at
