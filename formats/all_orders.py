"""Seller Central's *All Orders* report: its columns and the check of its first line.

DOMAIN.md s.7.  The replay reads the report (:mod:`simulator.reports.read`) and the report
writer writes one (:mod:`simulator.reports.write`); both take the columns from here.  Columns
are known by name, never by position: spreadsheets rename them (``Amazon_Order_ID``), so a
header's names are normalised before they are looked up.
"""

from __future__ import annotations

from formats.errors import Problem, ReportFileError

# The report's columns in Seller Central's order.
ALL_ORDERS_COLUMNS = tuple(
    """amazon-order-id merchant-order-id purchase-date last-updated-date order-status fulfillment-channel
    sales-channel order-channel url ship-service-level product-name sku asin item-status quantity currency
    item-price item-tax shipping-price shipping-tax gift-wrap-price gift-wrap-tax item-promotion-discount
    ship-promotion-discount ship-city ship-state ship-postal-code ship-country promotion-ids
    is-business-order purchase-order-number price-designation is-iba
    is-buyer-requested-cancellation""".split()  # noqa: SIM905 (a table, not code)
)
REQUIRED_COLUMNS = ("amazon-order-id", "purchase-date", "order-status", "fulfillment-channel")
UPDATED_COLUMN = "last-updated-date"  # optional: without it there is no direct-cancel inference
ITEM_STATUS_COLUMN = "item-status"  # optional: Cancelled on a row of a live order = an item cancellation
BUYER_REQUESTED_COLUMN = "is-buyer-requested-cancellation"
MAX_LINE_CHARS = 64 * 1024
FORMAT_HINT = (
    "expected Seller Central's All Orders report: tab-separated, first line naming the columns "
    f"({', '.join(REQUIRED_COLUMNS)}, ...)"
)


def normalise_column(name: str) -> str:
    """``"Amazon_Order_ID "`` -> ``amazon-order-id`` (spreadsheets rename columns like that)."""
    return name.strip().strip('"').strip().lower().replace("_", "-").replace(" ", "-")


def header_columns(raw: bytes | None, label: str) -> list[str]:
    """The normalised column names of a report's first line (None: an empty file), or a
    :class:`ReportFileError` at line 1 that says why it is not an All Orders report."""

    def fail(message: str, hint: str = FORMAT_HINT) -> ReportFileError:
        return ReportFileError([Problem(label, 1, 1, "header", message, hint)])

    if raw is None:
        raise ReportFileError.single(label, "empty file, not an All Orders report", FORMAT_HINT)
    header = raw.decode()  # valid UTF-8 from the source
    if len(header) > MAX_LINE_CHARS:
        raise fail(f"first line is over {MAX_LINE_CHARS:,} characters, not a report header")
    if "\x00" in header:
        raise fail("binary file, not an All Orders report")
    columns = [normalise_column(c) for c in header.split("\t")]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        by_comma = [normalise_column(c) for c in header.split(",")]
        if "\t" not in header and all(c in by_comma for c in REQUIRED_COLUMNS):
            raise fail(
                "the file is comma-separated; the All Orders report is tab-separated",
                "download the report again from Seller Central (Reports > Fulfillment > All Orders) "
                "or save it as 'Text (Tab delimited)'",
            )
        found = len(REQUIRED_COLUMNS) - len(missing)
        what = "not an All Orders report" if found == 0 else "the report lacks required columns"
        raise fail(f"{what}: missing column(s) {', '.join(missing)}")
    twice = sorted({c for c in REQUIRED_COLUMNS if columns.count(c) > 1})
    if twice:
        raise fail(f"column(s) named twice: {', '.join(twice)}", "keep one of each")
    return columns
