"""Scoring a question set: retrieval (hit@5, MRR@10) and answers (citations, out of scope, handoff)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.models import Hit

KINDS = ("answerable", "out_of_scope", "handoff")


def normalise(text: str) -> str:
    """Lower case, every run of characters other than letters and digits made one space."""
    return " " + re.sub(r"[\W_]+", " ", text.lower()).strip() + " "


def load_questions(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path.name} line {number} is not JSON") from exc
        if not isinstance(item, dict) or "question" not in item or item.get("kind") not in KINDS:
            raise ValueError(f"{path.name} line {number}: needs 'question' and 'kind' ({', '.join(KINDS)})")
        items.append(item)
    return items


def matches_gold(document: str, text: str, gold: list[dict]) -> bool:
    norm = normalise(text)
    return any(g["document"] == document and normalise(g["contains"]).strip() in norm for g in gold)


def gold_rank(hits: list[Hit], gold: list[dict]) -> int | None:
    for rank, hit in enumerate(hits, 1):
        if matches_gold(hit.chunk.document, hit.chunk.text, gold):
            return rank
    return None


@dataclass
class EvalReport:
    counts: dict[str, int] = field(default_factory=dict)
    hit_at_5: float = 0.0
    mrr_at_10: float = 0.0
    gold_cited: float = 0.0
    out_of_scope_refused: float = 0.0
    handoff_recognised: float = 0.0
    answerable_marked_handoff: int = 0
    answerable_grounded: float = 0.0
    grounded_without_gold: float = 0.0  # answerable, answered from the documents, but no gold passage cited
    gold_suggested: float = 0.0  # of the answerable questions not answered: the gold among the offered sections
    out_of_scope_suggested: float = 0.0  # of the out-of-scope questions refused: sections offered all the same
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def evaluate(services, questions: list[dict]) -> EvalReport:
    retriever = services.knowledge.retriever
    report = EvalReport(counts={k: sum(q["kind"] == k for q in questions) for k in KINDS})
    hits5 = rr = cited = grounded = refused = recognised = stray = 0.0
    missed = suggested = refused_offered = 0
    for item in questions:
        question, kind, gold = item["question"], item["kind"], item.get("gold") or []
        answer = services.answers.answer(question, municipality=item.get("municipality"))
        problems = []
        if kind == "answerable":
            rank = gold_rank(retriever.search(question, k=10, municipality=item.get("municipality")), gold)
            hits5 += bool(rank and rank <= 5)
            rr += 1.0 / rank if rank else 0.0
            if rank is None or rank > 5:
                problems.append(f"gold at rank {rank}")
            was_cited = any(matches_gold(c.document, c.quote, gold) for c in answer.citations)
            cited += was_cited
            grounded += answer.grounded
            stray += answer.grounded and not was_cited
            if not answer.grounded:
                missed += 1
                suggested += any(matches_gold(x.document, x.text, gold) for x in answer.suggestions)
            if not was_cited:
                problems.append("gold not cited" + ("" if answer.grounded else " (answered as not in the documents)"))
            if answer.handoff:
                report.answerable_marked_handoff += 1
                problems.append("marked handoff")
        elif kind == "out_of_scope":
            ok = not answer.grounded and not answer.handoff
            refused += ok
            refused_offered += ok and bool(answer.suggestions)
            if not ok:
                problems.append("answered as if the documents said it")
        else:
            recognised += answer.handoff
            if not answer.handoff:
                problems.append("request for a person not recognised")
        if problems:
            report.failures.append({"id": item.get("id"), "question": question, "problems": problems})
    n = report.counts
    report.hit_at_5 = hits5 / n["answerable"] if n["answerable"] else 0.0
    report.mrr_at_10 = rr / n["answerable"] if n["answerable"] else 0.0
    report.gold_cited = cited / n["answerable"] if n["answerable"] else 0.0
    report.answerable_grounded = grounded / n["answerable"] if n["answerable"] else 0.0
    report.grounded_without_gold = stray / n["answerable"] if n["answerable"] else 0.0
    report.gold_suggested = suggested / missed if missed else 0.0
    report.out_of_scope_suggested = refused_offered / refused if refused else 0.0
    report.out_of_scope_refused = refused / n["out_of_scope"] if n["out_of_scope"] else 1.0
    report.handoff_recognised = recognised / n["handoff"] if n["handoff"] else 1.0
    return report


def format_report(report: EvalReport) -> str:
    n = report.counts
    lines = [
        f"questions: {sum(n.values())} ({n['answerable']} answerable, {n['out_of_scope']} out of scope, {n['handoff']} handoff)",
        f"hit@5                      {report.hit_at_5:.3f}",
        f"MRR@10                     {report.mrr_at_10:.3f}",
        f"gold passage cited         {report.gold_cited:.3f}",
        f"answerable answered        {report.answerable_grounded:.3f}",
        f"answered, no gold cited    {report.grounded_without_gold:.3f}",
        f"gold among sections offered (answerable not answered) {report.gold_suggested:.3f}",
        f"out of scope refused       {report.out_of_scope_refused:.3f}",
        f"out of scope, refused with sections offered {report.out_of_scope_suggested:.3f}",
        f"handoff recognised         {report.handoff_recognised:.3f}",
        f"answerable marked handoff  {report.answerable_marked_handoff}",
    ]
    if report.failures:
        lines.append("failures:")
        lines += [f"  {f['id']}: {f['question']} -> {'; '.join(f['problems'])}" for f in report.failures]
    return "\n".join(lines)
