"""The ETL pipeline through Python: Rust reads partition INDEX of COUNT of INPUT and returns it
without a copy; Python passes it back untouched (or, with --upper, after upper-casing it with
numpy), and Rust writes it to OUTPUT. Prints the bytes written, the seconds taken and the
process's peak RSS in MiB.

    python pipeline.py INPUT OUTPUT INDEX COUNT [--upper]
"""
import resource
import sys
import time

import pybound_etl


def run(src, dst, index, count, upper=False):
    started = time.perf_counter()
    data = pybound_etl.read_partition(src, index, count)
    if upper:
        import numpy as np
        text = np.asarray(data).copy()  # the owner is read-only: transform a copy
        lower = (text >= ord("a")) & (text <= ord("z"))
        text[lower] -= 32
        data = text
    written = pybound_etl.write_partition(dst, data)
    return written, time.perf_counter() - started


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 4:
        sys.exit(__doc__)
    written, seconds = run(args[0], args[1], int(args[2]), int(args[3]), "--upper" in sys.argv)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{written} {seconds:.6f} {peak_mib:.1f}")
