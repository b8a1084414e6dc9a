"""`python -m benchmarks.polars_replay REPORT`: the replay an analyst would write in polars.

The yardstick `benchmarks.replay` runs beside Cancel Desk's replay (issue 12): a lazy scan
of the tab-separated report, one group by order, one by day, a rolling 7-day window.
It knows the report's plain spellings only and checks no row; it prints one JSON line.
"""

from __future__ import annotations

import json
import sys

import polars as pl


def replay(path: str, window: int = 7, direct_minutes: float = 30.0) -> dict:
    lower = pl.col
    rows = (
        pl.scan_csv(path, separator="\t", quote_char=None, infer_schema=False)
        .select(
            pl.col("amazon-order-id").alias("order"),
            pl.col("purchase-date").str.slice(0, 10).str.to_date("%Y-%m-%d").alias("day"),
            (
                pl.col("last-updated-date").str.to_datetime("%Y-%m-%dT%H:%M:%S%z")
                - pl.col("purchase-date").str.to_datetime("%Y-%m-%dT%H:%M:%S%z")
            )
            .dt.total_seconds()
            .alias("seconds"),
            lower("order-status").str.to_lowercase().is_in(["cancelled", "canceled"]).alias("cancelled"),
            lower("fulfillment-channel").str.to_lowercase().is_in(["merchant", "mfn"]).alias("sf"),
            lower("is-buyer-requested-cancellation")
            .str.to_lowercase()
            .is_in(["true", "yes", "y", "1"])
            .alias("requested"),
        )
        .with_columns((pl.col("cancelled") & (pl.col("seconds") > direct_minutes * 60)).alias("slow"))
    )
    orders = rows.group_by("order").agg(
        pl.col("day").min(),
        pl.col("sf").any(),
        pl.col("cancelled").any(),
        pl.col("requested").any(),
        pl.col("slow").any(),
    )
    daily = (
        orders.group_by("day")
        .agg(
            pl.col("sf").sum().alias("seller_fulfilled"),
            (pl.col("sf") & pl.col("cancelled") & ~pl.col("requested") & pl.col("slow"))
            .sum()
            .alias("counted"),
        )
        .sort("day")
        .collect(engine="streaming")
    )
    days = pl.DataFrame({"day": pl.date_range(daily["day"].min(), daily["day"].max(), eager=True)})
    daily = days.join(daily, on="day", how="left").fill_null(0)
    rolled = daily.with_columns(
        (
            pl.col("counted").rolling_sum(window, min_samples=1)
            / pl.col("seller_fulfilled").rolling_sum(window, min_samples=1)
        ).alias("rate")
    )
    return {
        "max_rate": round(float(rolled["rate"].max()), 6),
        "counted": int(daily["counted"].sum()),
        "seller_fulfilled": int(daily["seller_fulfilled"].sum()),
    }


if __name__ == "__main__":
    print(json.dumps(replay(sys.argv[1])))
