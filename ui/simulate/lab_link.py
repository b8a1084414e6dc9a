"""The policy lab's address: scenario, rulebook, policy (or the edited one), seed, runs and edits.

``?scenario=starter_shop&rulebook=amazon_us&policy=by_the_book&seed=0&runs=100`` names
shipped files; whatever was edited (the policy itself, the scenario's figures, the
rulebook's limits) travels in ``edits``, compact JSON compressed and base64url-encoded.
Opening the address in a fresh browser puts every widget back, so the figures are the same.
A link is user input: anything that does not decode or validate is ignored.
"""

from __future__ import annotations

import base64
import json
import zlib

from formats.policy import Policy

MAX_EDITS_CHARS = 6000  # an address stays well under browsers' limits


def encode_edits(edits: dict) -> str:
    raw = json.dumps(edits, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode_edits(text: str | None) -> dict:
    if not text or len(text) > MAX_EDITS_CHARS:
        return {}
    try:
        raw = zlib.decompressobj().decompress(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), 100_000
        )
        data = json.loads(raw)
    except (ValueError, zlib.error):
        return {}
    return data if isinstance(data, dict) else {}


def policy_of_edits(edits: dict, rb) -> Policy | None:
    """The edited policy carried by a link, validated like a file (None when absent or invalid)."""
    data = edits.get("policy")
    if not isinstance(data, dict):
        return None
    try:
        policy = Policy.model_validate(data)
    except ValueError:
        return None
    return None if policy.cross_check(rb) else policy
