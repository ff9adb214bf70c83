/**
 * Issue 7, class 13: options are checked by one helper (`optionsOrThrow` in
 * lib/core/convert.ts): an unknown key is an error listing the valid ones,
 * and every function that takes a dtype takes it as a string (as JAX passes
 * it positionally) or as `{ dtype }` (`dtypeOptionsOrThrow`).
 */
import { describe, expect, it } from "vitest";
import * as tg from "../../lib/index.ts";
import { ArgumentError, DTypeError, lax, nn, np, random, ShapeError, tree, type Tensor } from "../../lib/index.ts";
import { checkGrads } from "../../lib/testing/index.ts";
import { optionsOrThrow } from "../../lib/core/convert.ts";
import * as optim from "../../lib/optim/index.ts";
import { thrown } from "./_expect.ts";

const key = random.key(0);
const x = np.ones([2]);

describe("a dtype as a string or { dtype }, everywhere a dtype is taken", () => {
  const takers: [string, (dtype: unknown) => Tensor][] = [
    ["array", (d) => np.array([1, 2], d as never)],
    ["asarray", (d) => np.asarray([1, 2], d as never)],
    ["zeros", (d) => np.zeros([2], d as never)],
    ["ones", (d) => np.ones([2], d as never)],
    ["full", (d) => np.full([2], 3, d as never)],
    ["zerosLike", (d) => np.zerosLike(x, d as never)],
    ["onesLike", (d) => np.onesLike(x, d as never)],
    ["fullLike", (d) => np.fullLike(x, 3, d as never)],
    ["arange", (d) => np.arange(0, 2, 1, d as never)],
    ["linspace", (d) => np.linspace(0, 1, 2, d as never)],
    ["eye", (d) => np.eye(2, 2, 0, d as never)],
    ["oneHot", (d) => nn.oneHot([0, 1], 2, d as never)],
    ["random.normal", (d) => random.normal(key, [2], d as never)],
    ["random.uniform", (d) => random.uniform(key, [2], d as never)],
    ["astype", (d) => x.astype(d as never)],
    ["identity", (d) => np.identity(2, d as never)],
    ["geomspace", (d) => np.geomspace(1, 4, 3, d as never)],
    ["logspace", (d) => np.logspace(0, 1, 3, d as never)],
    // random's samplers and nn.initializers (issue 9): the factory's dtype and the initializer's
    ...(["exponential", "laplace", "logistic", "gumbel", "cauchy", "maxwell", "rademacher"] as const).map(
      (n): [string, (dtype: unknown) => Tensor] => [`random.${n}`, (d) => (random[n] as (...a: unknown[]) => Tensor)(key, [2], d)],
    ),
    ["random.truncatedNormal", (d) => random.truncatedNormal(key, -1, 1, [2], d as never)],
    ["random.lognormal", (d) => random.lognormal(key, 0.5, [2], d as never)],
    ["random.weibullMin", (d) => random.weibullMin(key, 1, 2, [2], d as never)],
    ["random.triangular", (d) => random.triangular(key, 0, 1, 2, [2], d as never)],
    ["random.gamma", (d) => random.gamma(key, 2, [2], d as never)],
    ["random.beta", (d) => random.beta(key, 2, 3, [2], d as never)],
    ["random.dirichlet", (d) => random.dirichlet(key, [1, 2], null, d as never)],
    ["random.t", (d) => random.t(key, 3, [2], d as never)],
    ["random.ball", (d) => random.ball(key, 2, 2, [], d as never)],
    ["random.multivariateNormal", (d) => random.multivariateNormal(key, [0, 0], [[1, 0], [0, 1]], [2], d as never)],
    ["random.orthogonal", (d) => random.orthogonal(key, 2, [], d as never)],
    ["initializers.orthogonal", (d) => nn.initializers.orthogonal(1, -1, d as never)(key, [2, 2])],
    ["initializers.constant", (d) => nn.initializers.constant(1, d as never)(key, [2])],
    ["initializers.normal", (d) => nn.initializers.normal(1, d as never)(key, [2])],
    ["initializers.heNormal", (d) => nn.initializers.heNormal(d as never)(key, [2, 2])],
    ["initializers.glorotUniform", (d) => nn.initializers.glorotUniform()(key, [2, 2], d as never)],
    ["initializers.zeros", (d) => nn.initializers.zeros(key, [2], d as never)],
  ];
  for (const [name, make] of takers) {
    it(name, () => {
      expect(make("float32").dtype).toBe("float32");
      if (name !== "astype") expect(make({ dtype: "float32" }).dtype).toBe("float32");
      expect(() => make("float16")).toThrow(DTypeError);
      expect(() => make("float16")).toThrow(/float16/);
    });
  }

  it("integer samplers take uint32 as a string or { dtype }, and refuse floats", () => {
    for (const [name, make] of [
      ["random.randint", (d: unknown) => random.randint(key, [3], 0, 9, d as never)],
      ["random.geometric", (d: unknown) => random.geometric(key, 0.5, [3], d as never)],
      ["random.poisson", (d: unknown) => random.poisson(key, 2, [3], d as never)],
      ["random.bits", (d: unknown) => random.bits(key, [3], d as never)],
    ] as const) {
      expect(make("uint32").dtype, name).toBe("uint32");
      expect(make({ dtype: "uint32" }).toArray(), name).toEqual(make("uint32").toArray());
      expect(() => make("float32"), name).toThrow(DTypeError);
      expect(() => make("float32"), name).toThrow(new RegExp(`^${name.replace(".", "\\.")}: dtype must be`));
    }
  });

  it("the values are the same either way (random.normal gives the same numbers)", () => {
    expect(random.normal(key, [3], "float32").toArray()).toEqual(random.normal(key, [3], { dtype: "float32" }).toArray());
    expect(np.zeros([2], "int32").toArray()).toEqual([0, 0]);
  });
});

