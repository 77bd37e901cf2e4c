"""Grading on a Dask distributed cluster gives the same reports as the local pool.

A real `distributed.LocalCluster` (2 worker processes on 127.0.0.1) grades a batch of ps1
submissions through `make_executor(dask=ADDRESS)`; so does `backprop-lab serve --dask ADDRESS`.
"""

from __future__ import annotations

import pytest

from autograder.checks.framework import solutions_dir
from autograder.course.examples import examples
from autograder.executor import DaskExecutor, GradeJob, LocalExecutor, make_executor

pytestmark = [pytest.mark.slow, pytest.mark.task1]

AID = "ps1_softmax_loss"
REFERENCE = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")


def batch() -> list[GradeJob]:
    mistakes = [e for e in examples(AID) if not e.full][::5]
    jobs = [GradeJob(AID, "reference.py", REFERENCE.encode(), tag="reference"),
            GradeJob(AID, "blank.py", b"", tag="blank"),
            GradeJob(AID, "broken.ipynb", b"{not a notebook", tag="unreadable"),
            GradeJob(AID, "hang.py", (REFERENCE + "\ndef softmax(a):\n    while True: pass\n").encode(), tag="hang")]
    jobs += [GradeJob(AID, f"{e.name}.py", (REFERENCE + "\n" + e.source()).encode(), student=f"s{i}", tag=e.name)
             for i, e in enumerate(mistakes)]
    return jobs


def outcome(report) -> dict:
    return {q: (r.score, sorted(c.hint_id or "" for c in r.checks if not c.passed))
            for q, r in report.questions.items()}


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster:
        yield cluster


def test_a_dask_cluster_grades_a_batch_with_the_same_scores_as_the_local_pool(cluster):
    jobs = batch()
    with LocalExecutor(2) as local:
        expected = {job.tag: outcome(report) for job, report in local.map_unordered(jobs)}
    executor = make_executor(dask=cluster.scheduler_address)
    assert isinstance(executor, DaskExecutor) and executor.workers == 2
    with executor:
        got = {job.tag: outcome(report) for job, report in executor.map_unordered(jobs)}
        assert executor.submit(jobs[0]).result(timeout=300).score == 18  # submit works alone too
    assert got == expected
    assert sum(score for score, _ in got["reference"].values()) == 18
    assert got["hang"]["softmax"][0] == 0 and got["hang"]["softmax_loss"][0] > 0
    assert all(score == 0 for score, _ in got["unreadable"].values())


def test_serve_grades_on_the_dask_cluster(cluster, tmp_path, gradebook_template):
    from tests.support.serve import Server, issue_tokens, make_course

    course = make_course(tmp_path / "course", gradebook_template)
    token = issue_tokens(course, "yoon")["yoon"]
    server = Server(course, "--dask", cluster.scheduler_address).start()
    try:
        health = server.check(token, source=REFERENCE)
        assert health.status_code == 200, health.text
        assert health.json()["score"] == 18
        wrong_axis = next(e for e in examples(AID) if e.name == "mistake_wrong-axis_softmax")
        response = server.check(token, source=REFERENCE + "\n" + wrong_axis.source(), question="softmax")
        assert "wrong-axis" in {c["hint_id"] for c in response.json()["questions"]["softmax"]["checks"]}
        import httpx

        assert httpx.get(server.url + "/healthz", timeout=10).json()["workers"] == 2
    finally:
        server.stop()
