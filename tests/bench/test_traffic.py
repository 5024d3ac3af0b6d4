"""bench/traffic.py's pure helpers, and its wrk script against a small local server."""

import random
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import traffic  # bench/ is a folder of scripts, not a package


def _row(dataset="100k", page="mix", rps=100.0, p99=20.0, **extra):
    return {
        "dataset": dataset,
        "page": page,
        "rps": rps,
        "p50_ms": p99 / 2,
        "p99_ms": p99,
        "non200": 0,
        "errors": 0,
        "bare_rps": 200.0,
        "bare_p99_ms": 10.0,
        "bare_non200": 0,
        "bare_errors": 0,
        **extra,
    }


def test_label_sizes_read_as_the_issue_writes_them():
    assert traffic.label(100_000) == "100k"
    assert traffic.label(1_000_000) == "1M"
    assert traffic.label(2_000) == "2k"
    assert traffic.label(1_500) == "1.5k"
    assert traffic.label(1_234) == "1234"


def test_page_types_follow_the_fixed_order_and_leave_out_missing_ones():
    lines = traffic.parse_lines(
        "lesson\tc1\t/l/\nlearner dashboard\tc1\t/learn/\nlesson\tc2\t/m/\n"
    )

    assert lines[0] == ("lesson", "c1", "/l/")
    assert traffic.page_types(lines) == ["learner dashboard", "lesson"]


def test_check_sample_takes_at_most_the_asked_number_of_each_type():
    lines = [("lesson", f"c{n}", f"/l{n}/") for n in range(10)] + [("catalogue", "c0", "/c/")]

    sample = traffic.check_sample(lines, random.Random(1), per_type=3)

    assert sum(line[0] == "lesson" for line in sample) == 3
    assert ("catalogue", "c0", "/c/") in sample


def test_split_writes_the_mix_and_one_file_per_type(tmp_path):
    lines = [("lesson", "c1", "/l/"), ("catalogue", "c1", "/c/"), ("catalogue", "c2", "/c/")]

    files = traffic.split(lines, tmp_path, "2k")

    assert set(files) == {"mix", "catalogue", "lesson"}
    assert len(files["mix"].read_text().splitlines()) == 3
    assert traffic.parse_lines(files["catalogue"].read_text()) == lines[1:]


def test_parse_wrk_reads_the_scripts_done_line_in_milliseconds():
    output = (
        "Running 2s test\n"
        'TRAFFIC {"requests": 500, "duration_us": 2000000, "p50_us": 12500, '
        '"p99_us": 40000, "non200": 1, "errors": 0}\n'
    )

    result = traffic.parse_wrk(output)

    assert result == {
        "rps": 250.0,
        "p50_ms": 12.5,
        "p99_ms": 40.0,
        "requests": 500,
        "non200": 1,
        "errors": 0,
    }


def test_combined_runs_mean_throughput_and_median_latencies():
    runs = [
        {"rps": 100, "p50_ms": 10, "p99_ms": 30, "requests": 300, "non200": 0, "errors": 0},
        {"rps": 200, "p50_ms": 12, "p99_ms": 90, "requests": 600, "non200": 1, "errors": 0},
        {"rps": 300, "p50_ms": 11, "p99_ms": 40, "requests": 900, "non200": 0, "errors": 2},
    ]

    result = traffic.combined(runs)

    assert (result["rps"], result["p50_ms"], result["p99_ms"]) == (200, 11, 40)
    assert (result["requests"], result["non200"], result["errors"]) == (1800, 1, 2)


def test_compared_gives_ratios_to_the_bare_view_and_growth_over_the_smallest_size():
    rows = [_row("100k", p99=20.0), _row("1M", rps=80.0, p99=30.0)]

    small, large = traffic.compared(rows, ["100k", "1M"])

    assert (small["ratio"], small["p99_vs_bare"]) == (0.5, 2.0)
    assert "p99_growth" not in small
    assert (large["ratio"], large["p99_growth"]) == (0.4, 1.5)


def test_verdicts_hold_the_mix_and_each_page_type_to_their_own_ratio():
    rows = traffic.compared(
        [_row(page="mix", rps=90.0), _row(page="lesson", rps=80.0), _row(page="catalogue")],
        ["100k"],
    )

    problems = traffic.verdicts(rows)

    assert problems == ["100k mix: 0.45x the bare view's req/s < 0.5"]  # lesson 0.4 >= 0.35


def test_verdicts_report_tail_latency_growth_and_bad_answers():
    rows = traffic.compared(
        [
            _row("100k", page="lesson", p99=31.0),
            _row("1M", page="lesson", p99=29.0, non200=2),
            _row("100k", page="group board", p99=10.0),
            _row("1M", page="group board", p99=12.5, bare_errors=1),
        ],
        ["100k", "1M"],
    )

    problems = traffic.verdicts(rows)

    assert problems == [
        "100k lesson: p99 3.1x the bare p99 > 3.0",
        "1M lesson: 2 answers not 200, 0 errors",
        "1M group board: p99 grew 1.25x > 1.2",
        "bare beside 1M group board: 0 answers not 200, 1 errors",
    ]


class _Pages(BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):
        self.seen.append((self.headers["Cookie"], self.path))
        self.send_response(200 if self.path != "/gone/" else 302)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
def test_wrk_script_sends_each_session_only_to_its_own_pages_and_counts_non_200(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "traffic.lua"
    script.write_text(traffic.LUA)
    lines = tmp_path / "pages.lines"
    lines.write_text("a\tsessionid=one\t/one/\na\tsessionid=one\t/gone/\nb\tsessionid=two\t/two/\n")
    url = f"http://127.0.0.1:{server.server_port}/"
    command = [shutil.which("wrk"), "-t2", "-c2", "-d1s", "-s", str(script), url, "--", str(lines)]
    try:
        output = subprocess.run(  # noqa: S603 - our own arguments
            command,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        server.shutdown()

    result = traffic.parse_wrk(output)
    seen = set(_Pages.seen)
    assert seen == {
        ("sessionid=one", "/one/"),
        ("sessionid=one", "/gone/"),
        ("sessionid=two", "/two/"),
    }
    gone = sum(path == "/gone/" for _cookie, path in _Pages.seen)
    assert 0 < result["non200"] <= gone
    assert result["requests"] > 0