describe("an unknown option key is an error listing the valid ones", () => {
  const typo = { type: "float32" };
  const takers: [string, (options: object) => unknown, string][] = [
    ["array", (o) => np.array([1], o as never), "dtype"],
    ["zeros", (o) => np.zeros([2], o as never), "dtype"],
    ["linspace", (o) => np.linspace(0, 1, 2, o as never), "dtype, endpoint"],
    ["sum", (o) => np.sum(x, o as never), "axis, keepdims, dtype, where, initial"],
    ["var", (o) => np.var(x, o as never), "axis, keepdims, dtype, where, ddof"],
    ["allclose", (o) => np.allclose(x, x, o as never), "rtol, atol, equalNan"],
    ["oneHot", (o) => nn.oneHot([0], 2, o as never), "dtype"],
    ["random.uniform", (o) => random.uniform(key, [2], o as never), "minval, maxval, dtype"],
    ["random.normal", (o) => random.normal(key, [2], o as never), "dtype"],
    // random's samplers and nn.initializers (issue 9)
    ["random.bits", (o) => random.bits(key, [2], o as never), "dtype"],
    ["random.gamma", (o) => random.gamma(key, 2, [2], o as never), "dtype"],
    ["random.randint", (o) => random.randint(key, [2], 0, 3, o as never), "dtype"],
    ["random.categorical", (o) => random.categorical(key, x, o as never), "axis, shape, replace"],
    ["random.choice", (o) => random.choice(key, 3, [2], o as never), "replace, p, axis"],
    ["random.permutation", (o) => random.permutation(key, x, o as never), "axis, independent"],
    ["initializers.truncatedNormal", (o) => nn.initializers.truncatedNormal(0.1, o as never), "dtype, lower, upper"],
    ["initializers.varianceScaling", (o) => nn.initializers.varianceScaling(1, "fan_in", "normal", o as never), "inAxis, outAxis, batchAxis, dtype"],
    ["initializers.varianceScaling", (o) => nn.initializers.heUniform(o as never), "inAxis, outAxis, batchAxis, dtype"],
    ["grad", (o) => tg.grad(np.sum, o as never)(x), "argnums, hasAux"],
    ["valueAndGrad", (o) => tg.valueAndGrad(np.sum, o as never)(x), "argnums, hasAux"],
    ["jit", (o) => tg.jit(np.sin, o as never)(x), "staticArgnums"],
    ["vmap", (o) => tg.vmap(np.sin, o as never)(x), "inAxes, outAxes"],
    ["jacfwd", (o) => tg.jacfwd(np.sin, o as never)(x), "argnums, hasAux"],
    ["jacrev", (o) => tg.jacrev(np.sin, o as never)(x), "argnums, hasAux"],
    ["jacfwd", (o) => tg.hessian(np.sum, o as never)(x), "argnums, hasAux"], // hessian is jacfwd(jacrev(f))
    ["numericalGrad", (o) => tg.numericalGrad(np.sum, o as never)(x), "argnums, eps"],
    ["numericalJvp", (o) => tg.numericalJvp(np.sin, [x], [x], o as never), "eps"],
    ["makeJaxpr", (o) => tg.makeJaxpr(np.sin, o as never)(x), "simplify, argNames"],
    ["scan", (o) => lax.scan((c: Tensor, v: Tensor) => [c, v], np.array(0), x, o as never), "length, reverse"],
    ["customVjp", (o) => tg.customVjp(np.sin, o as never), "fwd, bwd"],
    ["checkGrads", (o) => checkGrads(np.sum, [x], o as never), "order, modes, eps, atol, rtol, argnums, seed"],
    // the np functions of issue 9
    ["pad", (o) => np.pad(x, 1, o as never), "mode, constantValues"],
    ["pad", (o) => np.pad(x, 1, "edge", o as never), "constantValues"],
    ["polymul", (o) => np.polymul(x, x, o as never), "trimLeadingZeros"],
    ["vecdot", (o) => np.vecdot(x, x, o as never), "axis"],
    ["cross", (o) => np.cross(np.ones([3]), np.ones([3]), o as never), "axisa, axisb, axisc, axis"],
    ["identity", (o) => np.identity(2, o as never), "dtype"],
    ["geomspace", (o) => np.geomspace(1, 4, 3, o as never), "endpoint, dtype"],
    ["logspace", (o) => np.logspace(0, 1, 3, o as never), "endpoint, base, dtype"],
    // reductions and statistics, hasAux, trees (issue 9, groups 2, 10, 11)
    ["max", (o) => np.max(x, o as never), "axis, keepdims, where, initial"],
    ["cumulativeSum", (o) => np.cumulativeSum(x, o as never), "axis, dtype, includeInitial"],
    ["diff", (o) => np.diff(x, o as never), "n, axis, prepend, append"],
    ["average", (o) => np.average(x, o as never), "axis, weights, returned, keepdims"],
    ["cov", (o) => np.cov(x, o as never), "rowvar, bias, ddof, fweights, aweights, dtype"],
    ["isin", (o) => np.isin(x, x, o as never), "invert, assumeUnique"],
    ["nanvar", (o) => np.nanvar(x, o as never), "axis, keepdims, dtype, where, ddof"],
    ["cummax", (o) => lax.cummax(x, o as never), "axis, reverse"],
    ["vjp", (o) => tg.vjp(o as never, np.sum, x), "hasAux"],
    ["jvp", (o) => tg.jvp(np.sin, [x], [x], o as never), "hasAux"],
    ["linearize", (o) => tg.linearize(o as never, np.sin, x), "hasAux"],
    ["tree.norm", (o) => tree.norm({ a: x }, o as never), "ord, squared"],
    ["tree.keystr", (o) => tree.keystr([], o as never), "simple, separator"],
    // tracegrad/optim: the optimizers, building blocks and schedules
    ["optim.sgd", (o) => optim.sgd(0.1, o as never), "momentum, nesterov, accumulatorDtype"],
    ["optim.adam", (o) => optim.adam(0.1, o as never), "b1, b2, eps, epsRoot, muDtype, nesterov"],
    ["optim.adamw", (o) => optim.adamw(0.1, o as never), "b1, b2, eps, epsRoot, muDtype, nesterov, weightDecay, mask"],
    ["optim.rmsprop", (o) => optim.rmsprop(0.1, o as never), "decay, eps, initialScale, epsInSqrt, biasCorrection, centered, momentum, nesterov"],
    ["optim.adagrad", (o) => optim.adagrad(0.1, o as never), "initialAccumulatorValue, eps"],
    ["optim.lion", (o) => optim.lion(0.1, o as never), "b1, b2, muDtype, weightDecay, mask"],
    ["optim.scaleByAdam", (o) => optim.scaleByAdam(o as never), "b1, b2, eps, epsRoot, muDtype, nesterov"],
    ["optim.scaleByRms", (o) => optim.scaleByRms(o as never), "decay, eps, initialScale, epsInSqrt, biasCorrection"],
    ["optim.scaleByStddev", (o) => optim.scaleByStddev(o as never), "decay, eps, initialScale, epsInSqrt, biasCorrection"],
    ["optim.scaleByRss", (o) => optim.scaleByRss(o as never), "initialAccumulatorValue, eps"],
    ["optim.scaleByLion", (o) => optim.scaleByLion(o as never), "b1, b2, muDtype"],
    ["optim.scaleByLearningRate", (o) => optim.scaleByLearningRate(0.1, o as never), "flipSign"],
    ["optim.trace", (o) => optim.trace(o as never), "decay, nesterov, accumulatorDtype"],
    ["optim.polynomialSchedule", (o) => optim.polynomialSchedule(o as never), "initValue, endValue, power, transitionSteps, transitionBegin"],
    ["optim.linearSchedule", (o) => optim.linearSchedule(o as never), "initValue, endValue, transitionSteps, transitionBegin"],
    ["optim.piecewiseConstantSchedule", (o) => optim.piecewiseConstantSchedule(o as never), "initValue, boundariesAndScales"],
    ["optim.exponentialDecay", (o) => optim.exponentialDecay(o as never), "initValue, transitionSteps, decayRate, transitionBegin, staircase, endValue"],
    ["optim.cosineDecaySchedule", (o) => optim.cosineDecaySchedule(o as never), "initValue, decaySteps, alpha, exponent"],
    ["optim.warmupCosineDecaySchedule", (o) => optim.warmupCosineDecaySchedule(o as never), "initValue, peakValue, warmupSteps, decaySteps, endValue, exponent"],
  ];
  for (const [op, call, valid] of takers) {
    it(`${op}: { type: "float32" } is refused, naming ${valid}`, () => {
      let error: unknown;
      try {
        call(typo);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ArgumentError);
      expect((error as Error).message).toBe(`${op}: unknown option "type"; valid options: ${valid}.`);
    });
  }

  it("the helper: undefined is {}, non-objects are refused, values are copied, holes refused", () => {
    expect(optionsOrThrow<{ a: number }>("op", undefined, ["a"])).toEqual({});
    for (const bad of ["float32", 3, [1], null, np.ones([1]), new Map()]) {
      expect(() => optionsOrThrow<{ a: number }>("op", bad, ["a"])).toThrow(/op: options must be an object like \{ a \}/);
    }
    const axes = [0, 1];
    const read = optionsOrThrow<{ axes: number[] }>("op", { axes, b: undefined } as never, ["axes", "b" as never]);
    axes[0] = 5;
    expect(read.axes).toEqual([0, 1]);
    expect(() => optionsOrThrow<{ axes: number[] }>("op", { axes: [1, , 2] }, ["axes"])).toThrow(/hole/); // eslint-disable-line no-sparse-arrays
  });
});

