import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded PDFs and images land in a throwaway folder, not in the developer's media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cached_for_anonymous(django_assert_num_queries):
    """Load a public page as a new anonymous visitor until the page cache serves it (a load
    without a query); gives back the visitor's client and the page."""

    def load(url):
        visitor = Client()
        visitor.get(url)
        with django_assert_num_queries(0):
            page = visitor.get(url).text
        return visitor, page

    return load
