"""``python -m bot.report``: list, show, trend, cohort and purge (words from YAML)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Dict, List, TextIO

from bot.report.cohort import CohortSummary
from bot.report.config import ConfigError
from bot.report.ids import is_trainee_id, pseudonymise
from bot.report.store import ReportNotFoundError, ReportStore, open_store
from bot.report.texts import label, message
from bot.report.view import fmt_number, fmt_pct, not_applicable

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3


def _help(key: str) -> str:
    return message("cli", key)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.report", description=_help("description")
    )
    parser.add_argument("--db", metavar="URL", help=_help("db_help"))
    commands = parser.add_subparsers(dest="command", required=True)

    def with_trainee(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--trainee", required=True, metavar="ID", help=_help("trainee_help")
        )
        sub.add_argument("--channel", help=_help("channel_help"))

    listing = commands.add_parser("list", help=_help("list_help"))
    with_trainee(listing)

    show = commands.add_parser("show", help=_help("show_help"))
    show.add_argument("session_id", metavar="SESSION_ID", help=_help("session_help"))
    with_trainee(show)
    show.add_argument(
        "--format",
        choices=("md", "html", "json", "text"),
        default="md",
        help=_help("format_help"),
    )
    show.add_argument("--out", type=Path, help=_help("out_help"))

    trend = commands.add_parser("trend", help=_help("trend_help"))
    with_trainee(trend)
    trend.add_argument("--out", type=Path, required=True, help=_help("trend_out_help"))

    cohort = commands.add_parser("cohort", help=_help("cohort_help"))
    cohort.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help=_help("cohort_format_help"),
    )
    cohort.add_argument("--min-trainees", type=int, help=_help("min_trainees_help"))

    purge = commands.add_parser("purge", help=_help("purge_help"))
    purge.add_argument("--days", type=int, help=_help("days_help"))
    purge.add_argument("--dry-run", action="store_true", help=_help("dry_run_help"))
    return parser


def _trainee(args: argparse.Namespace) -> str:
    if args.channel:
        return pseudonymise(args.channel, args.trainee)
    if not is_trainee_id(args.trainee):
        raise ConfigError(message("errors", "bad_trainee", trainee=args.trainee))
    return str(args.trainee)


def _fmt_time(value: object) -> str:
    return value.isoformat(timespec="minutes") if hasattr(value, "isoformat") else ""


def _cmd_list(args: argparse.Namespace, store: ReportStore, out: TextIO) -> int:
    trainee = _trainee(args)
    rows = store.list_sessions(trainee)
    if not rows:
        print(message("list", "empty", trainee=trainee), file=out)
        return EXIT_OK
    print(message("list", "header", count=len(rows), trainee=trainee), file=out)
    for row in rows:
        print(
            message(
                "list",
                "row",
                ended_at=_fmt_time(row.ended_at),
                session_id=row.session_id,
                scenario=row.scenario_title,
                turns=row.n_turns,
                validation=fmt_number(row.mean_validation),
                nonjudgment=fmt_number(row.mean_nonjudgment),
                trust=not_applicable() if row.trust_end is None else row.trust_end,
            ),
            file=out,
        )
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, store: ReportStore, out: TextIO) -> int:
    report = store.load(args.session_id, _trainee(args))
    render: Dict[str, Callable[[], str]] = {
        "md": report.to_markdown,
        "html": report.to_html,
        "json": report.to_json,
        "text": report.summary_text,
    }
    text = render[args.format]()
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        print(message("show", "written", path=args.out), file=out)
    else:
        print(text, file=out, end="" if text.endswith("\n") else "\n")
    return EXIT_OK


def _cmd_trend(args: argparse.Namespace, store: ReportStore, out: TextIO) -> int:
    from bot.report.plot import trend_plot_png

    trainee = _trainee(args)
    reports = store.trend_reports(trainee)
    if not reports:
        print(message("trend", "empty", trainee=trainee), file=sys.stderr)
        return EXIT_NOT_FOUND
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(trend_plot_png(reports))
    print(message("trend", "written", count=len(reports), path=args.out), file=out)
    return EXIT_OK


def _cohort_lines(c: CohortSummary) -> List[str]:
    if c.sessions == 0:
        return [message("cohort", "empty")]
    if c.suppressed:
        return [
            message("cohort", "too_few", trainees=c.trainees, minimum=c.min_trainees)
        ]
    rq = not_applicable() if c.pooled_rq_ratio is None else f"{c.pooled_rq_ratio:g}:1"
    cr = fmt_pct(c.pooled_pct_complex)
    judged = [f"{label('flags', k)} {v}" for k, v in c.judgment_counts.items() if v]
    lines = [
        message("cohort", "header", sessions=c.sessions, trainees=c.trainees),
        message(
            "cohort",
            "scores",
            validation=fmt_number(c.mean_validation),
            nonjudgment=fmt_number(c.mean_nonjudgment),
            trust=fmt_number(c.mean_trust_end),
        ),
        message(
            "cohort",
            "miti",
            rq=f"{rq} ({label('levels', c.pooled_rq_level)})",
            cr=f"{cr} ({label('levels', c.pooled_cr_level)})",
        ),
        message(
            "cohort",
            "miti_share",
            rq_fair=fmt_pct(c.share_rq_fair),
            cr_fair=fmt_pct(c.share_cr_fair),
            rq_good=fmt_pct(c.share_rq_good),
            cr_good=fmt_pct(c.share_cr_good),
        ),
        (
            message("cohort", "judgments", judgments=", ".join(judged))
            if judged
            else message("cohort", "no_judgments")
        ),
    ]
    if c.scenarios:
        lines.append(message("cohort", "scenarios"))
        lines.extend(
            message(
                "cohort",
                "scenario_row",
                scenario=row.scenario_id,
                sessions=row.sessions,
                validation=fmt_number(row.mean_validation),
                nonjudgment=fmt_number(row.mean_nonjudgment),
            )
            for row in c.scenarios
        )
    return lines


def _cmd_cohort(args: argparse.Namespace, store: ReportStore, out: TextIO) -> int:
    summary = store.cohort(args.min_trainees)
    if args.format == "json":
        print(json.dumps(summary.to_dict(), indent=2, sort_keys=True), file=out)
    else:
        print("\n".join(_cohort_lines(summary)), file=out)
    return EXIT_OK


def _cmd_purge(args: argparse.Namespace, store: ReportStore, out: TextIO) -> int:
    if args.days is not None and args.days < 0:
        raise ConfigError("--days must not be negative")
    result = store.purge(args.days, dry_run=args.dry_run)
    key = "dry_run" if result.dry_run else "done"
    print(
        message(
            "purge",
            key,
            count=result.count,
            cutoff=result.cutoff.isoformat(timespec="seconds") + "Z",
            days=result.days,
        ),
        file=out,
    )
    return EXIT_OK


COMMANDS = {
    "list": _cmd_list,
    "show": _cmd_show,
    "trend": _cmd_trend,
    "cohort": _cmd_cohort,
    "purge": _cmd_purge,
}


def main(argv: List[str] | None = None, out: TextIO = sys.stdout) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    try:
        with open_store(args.db) as store:
            return COMMANDS[args.command](args, store, out)
    except ReportNotFoundError:
        print(
            message("errors", "not_found", session_id=args.session_id), file=sys.stderr
        )
        return EXIT_NOT_FOUND
    except ConfigError as error:
        print(message("errors", "config", error=error), file=sys.stderr)
        return EXIT_USAGE
    except SQLAlchemyError as error:
        logger.exception("Report store failed")
        print(
            message("errors", "database", error=error.__class__.__name__),
            file=sys.stderr,
        )
        return EXIT_FAILURE