describe("random and nn.initializers: option values are checked where they are taken", () => {
  it("flags must be booleans and axes integers, named in the error", () => {
    expect(() => random.choice(key, 3, [2], { replace: "no" as never })).toThrow(/random\.choice: replace must be a boolean, got "no"/);
    expect(() => random.categorical(key, x, { replace: 0 as never })).toThrow(/random\.categorical: replace must be a boolean, got 0/);
    expect(() => random.permutation(key, x, { independent: "yes" as never })).toThrow(/random\.permutation: independent must be a boolean/);
    expect(() => nn.initializers.varianceScaling(1, "fan_in", "normal", { inAxis: [0, 0.5] as never })).toThrow(/inAxis must be an integer or an array of integers, got \[0, 0\.5\]/);
    expect(() => nn.initializers.truncatedNormal(0.1, { lower: "1" as never })).toThrow(/initializers\.truncatedNormal: lower must be a finite number, got "1"/);
    expect(() => nn.initializers.constant(Symbol("c") as never)).toThrow(/initializers\.constant: value must be a number, got Symbol\(c\)/);
  });

  it("the option values are read once: a later change of the caller's array does not reach the initializer", () => {
    const inAxis = [0];
    const init = nn.initializers.varianceScaling(1, "fan_in", "normal", { inAxis, outAxis: 1 });
    const before = init(key, [4, 3]).toArray();
    inAxis[0] = 1;
    expect(init(key, [4, 3]).toArray()).toEqual(before);
  });

  it("a key is checked before anything else, with a safe message, eagerly and under jit alike", () => {
    const hostile = new Proxy({}, { getPrototypeOf: () => { throw new Error("hostile"); } });
    expect(() => random.normal(hostile as never, [2], "float16" as never)).toThrow(ArgumentError);
    expect(() => random.gamma(Symbol("k") as never, 2)).toThrow(/random\.gamma: key must be a key .*got symbol Symbol\(k\)/);
    expect(() => random.uniform(np.zeros([2]), [2], { type: 1 } as never)).toThrow(/random\.uniform: key must be a key .*got f64\[2\]/);
    // the key is traced under jit: a bad shape is the same error there as eagerly
    const eager = thrown(() => random.exponential(key, [2, -1]));
    const staged = thrown(() => tg.jit((k: Tensor) => random.exponential(k, [2, -1]))(key));
    expect(eager).toBeInstanceOf(ShapeError);
    expect((staged as Error).message).toBe((eager as Error).message);
  });
});

