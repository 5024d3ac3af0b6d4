"""The text pipeline: one render per policy, the template filter naming a policy, the cache."""

import pytest
from django.template import Context, Template

from roots.text import COMMENT, LESSON, PAGE, POLICIES, POST, REPORT, plain_text, render


def test_render_remembers_lessons_and_renders_other_text_afresh():
    text = "A lesson with **bold** text."
    assert render(text, LESSON) is render(text, LESSON)
    assert render(text, POST) is not render(text, POST)
    assert render(text, POST) == render(text, LESSON)


def test_render_of_no_text_is_empty():
    assert render(None, LESSON) == ""
    assert render(None, POST) == ""
    assert plain_text(None) == ""


def test_render_shifts_headings_under_the_page_or_the_report_section():
    assert render("# Title", PAGE) == "<h2>Title</h2>"
    assert render("# Title", REPORT) == "<h3>Title</h3>"


def test_render_filter_applies_the_named_policy():
    template = Template('{% load text %}{{ body|render:"post" }}|{{ body|render:"lesson" }}')
    body = "![pixel](https://tracker.example/p.gif) [x](https://example.org)"
    post, lesson = template.render(Context({"body": body})).split("|")
    assert post == str(render(body, POST))
    assert "<img" not in post
    assert 'rel="nofollow noopener noreferrer"' in post
    assert lesson == str(render(body, LESSON))
    assert '<img alt="pixel" src="https://tracker.example/p.gif">' in lesson


def test_render_filter_refuses_a_policy_it_does_not_know():
    with pytest.raises(KeyError):
        Template('{% load text %}{{ body|render:"lessons" }}').render(Context({"body": "x"}))


def test_every_policy_has_a_name_for_templates():
    assert set(POLICIES.values()) == {LESSON, PAGE, REPORT, POST, COMMENT}
