#!/usr/bin/env python3
"""numpy on the linear-algebra units L1-L3 (spec/bench/linalgUnits.ts), timed by the
peers' own bench_numpy.py (its timing, interference filters and report line).

usage (cwd = a bench-peers folder): python3 <repo>/spec/bench/peers/linalg_numpy.py --unit=L1 --dtype=float64 [--threads=1]

L1 np.linalg.solve (LAPACK gesv), L2 np.linalg.eigh (syevd), L3 the gradient of
slogdet by hand: slogdet(A) for the value and inv(A).T for the gradient (numpy has no
autodiff). Inputs: the same LCG as linalgUnits.ts, as float32 values.
"""
import os
import sys

# bench_numpy.py parses sys.argv (unit, dtype, threads, timing flags) when executed and
# runs its main() last: execute everything but that call, then use its time_it/report.
SOURCE = open(os.path.join(os.getcwd(), "bench_numpy.py")).read()
HEAD = SOURCE[: SOURCE.rindex("\nmain()")]
peer = {"__name__": "bench_numpy_linalg", "__file__": "bench_numpy.py"}
exec(compile(HEAD, "bench_numpy.py", "exec"), peer)
np, time_it, report, unit, dtype = peer["np"], peer["time_it"], peer["report"], peer["unit"], peer["dtype"]


def lcg(count, seed):
    """float32(u - 0.5) of a 32-bit LCG, as linalgUnits.ts."""
    out = np.empty(count, dtype=np.float64)
    state = seed
    for i in range(count):
        state = (state * 1664525 + 1013904223) % 2**32
        out[i] = state / 2**32 - 0.5
    return out.astype(np.float32)


def inputs():
    n = 128 if unit == "L3" else 256
    r = lcg(n * n, {"L1": 41, "L2": 43, "L3": 44}[unit]).reshape(n, n)
    if unit == "L2":
        return n, ((r + r.T) / np.float32(2)).astype(dtype), None
    a = r + np.float32(np.sqrt(n)) * np.eye(n, dtype=np.float32)
    b = lcg(n, 42).astype(dtype) if unit == "L1" else None
    return n, a.astype(np.float32).astype(dtype), b


n, A, b = inputs()
if unit == "L1":
    res, x = time_it(lambda: np.linalg.solve(A, b))
    report(res, dict(x0=float(x[0]), sum_x=float(np.sum(x, dtype=np.float64))))
elif unit == "L2":
    res, (w, v) = time_it(lambda: np.linalg.eigh(A))
    report(res, dict(w_min=float(w[0]), w_max=float(w[-1]), sum_w=float(np.sum(w, dtype=np.float64)), v00_abs=float(abs(v[0, 0]))))
elif unit == "L3":
    def call():
        sign, logdet = np.linalg.slogdet(A)
        return logdet, np.linalg.inv(A).T
    res, (logdet, g) = time_it(call)
    report(res, dict(g00=float(g[0, 0]), sum_g=float(np.sum(g, dtype=np.float64))))
else:
    sys.exit("unknown unit " + unit)
