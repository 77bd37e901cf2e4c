"""The attempt store, on SQLite and on a real PostgreSQL server: budgets hold under concurrency,
attempts survive a restart, tokens are kept as hashes, and the tables sit beside nbgrader's."""

from __future__ import annotations

import concurrent.futures
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from autograder.report import CheckResult, QuestionResult, Report
from autograder.service.config import Budget, ConfigError, load_config
from autograder.service.store import OutOfAttempts, Store, utcnow

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.system)])
def db_url(request, tmp_path, gradebook_template):
    if request.param == "sqlite":
        import shutil

        shutil.copy(gradebook_template, tmp_path / "gradebook.db")
        return f"sqlite:///{tmp_path / 'gradebook.db'}"
    return request.getfixturevalue("postgres_url")  # empty: the store has nbgrader make its gradebook


def report(score: float, hint: str | None) -> Report:
    r = Report("ps1_softmax_loss")
    r.questions["softmax"] = QuestionResult("softmax", 3, [CheckResult("a", score, True),
                                                           CheckResult("b", 3 - score, False, "m", hint)])
    return r


def test_the_budget_holds_when_many_requests_come_at_once(db_url):
    store = Store(db_url, "c")
    budget = Budget.parse("5/hour")
    try:
        def one(_):
            try:
                return store.reserve("ahn", "ps1_softmax_loss", "", budget)[0]
            except OutOfAttempts:
                return None

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            taken = [a for a in pool.map(one, range(20)) if a is not None]
        assert len(taken) == 5
        with pytest.raises(OutOfAttempts) as out:
            store.reserve("ahn", "ps1_softmax_loss", "", budget)
        first = datetime.fromisoformat(min(row["time"] for row in store.history("ahn"))).replace(tzinfo=None)
        frees = out.value.usage.next_free - timedelta(hours=1)  # the oldest attempt leaves the window
        assert first <= frees < first + timedelta(seconds=1)
        assert out.value.usage.used == 5 and out.value.usage.left == 0
        # another student, another assignment, one question: budgets of their own
        assert store.reserve("baek", "ps1_softmax_loss", "", budget)[1].used == 1
        assert store.reserve("ahn", "ps2_backward_passes", "", budget)[1].used == 1
        assert store.reserve("ahn", "ps1_softmax_loss", "softmax", budget)[1].used == 1
    finally:
        store.close()


def test_attempts_survive_a_restart_with_their_scores_and_hints(db_url):
    store = Store(db_url, "c")
    budget = Budget(3, 86400)
    graded, _ = store.reserve("cho", "ps1_softmax_loss", "", budget)
    store.record(graded, report(1, "wrong-axis"))
    released, _ = store.reserve("cho", "ps1_softmax_loss", "", budget)
    store.release(released)  # the server could not grade it: it does not count
    pending, _ = store.reserve("cho", "ps1_softmax_loss", "", budget)  # the server stops mid-grading
    store.close()

    again = Store(db_url, "c")
    try:
        history = again.history("cho", "ps1_softmax_loss")
        assert [h["status"] for h in history] == ["graded", "interrupted"]
        assert history[0]["score"] == 1 and history[0]["max_score"] == 3
        assert history[0]["hints"] == {"softmax": ["wrong-axis"]} and history[0]["scores"] == {"softmax": 1}
        usage = again.usage("cho", "ps1_softmax_loss", "", budget)
        assert (usage.used, usage.left) == (1, 2)
        assert pending != graded
    finally:
        again.close()


def test_tokens_are_hashes_and_a_new_token_replaces_the_old(db_url):
    store = Store(db_url, "c")
    try:
        first = store.issue_token("choi")
        assert store.student_for_token(first) == "choi"
        second = store.issue_token("choi")
        assert store.student_for_token(second) == "choi" and store.student_for_token(first) is None
        assert store.student_for_token("choi") is None and store.student_for_token("") is None
        with store.engine.connect() as conn:
            stored = [tuple(r) for r in conn.execute(sa.text("select student, token_sha256 from backprop_lab_tokens"))]
        assert stored and all(second not in value for row in stored for value in row)
    finally:
        store.close()


def test_the_tables_sit_beside_nbgraders_gradebook_which_still_works(db_url):
    from nbgrader.api import Gradebook

    Store(db_url, "c").close()
    with Gradebook(db_url, "c") as gb:  # nbgrader opens it as its own (schema stamped, no migration)
        gb.update_or_create_assignment("ps1_softmax_loss", duedate="2030-01-01 10:00:00")
    store = Store(db_url, "c")
    try:
        assert store.due_date("ps1_softmax_loss").isoformat() == "2030-01-01T10:00:00"
        assert store.due_date("ps9_unknown") is None
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"assignment", "alembic_version", "backprop_lab_attempts", "backprop_lab_tokens"} <= tables
    finally:
        store.close()


def test_budgets_are_read_from_the_course_config(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.db_url = 'sqlite:///gb.db'\n"
        "c.BackpropServe.attempts = '3/hour'\n"
        "c.BackpropServe.attempts_per_assignment = {'ps4_two_layer_net': '1 per day'}\n"
        "c.BackpropServe.late_checks = True\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.db_url == f"sqlite:///{tmp_path / 'gb.db'}"
    assert config.budget_for("ps1_softmax_loss") == Budget(3, 3600)
    assert config.budget_for("ps4_two_layer_net") == Budget(1, 86400)
    assert config.late_checks is True
    overridden = load_config(tmp_path, attempts=7)
    assert overridden.budget_for("ps4_two_layer_net") == Budget(7, 86400)
    for bad in ["often", "3/fortnight", "-1/day"]:
        with pytest.raises(ConfigError):
            Budget.parse(bad)
    with pytest.raises(ConfigError):
        load_config(tmp_path / "nowhere")
    assert utcnow().tzinfo is None
