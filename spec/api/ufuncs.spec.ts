import { describe, expect, it } from "vitest";
import { nn, np, special, type Tensor } from "../../lib/index.ts";
import { runRows } from "./harness.ts";
import { ufuncDtypeRows, ufuncRows } from "./cases/ufuncs.ts";

runRows(ufuncRows);
runRows(ufuncDtypeRows);

/** The elementwise functions of issue 9 (np group 1, special, nn) on one or two tensors. */
const UNARY: [string, (x: Tensor) => Tensor][] = [
  ...["reciprocal", "positive", "cbrt", "exp2", "log2", "log10", "sinh", "cosh", "arcsin", "arccos", "arcsinh", "arccosh", "arctanh", "sinc",
    "deg2rad", "rad2deg", "floor", "ceil", "trunc", "fix", "rint", "round", "around", "signbit", "isinf", "isposinf", "isneginf", "nanToNum"]
    .map((n): [string, (x: Tensor) => Tensor] => [`np.${n}`, (np as any)[n]]),
  ...["erf", "erfc", "erfinv", "gammaln", "digamma", "ndtr", "ndtri", "logNdtr", "logit", "expit", "entr", "i0e", "i1e"]
    .map((n): [string, (x: Tensor) => Tensor] => [`special.${n}`, (special as any)[n]]),
  ...["gelu", "celu", "elu", "selu", "silu", "mish", "relu6", "hardSigmoid", "hardSilu", "hardTanh", "softSign", "sparsePlus", "sparseSigmoid",
    "squareplus", "identity", "log1mexp"].map((n): [string, (x: Tensor) => Tensor] => [`nn.${n}`, (nn as any)[n]]),
  ["special.polygamma(1, x)", (x) => special.polygamma(1, x)],
];
const BINARY: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ...["logaddexp", "logaddexp2", "arctan2", "hypot", "remainder", "fmod", "floorDivide", "copysign", "heaviside", "fmax", "fmin", "floatPower", "isclose"]
    .map((n): [string, (a: Tensor, b: Tensor) => Tensor] => [`np.${n}`, (np as any)[n]]),
  ...["xlogy", "xlog1py", "betaln"].map((n): [string, (a: Tensor, b: Tensor) => Tensor] => [`special.${n}`, (special as any)[n]]),
];

describe("empty and 0-d inputs", () => {
  it("keep their shapes through every unary function", () => {
    for (const [name, f] of UNARY) {
      for (const shape of [[0], [2, 0], []]) expect(f(np.full(shape, 0.5)).shape, `${name} of shape [${shape}]`).toEqual(shape);
    }
  });

  it("broadcast through every binary function", () => {
    for (const [name, f] of BINARY) {
      expect(f(np.zeros([3, 0]), np.array(1)).shape, name).toEqual([3, 0]);
      expect(f(np.array(0.5), np.array(2)).shape, name).toEqual([]);
    }
  });
});
