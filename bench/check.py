"""`make test`: build the four benchmark implementations (debug), run every case once through
each, and check they return the same results. No timing here."""
import sys

from common import ACCEPTED_CALLS, CASES, IMPLS, REFUSED_CALLS, build, install, load, run_case_once


def main():
    modules = {}
    for impl in IMPLS:
        _, lib = build(impl, profile="debug")
        install(impl, lib)
        modules[impl] = load(impl)
    failures = 0
    for name, func, stmt, _ in CASES:
        # (A case an implementation does not have: the abi3 build's buffer cases.)
        results = {
            impl: run_case_once(modules[impl], func, stmt)
            for impl in IMPLS
            if hasattr(modules[impl], func)
        }
        reference = results["capi"]
        for impl, value in results.items():
            if value != reference or type(value) is not type(reference):
                print(f"MISMATCH {name}: {impl} gave {value!r}, capi gave {reference!r}")
                failures += 1
    # The memory case's function, with a small count.
    for impl in IMPLS:
        if modules[impl].make_temporaries(1000) != 1000:
            print(f"MISMATCH make_temporaries: {impl}")
            failures += 1
    # The same API: what each accepts and refuses.
    for impl in IMPLS:
        ns = {"m": modules[impl]}
        for call in ACCEPTED_CALLS:
            try:
                eval(call, ns)  # noqa: S307 - our own fixed calls
            except Exception as e:  # noqa: BLE001 - any failure is the mismatch reported
                print(f"API {impl}: {call} raised {type(e).__name__}: {e}")
                failures += 1
        for call in REFUSED_CALLS:
            try:
                eval(call, ns)  # noqa: S307
                print(f"API {impl}: {call} was accepted")
                failures += 1
            except TypeError:
                pass
    checks = len(CASES) + 1 + len(ACCEPTED_CALLS) + len(REFUSED_CALLS)
    print(f"bench check: {checks} checks x {len(IMPLS)} implementations, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
