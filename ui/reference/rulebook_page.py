"""Rulebook reference: reasons, statuses, thresholds and procedures, as loaded."""

import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from formats.loader import DEFAULT_RULEBOOK
from formats.rulebook import Rulebook
from rules import GRADE_WORDS, answer_key, available_rulebooks, load_rulebook, recommended_procedure
from rules.engine import TARGET_WORDS
from training.debrief import memo_words
from ui.simulate.catalog import rulebook_title

RULE_WORDS = {
    "always": "Always counts",
    "never": "Never counts",
    "unless_buyer_requested": "Counts unless the buyer filed an official request",
}


def _source(text: str) -> str:
    """ "Source: ..." as the rulebook gives it (help page ids, official pages, seller guidance)."""
    return f"Source: {text}" if text else ""


def _table(rows: list[dict]) -> None:
    """A table whose cells wrap (a data grid cuts long text at its column width)."""
    df = pd.DataFrame(rows)
    st.table(df.set_index(df.columns[0]) if len(df.columns) else df)


def pick_rulebook() -> Rulebook | None:
    names = available_rulebooks()
    name = st.selectbox(
        "Rulebook",
        names,
        index=names.index(DEFAULT_RULEBOOK) if DEFAULT_RULEBOOK in names else 0,
        format_func=rulebook_title,  # "Amazon.com (US)", not its id
    )
    try:
        return load_rulebook(name)
    except RulebookError as exc:
        st.error("This rulebook has problems:")
        st.code(str(exc), language=None)  # as text: a file's words never become markup
        return None


ASSUMED = " (assumption: no page for this marketplace gives it)"


def thresholds(rb: Rulebook) -> None:
    st.markdown("#### Thresholds")
    rows = []
    for name in type(rb.metrics).model_fields:
        m = getattr(rb.metrics, name)
        if m is None:
            continue
        rows.append(
            {
                "Metric": m.label,
                # the page's own words: "under 2.5%" makes 2.5% a breach, "at least 95%" does not
                "Target": f"{TARGET_WORDS[m.target]} {m.limit:.1%}",
                "Window": " and ".join(f"{w} days" for w in m.windows_days),
                "Scope": m.scope.replace("_", " "),
                "Source": m.source
                + (" (assumption: no page for this marketplace gives it)" if m.assumption else ""),
            }
        )
    _table(rows)
    if rb.cancellation_fee:
        fee = rb.cancellation_fee
        st.info(
            f"Cancellation fee: {fee.referral_fee_multiple:.0%} to {fee.max_referral_fee_multiple:.0%} "
            f"of the referral fee per seller cancellation. Referral fee rate used in simulations: "
            f"{fee.referral_fee_rate:.0%}{' (assumption)' if fee.referral_fee_rate_assumption else ''}. "
            f"{_source(fee.source)}"
        )


def reasons(rb: Rulebook) -> None:
    st.markdown("#### Reasons for cancellation")
    _table(
        [
            {
                "Reason (Seller Central)": r.label,
                "Feed code": r.feed_code,
                "In cancel dialog": "yes" if r.in_dialog else "feed only",
                "Counts toward the rate": RULE_WORDS[r.counts_toward_rate.rule],
                "Restocks": ("yes" if r.restocks else "no") + (" (assumption)" if r.assumption else ""),
                "Note": r.counts_toward_rate.note,
            }
            for r in rb.reasons
        ]
    )


def direct_cancel_window(rb: Rulebook) -> str:
    """The buyer's direct cancel: from placing the order, whatever the status."""
    dc = rb.direct_cancel
    if dc is None:
        return "No direct-cancel window."
    assumed = " (assumption)" if dc.assumption else ""
    only = " Seller-fulfilled orders only." if dc.channels == ["MFN"] else ""
    window = f"Buyers may cancel directly for {dc.minutes} minutes after placing the order{assumed}."
    return f"{window}{only} {dc.source}"


def statuses(rb: Rulebook) -> None:
    st.markdown("#### Order statuses and what each allows")
    labels = {a.id: a.label for a in rb.actions}
    _table(
        [
            {
                "Status": s.label,
                "Seller may": ", ".join(labels[a] for a in s.seller_actions if a != "open_order")
                or "nothing",
                "Buyer may": ", ".join(labels[a] for a in s.buyer_actions) or "nothing",
                "Shows buyer details": "yes" if s.shows_buyer else "no",
                "Note": s.note,
            }
            for s in rb.statuses
        ]
    )
    st.caption(direct_cancel_window(rb))


def situations(rb: Rulebook) -> None:
    st.markdown("#### Situations and the recommended handling")
    for si in rb.situations:
        rec = recommended_procedure(rb, si.id)
        with st.expander(f"{si.label}: {rec.procedure.replace('_', ' ')}"):
            st.write(si.description)
            st.write(rec.explanation)
            st.write("Allowed procedures: " + ", ".join(p.replace("_", " ") for p in si.procedures))
            for h in answer_key(rb, si.id):
                flag = " **(assumption)**" if h.assumption else ""
                line = f"**{GRADE_WORDS[h.grade]}**: {h.label}{flag}. {h.why} *{_source(h.source)}*"
                (st.warning if h.grade in ("compliance_risk", "violation") else st.markdown)(line)
                if h.memo_required:  # a house rule: shown with its source and as an assumption
                    st.caption(memo_words(h.memo.model_dump()))
            st.caption(_source(si.source))


def procedures(rb: Rulebook) -> None:
    """One expander per procedure, its steps a numbered list: readable at any width (eight side by
    side columns were a few words wide)."""
    st.markdown("#### Procedures, step by step")
    for proc in rb.procedures:
        with st.expander(f"{proc.label} ({len(proc.steps)} steps)"):
            st.markdown(
                "\n".join(
                    f"{i}. {step.label}{'' if step.required else ' *(optional)*'}"
                    for i, step in enumerate(proc.steps, 1)
                )
            )
            st.caption(_source(proc.source))


def auto_cancel_and_feedback(rb: Rulebook) -> None:
    st.markdown("#### Automatic cancellation and feedback risk")
    ac = rb.auto_cancel
    st.write(
        f"Orders not ship-confirmed {ac.hours} hours after the expected ship date (used by the simulator) "
        f"are cancelled by Amazon; they {'count' if ac.counts_toward_rate else 'do not count'} toward the "
        f"rate{' (assumed for this marketplace)' if ac.assumption else ''}. {_source(ac.source)}"
    )
    for v in ac.variants:
        days = " (business days)" if v.business_days else ""
        st.caption(f"Also published: {v.label}{days}; not used by the simulator. {_source(v.source)}")
    _table(
        [
            {
                "Outcome": o.label,
                "Chance of negative feedback": f"{o.probability:.1%}",
                "Basis": "assumption (no published figure)" if o.assumption else (o.source or "published"),
            }
            for o in rb.feedback.outcomes
        ]
    )
    q = rb.feedback.quick_response
    st.caption(
        f"Answering buyers within {q.within_hours} hours: about {q.reduction:.0%} less negative feedback "
        f"{'(an assumption as used here: ' if q.assumption else '('}"
        f"{q.source or 'no published source'})."
    )


def main() -> None:
    st.title("Rulebook")
    st.caption("What each marketplace allows, what counts toward the Cancellation Rate, and why.")
    rb = pick_rulebook()
    if rb is None:
        return
    st.subheader(rb.name)
    if rb.description:
        st.write(rb.description)
    thresholds(rb)
    reasons(rb)
    statuses(rb)
    situations(rb)
    procedures(rb)
    auto_cancel_and_feedback(rb)


main()
