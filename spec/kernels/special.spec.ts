/**
 * The scalar functions of `lib/kernels/special.ts`: erf and erfc against
 * values pinned from Python's `math.erf`/`math.erfc` (the C library's,
 * correctly rounded or within an ulp), within 2 ulp over the whole real line
 * (the subnormal tail of erfc included); their symmetries; rounding with
 * both tie rules; the logistic function's tails.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { erf, erfc, logistic, roundHalfAway, roundHalfEven } from "../../lib/kernels/special.ts";

/** [x, erf(x), erfc(x)], from Python 3: `(x, math.erf(x), math.erfc(x))`. */
const PINNED: readonly (readonly [number, number, number])[] = [
  [0.0, 0.0, 1.0],
  [1e-300, 1.1283791670955126e-300, 1.0],
  [-1e-300, -1.1283791670955126e-300, 1.0],
  [5e-324, 5e-324, 1.0],
  [-5e-324, -5e-324, 1.0],
  [1e-20, 1.1283791670955125e-20, 1.0],
  [-1e-20, -1.1283791670955125e-20, 1.0],
  [3.725290298461914e-09, 4.203539964167448e-09, 0.99999999579646],
  [-3.725290298461914e-09, -4.203539964167448e-09, 1.00000000420354],
  [1e-08, 1.1283791670955126e-08, 0.9999999887162083],
  [-1e-08, -1.1283791670955126e-08, 1.0000000112837917],
  [0.001, 0.0011283787909692365, 0.9988716212090307],
  [-0.001, -0.0011283787909692365, 1.0011283787909693],
  [0.1, 0.1124629160182849, 0.8875370839817152],
  [-0.1, -0.1124629160182849, 1.1124629160182848],
  [0.25, 0.2763263901682369, 0.7236736098317631],
  [-0.25, -0.2763263901682369, 1.276326390168237],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [0.75, 0.7111556336535151, 0.28884436634648486],
  [-0.75, -0.7111556336535151, 1.7111556336535152],
  [0.84375, 0.7672256612323416, 0.23277433876765835],
  [-0.84375, -0.7672256612323416, 1.7672256612323416],
  [0.9, 0.7969082124228322, 0.20309178757716786],
  [-0.9, -0.7969082124228322, 1.7969082124228322],
  [1.0, 0.8427007929497149, 0.15729920705028513],
  [-1.0, -0.8427007929497149, 1.842700792949715],
  [1.1, 0.8802050695740817, 0.11979493042591827],
  [-1.1, -0.8802050695740817, 1.8802050695740817],
  [1.25, 0.9229001282564582, 0.07709987174354177],
  [-1.25, -0.9229001282564582, 1.9229001282564582],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [-1.5, -0.9661051464753108, 1.9661051464753108],
  [2.0, 0.9953222650189527, 0.004677734981047265],
  [-2.0, -0.9953222650189527, 1.9953222650189528],
  [2.5, 0.999593047982555, 0.0004069520174449589],
  [-2.5, -0.999593047982555, 1.999593047982555],
  [2.857142857142857, 0.9999466876886117, 5.331231138832279e-05],
  [-2.857142857142857, -0.9999466876886117, 1.9999466876886116],
  [3.0, 0.9999779095030014, 2.2090496998585438e-05],
  [-3.0, -0.9999779095030014, 1.9999779095030015],
  [3.5, 0.9999992569016276, 7.430983723414128e-07],
  [-3.5, -0.9999992569016276, 1.9999992569016276],
  [4.0, 0.9999999845827421, 1.541725790028002e-08],
  [-4.0, -0.9999999845827421, 1.999999984582742],
  [5.0, 0.9999999999984626, 1.5374597944280351e-12],
  [-5.0, -0.9999999999984626, 1.9999999999984626],
  [5.9, 0.9999999999999999, 7.190409783550478e-17],
  [-5.9, -0.9999999999999999, 2.0],
  [6.0, 1.0, 2.1519736712498916e-17],
  [-6.0, -1.0, 2.0],
  [7.0, 1.0, 4.183825607779414e-23],
  [-7.0, -1.0, 2.0],
  [10.0, 1.0, 2.088487583762545e-45],
  [-10.0, -1.0, 2.0],
  [15.0, 1.0, 7.212994172451206e-100],
  [-15.0, -1.0, 2.0],
  [20.0, 1.0, 5.3958656116079005e-176],
  [-20.0, -1.0, 2.0],
  [26.0, 1.0, 5.663192408856143e-296],
  [-26.0, -1.0, 2.0],
  [27.0, 1.0, 5.23705e-319],
  [-27.0, -1.0, 2.0],
  [27.5, 1.0, 0.0],
  [-27.5, -1.0, 2.0],
  [28.0, 1.0, 0.0],
  [-28.0, -1.0, 2.0],
  [30.0, 1.0, 0.0],
  [-30.0, -1.0, 2.0],
];

