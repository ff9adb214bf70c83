/**
 * Rows for issue 9's group 7 (nn, without nn.initializers): the activations,
 * standardize, logmeanexp, log1mexp and dotProductAttention. Expected values
 * are JAX's definitions (jax/_src/nn/functions.py) evaluated once with numpy
 * 2.4.6 and scipy 1.17.1 in float64 (the formula next to each pin; log1mexp
 * with mpmath), attention by an einsum reference of JAX's XLA path. Random
 * inputs keep away from the kinks, where the derivative is JAX's convention
 * (checked in the rows' own checks) rather than a limit of differences.
 */
import { expect } from "vitest";
import fc from "fast-check";
import { ArgumentError, DTypeError, grad, jit, nn, np, random, ShapeError, vmap, type Tensor } from "../../../lib/index.ts";
import { awayFromZero, f64, type Row } from "../harness.ts";

/** Reals in [lo, hi] at least `gap` away from each of `kinks`. */
const awayFrom = (kinks: number[], lo: number, hi: number, gap = 0.05) =>
  fc.double({ min: lo, max: hi, noNaN: true }).filter((v) => kinks.every((k) => Math.abs(v - k) >= gap));

const X = [-3, -1, -0.5, 0, 0.5, 1, 3];
const derivative = (f: (x: Tensor) => Tensor, at: number) => grad((x: Tensor) => f(x))(np.array(at)).item();

// attention inputs: B = 1, T = 2, N = 2 query heads, K = 1 key/value head, H = 2, S = 3
const Q = [[[[0.13, -0.13], [0.64, 0.1]], [[-0.54, 0.36], [1.3, 0.95]]]];
const KEY = [[[[-0.7, -1.27]], [[-0.62, 0.04]], [[-2.33, -0.22]]]];
const VALUE = [[[[-1.25, -0.73]], [[-0.54, -0.32]], [[0.41, 1.04]]]];

