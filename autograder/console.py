"""Readable reports in the terminal (rich), in Korean and English."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from autograder.hints import hint_text
from autograder.report import Report, fmt_points


def print_report(report: Report, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    total = f"{fmt_points(report.score)} / {fmt_points(report.max_score)}"
    console.print(f"[bold]{escape(report.assignment)}[/bold]  점수/score: [bold]{total}[/bold]")
    for message in report.clean_errors():
        console.print(f"[yellow]! {escape(message)}[/yellow]")
    for message in report.notes:
        console.print(f"[dim]note: {escape(message)}[/dim]")
    for q in report.questions.values():
        colour = "green" if q.score == q.max_score else "red" if q.score == 0 else "yellow"
        console.print(f"[{colour}]{escape(q.id)}: {fmt_points(q.score)} / {fmt_points(q.max_score)}[/{colour}]")
        for c in q.checks:
            if c.passed:
                console.print(f"  [green]✓[/green] {escape(c.name)}")
                for line in c.message.splitlines():  # quiz explanations
                    console.print(f"      [dim]{escape(line)}[/dim]")
                continue
            console.print(f"  [red]✗ {escape(c.name)}[/red] ({fmt_points(c.points)})")
            for line in c.message.splitlines():
                console.print(f"      {escape(line)}")
            if c.hint_id:
                console.print(f"      [cyan]힌트/hint [{escape(c.hint_id)}][/cyan]")
                for line in (hint_text(c.hint_id, q.id) or "").splitlines():
                    console.print(f"        [cyan]{escape(line)}[/cyan]")
