/**
 * Every public function with one valid call: a `call` taking the argument
 * list, and a maker of a good value for each argument position (transforms
 * take `f` and their options as leading positions, then the call's
 * arguments). The sweep replaces one position at a time with a hostile value.
 */
import * as tg from "../../lib/index.ts";
import { config, grad, jit, lax, nn, np, random, special, tree, type Tensor } from "../../lib/index.ts";
import { arbBroadcastShapes, arbProgram, arbShape, arbTensor, checkGrads, checkGradsEither } from "../../lib/testing/index.ts";
import * as optim from "../../lib/optim/index.ts";
import { linalgSignatures } from "./linalgSignatures.ts";

/** One public function: how to call it, and a good value per argument position. */
export interface Signature {
  readonly name: string;
  readonly call: (args: unknown[]) => unknown;
  readonly good: readonly (() => unknown)[];
  /** Positions that take a user function (they also get hostile functions). */
  readonly functionPositions?: readonly number[];
  /** Options positions and their keys: each key also gets each hostile value, as `{ [key]: hostile }`. */
  readonly options?: Readonly<Record<number, readonly string[]>>;
  /** Hostile kinds that would make a correct implementation loop forever (a user's bug, as in JAX). */
  readonly skip?: (position: number, hostile: string) => boolean;
}

const x2 = () => np.array([0.5, 1.5]);
const y2 = () => np.array([2, -1]);
const m23 = () => np.array([[1, 2, 3], [4, 5, 6]]);
const m32 = () => np.array([[1, 2], [3, 4], [5, 6]]);
const key = () => random.key(0);
const closed = () => tg.makeJaxpr(np.sin)(np.ones([2]));
const sumSq = (x: Tensor) => np.sum(np.square(x));
const x3 = () => np.array([1, 2, 3]);
const p3 = () => np.array([1, -2, 0.5]);
const params = () => ({ w: x2() });
const grads = () => ({ w: y2() });
/** One step of a gradient transformation: init on good parameters, then update with `g` (and `params`). */
const step = (t: optim.GradientTransformation<any>, g: unknown = grads()) => {
  const p = params();
  return t.update(g, t.init(p), p);
};
const ADAM_KEYS = ["b1", "b2", "eps", "epsRoot", "muDtype", "nesterov"];
const RMS_KEYS = ["decay", "eps", "initialScale", "epsInSqrt", "biasCorrection"];

const sig = (name: string, call: (...args: any[]) => unknown, good: (() => unknown)[], extra: Partial<Signature> = {}): Signature => ({
  name,
  call: (args) => call(...args),
  good,
  ...extra,
});

const unary = (ns: Record<string, unknown>, prefix: string, names: string[]) =>
  names.map((n) => sig(`${prefix}.${n}`, ns[n] as (...a: unknown[]) => unknown, [x2]));
const binary = (names: string[]) => names.map((n) => sig(`np.${n}`, (np as any)[n], [x2, y2]));
const reduction = (names: string[]) => names.map((n) => sig(`np.${n}`, (np as any)[n], [m23, () => 0, () => false]));
const method = (name: string, call: (x: Tensor, ...args: any[]) => unknown, good: (() => unknown)[]) =>
  sig(`Tensor.${name}`, (...args: unknown[]) => call(m23(), ...args), good);