const view = new DataView(new ArrayBuffer(8));

/** The distance in ulps between two doubles (0 for equal values, including ±0). */
function ulpDistance(a: number, b: number): number {
  if (a === b) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const ordinal = (v: number) => {
    view.setFloat64(0, v);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  return Math.abs(Number(ordinal(a) - ordinal(b)));
}

describe("erf and erfc", () => {
  it("are within 2 ulp of Python's math.erf and math.erfc at pinned points of every range", () => {
    const outside = PINNED.flatMap(([x, e, ec]) => {
      const erfUlps = ulpDistance(erf(x), e);
      const erfcUlps = ulpDistance(erfc(x), ec);
      return erfUlps > 2 || erfcUlps > 2 ? [{ x, erfUlps, erfcUlps }] : [];
    });
    expect(outside).toEqual([]);
  });

  it("have their closed-form values at 0, ±∞ and NaN, and keep the sign of zero", () => {
    expect(erf(0)).toBe(0);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erfc(0)).toBe(1);
    expect([erf(Infinity), erf(-Infinity), erfc(Infinity), erfc(-Infinity)]).toEqual([1, -1, 0, 2]);
    expect([erf(NaN), erfc(NaN)]).toEqual([NaN, NaN]);
  });

  it("are odd (erf) and symmetric about 1 (erfc), and erf + erfc = 1", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x));
        // erfc(-x) = 2 - erfc(x): exact where erfc(x) is small, to rounding of 2 - erfc(x) elsewhere
        expect(Math.abs(erfc(-x) - (2 - erfc(x)))).toBeLessThanOrEqual(4 * Number.EPSILON);
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThanOrEqual(2 * Number.EPSILON);
      }),
      { numRuns: 2000 },
    );
  });

  it("are monotonic across the boundaries of their approximation ranges", () => {
    for (const b of [0.84375, 1.25, 1 / 0.35, 6]) {
      const xs = Array.from({ length: 41 }, (_, k) => b * (1 + (k - 20) * Number.EPSILON));
      for (let k = 1; k < xs.length; k++) {
        expect(erf(xs[k])).toBeGreaterThanOrEqual(erf(xs[k - 1]));
        expect(erfc(xs[k])).toBeLessThanOrEqual(erfc(xs[k - 1]));
      }
    }
  });
});

describe("rounding", () => {
  const x = [-2.5, -1.5, -0.5, -0.3, -0, 0, 0.3, 0.5, 1.5, 2.5, 3.5, 0.49999999999999994, 4503599627370495.5, 1e300, NaN, Infinity, -Infinity];

  it("roundHalfEven: ties to the even integer (numpy's round), the sign of zero kept", () => {
    expect(x.map(roundHalfEven)).toEqual([-2, -2, -0, -0, -0, 0, 0, 0, 2, 2, 4, 0, 4503599627370496, 1e300, NaN, Infinity, -Infinity]);
  });

  it("roundHalfAway: ties away from zero (lax.round's default), the sign of zero kept", () => {
    expect(x.map(roundHalfAway)).toEqual([-3, -2, -1, -0, -0, 0, 0, 1, 2, 3, 4, 0, 4503599627370496, 1e300, NaN, Infinity, -Infinity]);
  });
});

describe("logistic", () => {
  it("has no overflow in either tail", () => {
    expect([-1000, 0, 1000, NaN].map(logistic)).toEqual([0, 0.5, 1, NaN]);
    expect(logistic(-40)).toBe(Math.exp(-40) / (1 + Math.exp(-40)));
  });
});
