import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded PDFs and images land in a throwaway folder, not in the developer's media.
    settings.MEDIA_ROOT = tmp_path / "media"
