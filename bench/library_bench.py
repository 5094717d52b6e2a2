"""Resource library under load (issue 4): search among 300,000 resources, a 1 GB chunked
upload, and range downloads.

Seeds once per database (a marker in the var dir): the district of bench/run.sh when there is
one (DIGICAMPUS_VAR_DIR), else a small demo district (seed_demo, 20 schools), then
300,000 resources inserted in bulk with their search entries (titles and descriptions drawn
from Vietnamese, Chinese and English lesson vocabulary; sharing spread over private, school,
district and public), and the FTS5 index rebuilt (SQLite) or the table ANALYZEd (PostgreSQL).
Resources are NOT screened one by one and have no files; search reads only the index and the
rows of one page.

Then it starts gunicorn like bench/http_load.py and measures, with N concurrent users signed in
as a teacher: the search page (HTMX results) for a mix of queries with and without diacritics,
Chinese substrings, English words and filters. With `--upload` it also sends a 1 GB video in
8 MB chunks through the API and samples the server processes' memory, and with `--ranges`
it downloads a 256 MB file through the permission-checked view (whole and in 4 MB ranges)
and through a plain file server (sendfile, no Django) for comparison.

    BENCH_LIBRARY_DIR=$PWD/var/bench-library/sqlite .venv/bin/python bench/library_bench.py \\
        --label sqlite --upload --ranges
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/digicampus_library_bench \\
        BENCH_LIBRARY_DIR=$PWD/var/bench-library/postgres .venv/bin/python \\
        bench/library_bench.py --label postgres
"""

from __future__ import annotations

import argparse
import http.client
import http.server
import json
import os
import random
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from http_load import ROOT, Session, run_scenario, start_server

VI = [
    "bài",
    "giảng",
    "giáo",
    "án",
    "phân",
    "số",
    "số",
    "thập",
    "phân",
    "hình",
    "học",
    "đường",
    "tròn",
    "tam",
    "giác",
    "phương",
    "trình",
    "ngữ",
    "văn",
    "tiếng",
    "việt",
    "chính",
    "tả",
    "tập",
    "đọc",
    "luyện",
    "từ",
    "và",
    "câu",
    "lịch",
    "sử",
    "địa",
    "lí",
    "khoa",
    "học",
    "tự",
    "nhiên",
    "vật",
    "lí",
    "hoá",
    "học",
    "sinh",
    "học",
    "tin",
    "học",
    "âm",
    "nhạc",
    "mĩ",
    "thuật",
    "thể",
    "dục",
    "ôn",
    "tập",
    "kiểm",
    "tra",
    "giữa",
    "kỳ",
    "cuối",
    "kỳ",
    "đề",
    "thi",
    "học",
    "sinh",
    "giỏi",
    "phiếu",
    "học",
    "tập",
    "bài",
    "tập",
    "về",
    "nhà",
    "thực",
    "hành",
    "thí",
    "nghiệm",
    "dự",
    "án",
]
ZH = [
    "分数的加法与减法",
    "小数的认识",
    "三角形的面积",
    "圆的周长",
    "一元一次方程",
    "古诗词鉴赏",
    "汉字书写",
    "阅读理解",
    "中国历史",
    "世界地理",
    "物理实验",
    "化学反应",
    "生物细胞",
    "信息技术",
    "音乐欣赏",
    "美术创作",
    "单元检测",
    "期中复习",
    "期末考试",
    "课件",
    "教案",
    "学案",
    "练习",
]
EN = [
    "fractions",
    "decimals",
    "geometry",
    "circle",
    "triangle",
    "equations",
    "reading",
    "writing",
    "grammar",
    "vocabulary",
    "history",
    "geography",
    "science",
    "physics",
    "chemistry",
    "biology",
    "computing",
    "music",
    "art",
    "review",
    "test",
    "exam",
    "worksheet",
    "homework",
    "experiment",
    "project",
    "lesson",
    "plan",
]
TYPES = [
    "lesson_plan",
    "study_guide",
    "courseware",
    "exercise",
    "test_paper",
    "lesson_video",
    "demo_video",
    "reference",
]
SUBJECTS = ["maths", "literature", "english", "science", "history", "geography", "informatics"]
QUERIES = [
    {"q": "phan so"},
    {"q": "phân số"},
    {"q": "bai giang duong tron"},
    {"q": "đề thi học sinh giỏi"},
    {"q": "de thi hoc sinh gioi", "grade": "9"},
    {"q": "分数"},
    {"q": "的加法"},
    {"q": "期中复习"},
    {"q": "fractions"},
    {"q": "geometry worksheet"},
    {"q": "on tap", "resource_type": "test_paper"},
    {"q": "thi nghiem", "subject": "science"},
]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()


