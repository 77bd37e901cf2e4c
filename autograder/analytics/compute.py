"""The class report's numbers, computed once into plain data (what `report.json` holds).

HTML, CSV and plots are made from this data only (autograder/analytics/render.py); nothing here
knows how it will be shown. Scores are the gradebook's; hints, faults and quiz answers come from
the grading reports. Students appear under an alias unless the caller asks for names.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import statistics
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from autograder import checks
from autograder.analytics.sources import ClassData
from autograder.hints import HINT_TOPICS, HINTS
from autograder.report import Report

SCHEMA_VERSION = 1
EPS = 1e-9
UPPER_LOWER = 0.27  # Kelley's upper and lower 27 % groups for the discrimination index

# What went wrong when the code produced nothing to compare, as the grader records it
# (CheckResult.fault), grouped the way the report shows it. Faults are not mistakes.
FAULT_GROUPS = {
    "timeout": "hang", "cpu": "hang", "budget": "hang",
    "crash": "crash", "exit": "crash", "dead": "crash", "protocol": "crash", "killed": "crash",
    "flood": "flood", "size": "flood", "disk": "flood", "memory": "memory", "unreadable": "unreadable",
    "startup": "sandbox", "grader-error": "grader-error",
}
ERROR_KINDS = ("not-implemented", "exception", "undefined")  # the student's code ran but raised or was absent

FAULT_WORDS = {
    "hang": ("시간 초과 (무한 루프)", "hang (time or CPU limit)"),
    "crash": ("프로세스 종료", "crash (the process died or exited)"),
    "flood": ("출력 과다", "flood (too much output)"),
    "memory": ("메모리 초과", "out of memory"),
    "unreadable": ("읽을 수 없는 제출물", "unreadable notebook"),
    "sandbox": ("채점 환경 시작 실패", "the sandbox did not start"),
    "grader-error": ("채점기 내부 오류", "internal grader error"),
    "not-implemented": ("구현하지 않음", "not implemented"),
    "exception": ("예외 발생", "raised an exception"),
    "undefined": ("정의되지 않음", "not defined"),
}


def student_key(course: Path) -> bytes:
    """The course's secret for aliases (created on first use, kept with the cached reports): an
    alias cannot be turned back into an id by hashing the class list, but stays the same from one
    report to the next."""
    path = course / ".backprop-lab" / "report-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="ascii")
        path.chmod(0o600)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def aliaser(course: Path, names: bool) -> Callable[[str], str]:
    if names:
        return str
    key = student_key(course)
    return lambda student: "s-" + hmac.new(key, student.encode("utf-8"), hashlib.sha256).hexdigest()[:10]


def r6(x: float | None) -> float | None:
    return None if x is None else round(float(x), 6)


def summary(totals: list[float], max_score: float) -> dict:
    if not totals:
        return {"n": 0, "mean": None, "median": None, "q1": None, "q3": None, "min": None, "max": None,
                "sd": None, "full": 0, "zero": 0}
    q1, _, q3 = statistics.quantiles(totals, n=4, method="inclusive") if len(totals) > 1 else (totals[0],) * 3
    return {"n": len(totals), "mean": r6(statistics.fmean(totals)), "median": r6(statistics.median(totals)),
            "q1": r6(q1), "q3": r6(q3), "min": r6(min(totals)), "max": r6(max(totals)),
            "sd": r6(statistics.pstdev(totals)), "full": sum(t >= max_score - EPS for t in totals),
            "zero": sum(abs(t) <= EPS for t in totals)}


def is_unreadable(report: Report | None) -> bool:
    return report is not None and bool(report.questions) and all(
        c.fault == "unreadable" for q in report.questions.values() for c in q.checks)


def quiz_status(score: float) -> str:
    from autograder.quiz import POINTS_BLANK, POINTS_RIGHT

    if score >= POINTS_RIGHT - EPS:
        return "right"
    if abs(score - POINTS_BLANK) <= EPS:
        return "blank"
    return "wrong"


def upper_lower(totals: dict[str, float]) -> tuple[set[str], set[str]]:
    """The top and bottom 27 % of students by total (at least one each; ties broken by id so the
    groups are the same on every run)."""
    if len(totals) < 2:
        return set(), set()
    size = max(1, round(UPPER_LOWER * len(totals)))
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    return set(ranked[:size]), set(ranked[-size:])


def point_biserial(item: dict[str, float], rest: dict[str, float]) -> float | None:
    """Correlation of being right on the item with the score on the rest of the quiz."""
    students = list(item)
    if len(students) < 3:
        return None
    x = [item[s] for s in students]
    y = [rest[s] for s in students]
    try:
        return statistics.correlation(x, y)
    except statistics.StatisticsError:  # everyone right (or wrong), or equal rest scores
        return None


def significant(x: float, digits: int = 3) -> float:
    return 0.0 if x == 0 else round(x, digits - 1 - math.floor(math.log10(abs(x))))


def build(data: ClassData, names: bool = False) -> dict:
    """report.json's content."""
    from autograder.checks.quizzes import quiz_ids

    alias = aliaser(data.course, names)
    everyone = set(data.gradebook.students)
    for aid in data.assignments:
        everyone |= set(data.gradebook.grades.get(aid, {})) | data.handed_in.get(aid, set())
    out = {
        "version": SCHEMA_VERSION,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "course": data.gradebook.course_id,
        "names": names,
        "students": len(everyone),
        "notes": list(data.notes),
        "assignments": {},
    }
    hint_hits: dict[str, dict[str, set[tuple[str, str]]]] = {}  # student -> hint -> {(aid, qid)}
    quizzes = set(quiz_ids())
    for aid in data.assignments:
        section = assignment_section(data, aid, everyone, aid in quizzes, alias, hint_hits)
        out["assignments"][aid] = section
        out["notes"].extend(section.pop("_notes"))
    out["across"] = across(hint_hits, out["assignments"], alias)
    return out