/** Every public function of tracegrad (np, nn, random, tree, transforms, IR, lax, config, Tensor methods, checkGrads). */
export const signatures: readonly Signature[] = [
  // creation
  sig("np.array", np.array, [() => [[1, 2], [3, 4]], () => undefined], { options: { 1: ["dtype"] } }),
  sig("np.asarray", np.asarray, [() => [1, 2], () => undefined]),
  sig("np.zeros", np.zeros, [() => [2, 3], () => undefined], { options: { 1: ["dtype"] } }),
  sig("np.ones", np.ones, [() => [2, 3], () => "float32"]),
  sig("np.full", np.full, [() => [2], () => 1.5, () => undefined]),
  sig("np.zerosLike", np.zerosLike, [x2, () => undefined]),
  sig("np.onesLike", np.onesLike, [x2, () => undefined]),
  sig("np.fullLike", np.fullLike, [x2, () => 7, () => undefined]),
  sig("np.arange", np.arange, [() => 0, () => 5, () => 1, () => undefined]),
  sig("np.linspace", np.linspace, [() => 0, () => 1, () => 5, () => undefined], { options: { 3: ["dtype", "endpoint"] } }),
  sig("np.eye", np.eye, [() => 3, () => undefined, () => 0, () => undefined]),
  // elementwise
  ...unary(np as unknown as Record<string, unknown>, "np", ["negative", "square", "sqrt", "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "arctan", "abs", "sign", "isnan", "isfinite"]),
  ...binary(["add", "subtract", "multiply", "divide", "power", "maximum", "minimum", "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual", "dot"]),
  sig("np.matmul", np.matmul, [m23, m32]),
  sig("np.clip", np.clip, [x2, () => 0, () => 1]),
  sig("np.where", np.where, [() => np.array([true, false]), x2, y2]),
  // shapes
  sig("np.transpose", np.transpose, [m23, () => [1, 0]]),
  sig("np.swapaxes", np.swapaxes, [m23, () => 0, () => 1]),
  sig("np.reshape", np.reshape, [m23, () => [3, 2]]),
  sig("np.ravel", np.ravel, [m23]),
  sig("np.broadcastTo", np.broadcastTo, [x2, () => [3, 2]]),
  sig("np.expandDims", np.expandDims, [m23, () => 0]),
  sig("np.squeeze", np.squeeze, [() => np.ones([1, 3]), () => 0]),
  sig("np.concatenate", np.concatenate, [() => [m23(), m23()], () => 0]),
  sig("np.stack", np.stack, [() => [m23(), m23()], () => 1]),
  // reductions and indexing
  ...reduction(["sum", "mean", "max", "min", "prod", "var", "std"]),
  sig("np.var(options)", np.var, [m23, () => ({ axis: 0 })], { options: { 1: ["axis", "keepdims", "ddof"] } }),
  sig("np.argmax", np.argmax, [m23, () => 1]),
  sig("np.argmin", np.argmin, [m23, () => 0]),
  sig("np.cumsum", np.cumsum, [m23, () => 1]),
  sig("np.take", np.take, [m23, () => [0, 2], () => 1, () => undefined], { options: { 3: ["mode", "fillValue"] } }),
  sig("np.allclose", np.allclose, [x2, x2, () => undefined], { options: { 2: ["rtol", "atol", "equalNan"] } }),
  // nn
  ...unary(nn as unknown as Record<string, unknown>, "nn", ["sigmoid", "relu", "softplus", "logSigmoid"]),
  sig("nn.leakyRelu", nn.leakyRelu, [x2, () => 0.1]),
  sig("nn.logsumexp", nn.logsumexp, [m23, () => 1, () => false]),
  sig("nn.logSoftmax", nn.logSoftmax, [m23, () => -1]),
  sig("nn.softmax", nn.softmax, [m23, () => 0]),
  sig("nn.oneHot", nn.oneHot, [() => np.array([0, 2], "int32"), () => 3, () => undefined], { options: { 2: ["dtype"] } }),
  // nn.initializers: the factory's arguments, then the initializer's (key, shape, dtype)
  ...(["zeros", "ones"] as const).map((n) => sig(`nn.initializers.${n}`, nn.initializers[n], [key, () => [2, 3], () => "float32"])),
  sig("nn.initializers.constant", (v, d, k, s, cd) => nn.initializers.constant(v, d)(k, s, cd), [() => 0.5, () => undefined, key, () => [2], () => undefined]),
  ...(["uniform", "normal"] as const).map((n) =>
    sig(`nn.initializers.${n}`, (scale, d, k, s, cd) => nn.initializers[n](scale, d)(k, s, cd), [() => 0.1, () => "float32", key, () => [2, 2], () => undefined]),
  ),
  sig("nn.initializers.truncatedNormal", (sd, o, k, s, cd) => nn.initializers.truncatedNormal(sd, o)(k, s, cd), [() => 0.02, () => ({ lower: -1 }), key, () => [3], () => undefined], {
    options: { 1: ["dtype", "lower", "upper"] },
  }),
  sig("nn.initializers.varianceScaling", (sc, m, dist, o, k, s, cd) => nn.initializers.varianceScaling(sc, m, dist, o)(k, s, cd), [() => 2, () => "fan_in", () => "normal", () => ({ inAxis: 0, outAxis: [1] }), key, () => [4, 3], () => undefined], {
    options: { 3: ["inAxis", "outAxis", "batchAxis", "dtype"] },
  }),
  sig("nn.initializers.orthogonal", (sc, ax, d, k, s, cd) => nn.initializers.orthogonal(sc, ax, d)(k, s, cd), [() => 2, () => 0, () => "float32", key, () => [3, 2, 2], () => undefined]),
  sig("nn.initializers.orthogonal(options)", (sc, o, k, s, cd) => nn.initializers.orthogonal(sc, o)(k, s, cd), [() => 1, () => ({ columnAxis: -1, dtype: "float64" }), key, () => [4, 3], () => "float32"], {
    options: { 1: ["columnAxis", "dtype"] },
  }),
  ...(["glorotUniform", "glorotNormal", "lecunUniform", "lecunNormal", "heUniform", "heNormal"] as const).map((n) =>
    sig(`nn.initializers.${n}`, (o, k, s, cd) => nn.initializers[n](o)(k, s, cd), [() => undefined, key, () => [4, 3], () => "float32"]),
  ),
  // random
  sig("random.key", random.key, [() => 0]),
  sig("random.split", random.split, [key, () => 2]),
  sig("random.foldIn", random.foldIn, [key, () => 3]),
  sig("random.bits", random.bits, [key, () => [2], () => "uint32"], { options: { 2: ["dtype"] } }),
  sig("random.uniform", random.uniform, [key, () => [2], () => ({ minval: -1, maxval: 1 })], { options: { 2: ["minval", "maxval", "dtype"] } }),
  sig("random.normal", random.normal, [key, () => [2], () => "float32"]),
  sig("random.randint", random.randint, [key, () => [3], () => 0, () => 5, () => "uint32"]),
  sig("random.bernoulli", random.bernoulli, [key, () => 0.3, () => [4]]),
  sig("random.permutation", random.permutation, [key, () => 5]),
  sig("random.threefry2x32", random.threefry2x32, [() => [0, 0], () => [0, 0]]),
  // random: the samplers of issue 9 (keys are uint32[2] tensors, traced by the jit comparison)
  sig("random.split(shape)", random.split, [key, () => [2, 3]]),
  sig("random.foldIn(tensor)", random.foldIn, [key, () => np.array(3, "uint32")]),
  sig("random.key(tensor)", random.key, [() => np.array(-3, "int32")]),
  ...["exponential", "laplace", "logistic", "gumbel", "cauchy", "maxwell", "rademacher"].map((n) => sig(`random.${n}`, (random as any)[n], [key, () => [3], () => "float32"])),
  sig("random.truncatedNormal", random.truncatedNormal, [key, () => -1, () => x2(), () => [3, 2], () => undefined]),
  sig("random.lognormal", random.lognormal, [key, x2, () => null, () => ({ dtype: "float32" })], { options: { 3: ["dtype"] } }),
  sig("random.pareto", random.pareto, [key, () => 3, () => [2], () => undefined]),
  sig("random.rayleigh", random.rayleigh, [key, x2, () => undefined, () => "float64"]),
  sig("random.weibullMin", random.weibullMin, [key, () => 1, x2, () => [2], () => undefined]),
  sig("random.doubleSidedMaxwell", random.doubleSidedMaxwell, [key, () => 0, x2, () => [3], () => undefined]),
  sig("random.triangular", random.triangular, [key, () => 0, () => 1, () => 3, () => [2], () => undefined]),
  sig("random.geometric", random.geometric, [key, () => 0.25, () => [3], () => undefined]),
  sig("random.poisson", random.poisson, [key, () => x2(), () => [4, 2], () => "int32"]),
  sig("random.categorical", random.categorical, [key, () => np.array([[0.1, 0.5, -1], [0, 0, 0]]), () => ({ axis: -1, shape: [4, 2] })], {
    options: { 2: ["axis", "shape", "replace"] },
  }),
  sig("random.categorical(axis)", random.categorical, [key, m23, () => 0, () => [3]]),
  sig("random.choice", random.choice, [key, () => np.array([10, 20, 30]), () => [2], () => ({ replace: false, p: [0.2, 0.3, 0.5] })], {
    options: { 3: ["replace", "p", "axis"] },
  }),
  sig("random.choice(n)", random.choice, [key, () => 5, () => [3], () => true]),
  sig("random.permutation(x)", random.permutation, [key, m23, () => ({ axis: 1, independent: true })], { options: { 2: ["axis", "independent"] } }),
  sig("random.shuffle", random.shuffle, [key, m23, () => 1]),
  sig("random.gamma", random.gamma, [key, x2, () => [3, 2], () => undefined]),
  sig("random.loggamma", random.loggamma, [key, () => 0.5, () => [2], () => "float32"]),
  sig("random.beta", random.beta, [key, () => 2, x2, () => undefined, () => undefined]),
  sig("random.dirichlet", random.dirichlet, [key, () => [1, 2, 3], () => [2], () => undefined]),
  sig("random.chisquare", random.chisquare, [key, () => 3, () => [2], () => undefined]),
  sig("random.t", random.t, [key, x2, () => null, () => undefined]),
  sig("random.ball", random.ball, [key, () => 3, () => 2, () => [2], () => undefined]),
  sig("random.multivariateNormal", random.multivariateNormal, [key, x2, () => [[2, 0.5], [0.5, 1]], () => [3], () => ({ dtype: "float64", method: "eigh" }), () => undefined], {
    options: { 4: ["dtype", "method"] },
  }),
  sig("random.multivariateNormal(positional)", random.multivariateNormal, [key, () => np.zeros([2, 2]), () => np.eye(2), () => null, () => "float32", () => "svd"]),
  sig("random.orthogonal", random.orthogonal, [key, () => 3, () => [2], () => ({ dtype: "float32", m: 2 }), () => undefined], { options: { 3: ["dtype", "m"] } }),
  sig("random.orthogonal(positional)", random.orthogonal, [key, () => 2, () => [], () => "float64", () => 3]),
  // trees
  sig("tree.flatten", tree.flatten, [() => ({ a: x2(), b: [y2(), 2] })]),
  sig("tree.leaves", tree.leaves, [() => ({ a: x2(), b: [y2(), 2] })]),
  sig("tree.structure", tree.structure, [() => [x2(), { c: 1 }]]),
  sig("tree.unflatten", tree.unflatten, [() => tree.structure([1, { c: 2 }]), () => [x2(), y2()]]),
  sig("tree.map", tree.map, [() => (a: Tensor, b: Tensor) => np.add(a, b), () => ({ a: x2() }), () => ({ a: y2() })], { functionPositions: [0] }),
  // transforms: f, options, then the call's arguments
  sig("grad", (f, o, x) => grad(f, o)(x), [() => sumSq, () => undefined, x2], { functionPositions: [0], options: { 1: ["argnums", "hasAux"] } }),
  sig("valueAndGrad", (f, o, x) => tg.valueAndGrad(f, o)(x), [() => sumSq, () => ({ argnums: 0 }), x2], { functionPositions: [0], options: { 1: ["argnums", "hasAux"] } }),
  sig("vjp", (f, x, ct) => tg.vjp(f, x)[1](ct), [() => np.sin, x2, y2], { functionPositions: [0] }),
  sig("jvp", tg.jvp, [() => np.sin, () => [x2()], () => [y2()]], { functionPositions: [0] }),
  sig("linearize", (f, x, t) => tg.linearize(f, x)[1](t), [() => np.sin, x2, y2], { functionPositions: [0] }),
  sig("stopGradient", tg.stopGradient, [x2]),
  sig("numericalGrad", (f, o, x) => tg.numericalGrad(f, o)(x), [() => sumSq, () => undefined, x2], { functionPositions: [0], options: { 1: ["argnums", "eps"] } }),
  sig("numericalJvp", tg.numericalJvp, [() => np.sin, () => [x2()], () => [y2()], () => undefined], { functionPositions: [0], options: { 3: ["eps"] } }),
  sig("vmap", (f, o, x) => tg.vmap(f, o)(x), [() => np.sin, () => ({ inAxes: 0 }), m23], { functionPositions: [0], options: { 1: ["inAxes", "outAxes"] } }),
  sig("jit", (f, o, x) => jit(f, o)(x), [() => sumSq, () => undefined, x2], { functionPositions: [0], options: { 1: ["staticArgnums"] } }),
  sig("evalShape", (f, x) => tg.evalShape(f)(x), [() => np.sin, x2], { functionPositions: [0] }),
  sig("customJvp", (f, rule, x) => grad((v: Tensor) => np.sum(tg.customJvp(f, rule)(v)))(x), [() => np.sin, () => ([p]: Tensor[], [t]: Tensor[]) => [np.sin(p), np.multiply(t, np.cos(p))], x2], { functionPositions: [0, 1] }),
  sig("customVjp(fwd)", (fwd, x) => grad((v: Tensor) => np.sum(tg.customVjp(np.sin, { fwd, bwd: (r: Tensor, ct: Tensor) => [np.multiply(ct, np.cos(r))] })(v)))(x), [() => (p: Tensor) => [np.sin(p), p], x2], { functionPositions: [0] }),
  sig("customVjp(bwd)", (bwd, x) => grad((v: Tensor) => np.sum(tg.customVjp(np.sin, { fwd: (p: Tensor) => [np.sin(p), p], bwd })(v)))(x), [() => (r: Tensor, ct: Tensor) => [np.multiply(ct, np.cos(r))], x2], { functionPositions: [0] }),
  sig("customVjp(rules)", (rules, x) => grad((v: Tensor) => np.sum(tg.customVjp(np.sin, rules)(v)))(x), [() => ({ fwd: (p: Tensor) => [np.sin(p), p], bwd: (r: Tensor, ct: Tensor) => [np.multiply(ct, np.cos(r))] }), x2], { options: { 0: ["fwd", "bwd"] } }),
  sig("checkpoint", (f, x) => grad((v: Tensor) => np.sum(tg.checkpoint(f)(v)))(x), [() => np.sin, x2], { functionPositions: [0] }),
  sig("jacfwd", (f, o, x) => tg.jacfwd(f, o)(x), [() => np.sin, () => ({ argnums: 0 }), x2], { functionPositions: [0], options: { 1: ["argnums", "hasAux"] } }),
  sig("jacrev", (f, o, x) => tg.jacrev(f, o)(x), [() => np.tanh, () => undefined, x2], { functionPositions: [0], options: { 1: ["argnums", "hasAux"] } }),
  sig("hessian", (f, o, x) => tg.hessian(f, o)(x), [() => sumSq, () => undefined, x2], { functionPositions: [0], options: { 1: ["argnums"] } }),
  // IR
  sig("makeJaxpr", (f, o, x) => tg.makeJaxpr(f, o)(x).toString(), [() => sumSq, () => undefined, x2], { functionPositions: [0], options: { 1: ["simplify", "argNames"] } }),
  sig("explainJit", (f, x) => tg.explainJit(f)(x), [() => sumSq, x2], { functionPositions: [0] }),
  sig("evalJaxpr", tg.evalJaxpr, [closed, () => np.ones([2])]),
  sig("toDot", tg.toDot, [closed]),
  sig("typecheck", tg.typecheck, [closed]),
  sig("simplify", tg.simplify, [closed]),
  // control flow (a body that always makes progress: a loop that never ends would hang by design, as in JAX)
  sig("lax.cond", lax.cond, [() => true, () => np.sin, () => np.cos, x2], { functionPositions: [1, 2] }),
  sig("lax.whileLoop", lax.whileLoop, [() => (c: Tensor) => np.less(c, 3), () => (c: Tensor) => np.add(c, 1), () => np.array(0.5)], {
    functionPositions: [0, 1],
    // a cond that is constantly true (a non-zero scalar) or a body that resets the carry loops forever
    skip: (p, h) =>
      (p === 0 && ["NaN", "Infinity", "count past the buffer limit", "unsafe integer"].some((k) => h === `f returning ${k}`)) ||
      (p === 1 && h === "f returning -0"),
  }),
  sig("lax.foriLoop", lax.foriLoop, [() => 0, () => 3, () => (_i: Tensor, v: Tensor) => np.add(v, 1), x2], {
    functionPositions: [2],
    // 10^10 steps run (a long loop is not an error, as in JAX)
    skip: (p, h) => p < 2 && (h === "count past the buffer limit" || h === "unsafe integer"),
  }),
  sig("lax.scan", lax.scan, [() => (c: Tensor, x: Tensor) => [np.add(c, x), c], () => np.array(0), () => np.arange(3, undefined, 1, "float64"), () => undefined], {
    functionPositions: [0],
    options: { 3: ["length", "reverse"] },
  }),
  sig("lax.scan(length)", (length) => lax.scan((c: Tensor) => [np.add(c, 1), c], np.array(0), null, { length }), [() => 3], {
    // 10^10 steps run (a long loop is not an error, as in JAX); its stacked outputs are past the limit
    skip: (_p, h) => h === "unsafe integer",
  }),
  // np.fft, einsum, tensordot (issue 10)
  ...["fft", "ifft", "hfft", "irfft"].map((n) => sig(`np.fft.${n}`, (np.fft as any)[n], [x2, () => 4, () => -1, () => "ortho"])),
  ...["rfft", "ihfft"].map((n) => sig(`np.fft.${n}`, (np.fft as any)[n], [x2, () => 4, () => -1, () => "forward"])),
  sig("np.fft.fft(options)", np.fft.fft, [() => ({ re: x2(), im: y2() }), () => ({ n: 3, axis: 0, norm: "ortho" })], { options: { 1: ["n", "axis", "norm"] } }),
  ...["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn"].map((n) => sig(`np.fft.${n}`, (np.fft as any)[n], [m23, () => [2, 4], () => [0, 1], () => "backward"])),
  sig("np.fft.fftn(options)", np.fft.fftn, [m23, () => ({ s: [2, 2], axes: [1, 0], norm: "forward" })], { options: { 1: ["s", "axes", "norm"] } }),
  sig("np.fft.fftfreq", np.fft.fftfreq, [() => 5, () => 0.5, () => undefined], { options: { 2: ["dtype"] } }),
  sig("np.fft.rfftfreq", np.fft.rfftfreq, [() => 5, () => 0.5, () => "float32"]),
  sig("np.fft.fftshift", np.fft.fftshift, [m23, () => [0, 1]]),
  sig("np.fft.ifftshift", np.fft.ifftshift, [() => ({ re: m23(), im: m23() }), () => 1]),
  sig("np.einsum", np.einsum, [() => "ij,jk->ik", m23, m32, () => ({ optimize: "greedy" })], { options: { 3: ["optimize"] } }),
  sig("np.einsum(sublists)", np.einsum, [m23, () => [0, 1], m32, () => [1, 2], () => [0, 2]]),
  sig("np.einsum(path)", np.einsum, [() => "ij,jk,kl", m23, m32, m23, () => ({ optimize: ["einsum_path", [0, 1], [0, 1]] })]),
  sig("np.einsumPath", np.einsumPath, [() => "ij,jk,kl->il", m23, m32, m23, () => ({ optimize: "optimal" })], { options: { 4: ["optimize"] } }),
  sig("np.tensordot", np.tensordot, [m23, m32, () => [[0, 1], [1, 0]]]),
  // convolution, windowed reductions, pooling (issue 10)
  sig("lax.convGeneralDilated", lax.convGeneralDilated, [() => np.ones([1, 5, 5, 2]), () => np.ones([3, 3, 2, 4]), () => [1, 2], () => "SAME", () => ({ dimensionNumbers: ["NHWC", "HWIO", "NHWC"], rhsDilation: [1, 1] })], {
    options: { 4: ["lhsDilation", "rhsDilation", "dimensionNumbers", "featureGroupCount", "batchGroupCount"] },
  }),
  sig("lax.convGeneralDilated(pairs)", lax.convGeneralDilated, [() => np.ones([2, 4, 6]), () => np.ones([4, 2, 2]), () => [1], () => [[1, -1]], () => ({ featureGroupCount: 2, lhsDilation: [2] })]),
  sig("lax.conv", lax.conv, [() => np.ones([1, 1, 4, 4]), () => np.ones([2, 1, 3, 3]), () => [1, 1], () => "VALID"]),
  sig("lax.convWithGeneralPadding", lax.convWithGeneralPadding, [() => np.ones([1, 1, 5]), () => np.ones([1, 1, 2]), () => [1], () => [[0, 1]], () => [2], () => [1]]),
  sig("lax.convTranspose", lax.convTranspose, [() => np.ones([1, 3, 3, 1]), () => np.ones([2, 2, 2, 1]), () => [2, 2], () => "SAME", () => ({ transposeKernel: true })], {
    options: { 4: ["rhsDilation", "dimensionNumbers", "transposeKernel", "useConsistentPadding"] },
  }),
  sig("lax.convDimensionNumbers", lax.convDimensionNumbers, [() => [1, 5, 5, 2], () => [3, 3, 2, 4], () => ["NHWC", "HWIO", "NHWC"]]),
  sig("lax.reduceWindow", lax.reduceWindow, [m23, () => -Infinity, () => "max", () => [1, 2], () => [1, 1], () => "SAME", () => [1, 2], () => [1, 1]]),
  sig("lax.reduceWindow(sum)", lax.reduceWindow, [m23, () => 0, () => np.add, () => [2, 2], () => [1, 1], () => [[0, 1], [1, 0]]]),
  sig("nn.maxPool", nn.maxPool, [() => np.ones([1, 4, 4, 2]), () => [2, 2], () => [2, 2], () => "VALID"]),
  sig("nn.avgPool", nn.avgPool, [() => np.ones([4, 4, 2]), () => [2, 2], () => [1, 2], () => [[0, 1], [1, 0]], () => false]),
  sig("np.convolve", np.convolve, [x3, x2, () => "same"]),
  sig("np.correlate", np.correlate, [x2, x3, () => "full"]),
  // config
  sig("config.update", (name, value) => config.update(name, value), [() => "debugNans", () => false]),
  sig("config.get", (name) => config.get(name), [() => "maxBufferBytes"]),
  // Tensor methods (the receiver is a good tensor)
  ...["add", "sub", "mul", "div", "pow"].map((n) => method(n, (x, o) => (x as any)[n](o), [m23])),
  method("dot", (x, o) => x.dot(o), [m32]),
  method("matmul", (x, o) => x.matmul(o), [m32]),
  ...["sum", "mean", "max", "min"].map((n) => method(n, (x, a, k) => (x as any)[n](a, k), [() => 1, () => true])),
  method("reshape", (x, ...s) => x.reshape(...s), [() => 3, () => 2]),
  method("transpose", (x, a) => x.transpose(a), [() => [1, 0]]),
  method("swapaxes", (x, a, b) => x.swapaxes(a, b), [() => 0, () => 1]),
  method("astype", (x, d) => x.astype(d), [() => "float32"]),
  method("slice", (x, ...specs) => x.slice(...specs), [() => 1, () => [0, 2]]),
  method("at.set", (x, v, ...specs) => x.at(...specs).set(v), [() => 7, () => [0, 1], () => null]),
  method("at.add", (x, v, ...specs) => x.at(...specs).add(v), [() => 7, () => 1]),
  sig("Tensor.item", (v) => np.asarray(v).item(), [() => 2.5]),
  // np: rearranging, padding, splitting and assembling (issue 9, group 3)
  sig("np.moveaxis", np.moveaxis, [m23, () => 0, () => -1]),
  sig("np.permuteDims", np.permuteDims, [m23, () => [1, 0]]),
  sig("np.matrixTranspose", np.matrixTranspose, [m23]),
  sig("np.flip", np.flip, [m23, () => 1]),
  sig("np.fliplr", np.fliplr, [m23]),
  sig("np.flipud", np.flipud, [m23]),
  sig("np.rot90", np.rot90, [m23, () => 1, () => [0, 1]]),
  sig("np.roll", np.roll, [m23, () => [1, -1], () => [0, 1]]),
  sig("np.repeat", np.repeat, [x2, () => [1, 2], () => 0]),
  sig("np.tile", np.tile, [x2, () => [2, 1]]),
  sig("np.pad", np.pad, [x2, () => [1, 2], () => ({ mode: "constant", constantValues: 9 }), () => undefined], { options: { 2: ["mode", "constantValues"] } }),
  sig("np.pad(mode)", np.pad, [m23, () => [[1, 0], [0, 2]], () => "reflect", () => undefined], { options: { 3: ["constantValues"] } }),
  sig("np.split", np.split, [() => np.arange(6), () => 2, () => 0]),
  sig("np.arraySplit", np.arraySplit, [() => np.arange(5), () => [1, 3], () => 0]),
  sig("np.hsplit", np.hsplit, [() => np.ones([2, 4]), () => 2]),
  sig("np.vsplit", np.vsplit, [() => np.ones([4, 2]), () => [1]]),
  sig("np.dsplit", np.dsplit, [() => np.ones([1, 1, 4]), () => 2]),
  sig("np.unstack", np.unstack, [m23, () => 1]),
  sig("np.hstack", np.hstack, [() => [x2(), y2()]]),
  sig("np.vstack", np.vstack, [() => [x2(), y2()]]),
  sig("np.dstack", np.dstack, [() => [x2(), y2()]]),
  sig("np.columnStack", np.columnStack, [() => [x2(), y2()]]),
  sig("np.append", np.append, [m23, m23, () => 0]),
  sig("np.broadcastShapes", np.broadcastShapes, [() => [2, 1], () => [3]]),
  sig("np.broadcastArrays", np.broadcastArrays, [() => np.ones([2, 1]), x2]),
  sig("np.atleast1d", np.atleast1d, [() => 2]),
  sig("np.atleast2d", np.atleast2d, [x2]),
  sig("np.atleast3d", np.atleast3d, [m23, x2]),
  // np: products and polynomials (group 5)
  ...binary(["inner", "outer", "vdot", "kron"]),
  sig("np.vecdot", np.vecdot, [m23, m23, () => ({ axis: -1 })], { options: { 2: ["axis"] } }),
  sig("np.matvec", np.matvec, [m23, x3]),
  sig("np.vecmat", np.vecmat, [x2, m23]),
  sig("np.cross", np.cross, [x3, () => np.array([4, 5, 6]), () => undefined], { options: { 2: ["axisa", "axisb", "axisc", "axis"] } }),
  sig("np.polyval", np.polyval, [p3, x2]),
  sig("np.polyadd", np.polyadd, [p3, x2]),
  sig("np.polysub", np.polysub, [p3, x2]),
  sig("np.polymul", np.polymul, [p3, x2, () => ({ trimLeadingZeros: false })], { options: { 2: ["trimLeadingZeros"] } }),
  sig("np.polyder", np.polyder, [p3, () => 1]),
  sig("np.polyint", np.polyint, [p3, () => 2, () => [1, 2]]),
  sig("np.vander", np.vander, [x2, () => 3, () => true]),
  // np: creation, windows and metadata (group 6)
  sig("np.identity", np.identity, [() => 3, () => undefined], { options: { 1: ["dtype"] } }),
  sig("np.geomspace", np.geomspace, [() => 1, () => 100, () => 3, () => undefined], { options: { 3: ["endpoint", "dtype"] } }),
  sig("np.logspace", np.logspace, [() => 0, () => 2, () => 3, () => "float32"], { options: { 3: ["endpoint", "base", "dtype"] } }),
  ...["bartlett", "blackman", "hamming", "hanning"].map((n) => sig(`np.${n}`, (np as any)[n], [() => 5])),
  sig("np.kaiser", np.kaiser, [() => 5, () => 2.5]),
  sig("np.i0", np.i0, [x2]),
  sig("np.copy", np.copy, [x2]),
  sig("np.ndim", np.ndim, [m23]),
  sig("np.shape", np.shape, [m23]),
  sig("np.size", np.size, [m23, () => 1]),
  sig("np.isscalar", np.isscalar, [() => 2]),
  sig("np.resultType", np.resultType, [x2, () => "float32", () => 2]),
  sig("np.promoteTypes", np.promoteTypes, [() => "float32", () => "int32"]),
  sig("np.finfo", np.finfo, [() => "float32"]),
  sig("np.iinfo", np.iinfo, [() => "int32"]),
  sig("np.iinfo(uint32)", np.iinfo, [() => np.array([1], "uint32")]),
  // np: logical and bitwise (issue 9), on int32, uint32 and bool
  ...["logicalAnd", "logicalOr", "logicalXor"].map((n) => sig(`np.${n}`, (np as any)[n], [x2, () => [true, false]])),
  sig("np.logicalNot", np.logicalNot, [x2]),
  ...["bitwiseAnd", "bitwiseXor", "leftShift", "bitwiseRightShift"].map((n) => sig(`np.${n}`, (np as any)[n], [() => np.array([12, -10], "int32"), () => 3])),
  ...["bitwiseOr", "rightShift", "bitwiseLeftShift"].map((n) =>
    sig(`np.${n}`, (np as any)[n], [() => np.array([12, 4294967286], "uint32"), () => np.array([1, 33], "uint32")]),
  ),
  ...["bitwiseNot", "invert", "bitwiseInvert"].map((n) => sig(`np.${n}`, (np as any)[n], [() => np.array([12, 0], "uint32")])),
  // np: reductions and statistics (group 2), lax's cumulative reductions, trees (group 11), hasAux (group 10)
  ...reduction(["ptp", "all", "any", "countNonzero", "nansum", "nanprod", "nanmean", "nanvar", "nanstd", "nanmax", "nanmin"]),
  sig("np.sum(options)", np.sum, [m23, () => ({ axis: 1, where: [true, false, true], initial: 1, dtype: "float32" })], { options: { 1: ["axis", "keepdims", "dtype", "where", "initial"] } }),
  sig("np.max(options)", np.max, [m23, () => ({ where: [true, false, true], initial: 0 })], { options: { 1: ["axis", "keepdims", "where", "initial"] } }),
  sig("np.argmax(keepdims)", np.argmax, [m23, () => 1, () => true]),
  sig("np.nanargmax", np.nanargmax, [m23, () => 1, () => false]),
  sig("np.nanargmin", np.nanargmin, [m23, () => ({ axis: 0, keepdims: true })], { options: { 1: ["axis", "keepdims"] } }),
  sig("np.cumprod", np.cumprod, [m23, () => 1]),
  sig("np.nancumsum", np.nancumsum, [m23, () => 0]),
  sig("np.nancumprod", np.nancumprod, [m23, () => ({ axis: 1, dtype: "float32" })], { options: { 1: ["axis", "dtype"] } }),
  sig("np.cumulativeSum", np.cumulativeSum, [m23, () => ({ axis: 1, includeInitial: true })], { options: { 1: ["axis", "dtype", "includeInitial"] } }),
  sig("np.cumulativeProd", np.cumulativeProd, [x3, () => undefined]),
  sig("np.diff", np.diff, [m23, () => 1, () => -1]),
  sig("np.diff(options)", np.diff, [x3, () => ({ n: 1, prepend: 0, append: [4] })], { options: { 1: ["n", "axis", "prepend", "append"] } }),
  sig("np.ediff1d", np.ediff1d, [x3, () => [9], () => [0]]),
  sig("np.trapezoid", np.trapezoid, [m23, () => x3(), () => undefined, () => -1]),
  sig("np.trapezoid(options)", np.trapezoid, [m23, () => ({ dx: 0.5, axis: 0 })], { options: { 1: ["x", "dx", "axis"] } }),
  sig("np.average", np.average, [m23, () => 1, () => x3(), () => true]),
  sig("np.average(options)", np.average, [m23, () => ({ axis: 0, weights: x2(), returned: true, keepdims: true })], { options: { 1: ["axis", "weights", "returned", "keepdims"] } }),
  sig("np.cov", np.cov, [m23, () => undefined, () => ({ rowvar: true, ddof: 1, fweights: [1, 2, 1], aweights: x3() })], {
    options: { 2: ["rowvar", "bias", "ddof", "fweights", "aweights", "dtype"] },
  }),
  sig("np.corrcoef", np.corrcoef, [m23, () => undefined, () => ({ rowvar: false })], { options: { 2: ["rowvar", "dtype"] } }),
  sig("np.arrayEqual", np.arrayEqual, [x2, y2, () => ({ equalNan: true })], { options: { 2: ["equalNan"] } }),
  sig("np.arrayEquiv", np.arrayEquiv, [x2, m23]),
  sig("np.isin", np.isin, [m23, x3, () => ({ invert: true })], { options: { 2: ["invert", "assumeUnique"] } }),
  ...["cumsum", "cumprod", "cummax", "cummin"].map((n) => sig(`lax.${n}`, (lax as any)[n], [m23, () => 1, () => true])),
  sig("tree.reduce", tree.reduce, [() => (a: Tensor, b: Tensor) => np.add(a, b), () => ({ a: x2(), b: y2() }), () => 0], { functionPositions: [0] }),
  sig("tree.all", tree.all, [() => ({ a: true, b: np.array(1) })]),
  sig("tree.transpose", tree.transpose, [() => tree.structure({ a: 0, b: 0 }), () => null, () => ({ a: [x2(), y2()], b: [y2(), x2()] })]),
  sig("tree.flattenWithPath", tree.flattenWithPath, [() => ({ a: x2(), b: [y2(), 2] })]),
  sig("tree.leavesWithPath", tree.leavesWithPath, [() => [x2(), { c: 1 }]]),
  sig("tree.mapWithPath", tree.mapWithPath, [() => (_p: unknown, a: Tensor, b: Tensor) => np.add(a, b), () => ({ a: x2() }), () => ({ a: y2() })], { functionPositions: [0] }),
  sig("tree.keystr", tree.keystr, [() => tree.leavesWithPath({ a: [x2(), y2()] })[1][0], () => ({ simple: true, separator: "/" })], { options: { 1: ["simple", "separator"] } }),
  ...["zerosLike", "onesLike"].map((n) => sig(`tree.${n}`, (tree as any)[n], [params, () => "float32"])),
  sig("tree.fullLike", tree.fullLike, [params, () => 0.5, () => undefined]),
  ...["add", "sub", "mul", "div", "vdot"].map((n) => sig(`tree.${n}`, (tree as any)[n], [params, grads])),
  sig("tree.scale", tree.scale, [() => 0.5, params]),
  sig("tree.sum", tree.sum, [params]),
  sig("tree.norm", tree.norm, [params, () => ({ ord: 2, squared: false })], { options: { 1: ["ord", "squared"] } }),
  sig("vjp(hasAux)", (o, f, x, ct) => tg.vjp(o, f, x)[1](ct), [() => ({ hasAux: true }), () => (v: Tensor) => [np.sin(v), v], x2, y2], { functionPositions: [1], options: { 0: ["hasAux"] } }),
  sig("jvp(hasAux)", tg.jvp, [() => (v: Tensor) => [np.sin(v), v], () => [x2()], () => [y2()], () => ({ hasAux: true })], { functionPositions: [0], options: { 3: ["hasAux"] } }),
  sig("linearize(hasAux)", (o, f, x, t) => tg.linearize(o, f, x)[1](t), [() => ({ hasAux: true }), () => (v: Tensor) => [np.sin(v), v], x2, y2], { functionPositions: [1], options: { 0: ["hasAux"] } }),
  // np: elementwise math, rounding and floating-point functions (issue 9, group 1)
  ...unary(np as unknown as Record<string, unknown>, "np", [
    "reciprocal", "positive", "cbrt", "exp2", "log2", "log10", "sinh", "cosh", "arcsin", "arccos", "arcsinh", "arccosh", "arctanh",
    "sinc", "deg2rad", "rad2deg", "floor", "ceil", "trunc", "fix", "rint", "modf", "signbit", "isinf", "isposinf", "isneginf", "frexp",
  ]),
  ...binary(["logaddexp", "logaddexp2", "arctan2", "hypot", "remainder", "fmod", "floorDivide", "divmod", "copysign", "heaviside", "fmax", "fmin", "floatPower"]),
  sig("np.round", np.round, [x2, () => 1]),
  sig("np.around", np.around, [x2, () => 0]),
  sig("np.ldexp", np.ldexp, [x2, () => np.array([1, -2], "int32")]),
  sig("np.nanToNum", np.nanToNum, [x2, () => ({ nan: 0 })], { options: { 1: ["copy", "nan", "posinf", "neginf"] } }),
  sig("np.isclose", np.isclose, [x2, y2, () => undefined], { options: { 2: ["rtol", "atol", "equalNan"] } }),
  sig("np.unwrap", np.unwrap, [() => np.array([0, 3, 6.5]), () => undefined], { options: { 1: ["discont", "axis", "period"] } }),
  // special (group 9)
  ...unary(special as unknown as Record<string, unknown>, "special", [
    "erf", "erfc", "erfinv", "gammaln", "digamma", "ndtr", "ndtri", "logNdtr", "logit", "expit", "entr", "i0e", "i1e",
  ]),
  ...["xlogy", "xlog1py", "betaln"].map((n) => sig(`special.${n}`, (special as any)[n], [x2, y2])),
  sig("special.polygamma", special.polygamma, [() => 1, x2]),
  sig("special.logsumexp", special.logsumexp, [m23, () => 1, () => ({ keepdims: true })], { options: { 2: ["b", "keepdims", "returnSign"] } }),
  // nn (group 7)
  ...unary(nn as unknown as Record<string, unknown>, "nn", [
    "selu", "silu", "mish", "relu6", "hardSigmoid", "hardSilu", "hardTanh", "softSign", "sparsePlus", "sparseSigmoid", "identity", "log1mexp",
  ]),
  sig("nn.gelu", nn.gelu, [x2, () => ({ approximate: false })], { options: { 1: ["approximate"] } }),
  sig("nn.elu", nn.elu, [x2, () => 0.5]),
  sig("nn.celu", nn.celu, [x2, () => 2]),
  sig("nn.squareplus", nn.squareplus, [x2, () => 4]),
  sig("nn.glu", nn.glu, [m23, () => 0]),
  sig("nn.standardize", nn.standardize, [m23, () => -1, () => ({ epsilon: 1e-3 })], { options: { 2: ["mean", "variance", "epsilon"] } }),
  sig("nn.logmeanexp", nn.logmeanexp, [m23, () => 1, () => false]),
  sig(
    "nn.dotProductAttention",
    nn.dotProductAttention,
    [() => np.ones([1, 2, 2, 3]), () => np.ones([1, 4, 1, 3]), () => np.ones([1, 4, 1, 3]), () => null, () => null, () => ({ isCausal: true })],
    { options: { 5: ["scale", "isCausal", "querySeqLengths", "keyValueSeqLengths", "localWindowSize"] } },
  ),
  // jit's cache
  sig("clearCaches", tg.clearCaches, [() => undefined]),
  sig("jit(f).clearCache", (a) => jit(sumSq).clearCache(a), [() => undefined]),
  sig("jit(f).cacheSize", (a) => jit(sumSq).cacheSize(a), [() => undefined]),
  sig("config.update(jitCacheSize)", (v) => config.update("jitCacheSize", v), [() => 16]),
  sig("config.update(threefryPartitionable)", (v) => config.update("threefryPartitionable", v), [() => true]),
  // tracegrad/optim: each optimizer's constructor, options and one step
  sig("optim.sgd", (lr, o, g) => step(optim.sgd(lr, o), g), [() => 0.1, () => ({ momentum: 0.9 }), grads], { options: { 1: ["momentum", "nesterov", "accumulatorDtype"] } }),
  sig("optim.adam", (lr, o, g) => step(optim.adam(lr, o), g), [() => 0.1, () => undefined, grads], { options: { 1: ADAM_KEYS } }),
  sig("optim.adamw", (lr, o, g) => step(optim.adamw(lr, o), g), [() => 0.1, () => ({ weightDecay: 0.01 }), grads], { options: { 1: [...ADAM_KEYS, "weightDecay", "mask"] } }),
  sig("optim.rmsprop", (lr, o, g) => step(optim.rmsprop(lr, o), g), [() => 0.1, () => ({ centered: true }), grads], { options: { 1: [...RMS_KEYS, "centered", "momentum", "nesterov"] } }),
  sig("optim.adagrad", (lr, o, g) => step(optim.adagrad(lr, o), g), [() => 0.1, () => undefined, grads], { options: { 1: ["initialAccumulatorValue", "eps"] } }),
  sig("optim.lion", (lr, o, g) => step(optim.lion(lr, o), g), [() => 0.1, () => undefined, grads], { options: { 1: ["b1", "b2", "muDtype", "weightDecay", "mask"] } }),
  sig("optim.adam(schedule)", (lr, g) => step(optim.adam(lr), g), [() => optim.constantSchedule(0.1), grads], { functionPositions: [0] }),
  sig("optim.adam.update(state)", (st) => optim.adam(0.1).update(grads(), st, params()), [() => optim.adam(0.1).init(params())]),
  sig("optim.scaleByAdam.update(state)", (st) => optim.scaleByAdam().update(grads(), st), [() => optim.scaleByAdam().init(params())]),
  sig("optim.masked.update(state)", (st) => optim.masked(optim.scale(2), { w: true }).update(grads(), st), [() => optim.masked(optim.scale(2), { w: true }).init(params())]),
  sig("optim.identity", (g) => step(optim.identity(), g), [grads]),
  sig("optim.chain", (a, b) => step(optim.chain(a, b)), [() => optim.scale(2), () => optim.clip(1)]),
  sig("optim.applyUpdates", optim.applyUpdates, [params, grads]),
  sig("optim.safeIncrement", optim.safeIncrement, [() => np.array(3, "int32")]),
  sig("optim.globalNorm", optim.globalNorm, [grads]),
  sig("optim.scale", (a) => step(optim.scale(a)), [() => 2]),
  sig("optim.scaleByLearningRate", (lr, o) => step(optim.scaleByLearningRate(lr, o)), [() => 0.1, () => ({ flipSign: false })], { options: { 1: ["flipSign"] } }),
  sig("optim.scaleBySchedule", (f) => step(optim.scaleBySchedule(f)), [() => (c: Tensor) => np.multiply(c, 0.5)], { functionPositions: [0] }),
  sig("optim.trace", (o) => step(optim.trace(o)), [() => ({ decay: 0.9 })], { options: { 0: ["decay", "nesterov", "accumulatorDtype"] } }),
  sig("optim.scaleByAdam", (o) => step(optim.scaleByAdam(o)), [() => undefined], { options: { 0: ADAM_KEYS } }),
  sig("optim.scaleByRms", (o) => step(optim.scaleByRms(o)), [() => ({ biasCorrection: true })], { options: { 0: RMS_KEYS } }),
  sig("optim.scaleByStddev", (o) => step(optim.scaleByStddev(o)), [() => undefined], { options: { 0: RMS_KEYS } }),
  sig("optim.scaleByRss", (o) => step(optim.scaleByRss(o)), [() => undefined], { options: { 0: ["initialAccumulatorValue", "eps"] } }),
  sig("optim.scaleByLion", (o) => step(optim.scaleByLion(o)), [() => undefined], { options: { 0: ["b1", "b2", "muDtype"] } }),
  sig("optim.clip", (a) => step(optim.clip(a)), [() => 1]),
  sig("optim.clipByGlobalNorm", (a) => step(optim.clipByGlobalNorm(a)), [() => 1]),
  sig("optim.addDecayedWeights", (wd, mask) => step(optim.addDecayedWeights(wd, mask)), [() => 0.1, () => ({ w: true })], { functionPositions: [1] }),
  sig("optim.masked", (inner, mask) => step(optim.masked(inner, mask)), [() => optim.scale(2), () => ({ w: false })], { functionPositions: [1] }),
  sig("optim.constantSchedule", (v, c) => optim.constantSchedule(v)(c), [() => 0.1, () => 3]),
  sig("optim.polynomialSchedule", (o, c) => optim.polynomialSchedule(o)(c), [() => ({ initValue: 1, endValue: 0, power: 2, transitionSteps: 10 }), () => 3], {
    options: { 0: ["initValue", "endValue", "power", "transitionSteps", "transitionBegin"] },
  }),
  sig("optim.linearSchedule", (o, c) => optim.linearSchedule(o)(c), [() => ({ initValue: 0, endValue: 1, transitionSteps: 4 }), () => 1], {
    options: { 0: ["initValue", "endValue", "transitionSteps", "transitionBegin"] },
  }),
  sig("optim.piecewiseConstantSchedule", (o, c) => optim.piecewiseConstantSchedule(o)(c), [() => ({ initValue: 1, boundariesAndScales: { 2: 0.5 } }), () => 3], {
    options: { 0: ["initValue", "boundariesAndScales"] },
  }),
  sig("optim.exponentialDecay", (o, c) => optim.exponentialDecay(o)(c), [() => ({ initValue: 1, transitionSteps: 10, decayRate: 0.5 }), () => 20], {
    options: { 0: ["initValue", "transitionSteps", "decayRate", "transitionBegin", "staircase", "endValue"] },
  }),
  sig("optim.cosineDecaySchedule", (o, c) => optim.cosineDecaySchedule(o)(c), [() => ({ initValue: 1, decaySteps: 100 }), () => 50], {
    options: { 0: ["initValue", "decaySteps", "alpha", "exponent"] },
  }),
  sig("optim.warmupCosineDecaySchedule", (o, c) => optim.warmupCosineDecaySchedule(o)(c), [() => ({ initValue: 0, peakValue: 1, warmupSteps: 10, decaySteps: 110 }), () => 5], {
    options: { 0: ["initValue", "peakValue", "warmupSteps", "decaySteps", "endValue", "exponent"] },
  }),
  sig("optim.joinSchedules", (ss, bs, c) => optim.joinSchedules(ss, bs)(c), [() => [optim.constantSchedule(1), optim.constantSchedule(2)], () => [10], () => 12]),
  // indexing, sorting, searching (issue 9 group 4) and order statistics
  sig("np.takeAlongAxis", np.takeAlongAxis, [m23, () => [[0], [2]], () => 1, () => undefined], { options: { 3: ["mode", "fillValue"] } }),
  sig("np.sort", np.sort, [m23, () => 0, () => undefined], { options: { 2: ["stable", "descending"] } }),
  sig("np.argsort", np.argsort, [m23, () => -1, () => undefined], { options: { 2: ["stable", "descending"] } }),
  sig("np.lexsort", np.lexsort, [() => [x2(), y2()], () => -1]),
  sig("np.searchsorted", np.searchsorted, [() => np.array([1, 2, 3]), () => np.array([2.5, 0]), () => undefined], { options: { 2: ["side", "sorter"] } }),
  sig("np.select", np.select, [() => [np.array([true, false])], () => [x2()], () => 0]),
  sig("lax.topK", lax.topK, [() => np.array([1, 3, 2]), () => 2]),
  sig("np.diag", np.diag, [x2, () => 1]),
  sig("np.diagflat", np.diagflat, [m23, () => 0]),
  sig("np.diagonal", np.diagonal, [m23, () => 0, () => 0, () => 1]),
  sig("np.trace", np.trace, [m23, () => 0, () => 0, () => 1, () => undefined], { options: { 4: ["dtype"] } }),
  sig("np.tri", np.tri, [() => 3, () => 4, () => 1, () => undefined], { options: { 3: ["dtype"] } }),
  sig("np.tril", np.tril, [m23, () => 0]),
  sig("np.triu", np.triu, [m23, () => 0]),
  sig("np.trilIndices", np.trilIndices, [() => 3, () => 0, () => 3]),
  sig("np.triuIndices", np.triuIndices, [() => 3, () => 0, () => 3]),
  sig("np.trilIndicesFrom", np.trilIndicesFrom, [m23, () => 0]),
  sig("np.triuIndicesFrom", np.triuIndicesFrom, [m23, () => 0]),
  sig("np.diagIndices", np.diagIndices, [() => 3, () => 2]),
  sig("np.diagIndicesFrom", np.diagIndicesFrom, [() => np.zeros([2, 2])]),
  sig("np.indices", np.indices, [() => [2, 3], () => undefined], { options: { 1: ["dtype", "sparse"] } }),
  sig("np.meshgrid", np.meshgrid, [x2, y2, () => ({ indexing: "xy" })], { options: { 2: ["indexing", "sparse", "copy"] } }),
  sig("np.fromfunction", np.fromfunction, [() => (i: Tensor, j: Tensor) => np.add(i, j), () => [2, 2], () => undefined], { functionPositions: [0], options: { 2: ["dtype"] } }),
  sig("np.applyAlongAxis", np.applyAlongAxis, [() => (v: Tensor) => np.sum(v), () => 1, m23], { functionPositions: [0] }),
  sig("np.applyOverAxes", np.applyOverAxes, [() => (v: Tensor, a: number) => np.sum(v, a), m23, () => [0]], { functionPositions: [0] }),
  sig("np.nonzero", np.nonzero, [m23, () => undefined], { options: { 1: ["size", "fillValue"] } }),
  sig("np.flatnonzero", np.flatnonzero, [m23, () => undefined], { options: { 1: ["size", "fillValue"] } }),
  sig("np.argwhere", np.argwhere, [m23, () => undefined], { options: { 1: ["size", "fillValue"] } }),
  sig("np.unique", np.unique, [() => np.array([3, 1, 3]), () => undefined], { options: { 1: ["returnIndex", "returnInverse", "returnCounts", "axis", "equalNan", "size", "fillValue"] } }),
  sig("np.median", np.median, [m23, () => 0, () => undefined], { options: { 2: ["keepdims"] } }),
  sig("np.nanmedian", np.nanmedian, [m23, () => 0, () => undefined], { options: { 2: ["keepdims"] } }),
  sig("np.quantile", np.quantile, [m23, () => 0.3, () => 1, () => undefined], { options: { 3: ["method", "keepdims"] } }),
  sig("np.nanquantile", np.nanquantile, [m23, () => 0.3, () => 1, () => undefined], { options: { 3: ["method", "keepdims"] } }),
  sig("np.percentile", np.percentile, [m23, () => 30, () => 1, () => undefined], { options: { 3: ["method", "keepdims"] } }),
  sig("np.nanpercentile", np.nanpercentile, [m23, () => 30, () => 1, () => undefined], { options: { 3: ["method", "keepdims"] } }),
  method("slice(advanced)", (x, ...specs) => x.slice(...specs), [() => np.array([1, 0], { dtype: "int32" }), () => np.array([2, 2], { dtype: "int32" })]),
  method("at.get", (x, o, ...specs) => x.at(...specs).get(o), [() => undefined, () => np.array([1, 0], { dtype: "int32" })]),
  method("at.multiply", (x, v, o, ...specs) => x.at(...specs).multiply(v, o), [() => 2, () => undefined, () => np.array([1, 1], { dtype: "int32" })]),
  method("at.min", (x, v, ...specs) => x.at(...specs).min(v), [() => 0, () => 1]),
  method("at.max", (x, v, ...specs) => x.at(...specs).max(v), [() => 9, () => np.array([0, 0], { dtype: "int32" })]),
  // Tensor: np.newaxis in slice, iteration along axis 0
  method("slice(newaxis)", (x, ...specs) => x.slice(...specs), [() => np.newaxis, () => 0, () => np.newaxis]),
  // a 0-d tensor is not iterable: JavaScript's own TypeError at the spread, as numpy's (spec/api/iterate.spec.ts)
  sig("Tensor[Symbol.iterator]", (v) => {
    const t = np.asarray(v);
    return t.ndim === 0 ? t : [...t];
  }, [m23]),
  // linear algebra (linalgSignatures.ts)
  ...linalgSignatures,
  // testing helpers
  sig("checkGrads", checkGrads, [() => sumSq, () => [x2()], () => ({ order: 1 })], {
    functionPositions: [0],
    options: { 2: ["order", "modes", "eps", "atol", "rtol", "argnums", "seed"] },
  }),
  sig("checkGradsEither", checkGradsEither, [() => np.sin, () => [x2()], () => undefined], { functionPositions: [0] }),
  sig("arbShape", arbShape, [() => ({ maxRank: 2 })], { options: { 0: ["minRank", "maxRank", "minDim", "maxDim"] } }),
  sig("arbTensor", arbTensor, [() => ({ shape: [2] })], { options: { 0: ["shape", "dtype", "min", "max"] } }),
  sig("arbBroadcastShapes", arbBroadcastShapes, [() => 2, () => undefined]),
  sig("arbProgram", arbProgram, [() => ({ maxStatements: 3 })], { options: { 0: ["minStatements", "maxStatements", "minInputs", "maxInputs", "ops", "exclude", "maxRank", "maxSize"] } }),
];
