"""`backprop-lab serve --course DIR`: the hidden checks on demand, with an attempt budget (HTTP)."""

from __future__ import annotations

HELP = "serve the hidden checks to students before the deadline, with an attempt budget per student"


def add_arguments(p) -> None:
    p.add_argument("--course", default=".", help="course directory (with nbgrader_config.py)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=0, help="grading workers on this machine (default: cores - 1)")
    p.add_argument("--queue", type=int, default=0, help="requests that may wait for a worker before the service "
                   "answers 503 (default: 64, or 16 per worker if more)")
    p.add_argument("--attempts", type=int, default=None,
                   help="N checks per student per assignment per day (overrides c.BackpropServe.attempts)")
    p.add_argument("--late-checks", action="store_true", default=None,
                   help="keep checking after the assignment's nbgrader due date")
    p.add_argument("--max-bytes", type=int, default=None, help="largest request body accepted (default: 8 MiB)")
    p.add_argument("--timeout", type=float, default=None, help="seconds one request's grading may take (default: 600)")
    p.add_argument("--dask", default=None, metavar="ADDRESS",
                   help="grade on a Dask distributed cluster (e.g. tcp://scheduler:8786) instead of this machine")
    p.add_argument("--write-client", default=None, metavar="FILE",
                   help="write the students' client (one standard-library file, e.g. backprop_check.py) and exit")


def run(args, parser) -> int:
    if args.write_client:
        from pathlib import Path

        from autograder.service import client

        Path(args.write_client).write_text(Path(client.__file__).read_text(encoding="utf-8"), encoding="utf-8")
        print(f"wrote {args.write_client}: put it where the students' kernels import from (see the README)")
        return 0
    from autograder.service.app import serve
    from autograder.service.config import ConfigError, load_config

    try:
        config = load_config(args.course, attempts=args.attempts, late_checks=args.late_checks,
                             max_bytes=args.max_bytes, timeout=args.timeout, workers=args.workers or None,
                             queue=args.queue or None, dask=args.dask)
    except ConfigError as exc:
        parser.error(str(exc))
    serve(config, args.host, args.port)
    return 0