def assignment_section(data: ClassData, aid: str, everyone: set[str], quiz: bool, alias, hint_hits) -> dict:
    assignment = checks.get(aid)
    recorded = data.gradebook.grades.get(aid, {})
    reports = data.reports.get(aid, {})
    notes: list[str] = []
    scores: dict[str, dict[str, float]] = {}
    unrecorded, ungraded = [], []
    for student, grades in recorded.items():
        scores[student] = {qid: grades.get(qid, 0.0) for qid in assignment.questions}
    for student in sorted(data.handed_in.get(aid, set()) - set(recorded)):
        if is_unreadable(reports.get(student)):  # nbgrader cannot record it: it scores 0, as `check` says
            scores[student] = {qid: 0.0 for qid in assignment.questions}
            unrecorded.append(student)
        else:
            ungraded.append(student)
    if ungraded:
        notes.append(f"{aid}: {len(ungraded)}명의 제출물이 아직 성적부에 없습니다 (backprop-lab autograde {aid}).\n"
                     f"{aid}: {len(ungraded)} submission(s) are not in the gradebook yet "
                     f"(run backprop-lab autograde {aid}).")
    if not scores:
        notes.append(f"{aid}: 채점된 제출물이 없습니다.\n{aid}: no graded submissions.")
    max_score = data.gradebook.max_scores.get(aid, assignment.max_score)
    totals = {s: round(sum(q.values()), 6) for s, q in scores.items()}
    disagree = []
    for student, row in scores.items():
        report = reports.get(student)
        if report is None or student in unrecorded:
            continue
        for qid, score in row.items():
            q = report.questions.get(qid)
            if q is not None and abs(q.score - score) > 1e-6:
                disagree.append({"student": alias(student), "question": qid, "gradebook": r6(score),
                                 "report": r6(q.score)})
    if disagree:
        notes.append(f"{aid}: 성적부 점수와 채점 보고서가 {len(disagree)}곳에서 다릅니다 (수동 채점, 또는 다시 채점 "
                     f"필요). 점수는 성적부를 따릅니다.\n{aid}: the gradebook and the grading reports differ in "
                     f"{len(disagree)} place(s) (manual grades, or autograde again); scores follow the gradebook.")
    no_report = sorted(s for s in scores if s not in reports)
    if no_report:
        notes.append(f"{aid}: {len(no_report)}명은 제출물도 채점 보고서도 없어 힌트를 알 수 없습니다.\n"
                     f"{aid}: {len(no_report)} student(s) have neither a notebook nor a report: hints unknown.")
    missing = sorted(everyone - set(scores) - set(ungraded))
    section = {
        "kind": "quiz" if quiz else "problem-set",
        "title_ko": assignment.title_ko, "title_en": assignment.title_en,
        "max_score": r6(max_score),
        "students": len(scores),
        "missing": [alias(s) for s in missing],
        "unrecorded": [alias(s) for s in unrecorded],
        "ungraded": [alias(s) for s in ungraded],
        "disagreements": disagree,
        "summary": summary(list(totals.values()), max_score),
        "scores": {alias(s): r6(t) for s, t in sorted(totals.items())},
        "questions": {},
        "_notes": notes,
    }
    groups = upper_lower(totals) if quiz else (set(), set())
    for qid, question in assignment.questions.items():
        section["questions"][qid] = question_section(aid, qid, question.max_score, scores, reports, totals, groups,
                                                     quiz, alias, hint_hits)
    return section


