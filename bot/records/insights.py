"""Staff insight: how many questions came each day, how many the documents answered, what they
were about and which ones the documents could not answer.

Read from the store's ``insight_events`` (one row per recorded answer, no user id; see
bot/records/store.py). ``collect`` gives the figures, ``chart_png`` draws them (matplotlib, headless,
imported only when a chart is drawn), ``write_csv`` writes them per day, ``unanswered`` lists the
recent questions the documents did not answer, masked.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path

from bot.records.masking import mask
from bot.records.store import Store

ANSWERED_KINDS = ("answer", "contact")  # answered from the documents or contacts.yaml
TOP = 5  # how many topics and municipalities are shown


@dataclass(frozen=True)
class Day:
    """One day's figures."""

    day: str
    questions: int = 0
    answered: int = 0
    not_found: int = 0
    handoff: int = 0
    thumbs_up: int = 0
    thumbs_down: int = 0


@dataclass(frozen=True)
class Insight:
    """The figures of a period: per day, and the most common topics and municipalities."""

    days: list[Day]
    topics: list[tuple[str, int]]
    municipalities: list[tuple[str, int]]

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.days)

    def share(self, name: str) -> int:
        """A figure as a whole percentage of the questions (0 when there were none)."""
        questions = self.total("questions")
        return round(100 * self.total(name) / questions) if questions else 0


@dataclass(frozen=True)
class Unanswered:
    """A question the documents did not answer, masked."""

    day: str
    municipality: str | None
    question: str


def collect(store: Store, days: int = 30, today: date | None = None) -> Insight:
    """The last ``days`` days up to ``today`` (every day, zeros included)."""
    today = today or date.today()
    first = (today - timedelta(days=max(1, days) - 1)).isoformat()
    last = today.isoformat()
    answered = ", ".join(f"'{k}'" for k in ANSWERED_KINDS)

    def read(db):  # noqa: ANN001, ANN202
        per_day = db.execute(
            f"SELECT day, COUNT(*), SUM(kind IN ({answered})), SUM(kind IN ('not_found', 'not_sure')), SUM(kind = 'handoff'), "
            "COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM insight_events "
            "WHERE day BETWEEN ? AND ? GROUP BY day",
            (first, last),
        ).fetchall()
        top = {
            column: db.execute(
                f"SELECT {column}, COUNT(*) FROM insight_events WHERE day BETWEEN ? AND ? AND {column} IS NOT NULL "
                f"GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT ?",
                (first, last, TOP),
            ).fetchall()
            for column in ("topic", "municipality")
        }
        return per_day, top

    per_day, top = store.query(read)
    found = {row[0]: Day(*row) for row in per_day}
    start = date.fromisoformat(first)
    all_days = [found.get(d, Day(d)) for d in ((start + timedelta(n)).isoformat() for n in range(max(1, days)))]
    return Insight(all_days, [tuple(r) for r in top["topic"]], [tuple(r) for r in top["municipality"]])


def unanswered(store: Store, limit: int = 20) -> list[Unanswered]:
    """The most recent questions the documents did not answer, newest first, masked."""
    rows = store.query(
        lambda db: db.execute(
            "SELECT day, municipality, question FROM insight_events WHERE kind IN ('not_found', 'not_sure') "
            "AND question IS NOT NULL ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
    )
    return [Unanswered(day, municipality, mask(question)) for day, municipality, question in rows]


CSV_COLUMNS = [f.name for f in fields(Day)]


def write_csv(insight: Insight, path: Path) -> Path:
    """One row per day: questions, answered, not_found, handoff, thumbs_up, thumbs_down."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for day in insight.days:
            writer.writerow([getattr(day, name) for name in CSV_COLUMNS])
    return path


def summary(insight: Insight) -> str:
    """The period in one Swedish sentence: the chart's title and what `sofia report` prints, in the chart's language."""
    days = insight.days
    return (
        f"{days[0].day} – {days[-1].day}: {insight.total('questions')} frågor, "
        f"{insight.share('answered')} % besvarade, {insight.share('not_found')} % inte i dokumenten, "
        f"{insight.share('handoff')} % till en människa; "
        f"återkoppling {insight.total('thumbs_up')} tumme upp, {insight.total('thumbs_down')} tumme ned"
    )


def chart_png(insight: Insight) -> bytes:
    """The chart as PNG: questions per day by outcome with the feedback, and the top topics."""
    buffer = io.BytesIO()
    chart_figure(insight).savefig(buffer, format="png")
    return buffer.getvalue()


def chart_figure(insight: Insight):  # noqa: ANN201 - a matplotlib Figure, imported only here
    """The chart as a matplotlib figure (days above, topics below), drawn headless."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    days = insight.days
    x = list(range(len(days)))
    fig = Figure(figsize=(10, 7.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    # The bold title is the summary; each panel has its own heading and axis labels, so the topics'
    # heading is never read as the x-axis label of the days above it.
    # Two lines: the period, then its figures; one line ran past both edges of the picture.
    fig.suptitle("Sofia " + summary(insight).replace(": ", ":\n", 1), fontsize=10)
    fig.get_layout_engine().set(hspace=0.08)
    ax, topics_ax = fig.subplots(2, 1, height_ratios=[3, 2])

    outcomes = [
        ("Besvarade", [d.answered for d in days], "#2e7d32"),
        ("Inte i dokumenten", [d.not_found for d in days], "#ef6c00"),
        ("Till en människa", [d.handoff for d in days], "#1565c0"),
        ("Övrigt", [d.questions - d.answered - d.not_found - d.handoff for d in days], "#9e9e9e"),
    ]
    bottom = [0] * len(days)
    for name, values, colour in outcomes:
        ax.bar(x, values, bottom=bottom, color=colour, label=name)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.plot(x, [d.thumbs_up for d in days], "^-", color="#1b5e20", markersize=4, label="Tumme upp")
    ax.plot(x, [d.thumbs_down for d in days], "v-", color="#b71c1c", markersize=4, label="Tumme ned")
    step = max(1, len(days) // 10)
    ax.set_xticks(x[::step], [d.day[5:] for d in days[::step]])
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_xlabel("Dag (månad-dag)")
    ax.set_ylabel("Antal per dag")
    # Counts: whole numbers from 0, and at least 0–1 so a period without questions is not drawn
    # as a flat line through a ±0.04 axis.
    top = max([1] + bottom + [d.thumbs_up for d in days] + [d.thumbs_down for d in days])
    ax.set_ylim(0, top * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("Frågor per dag, efter utfall, och återkoppling", fontsize=10, loc="left")
    if not insight.total("questions"):
        ax.text(0.5, 0.5, "Inga frågor under perioden", ha="center", va="center", transform=ax.transAxes, color="#616161")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)

    topics_ax.set_title("Vanligaste ämnen (avsnitt som citerades i svaren)", fontsize=10, loc="left")
    if insight.topics:
        labels = [_short(name) for name, _ in reversed(insight.topics)]
        topics_ax.barh(labels, [n for _, n in reversed(insight.topics)], color="#2e7d32")
        topics_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        topics_ax.set_xlabel("Antal svar som citerade avsnittet")
    else:
        topics_ax.text(0.5, 0.5, "Inga citerade avsnitt ännu", ha="center", va="center", color="#616161")
        topics_ax.set_axis_off()
    return fig


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
