"""`make bench`: the portal under load at national scale, against the framework's own floor.

1. Makes the benchmark database if it is missing, migrates it and seeds it (bench/seed.py),
   unless it already holds the full data set; then VACUUM ANALYZE, as autovacuum would.
2. Signs in the people the load tool plays (bench/targets.py), then counts each page's SQL
   statements and CPU time with Django's test client, in this process, through the whole
   middleware stack; and EXPLAIN ANALYZEs every queue query.
3. Starts gunicorn with the production settings on loopback, checks that
   every request the load tool will send answers 200 with the page meant, then runs wrk at 1
   and at 10 concurrent connections per page, the floor (/health) first.
4. Writes bench/results.md (machine, load average, data, table) and prints which of the
   issue's targets were missed; `--check` makes a miss exit 1.

Needs PostgreSQL (DATABASE_URL-style BENCH_DATABASE_URL, default the local bench_db) and wrk
(`apt-get install wrk`). Everything stays on 127.0.0.1. `--only KEY ...` measures some pages
(keys in bench/targets.py) with the floors; BENCH_SECONDS, BENCH_WORKERS and BENCH_PORT
change the run.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results.md"
LUA = ROOT / "bench" / "wrk.lua"

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_db")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP_SECONDS = 3
FLOOR_SECONDS = 5  # each floor again after each page, for that page's ratios

# The targets ("Done when").
MAX_P95_MS = 150
MAX_FLOOR_RATIO = 10
MAX_QUERIES = 15

# The production settings, configured from the environment as a deployment is, with only what
# loopback needs: plain HTTP (there is no TLS terminator in front), the loopback host, and a
# key that is obviously not real. The second factor stays required: the bench's sessions
# carry a verified device.
APP_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": "bench-only-secret-key-never-deployed-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "CELERY_BROKER_URL": "memory://",
    "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2"),
    "MEDIA_ROOT": str(WORK / "media"),
    "LOG_LEVEL": "WARNING",
    # Each worker keeps one database connection for the whole run (production's default is
    # 60 s): a backend that ends mid-row would take its CPU time out of the bench's own
    # account (see OtherWork) and add a reconnection to the row.
    "CONN_MAX_AGE": "900",
}


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def load_average() -> float:
    return os.getloadavg()[0]


def ensure_database() -> None:
    import psycopg2

    url = urlparse(DATABASE_URL)
    name = url.path.lstrip("/")
    connection = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            say(f"Creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def prepare_data() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from bench import seed

    call_command("migrate", interactive=False, verbosity=0)
    if seed.is_complete():
        say("The data set is already complete: reusing it")
    else:
        started = time.monotonic()
        seed.seed_all(progress=lambda line: say(f"  seeding: {line}"))
        say(f"Seeded in {time.monotonic() - started:.0f} s")
    # What autovacuum keeps up on a live database: planner statistics (without them a freshly
    # seeded table is planned as if nearly empty) and the visibility map (without it an
    # index-only scan still reads the table).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    call_command("clearsessions")
    # The seed writes in bulk, which sends no signals: figures cached by an earlier run would
    # otherwise be served for data that has changed since.
    from django.core.cache import cache

    cache.clear()
    call_command("collectstatic", interactive=False, verbosity=0)
    return seed.sizes()


def is_not_a_query(sql: str) -> bool:
    # BEGIN/COMMIT (ATOMIC_REQUESTS, the session save) are not the page's queries, and a
    # server-side cursor is counted once, when it is opened (DECLARE), not as it is read
    # (FETCH, CLOSE): the budget counts statements that read or write, as tests/performance.
    return sql.startswith(
        ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "FETCH", "CLOSE")
    )


def count_queries(targets) -> dict[str, dict]:
    """Each page's SQL statements per request, through the whole middleware stack, for the
    first few people it rotates over (they must agree: a count that differs between people
    grows with their data); and the CPU time Django spends on one request, without
    concurrency, which says where a page's time goes before the load tool adds queueing."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.targets import cookie

    found = {}
    client = Client(HTTP_HOST="127.0.0.1")  # one client: each new one loads the middleware
    for target in targets:
        counts, cpu = [], []
        for session_key, path in target.requests[:5] * 2:  # the first round warms up
            client.cookies.clear()
            if session_key:
                client.cookies.load(cookie(session_key))
            with CaptureQueriesContext(connection) as captured:
                started = time.process_time()
                response = client.get(path)
                cpu.append(time.process_time() - started)
            if response.status_code != 200 or target.expect not in response.content:
                raise SystemExit(
                    f"{target.key}: {path} answered {response.status_code} without "
                    f"{target.expect!r}; the bench would measure the wrong page."
                )
            counts.append(sum(1 for q in captured if not is_not_a_query(q["sql"])))
        half = len(counts) // 2
        found[target.key] = {
            "queries": counts[half:],
            "cpu_ms": 1000 * sorted(cpu[half:])[len(cpu[half:]) // 2],
        }
    return found


def start_gunicorn() -> subprocess.Popen:
    WORK.mkdir(parents=True, exist_ok=True)
    log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - open for the server's lifetime
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **APP_ENV},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=1):  # noqa: S310
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn stopped; see {WORK / 'gunicorn.log'}") from None
            time.sleep(0.2)
    stop(server)
    raise SystemExit("gunicorn did not answer on /health within 20 s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def preflight(targets) -> dict[str, float]:
    """Every request the load tool will send, once, through gunicorn: it must be the page we
    mean (200 and its heading), not a redirect to the sign-in or second-factor page. Returns
    the slowest answer per page."""
    from bench.targets import cookie

    slowest = {}
    for target in targets:
        slowest[target.key] = 0.0
        for session_key, path in target.requests:
            request = urllib.request.Request(  # noqa: S310 - loopback
                f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": cookie(session_key)}
            )
            started = time.monotonic()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    body, status, final = response.read(), response.status, response.url
            except urllib.error.HTTPError as error:
                raise SystemExit(f"{target.key}: {path} answered {error.code}") from error
            slowest[target.key] = max(slowest[target.key], time.monotonic() - started)
            if status != 200 or not final.endswith(path) or target.expect not in body:
                raise SystemExit(f"{target.key}: {path} gave {status} at {final}")
    return slowest


def wrk(target, connections: int, seconds: int) -> dict:
    from bench.targets import cookie

    lines = WORK / f"{target.key}.tsv"
    lines.write_text("".join(f"{cookie(key)}\t{path}\n" for key, path in target.requests))
    threads = min(connections, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
        f"http://127.0.0.1:{PORT}/",
        "--",
        str(lines),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    figures = json.loads(output.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    if not figures["requests"]:
        # Nothing finished within the run: wrk's percentiles are then 0, which must not read
        # as fast.
        figures.update(p50_us=float("inf"), p95_us=float("inf"), p99_us=float("inf"))
    return figures


class OtherWork:
    """How much of the machine other work took while a row was measured: all the CPU time
    the kernel counted, less the bench's own (gunicorn and its workers, the PostgreSQL
    backends of the bench database, and wrk). The load average cannot tell the two apart."""

    def __init__(self, server: subprocess.Popen):
        self.server = server

    @staticmethod
    def _machine() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + fields[4]  # idle, iowait
        return sum(fields[:8]) - idle, sum(fields[:8])

    def _gunicorn(self) -> set[int]:
        pids = {self.server.pid}
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.server.pid:  # a gunicorn worker
                pids.add(int(status.parent.name))
        return pids

    @staticmethod
    def _ticks(pids) -> int:
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def settle(self, timeout: float = 120) -> None:
        """Wait until the workers and their database backends have finished what wrk left
        them (a slow page's requests run on after wrk stops), so the next measurement starts
        on an idle server."""
        deadline = time.monotonic() + timeout
        before = self._ours()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self._ours()
            if now - before <= 2:  # under 4% of a core over half a second
                return
            before = now

    def _ours(self) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            pids = {row[0] for row in cursor.fetchall()}
        return self._ticks(pids | self._gunicorn())

    def __enter__(self):
        import resource

        self.started = (*self._machine(), self._ours(), resource.getrusage(-1))
        return self

    def __exit__(self, *exc):
        import resource

        busy0, total0, ours0, children0 = self.started
        busy1, total1 = self._machine()
        children = resource.getrusage(-1)  # wrk, once it has exited
        wrk_ticks = (
            children.ru_utime + children.ru_stime - children0.ru_utime - children0.ru_stime
        ) * os.sysconf("SC_CLK_TCK")
        ours = self._ours() - ours0 + wrk_ticks
        self.share = max(0.0, (busy1 - busy0 - ours) / max(total1 - total0, 1))


def measure(targets, slowest: dict[str, float], server: subprocess.Popen) -> dict:
    results = {}
    idle = OtherWork(server)
    for target in targets:
        # Every worker renders the page before it is timed. A page that takes seconds is
        # warmed one request at a time: ten at once would still be running, in the workers,
        # when the single-user measurement starts.
        wrk(target, 10 if slowest[target.key] < 0.5 else 1, WARMUP_SECONDS)
        idle.settle()
        row = {"load_before": load_average()}
        with OtherWork(server) as other:
            for connections in (1, 10):
                row[connections] = wrk(target, connections, SECONDS)
                idle.settle()
            if not target.floor:
                # The floors again, straight after the page: other work on a shared machine
                # comes and goes, and a ratio is only fair between neighbours.
                row["floors"] = {
                    floor.key: wrk(floor, 10, FLOOR_SECONDS)["p50_us"]
                    for floor in targets
                    if floor.floor
                }
                if float("inf") in row["floors"].values():  # the server never came free
                    del row["floors"]
        row["other_work"] = other.share
        row["load_after"] = load_average()
        results[target.key] = row
        c1, c10 = row[1], row[10]
        say(
            f"  {target.label:38} c=1 {c1['rps']:7.1f}/s p50 {c1['p50_us'] / 1000:6.1f} ms | "
            f"c=10 {c10['rps']:7.1f}/s p50 {c10['p50_us'] / 1000:6.1f} ms "
            f"p95 {c10['p95_us'] / 1000:6.1f} ms, other work {row['other_work']:.0%}"
        )
    return results


def explain_queues() -> list[tuple[str, str, str, dict]]:
    """Each queue's count and first page, as the queue view runs them (bench/../portal/core/
    pagination.py), under EXPLAIN ANALYZE on the full data set: the time PostgreSQL spends,
    and whether it read a whole applications table to answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.seed import deanery_reviewers
    from portal.accounts.models import User
    from portal.core.pagination import DeferredJoin
    from requests_ltft.kinds import KINDS
    from requests_ltft.selectors.applications import (
        QUEUE_COLUMNS,
        QUEUE_FILTERS,
        QUEUE_SORTS,
        deanery_queue,
        tpd_queue,
    )

    tpd = User.objects.filter(email__startswith="scale-tpd-").order_by("email").first()
    reviewers = deanery_reviewers()
    deanery = reviewers[min(reviewers)]
    rows = []
    for label, which, queue, user in (
        ("TPD", "tpd", tpd_queue, tpd),
        ("Deanery", "deanery", deanery_queue, deanery),
    ):
        for status_filter in QUEUE_FILTERS[which]:
            for sort in QUEUE_SORTS:
                found = {}
                for kind in KINDS:
                    model = kind.model
                    listed = DeferredJoin(
                        queue(user=user, status_filter=status_filter, sort=sort, model=model),
                        values=QUEUE_COLUMNS + kind.queue_columns,
                    )
                    with CaptureQueriesContext(connection) as captured:
                        total = listed.count()
                        listed[0:25]
                    milliseconds, full = 0.0, False
                    for query in captured[-2:]:
                        with connection.cursor() as cursor:
                            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {query['sql']}")
                            plan = cursor.fetchone()[0]
                        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
                        milliseconds += plan["Planning Time"] + plan["Execution Time"]
                        full |= model._meta.db_table in _seq_scanned(plan["Plan"])
                    found[model] = (total, milliseconds, full)
                rows.append((label, status_filter, sort, found))
    return rows


def _seq_scanned(node: dict) -> set[str]:
    """The tables the plan reads from end to end."""
    found = {node["Relation Name"]} if node.get("Node Type") == "Seq Scan" else set()
    for child in node.get("Plans", []):
        found |= _seq_scanned(child)
    return found


def machine() -> list[str]:
    from django.db import connection

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        buffers = cursor.fetchone()[0]
    import django
    import gunicorn

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout  # noqa: S607
    return [
        f"{os.cpu_count()} cores ({cpu}), {memory_gb:.0f} GB memory, Linux {platform.release()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__} ({WORKERS} sync workers), PostgreSQL {postgres} "
        f"(shared_buffers {buffers}), {wrk_version.split(' [')[0].strip() or 'wrk'}",
        "Everything on the same machine over loopback: wrk, gunicorn and PostgreSQL share the "
        "cores, so the figures are lower bounds.",
    ]


def _plan_cells(found: dict) -> str:
    cells = [f"{total:,} | {ms:.1f}" for total, ms, _full in found.values()]
    full = any(full for _total, _ms, full in found.values())
    return " | ".join([*cells, "yes" if full else "no"])


def _ms(us: float) -> str:
    return "none finished" if us == float("inf") else f"{us / 1000:.1f}"


def _verdicts(target, row, counted, floors) -> tuple[list[str], bool]:
    """What the page misses of the issue's targets (against the anonymous floor, the strict
    reading), and whether it is within the ratio of the signed-in floor."""
    c1, c10 = row[1], row[10]
    checks = []
    errors = sum(c[key] for c in (c1, c10) for key in ("non_2xx", "socket_errors"))
    if errors:
        checks.append(f"{errors} errors")
    if target.floor:
        return checks, True
    counts = counted["queries"]
    floors = row.get("floors", floors)
    if c10["p95_us"] > MAX_P95_MS * 1000:
        checks.append(f"p95 over {MAX_P95_MS} ms")
    if c10["p50_us"] > MAX_FLOOR_RATIO * floors["floor"]:
        checks.append(f"p50 over {MAX_FLOOR_RATIO}× the floor")
    if max(counts) > MAX_QUERIES:
        checks.append(f"{max(counts)} queries")
    if len(set(counts)) > 1:
        checks.append("queries differ between people")
    return checks, c10["p50_us"] <= MAX_FLOOR_RATIO * floors["floor_signed_in"]


def report(targets, sizes, queries, results, plans, started, load_start) -> tuple[str, list]:
    floors = {key: results[key][10]["p50_us"] for key in ("floor", "floor_signed_in")}
    missed, rows = [], []
    for target in targets:
        row, counted = results[target.key], queries[target.key]
        c1, c10 = row[1], row[10]
        checks, near_signed_in = _verdicts(target, row, counted, floors)
        beside = row.get("floors", floors)  # the floors measured next to this page
        missed += [f"{target.label}: {check}" for check in checks]
        counts = counted["queries"]
        query_text = str(counts[0]) if len(set(counts)) == 1 else f"{min(counts)}–{max(counts)}"
        rows.append(
            f"| {target.label} | {query_text} | {counted['cpu_ms']:.1f} | {c1['rps']:.0f} | "
            f"{_ms(c1['p50_us'])} | {_ms(c1['p95_us'])} | {c10['rps']:.0f} | "
            f"{_ms(c10['p50_us'])} | {_ms(c10['p95_us'])} | "
            f"{c10['p50_us'] / beside['floor']:.1f}× | "
            f"{c10['p50_us'] / beside['floor_signed_in']:.1f}×"
            f"{'' if near_signed_in else ' (over)'} | {row['other_work']:.0%} | "
            f"{'ok' if not checks else '; '.join(checks)} |"
        )
    loads = [results[t.key][when] for t in targets for when in ("load_before", "load_after")]
    others = [results[t.key]["other_work"] for t in targets]
    minutes = (datetime.now(UTC) - started).total_seconds() / 60
    lines = [
        "# Load benchmark",
        "",
        f"Written by `make bench` (bench/run.py) on {started:%Y-%m-%d %H:%M} UTC, in "
        f"{minutes:.1f} minutes end to end.",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in machine()],
        f"- Load average (1 minute): {load_start:.2f} when the run started; between "
        f"{min(loads):.2f} and {max(loads):.2f} while measuring, the bench's own load included "
        "(2.0 is both cores busy). Other work took between "
        f"{min(others):.0%} and {max(others):.0%} of the machine's CPU while the rows were "
        "measured (column Other work): it slows every row, the floors included.",
        "",
        "## Data",
        "",
        *[f"- {name.replace('_', ' ')}: {count:,}" for name, count in sizes.items()],
        "",
        "## Pages",
        "",
        f"wrk for {SECONDS} s per row and concurrency after a {WARMUP_SECONDS} s warm-up, each "
        "page rotating over up to 40 signed-in people (or records). Times in milliseconds.",
        "",
        "- SQL: statements one request runs through the whole middleware stack (user, second "
        "factor, roles, the page, the unread count; the session comes from the cache and is "
        "written back at most once a minute), counted with "
        "Django's test client for five of the people; a range means they differ. Transaction "
        "control (BEGIN, COMMIT) is not counted.",
        "- CPU: the median CPU time Django spends on one request in that same pass, with "
        "nothing else running in the process (PostgreSQL's own time is not in it).",
        "- Other work: the share of the machine's CPU (both cores) that processes other than the "
        "bench's own (gunicorn, its PostgreSQL backends, wrk) used while the row was measured. "
        "PostgreSQL's background writers count as other work, and so do the parallel workers "
        "a big query starts (they are gone before they can be counted): the report page's "
        "figure is mostly its own.",
        "- The floor is /health, a fixed response through the same middleware: anonymous "
        "(the framework's own cost), and signed in (reading the session from the cache and the "
        "user from the database, as every page does). Each ratio divides a page's p50 at 10 "
        f"connections by that floor's p50 at 10 connections measured again ({FLOOR_SECONDS} s) "
        "straight after the page, so that both saw the same other work; the floors' own rows "
        "are their first measurement.",
        "",
        "| Page | SQL | CPU | c=1 req/s | c=1 p50 | c=1 p95 | c=10 req/s | c=10 p50 | "
        "c=10 p95 | p50 ÷ floor | p50 ÷ signed-in floor | Other work | Targets missed |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Targets (issue 9): at 10 connections p95 under {MAX_P95_MS} ms and p50 within "
        f"{MAX_FLOOR_RATIO}× the floor's p50 (here the anonymous floor, the strict reading; "
        '"(over)" marks a page over 10× the signed-in floor too); at most '
        f"{MAX_QUERIES} SQL statements, the same for everyone.",
        "",
        "## Queue queries under EXPLAIN ANALYZE",
        "",
        "Each queue's count and first page of 25, as the page runs them, for one TPD (one "
        "programme) and one deanery reviewer (one local office): rows matching, and the "
        "milliseconds PostgreSQL spent planning and running both statements.",
        "",
        "| Queue | Filter | Sort | LTFT rows | LTFT ms | OOPP rows | OOPP ms | "
        "Reads a whole table |",
        "|---|---|---|---|---|---|---|---|",
        *[
            f"| {label} | {status_filter} | {sort} | {_plan_cells(found)} |"
            for label, status_filter, sort, found in plans
        ],
        "",
        "## Result",
        "",
        *(
            [f"- Missed: {m}" for m in missed]
            if missed
            else ["Every measured page met every target in this run."]
        ),
        "",
        f"For scale: in this run the signed-in floor's p50 is "
        f"{floors['floor_signed_in'] / floors['floor']:.1f}× the anonymous floor's, and "
        f"Django's CPU time for one signed-in /health is "
        f"{queries['floor_signed_in']['cpu_ms'] / queries['floor']['cpu_ms']:.1f}× an "
        "anonymous one: reading the session and loading the user cost that much "
        "before a page does anything.",
        "",
    ]
    return "\n".join(lines), missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--only", nargs="*", help="measure only these pages (keys)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    started, load_start = datetime.now(UTC), load_average()
    os.environ.update(APP_ENV)
    sys.path.insert(0, str(ROOT))
    ensure_database()
    import django

    django.setup()
    from django.db import connections

    from bench import targets as bench_targets

    say(f"Load average {load_start:.2f}; preparing {DATABASE_URL.rsplit('/', 1)[-1]}")
    sizes = prepare_data()
    pages = bench_targets.build()
    if args.only:
        pages = [t for t in pages if t.floor or t.key in args.only]
    say("Counting SQL queries per page")
    queries = count_queries(pages)
    plans = explain_queues()
    connections.close_all()
    say(f"Starting gunicorn on 127.0.0.1:{PORT} with {WORKERS} workers")
    server = start_gunicorn()
    try:
        slowest = preflight(pages)
        say("Measuring")
        results = measure(pages, slowest, server)
    finally:
        stop(server)
    text, missed = report(pages, sizes, queries, results, plans, started, load_start)
    RESULTS.write_text(text)
    print(text[text.index("| Page |") : text.index("\nTargets (issue 9)")], flush=True)
    say(f"Wrote {RESULTS.relative_to(ROOT)}")
    for line in missed:
        say(f"MISSED {line}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
