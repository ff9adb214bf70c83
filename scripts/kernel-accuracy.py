"""Measures the elementwise kernels against correctly rounded results.

For each op and dtype: points spread over the domain (uniform on several
ranges, log-uniform magnitudes of both signs, and the edges), the kernel's
results (scripts/kernel-values.ts), and the correctly rounded value of each
from mpmath at 100 bits. Prints, per op and dtype, the largest distance in
ulps between ours and the correctly rounded result, and the share of points
where they are equal. Run: python3 scripts/kernel-accuracy.py [op ...]
"""
import struct
import subprocess
import sys
import tempfile

import mpmath as mp
import numpy as np

mp.mp.prec = 100
rng = np.random.default_rng(12)

REFERENCE = {
    "exp": mp.exp,
    "expm1": mp.expm1,
    "log": mp.log,
    "log1p": mp.log1p,
    "tanh": mp.tanh,
    "logistic": lambda x: 1 / (1 + mp.exp(-x)),
    "sin": mp.sin,
    "cos": mp.cos,
    "atan": mp.atan,
    "erf": mp.erf,
    "erfc": mp.erfc,
}

# where each function is interesting (and finite) for float64 and float32
RANGES = {
    "exp": {"float64": (-745, 709.7), "float32": (-103, 88.7)},
    "expm1": {"float64": (-40, 709.7), "float32": (-18, 88.7)},
    "log": {"float64": (0, 1e308), "float32": (0, 3e38)},
    "log1p": {"float64": (-1, 1e308), "float32": (-1, 3e38)},
    "tanh": {"float64": (-25, 25), "float32": (-12, 12)},
    "logistic": {"float64": (-745, 745), "float32": (-104, 104)},
    "sin": {"float64": (-1e6, 1e6), "float32": (-1e6, 1e6)},
    "cos": {"float64": (-1e6, 1e6), "float32": (-1e6, 1e6)},
    "atan": {"float64": (-1e300, 1e300), "float32": (-3e38, 3e38)},
    "erf": {"float64": (-7, 7), "float32": (-5, 5)},
    "erfc": {"float64": (-7, 27), "float32": (-5, 10)},
}


def points(op, dtype, count):
    lo, hi = RANGES[op][dtype]
    parts = [rng.uniform(lo, hi, count // 4), rng.uniform(max(lo, -2), min(hi, 2), count // 4)]
    # log-uniform magnitudes over the representable range, both signs, clipped to the domain
    mags = 10.0 ** rng.uniform(-300 if dtype == "float64" else -37, np.log10(max(abs(lo), abs(hi))), count // 2)
    signs = rng.choice([-1.0, 1.0], count // 2)
    parts.append(np.clip(mags * signs, lo, hi))
    x = np.concatenate(parts)
    x = x.astype(np.float32).astype(np.float64) if dtype == "float32" else x
    return x[(x >= lo) & (x <= hi)]


def ordinal(values, dtype):
    """Integers in the order of the floats (adjacent floats differ by 1)."""
    if dtype == "float64":
        bits = values.astype(np.float64).view(np.int64)
        return np.where(bits < 0, -(bits & 0x7FFFFFFFFFFFFFFF), bits)
    bits = values.astype(np.float32).view(np.int32).astype(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def correctly_rounded(f, x, dtype):
    y = f(mp.mpf(float(x)))
    if dtype == "float64":
        return float(y)
    with mp.workprec(24):
        return float(+y)


def measure(op, dtype, count=60000):
    x = points(op, dtype, count)
    with tempfile.NamedTemporaryFile() as fin, tempfile.NamedTemporaryFile() as fout:
        fin.write(x.tobytes())
        fin.flush()
        subprocess.run(["npx", "tsx", "scripts/kernel-values.ts", op, dtype, fin.name, fout.name], check=True)
        ours = np.frombuffer(open(fout.name, "rb").read(), dtype=np.float64)
    f = REFERENCE[op]
    want = np.array([correctly_rounded(f, v, dtype) for v in x])
    finite = np.isfinite(want) & np.isfinite(ours)
    mismatch = np.isfinite(want) != np.isfinite(ours)
    distance = np.abs(ordinal(ours[finite], dtype) - ordinal(want[finite], dtype))
    worst = int(distance.max()) if distance.size else 0
    at = x[finite][int(distance.argmax())] if distance.size else float("nan")
    exact = float((distance == 0).mean()) if distance.size else 1.0
    return worst, at, exact, int(mismatch.sum()), len(x)


if __name__ == "__main__":
    ops = sys.argv[1:] or list(REFERENCE)
    print("| op | dtype | max ulps from correctly rounded | at x = | correctly rounded | points |")
    print("|---|---|---|---|---|---|")
    for op in ops:
        for dtype in ["float64", "float32"]:
            worst, at, exact, mismatch, n = measure(op, dtype)
            note = f" ({mismatch} non-finite mismatches)" if mismatch else ""
            print(f"| {op} | {dtype} | {worst}{note} | {at:.17g} | {100 * exact:.2f}% | {n} |")
