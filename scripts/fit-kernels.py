"""Fits the polynomial coefficients of the lanes kernels (lib/kernels/lanes/math/)
with mpmath: near-minimax (Chebyshev) fits of each kernel's correction term on
its reduced interval, in 300-bit arithmetic, printed as TypeScript arrays
(lowest degree first, 17 significant digits). Run: python3 scripts/fit-kernels.py
"""
import mpmath as mp

mp.mp.prec = 300


def fit(name, f, a, b, degree):
    # nudge the ends so that no Chebyshev node falls on a removable singularity
    poly, err = mp.chebyfit(f, [a, b + mp.mpf(2) ** -40], degree + 1, error=True)
    coefficients = [mp.nstr(c, 17, min_fixed=-1, max_fixed=-1) for c in reversed(poly)]
    print(f"// {name}: degree {degree} on [{mp.nstr(a, 6)}, {mp.nstr(b, 6)}], max error {mp.nstr(err, 3)}")
    print(f"const {name} = [{', '.join(coefficients)}];")


def ratio(num, den, at_zero):
    return lambda x: at_zero if x == 0 else num(x) / den(x)


half_ln2 = mp.log(2) / 2
# exp(r) = 1 + r + r²·P(r)
exp_p = ratio(lambda r: mp.exp(r) - 1 - r, lambda r: r**2, mp.mpf(1) / 2)
fit("EXP_P64", exp_p, -half_ln2, half_ln2, 10)
fit("EXP_P32", exp_p, -half_ln2, half_ln2, 5)

# log1p(f) = 2s + s·z·T(z), s = f/(2+f), z = s², |s| ≤ 3 − 2√2
s_max = 3 - 2 * mp.sqrt(2)
log_t = ratio(lambda z: (2 * mp.atanh(mp.sqrt(z)) - 2 * mp.sqrt(z)) / mp.sqrt(z), lambda z: z, mp.mpf(2) / 3)
fit("LOG_T64", log_t, 0, s_max**2, 7)
fit("LOG_T32", log_t, 0, s_max**2, 2)

# sin(r) = r + r³·S(r²), cos(r) = 1 − r²/2 + r⁴·C(r²), |r| ≤ π/4
quarter_pi = mp.pi / 4
sin_s = ratio(lambda z: (mp.sin(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, lambda z: 1, -mp.mpf(1) / 6)
cos_c = ratio(lambda z: (mp.cos(mp.sqrt(z)) - 1 + z / 2) / z**2, lambda z: 1, mp.mpf(1) / 24)
fit("SIN_S64", sin_s, 0, quarter_pi**2, 6)
fit("COS_C64", cos_c, 0, quarter_pi**2, 6)

# atan(t) = t + t³·A(t²), |t| ≤ 7/16
atan_a = ratio(lambda z: (mp.atan(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, lambda z: 1, -mp.mpf(1) / 3)
fit("ATAN_A64", atan_a, 0, (mp.mpf(7) / 16) ** 2, 11)


def split(value, bits):
    """value's leading `bits` significant bits (exactly), and the rest: hi·k is exact for |k| < 2^(53 − bits)."""
    m, e = mp.frexp(value)
    hi = mp.floor(m * 2**bits) / 2**bits * mp.mpf(2) ** e
    return hi, value - hi


hi, lo = split(mp.log(2), 32)
print("// ln 2 in 32 + 53 bits (f64 reductions):", repr(float(hi)), repr(float(lo)))
hi, lo = split(mp.log(2), 15)
print("// ln 2 in 15 + 24 bits (f32 reductions):", repr(float(hi)), repr(float(lo)))
print("// π/2 in three 33-bit pieces and a rest:")
rest = mp.pi / 2
for _ in range(3):
    hi, rest = split(rest, 33)
    print("  ", repr(float(hi)))
print("  ", repr(float(rest)))

# tanh(x) = x + x³·P(x²) for |x| ≤ 0.55 (above, tanh = 1 − 2/(e^2|x| + 1))
tanh_p = ratio(lambda z: (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / mp.sqrt(z) ** 3, lambda z: 1, -mp.mpf(1) / 3)
fit("TANH_P64", tanh_p, 0, mp.mpf("0.55") ** 2, 10)
