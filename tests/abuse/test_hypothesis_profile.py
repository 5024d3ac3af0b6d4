"""The fuzzers run on the derandomized "ci" profile (tests/conftest.py) unless a developer asks
for another, so the same examples are drawn on every run."""

import os

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings

from .strategies import hostile_text
from .test_fuzz_views import FUZZ

chosen = pytest.mark.skipif(
    "HYPOTHESIS_PROFILE" in os.environ, reason="a profile was chosen for this run"
)


@chosen
def test_hypothesis_profile_by_default_is_derandomized_for_every_fuzzer():
    assert hypothesis_settings.get_current_profile_name() == "ci"
    assert hypothesis_settings().derandomize
    assert FUZZ.derandomize  # the fuzzers' own settings keep it


@chosen
def test_hypothesis_profile_by_default_draws_the_same_examples_on_every_run():
    drawn = []

    @hypothesis_settings(max_examples=30)
    @given(hostile_text(surrogates=True))
    def draw(text):
        drawn.append(text)

    draw()
    first, drawn[:] = list(drawn), []
    draw()
    assert drawn == first
    assert len(set(first)) > 1