def question_section(aid, qid, max_score, scores, reports, totals, groups, quiz, alias, hint_hits) -> dict:
    row = {s: scores[s][qid] for s in scores}
    lost = sorted(s for s, v in row.items() if v < max_score - EPS)
    hints: dict[str, set[str]] = {}
    faults: dict[str, set[str]] = {}
    errors: dict[str, set[str]] = {}
    answers: dict[str, dict] = {}
    for student in row:
        report = reports.get(student)
        result = report.questions.get(qid) if report is not None else None
        for check in (result.checks if result is not None else []):
            if check.answer:
                answers[student] = check.answer
            if check.passed:
                continue
            if check.hint_id:
                hints.setdefault(check.hint_id, set()).add(student)
                hint_hits.setdefault(student, {}).setdefault(check.hint_id, set()).add((aid, qid))
            if check.fault in FAULT_GROUPS:
                faults.setdefault(FAULT_GROUPS[check.fault], set()).add(student)
            elif check.fault in ERROR_KINDS:
                errors.setdefault(check.fault, set()).add(student)
    explained = set().union(*hints.values(), *faults.values(), *errors.values())
    n = len(row)

    def names(students) -> list[str]:
        return sorted(alias(s) for s in students)

    section = {
        "max_score": r6(max_score),
        "mean": r6(statistics.fmean(row.values())) if row else None,
        "mean_fraction": r6(statistics.fmean(row.values()) / max_score) if row and max_score else None,
        "lost": len(lost),
        "scores": {alias(s): r6(v) for s, v in sorted(row.items())},
        "hints": {h: names(ss) for h, ss in sorted(hints.items(), key=lambda kv: (-len(kv[1]), kv[0]))},
        "faults": {k: names(ss) for k, ss in sorted(faults.items())},
        "errors": {k: names(ss) for k, ss in sorted(errors.items())},
        # problem sets: points lost to a wrong value no known mistake matches (a quiz's wrong answers
        # are analysed item by item instead)
        "unexplained": [] if quiz else names(s for s in lost if s not in explained),
    }
    if quiz:
        section.update(quiz_item(aid, qid, row, answers, totals, groups, n, names))
    return section


