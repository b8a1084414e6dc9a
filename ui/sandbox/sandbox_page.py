"""SP-API sandbox: watch a running ``python -m sandbox serve`` (docs/sandbox.md) over HTTP.

The page reads ``/sandbox/account`` and ``/sandbox/orders`` from the address typed in and shows the
rolling Cancellation Rate against its limit, what the client's software cancelled and how the
rulebook judged it, and the order stream.  Text from the server is shown as text, never markdown.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pandas as pd
import streamlit as st

from ui.shared.state import bound_to, page_state
from ui.shared.text import plain

P = "sandbox"
DEFAULT_ADDRESS = "http://127.0.0.1:8800"
REFRESH_SECONDS = 3


@dataclass
class SandboxPageState:
    address: str = DEFAULT_ADDRESS
    live: bool = True


def get_state() -> SandboxPageState:
    return page_state(P, SandboxPageState)


def fetch(address: str) -> tuple[dict, dict] | str:
    """The account and the newest orders, or what went wrong (a sentence, never a traceback)."""
    base = address.strip().rstrip("/")
    if not base.startswith(("http://", "https://")):
        return f"The address must start with http:// or https://, not {address!r}."
    try:
        with httpx.Client(timeout=5) as client:
            account = client.get(f"{base}/sandbox/account")
            orders = client.get(f"{base}/sandbox/orders", params={"limit": 30})
            account.raise_for_status()
            orders.raise_for_status()
            return account.json(), orders.json()
    except httpx.HTTPStatusError as err:
        return f"The sandbox at {base} answered {err.response.status_code} for {err.request.url.path}."
    except (httpx.HTTPError, ValueError) as err:
        return f"Could not read a sandbox at {base}: {err}. Start one with: python -m sandbox serve"


def pct(x: float | None) -> str:
    return "no orders yet" if x is None else f"{x:.2%}"


def rate(account: dict) -> None:
    block = account["cancellation_rate"]
    cols = st.columns(len(block["windows"]) + 1)
    for col, w in zip(cols, block["windows"], strict=False):
        col.metric(
            plain(f"{block['label']} ({w['window_days']}-day)"),
            pct(w["rate"]),
            f"limit {block['limit']:.1%}",
            delta_color="inverse" if w["breach"] else "off",
        )
        col.text(w["why"])
        col.caption(
            f"{w['counted_cancellations']} counted of {w['seller_fulfilled_orders']} seller-fulfilled orders"
        )
    cols[-1].metric("Simulated time", account["now"][:16].replace("T", " "))
    cols[-1].caption(
        f"Scenario {account['scenario']}, seed {account['seed']}, rulebook {account['rulebook']}"
    )


def cancels(account: dict) -> None:
    st.subheader("What the client cancelled")
    mine = account["client_cancels"]
    if not mine:
        st.text("No cancellation from the client yet.")
        return
    rows = [
        {
            "Order": c["order_id"],
            "Reason": c["reason_label"] or "",
            "Official request": c["buyer_requested"],
            "Counts": c["counted"],
            "Why": c["why"],
            "Grade": (c["grade"] or {}).get("words", "no situation"),
            "Handling": (c["grade"] or {}).get("handling") or "",
            "Race": c["race"] or "",
        }
        for c in mine
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)


def other_events(account: dict) -> None:
    a, b, c = st.columns(3)
    a.metric("Counted cancellations", len(account["counted"]))
    b.metric("Auto-cancels", len(account["auto_cancels"]))
    c.metric("Late shipments", len(account["late_shipments"]))


def stream(orders: dict) -> None:
    st.subheader("Order stream (newest first)")
    rows = [
        {
            "Order": o["order_id"],
            "Status": o["status"],
            "Channel": o["channel"],
            "Buyer requested": o["buyer_requested"],
            "Race": o["race"] or "",
            "Last": o["history"][-1]["what"] if o["history"] else "",
            "Updated": o["updated"][:19].replace("T", " "),
        }
        for o in orders["orders"]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)


def show(address: str) -> None:
    got = fetch(address)
    if isinstance(got, str):
        st.error("The sandbox could not be read.", icon=":material/link_off:")
        st.text(got)
        return
    account, orders = got
    rate(account)
    other_events(account)
    cancels(account)
    stream(orders)


def main() -> None:
    s = get_state()
    st.title("SP-API sandbox")
    st.caption(
        "A running `python -m sandbox serve` serves the simulator's orders as Amazon's Orders and Feeds APIs "
        "(docs/sandbox.md). Point your software at it, then watch what it does to the account here."
    )
    left, right = st.columns([4, 1])
    left.text_input("Sandbox address", **bound_to("sandbox.address", s, "address"))
    right.toggle(
        "Live",
        help=f"Read the sandbox again every {REFRESH_SECONDS} s",
        **bound_to("sandbox.live", s, "live"),
    )

    @st.fragment(run_every=REFRESH_SECONDS if s.live else None)
    def live() -> None:
        show(s.address)

    live()


main()
