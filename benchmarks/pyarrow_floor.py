"""`python -m benchmarks.pyarrow_floor REPORT`: the least any replay built on pyarrow's CSV reader can take.

The yardstick under Cancel Desk's replay in `benchmarks.replay` (issue 20): the report read in
blocks of whole lines (1.5 MiB, as the replay reads it) and each block parsed by
``pyarrow.csv.read_csv`` into the columns the replay uses, two blocks at a time in two threads.
Nothing is checked or counted, so its wall time is what the parse alone costs on this machine; it
prints one JSON line with the rows parsed.
"""

from __future__ import annotations

import json
import sys
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.csv as pa_csv

BLOCK = 3 << 19  # as the replay reads (simulator.reports.read.BLOCK_BYTES)
USED = ["amazon-order-id", "purchase-date", "last-updated-date", "order-status", "fulfillment-channel"]
USED += ["item-status", "is-buyer-requested-cancellation", "item-price"]


def rows(path: str) -> int:
    with open(path, "rb") as fh:
        header = fh.readline().decode().rstrip("\r\n").split("\t")
        used = [c for c in USED if c in header]
        convert = pa_csv.ConvertOptions(column_types=dict.fromkeys(used, pa.string()), include_columns=used)
        parse_options = pa_csv.ParseOptions(delimiter="\t", quote_char=False)

        def parse(block: bytes) -> int:
            read = pa_csv.ReadOptions(use_threads=False, block_size=len(block) + 1, column_names=header)
            return pa_csv.read_csv(pa.py_buffer(block), read, parse_options, convert).num_rows

        def blocks():
            carry = b""
            while data := fh.read(BLOCK):
                data = carry + data
                end = data.rfind(b"\n") + 1
                carry = data[end:]
                yield data[:end]
            if carry:
                yield carry

        total, jobs = 0, deque()
        with ThreadPoolExecutor(2) as pool:
            for block in blocks():
                jobs.append(pool.submit(parse, block))
                if len(jobs) > 2:
                    total += jobs.popleft().result()
            return total + sum(job.result() for job in jobs)


if __name__ == "__main__":
    print(json.dumps({"rows": rows(sys.argv[1])}))
