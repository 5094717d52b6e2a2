"""Load the real server (gunicorn) with concurrent users and report latency and throughput.

Starts gunicorn on the database named by the environment (DATABASE_URL or the SQLite file in
DIGICAMPUS_VAR_DIR), signs users in over HTTP, then runs each scenario for a fixed time with
N concurrent users (threads with keep-alive connections) and prints median, p95 and requests
per second. The client runs on the same 2-core machine, so figures include its cost.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Session:
    """One user's keep-alive connection and cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (ConnectionError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, identifier: str, password: str) -> int:
        self.cookies.clear()
        _status, page = self.request("GET", "/accounts/login/")
        match = CSRF.search(page)
        token = match.group(1) if match else ""
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": identifier, "password": password}
        )
        status, _ = self.request("POST", "/accounts/login/", body)
        return status

    def accept_conduct(self) -> None:
        """Accept the code of conduct if the demo bureau asks for it, as a person would once."""
        _status, page = self.request("GET", "/safety/conduct/")
        match = CSRF.search(page)
        if match and "conduct-accept" in page:
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": match.group(1), "next": "/"})
            self.request("POST", "/safety/conduct/", body)


def run_scenario(
    name: str, sessions: list[Session], step: Callable[[Session, int], int], duration: float
) -> dict[str, object]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def worker(session: Session, index: int) -> None:
        n = 0
        local: list[float] = []
        local_status: dict[int, int] = {}
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status = step(session, index * 100003 + n)
            local.append((time.perf_counter() - start) * 1000)
            local_status[status] = local_status.get(status, 0) + 1
            n += 1
        with lock:
            latencies.extend(local)
            for k, v in local_status.items():
                statuses[k] = statuses.get(k, 0) + v

    started = time.perf_counter()
    client_cpu = time.process_time()
    threads = [threading.Thread(target=worker, args=(s, i)) for i, s in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0
    result = {
        "scenario": name,
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else 0.0,
        "p95_ms": round(p95, 1),
        "statuses": statuses,
        # CPU the load generator itself spent per request (it shares the machine's two cores)
        "client_cpu_ms": round(1000 * client_cpu / max(len(latencies), 1), 2),
    }
    print(
        f"  {name:<22} {result['requests']:>6} req  {result['rps']:>7} req/s  "
        f"median {result['median_ms']:>7} ms  p95 {result['p95_ms']:>7} ms  "
        f"client {result['client_cpu_ms']} ms/req  {statuses}",
        flush=True,
    )
    return result


def start_server(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            os.environ.get("BENCH_WSGI", "config.wsgi:application"),
            "-c",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


def accounts(env: dict[str, str]) -> dict[str, object]:
    """Education IDs per role and class ids of the first school, read from the database."""
    script = (
        "import json;"
        "from digicampus.accounts.models import Membership as M;"
        "from digicampus.org.models import Classroom as C, School as S;"
        "first=S.objects.order_by('pk').first();"
        "ids=lambda role: list(M.objects.filter(role=role,user__education_id__regex=r'^[A-Z]')"
        ".order_by('user_id').values_list('user__education_id',flat=True)[:200]);"
        "print(json.dumps({'teacher':ids('teacher'),'student':ids('student'),"
        "'parent':ids('parent'),"
        "'classes':list(C.objects.filter(school=first).values_list('pk',flat=True))}))"
    )
    out = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


INBOX_SETUP = (
    "from digicampus.accounts.models import User;"
    "from digicampus.messaging.models import Delivery as D, Notification as N;"
    "p=User.objects.get(education_id='demo.parent');"
    "ns=N.objects.bulk_create([N(kind='system',subject=f'Inbox bench {i}',body='Text',"
    "audience={}, idempotency_key=f'inbox-bench-{i}') for i in range(5000)],batch_size=1000);"
    "D.objects.bulk_create([D(notification=n,recipient=p,channel='in_app',state='sent')"
    " for n in ns],batch_size=1000)"
)
INBOX_CLEANUP = (
    "from digicampus.messaging.models import Notification as N;"
    "N.objects.filter(idempotency_key__startswith='inbox-bench-').delete()"
)


def manage_shell(env: dict[str, str], script: str) -> None:
    subprocess.run(
        [str(ROOT / ".venv/bin/python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--password", default="DigiCampus-2026")
    parser.add_argument("--storm-users", type=int, default=80)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    env = {**os.environ, "LOG_LEVEL": "ERROR", "AXES_FAILURE_LIMIT": "1000000"}
    people = accounts(env)
    manage_shell(env, INBOX_CLEANUP)
    manage_shell(env, INBOX_SETUP)
    server = start_server(args.port, env)
    results: list[dict[str, object]] = []
    try:
        print(f"[{args.label}] {args.users} concurrent users, {args.duration:.0f} s per scenario")
        fresh = [Session(args.port) for _ in range(args.users)]
        results.append(
            run_scenario(
                "bare Django view", fresh, lambda s, i: s.request("GET", "/livez")[0], args.duration
            )
        )
        teachers = people["teacher"]
        results.append(
            run_scenario(
                "sign-in (GET+POST)",
                fresh,
                lambda s, i: s.sign_in(teachers[i % len(teachers)], args.password),
                args.duration,
            )
        )
        storm = [Session(args.port) for _ in range(args.storm_users)]
        results.append(
            run_scenario(
                f"sign-in storm ({args.storm_users} users)",
                storm,
                lambda s, i: s.sign_in(teachers[i % len(teachers)], args.password),
                args.duration,
            )
        )
        role_ids = {
            "bureau home": ["demo.bureau"],
            "school admin home": ["demo.principal"],
            "teacher home": ["demo.teacher", *teachers[:19]],
            "student home": ["demo.student", *people["student"][:19]],
            "parent home": ["demo.parent", *people["parent"][:19]],
        }
        for name, ids in role_ids.items():
            sessions = [Session(args.port) for _ in range(args.users)]
            for n, s in enumerate(sessions):
                assert s.sign_in(ids[n % len(ids)], args.password) == 302, ids[n % len(ids)]
                s.accept_conduct()
            results.append(
                run_scenario(name, sessions, lambda s, i: s.request("GET", "/")[0], args.duration)
            )
        classes = people["classes"]
        sessions = [Session(args.port) for _ in range(args.users)]
        for s in sessions:
            s.sign_in("demo.principal", args.password)
            s.accept_conduct()
        results.append(
            run_scenario(
                "class roster",
                sessions,
                lambda s, i: s.request("GET", f"/org/classes/{classes[i % len(classes)]}/")[0],
                args.duration,
            )
        )
        sessions = [Session(args.port) for _ in range(args.users)]
        for s in sessions:
            s.sign_in("demo.parent", args.password)
            s.accept_conduct()
        results.append(
            run_scenario(
                "parent inbox (5,000 messages)",
                sessions,
                lambda s, i: s.request("GET", "/messages/")[0],
                args.duration,
            )
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        manage_shell(env, INBOX_CLEANUP)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    Path(args.out, f"http-{args.label}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