export const activationRows: Row[] = [
  {
    name: "nn.gelu",
    values: [
      // x/2·(1 + tanh(√(2/π)(x + 0.044715x³))), JAX's default
      { args: [X], out: [-0.0036373920817729943, -0.1588080093917233, -0.15428599017485606, 0, 0.34571400982514394, 0.8411919906082768, 2.996362607918227] },
      // x/2·erfc(−x/√2)
      { args: [X, { approximate: false }], out: [-0.004049694094890288, -0.15865525393145707, -0.15426876936299347, 0, 0.3457312306370065, 0.8413447460685429, 2.99595030590511] },
      { args: [np.array([1, 2], { dtype: "int32" })], out: [0.8411919906082768, 1.954597694087775] },
    ],
    errors: [
      { args: [[1], { approximate: "no" }], type: ArgumentError, match: /boolean/ },
      { args: [[1], { approx: false }], type: ArgumentError, match: /unknown option "approx"/ },
    ],
    args: [f64([2, 3], -3, 3)],
  },
  { name: "nn.gelu", label: "exact", f: (x: Tensor) => nn.gelu(x, { approximate: false }), args: [f64([2, 3], -3, 3)] },
  {
    name: "nn.elu",
    values: [
      { args: [X], out: [-0.950212931632136, -0.6321205588285577, -0.3934693402873666, 0, 0.5, 1, 3] }, // where(x > 0, x, expm1(x))
      { args: [X, 2], out: [-1.900425863264272, -1.2642411176571153, -0.7869386805747332, 0, 0.5, 1, 3] },
    ],
    f: (x: Tensor, alpha: Tensor) => nn.elu(x, alpha),
    args: [f64([2, 3], awayFromZero(0.05, 3)), f64([3], 0.5, 2)],
  },
  {
    name: "nn.celu",
    values: [{ args: [X, 2], out: [-1.5537396797031404, -0.7869386805747332, -0.44239843385719024, 0, 0.5, 1, 3] }], // max(x, 0) + 2·expm1(min(x, 0)/2)
    f: (x: Tensor, alpha: Tensor) => nn.celu(x, alpha),
    args: [f64([2, 3], awayFromZero(0.05, 3)), f64([3], 0.5, 2)],
  },
  {
    name: "nn.selu",
    values: [{ args: [X], out: [-1.6705687287671118, -1.1113307378125625, -0.6917581878028713, 0, 0.5253504936777402, 1.0507009873554805, 3.1521029620664414] }], // λ·elu(x, α)
    args: [f64([2, 3], awayFromZero(0.05, 3))],
  },
  {
    name: "nn.glu",
    values: [
      { args: [[[1, 2, 0, 100], [-1, 0.5, 3, -2]]], out: [[0.5, 2], [-0.9525741268224334, 0.05960146101105877]] }, // x[:, :2]·σ(x[:, 2:])
      { args: [[[1, 2, 0, 100], [-1, 0.5, 3, -2]], 0], out: [[0.2689414213699951, 1.2449186624037092, 0, 11.920292202211755]] },
    ],
    errors: [
      { args: [[1, 2, 3]], type: ShapeError, match: /even/ },
      { args: [5], type: ShapeError },
      { args: [[1, 2], 1], type: ArgumentError },
    ],
    args: [f64([2, 4])],
  },
  {
    name: "nn.silu",
    label: "and nn.swish",
    values: [{ args: [X], out: [-0.14227761953270035, -0.2689414213699951, -0.1887703343990727, 0, 0.3112296656009273, 0.7310585786300049, 2.8577223804673] }], // x·σ(x)
    args: [f64([2, 3], -5, 5)],
    check: () => expect(nn.swish).toBe(nn.silu),
  },
  {
    name: "nn.mish",
    values: [{ args: [X], out: [-0.1456474612756246, -0.30340146137410895, -0.22074377465173, 0, 0.3752452113048951, 0.8650983882673103, 2.986535004967957] }], // x·tanh(softplus(x))
    args: [f64([2, 3], -5, 5)],
  },
  {
    name: "nn.relu6",
    values: [{ args: [[-1, 0, 3, 6, 7, NaN]], out: [0, 0, 3, 6, 6, NaN] }],
    args: [f64([2, 3], awayFrom([0, 6], -2, 8))],
    check: () => {
      // JAX's custom rule: 0 at both kinks
      expect([0, 6, 3].map((v) => derivative(nn.relu6, v))).toEqual([0, 0, 1]);
      expect(jit(grad((x: Tensor) => nn.relu6(x)))(6).item()).toBe(0);
    },
  },
  {
    name: "nn.hardSigmoid",
    values: [{ args: [[-4, -3, 0, 1, 3, 4]], out: [0, 0, 0.5, 0.6666666666666666, 1, 1] }], // relu6(x + 3)/6
    args: [f64([2, 3], awayFrom([-3, 3], -5, 5))],
  },
  {
    name: "nn.hardSilu",
    label: "and nn.hardSwish",
    values: [{ args: [[-4, -3, 0, 1, 3, 4]], out: [-0, -0, 0, 0.6666666666666666, 3, 4] }], // x·relu6(x + 3)/6
    args: [f64([2, 3], awayFrom([-3, 3], -5, 5))],
    check: () => expect(nn.hardSwish).toBe(nn.hardSilu),
  },
  {
    name: "nn.hardTanh",
    values: [{ args: [[-2, -1, 0.5, 1, 2, NaN]], out: [-1, -1, 0.5, 1, 1, NaN] }], // where(x > 1, 1, where(x < −1, −1, x))
    args: [f64([2, 3], awayFrom([-1, 1], -3, 3))],
    check: () => expect([-1, 1, 2].map((v) => derivative(nn.hardTanh, v))).toEqual([1, 1, 0]), // JAX's: 1 at ±1
  },
  {
    name: "nn.softSign",
    values: [{ args: [X], out: [-0.75, -0.5, -0.3333333333333333, 0, 0.3333333333333333, 0.5, 0.75] }], // x/(|x| + 1)
    args: [f64([2, 3], awayFromZero(0.05, 5))],
  },
  {
    name: "nn.sparsePlus",
    values: [{ args: [[-2, -1, 0.5, 1, 2]], out: [0, 0, 0.5625, 1, 2] }], // where(x <= −1, 0, where(x >= 1, x, (x + 1)²/4))
    args: [f64([2, 3], awayFrom([-1, 1], -3, 3))],
  },
  {
    name: "nn.sparseSigmoid",
    values: [{ args: [[-2, -1, 0.5, 1, 2]], out: [0, 0, 0.75, 1, 1] }], // ½·clip(x + 1, 0, 2)
    args: [f64([2, 3], awayFrom([-1, 1], -3, 3))],
  },
  {
    name: "nn.squareplus",
    values: [
      { args: [X], out: [0.30277563773199456, 0.6180339887498949, 0.7807764064044151, 1, 1.2807764064044151, 1.618033988749895, 3.302775637731995] }, // (x + √(x² + 4))/2
      { args: [X, 1], out: [0.08113883008418976, 0.20710678118654757, 0.30901699437494745, 0.5, 0.8090169943749475, 1.2071067811865475, 3.08113883008419] },
    ],
    f: (x: Tensor, b: Tensor) => nn.squareplus(x, b),
    args: [f64([2, 3], -5, 5), f64([3], 0.5, 4)],
  },
  {
    name: "nn.identity",
    values: [
      { args: [[1, 2]], out: [1, 2] },
      { args: [np.array([3], { dtype: "int32" })], out: [3], dtype: "int32" },
    ],
    errors: [{ args: [{}], type: ArgumentError }],
    args: [f64([2, 3])],
  },
  {
    name: "nn.standardize",
    values: [
      // (x − E[x])/√(E[x²] − E[x]² + 1e-5) along the last axis
      { args: [[[1, 2, 3], [4, 0, -4]]], out: [[-1.22473568590839, 0, 1.22473568590839], [1.2247442972928344, 0, -1.2247442972928344]], rtol: 2e-15 },
      { args: [[[1, 2, 3], [4, 0, -4]], 0], out: [[-0.9999977777851852, 0.9999950000374997, 0.9999995918369846], [0.9999977777851852, -0.9999950000374997, -0.9999995918369846]], rtol: 2e-15 },
      { args: [[[1, 2, 3], [4, 0, -4]], -1, { mean: 1, variance: 2 }], out: [[0, 0.7071050134262237, 1.4142100268524473], [2.1213150402786707, -0.7071050134262237, -3.5355250671311182]] },
    ],
    errors: [
      { args: [[1, 2], 1], type: ArgumentError },
      { args: [[1, 2], -1, { eps: 1 }], type: ArgumentError, match: /unknown option "eps"/ },
    ],
    // rows spread out (x plus 0, 1.5, 3): with nearly equal values the variance approaches 0 and 1/√(var + ε)
    // is too curved for central differences
    f: (x: Tensor) => nn.standardize(np.add(x, [0, 1.5, 3])),
    args: [f64([2, 3], -0.5, 0.5)],
  },
  {
    name: "nn.standardize",
    label: "given mean and variance",
    f: (x: Tensor, m: Tensor, v: Tensor) => nn.standardize(x, -1, { mean: m, variance: v }),
    args: [f64([2, 3]), f64([2, 1]), f64([2, 1], 0.5, 2)],
  },
  {
    name: "nn.logmeanexp",
    values: [
      { args: [[[1, 2, 3], [4, 0, -4]]], out: 2.660368395240505 }, // logsumexp(x) − log 6
      { args: [[[1, 2, 3], [4, 0, -4]], 1], out: [2.3089936757762706, 2.919867013926548] },
      { args: [[[1, 2, 3], [4, 0, -4]], 1, true], out: [[2.3089936757762706], [2.919867013926548]] },
    ],
    errors: [{ args: [[1, 2], 0, "yes"], type: ArgumentError, match: /keepdims/ }],
    f: (x: Tensor) => nn.logmeanexp(x, 1),
    args: [f64([2, 3], -5, 5)],
  },
  {
    name: "nn.log1mexp",
    values: [
      // mpmath log(−expm1(−x))
      { args: [[1e-10, 0.5, Math.LN2, 1, 50, 800]], out: [-23.025850929990458, -0.9327521295671886, -0.6931471805599453, -0.4586751453870819, -1.9287498479639178e-22, 0] },
      { args: [[0, -1]], out: [-Infinity, NaN] },
    ],
    args: [f64([2, 3], 0.05, 5)],
  },
  {
    name: "nn.dotProductAttention",
    values: [
      // softmax(QKᵀ/√H)V with K's one head shared by both query heads (einsum reference)
      {
        args: [Q, KEY, VALUE],
        out: [[[[-0.5278261924123893, -0.07585033852820577], [-0.6231870324229951, -0.21047457299358777]], [[-0.2052921622422807, 0.28581062896536036], [-0.6092177507329571, -0.2692586195293831]]]],
      },
      {
        args: [Q, KEY, VALUE, null, null, { isCausal: true }],
        out: [[[[-1.25, -0.73], [-1.25, -0.73]], [[-0.8416383240740972, -0.49418551108504205], [-0.7375040818846257, -0.43405165291929093]]]],
      },
      {
        args: [Q, KEY, VALUE, [[[[0, 1, -1]]]], null, { scale: 0.5 }],
        out: [[[[-0.649045210613307, -0.317294751714693], [-0.6567802932538161, -0.3430577854546607]], [[-0.5507544082399721, -0.21549550742192408], [-0.6180043169995892, -0.3390120021069702]]]],
      },
      {
        args: [Q, KEY, VALUE, null, [[[[true, false, true]]]]],
        out: [[[[-0.5217237818429268, 0.046535485625312956], [-0.6856422280378272, -0.12824502628129764]], [[-0.07335134161442197, 0.5246193526159476], [-0.7328759197657544, -0.17860866143697895]]]],
      },
      // 3-d inputs (no batch axis) give 3-d output
      {
        args: [Q[0], KEY[0], VALUE[0]],
        out: [[[-0.5278261924123893, -0.07585033852820577], [-0.6231870324229951, -0.21047457299358777]], [[-0.2052921622422807, 0.28581062896536036], [-0.6092177507329571, -0.2692586195293831]]],
      },
    ],
    errors: [
      { args: [np.ones([1, 2, 3, 2]), np.ones([1, 3, 2, 2]), np.ones([1, 3, 2, 2])], type: ShapeError, match: /multiple/ },
      { args: [np.ones([1, 2, 2, 2]), np.ones([1, 3, 1, 3]), np.ones([1, 3, 1, 3])], type: ShapeError, match: /query/ },
      { args: [np.ones([1, 2, 2, 2]), np.ones([1, 3, 1, 2]), np.ones([1, 4, 1, 2])], type: ShapeError, match: /value/ },
      { args: [np.ones([1, 2, 2, 2]), np.ones([1, 3, 1, 2]), np.ones([1, 3, 1, 2]), null, np.ones([1, 1, 2, 3])], type: DTypeError, match: /bool/ },
      { args: [np.ones([1, 2, 2, 2]), np.ones([1, 3, 1, 2]), np.ones([1, 3, 1, 2]), np.ones([1, 1, 2, 4])], type: ShapeError, match: /bias/ },
      { args: [np.ones([1, 2, 2, 2]), np.ones([1, 3, 1, 2]), np.ones([1, 3, 1, 2]), null, null, { causal: true }], type: ArgumentError, match: /unknown option/ },
    ],
    // grouped query heads (N = 4, K = 2), causal, with a bias
    f: (q: Tensor, k: Tensor, v: Tensor, b: Tensor) => nn.dotProductAttention(q, k, v, b, null, { isCausal: true }),
    args: [f64([2, 3, 4, 2]), f64([2, 3, 2, 2]), f64([2, 3, 2, 2]), f64([1, 4, 3, 3])],
    check: () => {
      // a fully masked row attends uniformly (no NaN), and padding lengths mask keys and zero queries
      const q = random.normal(random.key(0), [2, 3, 2, 4]);
      const kv = random.normal(random.key(1), [2, 5, 1, 4]);
      const none = np.zeros([1, 1, 3, 5], { dtype: "bool" });
      const uniform = nn.dotProductAttention(q, kv, kv, null, none);
      expect(np.allclose(uniform, np.broadcastTo(np.mean(kv, 1, true), [2, 3, 2, 4]), { rtol: 1e-14, atol: 1e-14 })).toBe(true);
      const lengths = { querySeqLengths: np.array([3, 2], { dtype: "int32" }), keyValueSeqLengths: np.array([5, 2], { dtype: "int32" }) };
      const padded = nn.dotProductAttention(q, kv, kv, null, null, lengths);
      const trimmed = nn.dotProductAttention(q.slice(1, [0, 2]), kv.slice(1, [0, 2]), kv.slice(1, [0, 2]));
      expect(np.allclose(padded.slice(1, [0, 2]), trimmed, { rtol: 1e-14, atol: 1e-14 })).toBe(true);
      expect(padded.slice(1, 2).toArray()).toEqual(np.zeros([2, 4]).toArray());
      // a local window of 0 attends to the same position only
      const square = random.normal(random.key(2), [1, 4, 1, 2]);
      expect(nn.dotProductAttention(square, square, square, null, null, { localWindowSize: 0 }).toArray()).toEqual(square.toArray());
      // vmap over a leading axis equals the batched call
      const many = random.normal(random.key(3), [3, 2, 3, 2, 4]);
      const kvs = random.normal(random.key(4), [3, 2, 5, 1, 4]);
      const mapped = vmap((a: Tensor, b: Tensor) => nn.dotProductAttention(a, b, b))(many, kvs);
      expect(mapped.shape).toEqual([3, 2, 3, 2, 4]);
    },
  },
];
