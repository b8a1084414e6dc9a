"""SP-API sandbox: watch a running ``python -m sandbox serve`` (docs/sandbox.md) over HTTP.

The page reads ``/sandbox/account`` and ``/sandbox/orders`` from the address typed in and shows the
rolling Cancellation Rate against its limit, what the client's software cancelled and how the
rulebook judged it, and the order stream.  Text from the server is shown as text, never markdown.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pandas as pd
import streamlit as st

from ui.shared.state import bound_to, page_state
from ui.shared.text import plain

P = "sandbox"
DEFAULT_ADDRESS = "http://127.0.0.1:8800"
REFRESH_SECONDS = 3
# The server fetches what this page names, so a visitor could point it anywhere (another host on
# its network, a huge answer): only these hosts, and only this much of an answer.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HOSTS_ENV = "CANCEL_DESK_SANDBOX_HOSTS"  # more hosts (comma-separated names) an operator allows
MAX_ANSWER_BYTES = 4 * 1024 * 1024


@dataclass
class SandboxPageState:
    address: str = DEFAULT_ADDRESS
    live: bool = True


def get_state() -> SandboxPageState:
    return page_state(P, SandboxPageState)


def allowed_hosts() -> tuple[str, ...]:
    extra = [h.strip().lower() for h in os.environ.get(HOSTS_ENV, "").split(",") if h.strip()]
    return (*LOOPBACK, *extra)


def refusal(base: str) -> str | None:
    """Why the server will not fetch ``base`` (None: it will)."""
    if not base.startswith(("http://", "https://")):
        return f"The address must start with http:// or https://, not {base!r}."
    try:
        host = (urlsplit(base).hostname or "").lower()
    except ValueError:
        return f"{base!r} is not an address."
    if host not in allowed_hosts():
        return (
            f"This server reads sandboxes on {', '.join(allowed_hosts())} only, not {host or base!r}. "
            f"Its operator can allow more hosts with {HOSTS_ENV} (docs/sandbox.md)."
        )
    return None


def _get_json(client: httpx.Client, url: str, **params) -> dict:
    """GET a JSON answer of at most MAX_ANSWER_BYTES (read in pieces: a huge answer is cut off)."""
    with client.stream("GET", url, params=params) as answer:
        answer.raise_for_status()
        body = bytearray()
        for piece in answer.iter_bytes():
            body += piece
            if len(body) > MAX_ANSWER_BYTES:
                raise ValueError(f"the answer is over {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
    return json.loads(body)


def fetch(address: str) -> tuple[dict, dict] | str:
    """The account and the newest orders, or what went wrong (a sentence, never a traceback)."""
    base = address.strip().rstrip("/")
    refused = refusal(base)
    if refused:
        return refused
    try:
        with httpx.Client(timeout=5, follow_redirects=False) as client:
            return _get_json(client, f"{base}/sandbox/account"), _get_json(
                client, f"{base}/sandbox/orders", limit=30
            )
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
