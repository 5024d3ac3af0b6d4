"""A PDF's first page as a PNG, drawn in a child process that cannot take the machine with it.

A 432-byte PDF can declare a page 200 inches tall, and 200 KB of deflated drawing operators can
inflate to gigabytes in the renderer. So the page is drawn by a fresh interpreter running this
file as a script (no Django, no shared state), which first caps its own address space and CPU
time; the parent waits a bounded wall time and kills it after. The cover fits in a fixed box of
pixels whatever the page size says, and pages of absurd shapes are refused before any drawing.

Only the Celery worker calls `pdf_cover_png` (resources.tasks); web requests never draw."""

import io
import subprocess
import sys

# The cover fits in this box; the page's shape decides which side touches it.
COVER_BOX_PX = (400, 800)
# The PDF specification's largest page side (200 in) and a shape no publication has.
MAX_PAGE_SIDE_PT = 14_400
MIN_PAGE_SIDE_PT = 18
MAX_ASPECT_RATIO = 5

EXIT_PAGE_SIZE = 3
EXIT_MEMORY = 4
EXIT_UNREADABLE = 5


def page_size_problem(width: float, height: float) -> str | None:
    """Why a page of `width` x `height` points cannot have a cover, or None. Shared by the upload
    check (a clear message at once) and the child (which trusts nothing it is given)."""
    if min(width, height) < MIN_PAGE_SIDE_PT or max(width, height) > MAX_PAGE_SIDE_PT:
        return "size"
    if max(width, height) / min(width, height) > MAX_ASPECT_RATIO:
        return "shape"
    return None


def cover_scale(width: float, height: float) -> float:
    box_width, box_height = COVER_BOX_PX
    return min(box_width / width, box_height / height)


class RenderRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def pdf_cover_png(data: bytes, *, seconds: int, memory_mb: int) -> bytes:
    """The first page of the PDF `data` as a PNG inside COVER_BOX_PX. Raises RenderRefused with
    reason "timeout", "memory", "page_size" or "unreadable"."""
    try:
        child = subprocess.run(  # noqa: S603 (our own interpreter and file, no shell)
            [sys.executable, "-I", __file__, str(seconds), str(memory_mb)],
            input=data,
            capture_output=True,
            timeout=seconds + 2,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderRefused("timeout") from exc
    if child.returncode == 0 and child.stdout.startswith(b"\x89PNG"):
        return child.stdout
    if child.returncode == EXIT_PAGE_SIZE:
        raise RenderRefused("page_size")
    if child.returncode == EXIT_UNREADABLE:
        raise RenderRefused("unreadable")
    # SIGXCPU (CPU limit), SIGKILL, or a MemoryError / failed allocation under the cap.
    if child.returncode in (-24, -9):
        raise RenderRefused("timeout")
    raise RenderRefused("memory")


def _child(seconds: int, memory_mb: int) -> int:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    data = sys.stdin.buffer.read()
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        page = document[0]
        width, height = page.get_size()
    except MemoryError:
        return EXIT_MEMORY
    except Exception:
        return EXIT_UNREADABLE
    if page_size_problem(width, height):
        return EXIT_PAGE_SIZE
    try:
        bitmap = page.render(scale=cover_scale(width, height), fill_color=(255, 255, 255, 255))
        image = bitmap.to_pil().convert("RGB")
        output = io.BytesIO()
        image.save(output, format="PNG", optimize=True)
    except MemoryError:
        return EXIT_MEMORY
    except Exception:
        return EXIT_UNREADABLE
    sys.stdout.buffer.write(output.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), int(sys.argv[2])))