def _text(rng: random.Random, low: int, high: int) -> str:
    pick = rng.random()
    words = VI if pick < 0.6 else ZH if pick < 0.8 else EN
    joiner = "" if words is ZH and rng.random() < 0.5 else " "
    return joiner.join(rng.choices(words, k=rng.randint(low, high))).capitalize()


# ---------------------------------------------------------------- seeding


def seed(var_dir: Path, total: int) -> None:
    marker = var_dir / "library.seeded"
    if marker.exists():
        return
    from django.core.management import call_command
    from django.db import connection, transaction

    from digicampus.accounts.models import Membership
    from digicampus.core.models import SearchEntry
    from digicampus.core.search import entry_keys, normalize, search_rebuild
    from digicampus.library.models import Resource
    from digicampus.library.rules import resource_keys
    from digicampus.library.search import KIND, _filter_keys
    from digicampus.org.models import School

    if not School.objects.exists():
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", locale="vi", schools=20, students=2000, stdout=quiet)
    rng = random.Random(4)
    schools = list(School.objects.order_by("pk"))
    authors: dict[int, list[int]] = {}
    for school_id, user_id in Membership.objects.filter(role="teacher").values_list(
        "school_id", "user_id"
    ):
        authors.setdefault(school_id, []).append(user_id)
    schools = [s for s in schools if s.pk in authors]
    started = time.perf_counter()
    batch = 5000
    for first in range(0, total, batch):
        rows = []
        for _ in range(min(batch, total - first)):
            school = rng.choice(schools)
            roll = rng.random()
            scope = "private" if roll < 0.1 else "school" if roll < 0.5 else "district"
            if roll >= 0.9:
                scope = "public"
            approved = scope in ("district", "public") and rng.random() < 0.9
            rows.append(
                Resource(
                    school=school,
                    author_id=rng.choice(authors[school.pk]),
                    title=_text(rng, 3, 8),
                    description=_text(rng, 8, 30),
                    resource_type=rng.choice(TYPES),
                    subject=rng.choice(SUBJECTS),
                    grade=rng.randint(1, 12),
                    scope=scope,
                    review_state=(
                        "approved" if approved else "school" if scope != "school" else "not_needed"
                    ),
                    tags="bench",
                )
            )
        with transaction.atomic():
            created = Resource.objects.bulk_create(rows)
            entries = []
            for resource in created:
                title_exact, title_folded = normalize.index_forms(resource.title)
                body_exact, body_folded = normalize.index_forms(resource.description)
                keys = [
                    *resource_keys(resource, resource.school.bureau_id),
                    *_filter_keys(resource),
                ]
                entries.append(
                    SearchEntry(
                        kind=KIND,
                        object_id=resource.pk,
                        title_exact=title_exact,
                        title_folded=title_folded,
                        body_exact=body_exact,
                        body_folded=body_folded,
                        keys=entry_keys(KIND, keys),
                    )
                )
            SearchEntry.objects.bulk_create(entries)
        done = first + len(rows)
        if done % 50000 == 0 or done == total:
            print(f"  {done:,} resources ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "sqlite":
        search_rebuild()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)
    marker.touch()


# ---------------------------------------------------------------- helpers


def _csrf(session: Session) -> dict[str, str]:
    return {
        "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
        "X-CSRFToken": session.cookies.get("csrftoken", ""),
        "Referer": f"http://127.0.0.1:{session.port}/library/",
        "Host": "127.0.0.1",
    }


def _post(session: Session, path: str, body: bytes, content_type: str) -> tuple[int, dict]:
    headers = {**_csrf(session), "Content-Type": content_type}
    session.conn.request("POST", path, body=body, headers=headers)
    response = session.conn.getresponse()
    data = response.read()
    return response.status, json.loads(data or b"{}")


