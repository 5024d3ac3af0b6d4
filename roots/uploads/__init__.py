"""Files that users upload: what they may be, what they are stored as, how they are served.

- `checks`: the content decides. A PDF starts with `%PDF-` at byte 0, opens in a real parser and
  carries no JavaScript or automatic action; an image is one that Pillow reads, in a short list of
  formats, with a bounded number of pixels. Names and browsers' claims are never believed.
- `fields`: model fields whose stored name and extension the server picks from the content.
- `serve`: the one way a stored upload reaches a browser: a view's response with the right type,
  disposition, `nosniff` and a sandboxing Content-Security-Policy, never `/media/` on the site.
- `render`: a PDF's first page as a picture, in a child process with page-size, pixel, time and
  memory caps (run by the Celery worker, never by a web request).
"""
