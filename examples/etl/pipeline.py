"""The ETL pipeline through Python: Rust reads partition INDEX of COUNT of INPUT and returns it
without a copy; Python passes it back untouched (or, with --upper, after upper-casing it with
numpy), and Rust writes it to OUTPUT. Prints the bytes written, the seconds taken and the
process's peak RSS in MiB. With --pyo3, the same through the PyO3 version (pyo3/).

    python pipeline.py INPUT OUTPUT INDEX COUNT [--upper] [--pyo3]
"""
import importlib
import resource
import sys
import time


def run(src, dst, index, count, upper=False, module="pybound_etl"):
    etl = importlib.import_module(module)
    started = time.perf_counter()
    data = etl.read_partition(src, index, count)
    if upper:
        import numpy as np
        text = np.frombuffer(data, dtype=np.uint8).copy()  # read-only memory: transform a copy
        lower = (text >= ord("a")) & (text <= ord("z"))
        text[lower] -= 32
        data = text
    written = etl.write_partition(dst, data)
    return written, time.perf_counter() - started


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 4:
        sys.exit(__doc__)
    module = "pyo3_etl" if "--pyo3" in sys.argv else "pybound_etl"
    written, seconds = run(args[0], args[1], int(args[2]), int(args[3]), "--upper" in sys.argv, module)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{written} {seconds:.6f} {peak_mib:.1f}")
