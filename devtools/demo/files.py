"""Small real files for the demo and the tests: a cover image, a signature and a one-page
PDF."""

import io

from PIL import Image, ImageDraw


def cover_png(title: str) -> bytes:
    image = Image.new("RGB", (600, 800), (29, 92, 77))
    draw = ImageDraw.Draw(image)
    y = 300
    for line in title.replace(", ", ",\n").splitlines():
        draw.text((48, y), line, fill=(255, 255, 255), font_size=40)
        y += 56
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def signature_png() -> bytes:
    """A hand-drawn-looking signature, dark ink on a clear background."""
    image = Image.new("RGBA", (480, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    strokes = [
        [(20, 90), (45, 30), (60, 85), (80, 35), (95, 80)],
        [(110, 70), (130, 55), (150, 75), (170, 50), (190, 78)],
        [(205, 60), (240, 45), (265, 80), (300, 40), (330, 75), (360, 55)],
        [(370, 70), (420, 62), (460, 68)],
    ]
    for stroke in strokes:
        draw.line(stroke, fill=(24, 38, 74, 255), width=5, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a few lines of Helvetica, built by hand (no renderer needed)."""

    def escape(text: str) -> str:
        text = text.encode("latin-1", "replace").decode("latin-1")
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 14 Tf 72 740 Td 18 TL " + " ".join(f"({escape(line)}) Tj T*" for line in lines)
    stream += " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