def _server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    pids = [server.pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().split()
            except OSError:
                continue
            if int(stat[3]) == server.pid:
                pids.append(int(entry.name))
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _mp4(path: Path, size: int) -> None:
    """A file shaped like an MP4 of `size` bytes (ftyp, then one mdat box), sparse on disk."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + b"\0\0\2\0" + b"isomiso2"
    with path.open("wb") as out:
        out.write(ftyp + struct.pack(">I", 1) + b"mdat" + struct.pack(">Q", size - 24))
        out.truncate(size)


# ---------------------------------------------------------------- scenarios


def search_load(port: int, users: int, duration: float, password: str) -> list[dict]:
    sessions = [Session(port) for _ in range(users)]
    for s in sessions:
        assert s.sign_in("demo.teacher", password) == 302
        s.accept_conduct()
    paths = [f"/library/?{urllib.parse.urlencode(q)}" for q in QUERIES]
    for path in paths:
        status, _page = sessions[0].request("GET", path)
        assert status == 200, (path, status)

    def step(session: Session, i: int) -> int:
        headers = {**_csrf(session), "HX-Request": "true"}
        try:
            session.conn.request("GET", paths[i % len(paths)], headers=headers)
            response = session.conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            session.conn.close()
            session.conn = http.client.HTTPConnection("127.0.0.1", session.port, timeout=30)
            session.conn.request("GET", paths[i % len(paths)], headers=headers)
            response = session.conn.getresponse()
        response.read()
        return response.status

    results = [run_scenario("search page (HTMX)", sessions, step, duration)]
    api = [f"/api/v1/library/resources?{urllib.parse.urlencode(q)}" for q in QUERIES]
    results.append(
        run_scenario(
            "search API",
            sessions,
            lambda s, i: s.request("GET", api[i % len(api)])[0],
            duration,
        )
    )
    return results


def in_process_search(rounds: int = 3) -> dict[str, float]:
    """The selector alone (no HTTP), per query, median of `rounds`, in ms."""
    from digicampus.accounts.models import User
    from digicampus.library import selectors

    user = User.objects.get(education_id="demo.teacher")
    timings: dict[str, float] = {}
    for query in QUERIES:
        filters = {k: v for k, v in query.items() if k != "q"}
        if "grade" in filters:
            filters["grade"] = int(filters["grade"])
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            page = selectors.resource_search(actor=user, text=query["q"], filters=filters)
            samples.append((time.perf_counter() - start) * 1000)
        timings[urllib.parse.urlencode(query)] = round(sorted(samples)[rounds // 2], 1)
        timings[urllib.parse.urlencode(query) + " hits"] = len(page.resources)
    return timings


def upload_gigabyte(port: int, server: subprocess.Popen[bytes], password: str, work: Path) -> dict:
    session = Session(port)
    assert session.sign_in("demo.teacher", password) == 302
    session.accept_conduct()
    from digicampus.accounts.models import Membership

    school_id = Membership.objects.filter(
        user__education_id="demo.teacher", role="teacher"
    ).values_list("school_id", flat=True)[0]
    size = 1024 * 1024 * 1024 - 4096
    path = work / "gigabyte.mp4"
    _mp4(path, size)
    pids = _server_pids(server)
    baseline = {pid: _rss_kb(pid) for pid in pids}
    peak = dict(baseline)
    running = True

    def sample() -> None:
        while running:
            for pid in _server_pids(server):
                peak[pid] = max(peak.get(pid, 0), _rss_kb(pid))
                baseline.setdefault(pid, peak[pid])
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    status, session_data = _post(
        session,
        "/api/v1/library/uploads",
        json.dumps({"school": school_id, "file_name": "gigabyte.mp4", "total_size": size}).encode(),
        "application/json",
    )
    assert status == 200, session_data
    chunk = 8 * 1024 * 1024
    with path.open("rb") as source:
        offset = 0
        while offset < size:
            data = source.read(chunk)
            status, answer = _post(
                session,
                f"/api/v1/library/uploads/{session_data['id']}?offset={offset}",
                data,
                "application/octet-stream",
            )
            assert status == 200, answer
            offset = answer["received"]
    chunks_done = time.perf_counter()
    boundary = "benchboundary"
    fields = {
        "school": str(school_id),
        "title": "Bench: 1 GB lesson video",
        "resource_type": "lesson_video",
        "subject": "maths",
        "scope": "private",
        "upload": str(session_data["id"]),
    }
    body = (
        "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        + f"--{boundary}--\r\n"
    )
    status, created = _post(
        session,
        "/api/v1/library/resources",
        body.encode(),
        f"multipart/form-data; boundary={boundary}",
    )
    finished = time.perf_counter()
    running = False
    sampler.join()
    path.unlink()
    assert status == 200, created
    growth = {pid: peak[pid] - baseline.get(pid, peak[pid]) for pid in peak}
    return {
        "size_bytes": size,
        "chunks_seconds": round(chunks_done - started, 1),
        "finish_seconds": round(finished - chunks_done, 1),
        "throughput_mb_s": round(size / 1024 / 1024 / (finished - started), 1),
        "max_process_rss_growth_mb": round(max(growth.values()) / 1024, 1),
        "total_rss_growth_mb": round(sum(growth.values()) / 1024, 1),
        "resource_id": created["id"],
    }


class _FileHandler(http.server.BaseHTTPRequestHandler):
    """A plain file server for comparison: one file, Range support, sendfile."""

    path_on_disk = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        return

    def do_GET(self) -> None:
        size = os.path.getsize(self.path_on_disk)
        start, end = 0, size - 1
        header = self.headers.get("Range", "")
        if header.startswith("bytes="):
            first, _, last = header[6:].partition("-")
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Content-Type", "video/mp4")
        self.end_headers()
        with open(self.path_on_disk, "rb") as handle:
            self.wfile.flush()
            os.sendfile(self.connection.fileno(), handle.fileno(), start, end - start + 1)


def _download(
    port: int, path: str, headers: dict[str, str], ranges: int | None, size: int
) -> float:
    """MB/s reading `size` bytes whole or in `ranges`-byte pieces over one connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    received = 0
    if ranges is None:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        while block := response.read(1024 * 1024):
            received += len(block)
    else:
        for start in range(0, size, ranges):
            end = min(start + ranges, size) - 1
            conn.request("GET", path, headers={**headers, "Range": f"bytes={start}-{end}"})
            response = conn.getresponse()
            assert response.status == 206, response.status
            received += len(response.read())
    elapsed = time.perf_counter() - started
    assert received == size, (received, size)
    return round(size / 1024 / 1024 / elapsed, 1)


def range_throughput(port: int, password: str, work: Path) -> dict:
    from django.core.files import File

    from digicampus.accounts.models import Membership, User
    from digicampus.library import services
    from digicampus.org.models import School

    user = User.objects.get(education_id="demo.teacher")
    school = School.objects.get(
        pk=Membership.objects.filter(user=user, role="teacher").values_list("school_id", flat=True)[
            0
        ]
    )
    size = 256 * 1024 * 1024
    path = work / "range.mp4"
    _mp4(path, size)
    with path.open("rb") as handle:
        resource = services.resource_create(
            actor=user,
            school=school,
            upload=File(handle, name="range.mp4"),
            title="Bench: range video",
            resource_type="lesson_video",
            subject="maths",
            scope="private",
        )
    stored = resource.current_version.file
    session = Session(port)
    assert session.sign_in("demo.teacher", password) == 302
    session.accept_conduct()
    headers = {k: v for k, v in _csrf(session).items() if k in ("Cookie", "Host")}
    view = f"/library/resources/{resource.pk}/file?inline=1"
    _FileHandler.path_on_disk = stored.file.path
    plain = http.server.ThreadingHTTPServer(("127.0.0.1", port + 50), _FileHandler)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    try:
        result = {
            "file_mb": size // 1024 // 1024,
            "django_whole_mb_s": _download(port, view, headers, None, size),
            "django_4mb_ranges_mb_s": _download(port, view, headers, 4 * 1024 * 1024, size),
            "plain_whole_mb_s": _download(port + 50, "/f", {}, None, size),
            "plain_4mb_ranges_mb_s": _download(port + 50, "/f", {}, 4 * 1024 * 1024, size),
        }
    finally:
        plain.shutdown()
        path.unlink()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--resources", type=int, default=300_000)
    parser.add_argument("--password", default="DigiCampus-2026")
    parser.add_argument("--upload", action="store_true", help="send a 1 GB video in chunks")
    parser.add_argument("--ranges", action="store_true", help="compare range downloads")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    var_dir = Path(
        os.environ.get("BENCH_LIBRARY_DIR")
        or os.environ.get("DIGICAMPUS_VAR_DIR")
        or ROOT / "var" / "bench-library"
    )
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["DIGICAMPUS_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seed(var_dir, args.resources)
    from digicampus.library.models import Resource

    report: dict[str, object] = {"resources": Resource.objects.count()}
    print(f"[{args.label}] {report['resources']:,} resources; selector alone:", flush=True)
    report["in_process_ms"] = in_process_search()
    for name, value in report["in_process_ms"].items():  # type: ignore[union-attr]
        print(f"  {name:<40} {value}")
    env = {
        **os.environ,
        "LOG_LEVEL": "ERROR",
        "AXES_FAILURE_LIMIT": "1000000",
        "LIBRARY_UPLOAD_DIR": str(var_dir / "uploads"),
    }
    server = start_server(args.port, env)
    try:
        print(f"[{args.label}] {args.users} concurrent users, {args.duration:.0f} s per scenario")
        report["search"] = search_load(args.port, args.users, args.duration, args.password)
        if args.upload:
            report["upload_1gb"] = upload_gigabyte(args.port, server, args.password, var_dir)
            print(f"  upload 1 GB: {report['upload_1gb']}", flush=True)
        if args.ranges:
            report["ranges"] = range_throughput(args.port, args.password, var_dir)
            print(f"  ranges: {report['ranges']}", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    Path(args.out, f"library-{args.label}.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    sys.exit(main())
