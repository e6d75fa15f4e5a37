"""Matplotlib plots (PNG bytes) of trust and the two scores, per turn and per session.

matplotlib is imported inside the functions (Agg canvas, no pyplot, no display), so
importing bot.report costs nothing and plotting is safe in server threads.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Sequence

from bot.report.texts import label

if TYPE_CHECKING:
    from bot.report.model import SessionReport

logger = logging.getLogger(__name__)

# Colour-blind-safe (Okabe-Ito) and distinct line styles, readable without colour.
TRUST_STYLE = {"color": "#0072B2", "linestyle": "-", "marker": "o"}
VALIDATION_STYLE = {"color": "#D55E00", "linestyle": "--", "marker": "s"}
NONJUDGMENT_STYLE = {"color": "#009E73", "linestyle": ":", "marker": "^"}


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    style: dict


def _png(
    title: str,
    x_label: str,
    x_values: Sequence[int],
    series: List[Series],
    x_ticklabels: Sequence[str] | None = None,
) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7.5, 4.2), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot(1, 1, 1)
    if not x_values:
        axes.text(0.5, 0.5, label("plot", "empty"), ha="center", va="center")
        axes.set_xticks([])
    else:
        for line in series:
            values = [float("nan") if v is None else v for v in line.values]
            axes.plot(x_values, values, label=line.label, linewidth=2, **line.style)
        axes.set_xticks(list(x_values))
        if x_ticklabels is not None:
            axes.set_xticklabels(list(x_ticklabels), rotation=30, ha="right")
        axes.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.22),
            ncol=3,
            fontsize="small",
            frameon=False,
        )
    axes.set_ylim(-3, 103)
    axes.set_yticks([0, 20, 40, 60, 80, 100])
    axes.set_title(title)
    axes.set_xlabel(x_label)
    axes.set_ylabel(label("plot", "y"))
    axes.grid(True, alpha=0.3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(
        buffer, format="png", bbox_inches="tight", metadata={"Software": None}
    )
    return buffer.getvalue()


def session_plot_png(report: SessionReport) -> bytes:
    turns = report.turns
    return _png(
        label("plot", "title"),
        label("plot", "x_turn"),
        [turn.turn for turn in turns],
        [
            Series(label("plot", "trust"), [t.trust for t in turns], TRUST_STYLE),
            Series(
                label("plot", "validation"),
                [t.validation_score for t in turns],
                VALIDATION_STYLE,
            ),
            Series(
                label("plot", "nonjudgment"),
                [t.nonjudgment_score for t in turns],
                NONJUDGMENT_STYLE,
            ),
        ],
    )


def trend_plot_png(reports: Sequence[SessionReport]) -> bytes:
    """One point per session, in the given order: final trust and mean scores."""
    return _png(
        label("plot", "trend_title"),
        label("plot", "x_session"),
        list(range(1, len(reports) + 1)),
        [
            Series(
                label("plot", "trend_trust"),
                [r.trust_end for r in reports],
                TRUST_STYLE,
            ),
            Series(
                label("plot", "trend_validation"),
                [r.mean_validation for r in reports],
                VALIDATION_STYLE,
            ),
            Series(
                label("plot", "trend_nonjudgment"),
                [r.mean_nonjudgment for r in reports],
                NONJUDGMENT_STYLE,
            ),
        ],
        x_ticklabels=[(r.ended_at or r.started_at or "")[:10] for r in reports],
    )
