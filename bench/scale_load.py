"""The load bench/scale.py runs with locust (as a library): signed-in workers and leads.

    .venv/bin/python bench/scale_load.py --host http://127.0.0.1:PORT --users 16 --duration 60 \
        --out stage.json          (SCALE_SESSIONS=sessions.json)

Run by bench/scale.py, which signs the accounts in (login form + second factor) and names a
JSON file of sessions in SCALE_SESSIONS: one per locust user, each with its role, cookie,
CSRF token and the citizens it may open. Each user takes the next session and sends requests
without pause, choosing each one at random with the weights below (a fixed seed per stage).

Worker: the home page (their caseload with what is due), a citizen page, the map editor
page, the network overview, the citizens list of the API, /healthz. Lead: the home page, the
CTI phase plan of the team, a team citizen's page, the map's figures over time, /healthz.
Exports (PDFs, log review creation, insight) are not in the mix: bench/run.py times them.
"""

import argparse
import itertools
import json
import os
import random
import time

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment

SESSIONS = json.loads(open(os.environ["SCALE_SESSIONS"]).read())  # noqa: SIM115
_next = itertools.count()
_random = random.Random(int(os.environ.get("SCALE_SEED", "1")))

WORKER = [
    ("home", 3, lambda c: "/"),
    ("citizen page", 3, lambda c: f"/citizens/{c}/"),
    ("map editor page", 2, lambda c: f"/citizens/{c}/map/"),
    ("overview page", 1, lambda c: f"/citizens/{c}/overview/"),
    ("citizens API list", 1, lambda c: "/api/v1/citizens/"),
    ("healthz", 1, lambda c: "/healthz"),
]
LEAD = [
    ("home (lead)", 2, lambda c: "/"),
    ("CTI phase plan", 2, lambda c: "/cti/phase-plan/"),
    ("citizen page (lead)", 2, lambda c: f"/citizens/{c}/"),
    ("map figures (lead)", 1, lambda c: f"/citizens/{c}/map/figures/"),
    ("healthz", 1, lambda c: "/healthz"),
]


class SignedIn(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.session = SESSIONS[next(_next) % len(SESSIONS)]
        mix = LEAD if self.session["role"] == "lead" else WORKER
        self.names = [name for name, _, _ in mix]
        self.paths = [path for _, _, path in mix]
        self.weights = [weight for _, weight, _ in mix]

    @task
    def one_request(self):
        index = _random.choices(range(len(self.names)), weights=self.weights)[0]
        name = self.names[index]
        citizen = _random.choice(self.session["citizens"])
        headers = {} if name == "healthz" else {"Cookie": self.session["cookie"]}
        with self.client.get(
            self.paths[index](citizen),
            name=name,
            headers=headers,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--duration", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    if not args.host.startswith("http://127.0.0.1:"):
        raise SystemExit("only 127.0.0.1")
    env = Environment(user_classes=[SignedIn], host=args.host)
    runner = env.create_local_runner()
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.users)
    gevent.sleep(args.duration)
    runner.quit()
    elapsed = time.monotonic() - started
    rows = {}
    for (name, _method), entry in env.stats.entries.items():
        rows[name] = _row(entry, elapsed)
    rows["all"] = _row(env.stats.total, elapsed)
    with open(args.out, "w") as out:
        json.dump({"seconds": elapsed, "rows": rows}, out)


def _row(entry, elapsed: float) -> dict:
    count = entry.num_requests
    return {
        "n": count,
        "errors": entry.num_failures,
        "rps": count / elapsed,
        **{
            key: entry.get_response_time_percentile(fraction) if count else 0
            for key, fraction in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))
        },
    }


if __name__ == "__main__":
    main()
