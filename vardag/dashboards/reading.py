"""The plain reading: three to five sentences generated from the figures, in plain Swedish
(English through the catalogue), saying what they show and how sure they are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vardag.dashboards.stats import FEW

if TYPE_CHECKING:
    from vardag.dashboards.selectors import Overview
    from vardag.dashboards.units import Dimension, UnitRow


def num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return str(number_format(round(value, digits), decimal_pos=digits))


def plain_reading(o: Overview) -> list[str]:
    where = o.scope.unit.name if o.scope.unit else o.scope.organisation.name
    total = o.portfolio.total.n
    ended = o.flow.ended.n if o.flow.ended else 0
    if o.scope.since or o.scope.until:
        opening = ngettext(
            "%(where)s har %(n)s idé under perioden; %(ended)s av dem är avslutade.",
            "%(where)s har %(n)s idéer under perioden; %(ended)s av dem är avslutade.",
            total,
        )
    else:
        opening = ngettext(
            "%(where)s har %(n)s idé; %(ended)s av dem är avslutade.",
            "%(where)s har %(n)s idéer; %(ended)s av dem är avslutade.",
            total,
        )
    sentences = [opening % {"where": where, "n": total, "ended": ended}]
    first = o.flow.first_feedback
    if first.n and first.q1 == first.q3 == 0:
        sentences.append(
            _(
                "Minst hälften av idéerna fick sin första återkoppling samma dag som de lämnades "
                "in, och %(share)s %% fick den inom %(deadline)s dagar."
            )
            % {
                "share": o.flow.first_feedback_in_time.percent,
                "deadline": o.scope.deadline_days,
            }
        )
    elif first.n and first.q1 == first.q3:
        sentences.append(
            _(
                "Minst hälften av idéerna fick sin första återkoppling efter precis %(q1)s dagar "
                "från inlämningen, och %(share)s %% fick den inom %(deadline)s dagar."
            )
            % {
                "q1": num(first.q1),
                "share": o.flow.first_feedback_in_time.percent,
                "deadline": o.scope.deadline_days,
            }
        )
    elif first.n:
        sentences.append(
            _(
                "Det tar i mitten %(median)s dagar från inlämning till första återkopplingen "
                "(hälften av idéerna mellan %(q1)s och %(q3)s dagar), och %(share)s %% fick den "
                "inom %(deadline)s dagar."
            )
            % {
                "median": num(first.median),
                "q1": num(first.q1),
                "q3": num(first.q3),
                "share": o.flow.first_feedback_in_time.percent,
                "deadline": o.scope.deadline_days,
            }
        )
    else:
        sentences.append(_("Ingen idé har fått återkoppling ännu."))
    if o.flow.overdue.n or o.flow.waiting.n:
        sentences.append(
            ngettext(
                "%(overdue)s idé väntar på återkoppling som är försenad och %(waiting)s har "
                "passerat sitt datum för nästa behandling: de behöver tas upp först.",
                "%(overdue)s idéer väntar på återkoppling som är försenad och %(waiting)s har "
                "passerat sitt datum för nästa behandling: de behöver tas upp först.",
                o.flow.overdue.n,
            )
            % {"overdue": o.flow.overdue.n, "waiting": o.flow.waiting.n}
        )
    else:
        sentences.append(_("Ingen återkoppling är försenad och ingen idé väntar förbi sitt datum."))
    excluded = sum(g.days.excluded for g in o.flow.gates) + first.excluded
    if excluded:
        sentences.append(
            ngettext(
                "%(n)s datum ligger före idéns inlämning, vilket är ett fel i uppgifterna: det "
                "är utelämnat ur dagarna.",
                "%(n)s datum ligger före idéernas inlämning, vilket är fel i uppgifterna: de "
                "är utelämnade ur dagarna.",
                excluded,
            )
            % {"n": excluded}
        )
    weak = o.actions.weak
    if weak is not None:
        sentences.append(
            _(
                "I förutsättningsanalysen %(round)s är ”%(dimension)s” den svagaste "
                "dimensionen (medelvärde %(mean)s)."
            )
            % {"round": weak.round_title, "dimension": weak.name, "mean": num(weak.mean, 2)}
        )
    elif not o.units.rounds:
        sentences.append(_("Det finns ingen avslutad förutsättningsanalys att jämföra med."))
    if total < FEW:
        sentences.append(
            _(
                "Siffrorna bygger på få idéer (%(n)s), så enstaka idéer kan ändra dem mycket: "
                "läs dem som en fingervisning, inte som en säker bild."
            )
            % {"n": total}
        )
    else:
        sentences.append(
            _(
                "Siffrorna bygger på %(n)s idéer; medianer och kvartiler påverkas lite av "
                "enstaka idéer, men andelar i små enheter är osäkrare."
            )
            % {"n": total}
        )
    return sentences[: 6 if excluded else 5]


def compare_reading(rows: list[UnitRow], dimensions: list[Dimension]) -> list[str]:
    """Three or four sentences on two units side by side."""
    if len(rows) != 2:
        return []
    a, b = rows
    sentences = [
        _(
            "%(a)s har %(ia)s idéer (%(pa)s per person) och %(b)s har %(ib)s idéer "
            "(%(pb)s per person)."
        )
        % {
            "a": a.unit.name,
            "ia": a.ideas.n,
            "pa": num(a.ideas_per_employee, 2),
            "b": b.unit.name,
            "ib": b.ideas.n,
            "pb": num(b.ideas_per_employee, 2),
        }
    ]
    if a.first_feedback.n and b.first_feedback.n:
        sentences.append(
            _(
                "Mediantiden till första återkopplingen är %(da)s dagar i %(a)s och "
                "%(db)s dagar i %(b)s."
            )
            % {
                "a": a.unit.name,
                "da": num(a.first_feedback.median),
                "b": b.unit.name,
                "db": num(b.first_feedback.median),
            }
        )
    gaps = []
    if a.latest and b.latest and a.latest.means and b.latest.means:
        for d in dimensions:
            ma, mb = a.latest.means.get(d.code), b.latest.means.get(d.code)
            if ma is not None and mb is not None:
                gaps.append((abs(ma - mb), d.name, ma, mb))
    if gaps:
        _gap, name, ma, mb = max(gaps)
        sentences.append(
            _(
                "Störst skillnad i förutsättningar finns i ”%(dimension)s”: %(ma)s i %(a)s "
                "mot %(mb)s i %(b)s (skala 1–5)."
            )
            % {
                "dimension": name,
                "ma": num(ma, 2),
                "a": a.unit.name,
                "mb": num(mb, 2),
                "b": b.unit.name,
            }
        )
    else:
        sentences.append(
            _(
                "Förutsättningarna kan inte jämföras: en av enheterna har för få svar eller "
                "saknar en avslutad förutsättningsanalys."
            )
        )
    total = a.ideas.n + b.ideas.n
    if total < FEW:
        sentences.append(
            _("Jämförelsen bygger på få idéer (%(n)s): skillnaderna kan bero på enstaka idéer.")
            % {"n": total}
        )
    else:
        sentences.append(
            _(
                "Jämförelsen bygger på %(n)s idéer; andelar i en liten enhet är ändå osäkrare "
                "än i en stor."
            )
            % {"n": total}
        )
    return sentences