describe("tracegrad/optim: option values are checked where they are taken, never coerced", () => {
  it("a flag must be a boolean: a truthy string is not taken as true (it would silently switch on Nesterov or centering)", () => {
    expect(() => optim.sgd(0.1, { momentum: 0.9, nesterov: "no" as never })).toThrow(/optim.sgd: nesterov must be a boolean, got "no"/);
    expect(() => optim.rmsprop(0.1, { centered: 1 as never })).toThrow(/optim.rmsprop: centered must be a boolean, got 1/);
    expect(() => optim.scaleByAdam({ nesterov: "yes" as never })).toThrow(ArgumentError);
    expect(() => optim.scaleByRms({ biasCorrection: "false" as never })).toThrow(/biasCorrection must be a boolean/);
    expect(() => optim.exponentialDecay({ initValue: 1, transitionSteps: 1, decayRate: 0.5, staircase: "true" as never })).toThrow(/staircase must be a boolean/);
    expect(() => optim.scaleByLearningRate(0.1, { flipSign: 0 as never })).toThrow(/flipSign must be a boolean/);
  });

  it("a dtype is checked when the optimizer is built, not when init first runs", () => {
    expect(() => optim.adam(0.1, { muDtype: "float16" as never })).toThrow(DTypeError);
    expect(() => optim.sgd(0.1, { momentum: 0.9, accumulatorDtype: "half" as never })).toThrow(/optim.sgd: unknown dtype "half"/);
    expect(() => optim.lion(0.1, { muDtype: 32 as never })).toThrow(DTypeError);
    expect(optim.adam(0.1, { muDtype: "float32" }).init({ w: np.ones([2]) })).toBeDefined();
  });

  it("the error names the function called, and formats hostile values safely", () => {
    expect(() => optim.adamw(0.1, { weightDecay: Symbol("w") as never })).toThrow(/optim.adamw: weightDecay must be a finite number in \[-Infinity, Infinity\], got Symbol\(w\)/);
    expect(() => optim.clip({ valueOf: () => 1, toString: () => { throw new Error("hostile"); } } as never)).toThrow(ArgumentError);
    expect(() => optim.rmsprop(0.1, { decay: 2 })).toThrow(/optim.rmsprop: decay must be/);
    expect(() => optim.piecewiseConstantSchedule({ initValue: 1, boundariesAndScales: new Map() as never })).toThrow(/boundariesAndScales must be an object/);
    expect(() => optim.joinSchedules([optim.constantSchedule(1), 2 as never], [3])).toThrow(/schedule 1 must be a function/);
  });
});