def quiz_item(aid, qid, row, answers, totals, groups, n, names) -> dict:
    from autograder.checks.quizzes import bank_and_quizzes

    bank, quizzes = bank_and_quizzes()
    question = bank[quizzes[aid].question_ids[int(qid[1:]) - 1]]
    status = {s: quiz_status(v) for s, v in row.items()}
    right = {s for s, st in status.items() if st == "right"}
    upper, lower = groups
    item = {
        "bank_id": question.id, "type": question.type, "topic": question.topic, "lecture": question.lecture,
        "right": names(right),
        "blank": names(s for s, st in status.items() if st == "blank"),
        "wrong": names(s for s, st in status.items() if st == "wrong"),
        "difficulty": r6(len(right) / n) if n else None,
        "discrimination": (r6(len(right & upper) / len(upper) - len(right & lower) / len(lower))
                           if upper and lower else None),
        "point_biserial": r6(point_biserial({s: float(s in right) for s in row},
                                            {s: totals[s] - row[s] for s in row})),
    }
    given = {s: a for s, a in answers.items() if status.get(s) != "blank"}
    if question.type == "choice":
        counts = Counter(a.get("choice") for a in given.values() if isinstance(a.get("choice"), int))
        item["answer"] = question.answer
        item["choices"] = {str(i): counts.get(i, 0) for i in range(len(question.choices))}
        item["choice_groups"] = {
            str(i): {"upper": sum(1 for s in upper if given.get(s, {}).get("choice") == i),
                     "lower": sum(1 for s in lower if given.get(s, {}).get("choice") == i)}
            for i in range(len(question.choices))}
        item["choice_text"] = {str(i): {"ko": c.ko, "en": c.en} for i, c in enumerate(question.choices)}
        item["unreadable_answers"] = sum(1 for s, a in given.items()
                                         if status[s] == "wrong" and a.get("choice") is None)
    elif question.type == "truefalse":
        counts = Counter(a.get("choice") for a in given.values() if a.get("choice") in ("true", "false"))
        item["answer"] = "true" if question.answer else "false"
        item["choices"] = {"true": counts.get("true", 0), "false": counts.get("false", 0)}
    else:
        wrong = [a for s, a in given.items() if status[s] == "wrong" and a.get("given") is not None]
        if question.type == "numeric":
            values = Counter(significant(a["given"], 4) for a in wrong if isinstance(a["given"], float))
            ratios = Counter(significant(a["given"] / a["expected"], 3) for a in wrong
                             if isinstance(a["given"], float) and a.get("expected"))
            item["wrong_ratios"] = [[r, c] for r, c in ratios.most_common(5)]
        else:
            values = Counter(" ".join(str(a["given"]).split()) for a in wrong)
        item["wrong_values"] = [[v, c] for v, c in values.most_common(5)]
    return item


def across(hint_hits, assignments: dict, alias) -> dict:
    """Misconceptions across assignments: a student x hint table and each hint's lecture topic."""
    from autograder.quiz import LECTURES, TOPICS

    table = {alias(s): {h: len(places) for h, places in sorted(hints.items())}
             for s, hints in sorted(hint_hits.items())}
    students_per_hint = Counter(h for hints in hint_hits.values() for h in hints)
    recurring = Counter(h for hints in hint_hits.values() for h, places in hints.items()
                        if len({aid for aid, _ in places}) > 1 or len(places) > 1)
    hints = {}
    for hint, n in sorted(students_per_hint.items(), key=lambda kv: (-kv[1], kv[0])):
        topic, lecture = HINT_TOPICS.get(hint, (None, None))
        ko, en = HINTS.get(hint, ("", ""))
        hints[hint] = {"ko": ko, "en": en, "students": n, "recurring": recurring.get(hint, 0),
                       "topic": topic, "lecture": lecture,
                       "places": sorted({f"{aid}/{qid}" for hs in hint_hits.values() for aid, qid in hs.get(hint, ())})}
    topics: dict[str, dict] = {}
    for hint, info in hints.items():
        if info["topic"]:
            t = topics.setdefault(info["topic"], {"hints": {}, "quiz_questions": 0, "quiz_difficulty": None})
            t["hints"][hint] = info["students"]
    difficulties: dict[str, list[float]] = {}
    for section in assignments.values():
        for q in section["questions"].values():
            if "topic" in q and q.get("difficulty") is not None:
                difficulties.setdefault(q["topic"], []).append(q["difficulty"])
    for topic, values in difficulties.items():
        t = topics.setdefault(topic, {"hints": {}, "quiz_questions": 0, "quiz_difficulty": None})
        t["quiz_questions"], t["quiz_difficulty"] = len(values), r6(statistics.fmean(values))
    for topic, t in topics.items():
        t["ko"], t["en"] = TOPICS.get(topic, (topic, topic))
    lectures = {lec: {"ko": ko, "en": en} for lec, (ko, en) in LECTURES.items()}
    return {"students_hints": table, "hints": hints, "topics": dict(sorted(topics.items())), "lectures": lectures}
