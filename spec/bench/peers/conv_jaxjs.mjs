// jax-js on the C1 units (two convolutions of a small CNN: the loss, C1f, or its value and
// gradient, C1g), with the peers' own harness: run by `npm run bench` from a bench-peers
// folder (cwd), which holds harness.mjs and node_modules/@jax-js/jax. One unit per
// process, as bench_jaxjs.mjs.
//
// usage (cwd = the peers folder): node --expose-gc <this file> --unit=C1f|C1g --variant=eager|jit
//
// The inputs are tracegrad's (spec/bench/units.ts, CNN): x [64, 1, 28, 28] = det(·, 31),
// w1 [32, 1, 3, 3] = det(·, 32, 1/3), w2 [64, 32, 3, 3] = det(·, 33, 1/sqrt(288)), NCHW/OIHW;
// L = mean(relu(conv(relu(conv(x, w1)), w2))), "VALID", stride 1; C1g: value and grad w.r.t. w1, w2.
// jax-js arrays are reference counted (functions consume their arguments: .ref keeps them) and
// lazy (each call forces the value with dataSync and the gradients with blockUntilReady).
import { peerModule } from "./modules.mjs";

const { ARGS, timeIt, report, det, sumAbs, pkgVersion } = await import(peerModule("./harness.mjs"));
const { numpy: np, nn, lax, valueAndGrad, jit, init, defaultDevice, blockUntilReady, tree } = await import(peerModule("@jax-js/jax"));

const unit = ARGS.unit ?? "C1g";
const variant = ARGS.variant ?? "eager";
if (unit !== "C1f" && unit !== "C1g") throw new Error(`conv_jaxjs.mjs: units C1f and C1g only, got ${unit}`);
const available = await init("wasm");
if (!available.includes("wasm")) throw new Error(`device wasm not available: ${available}`);
defaultDevice("wasm");

const fromF32 = (a, shape) => np.array(a).reshape(shape);
const params = {
  w1: fromF32(det(32 * 9, 32, 1 / 3), [32, 1, 3, 3]),
  w2: fromF32(det(64 * 32 * 9, 33, 1 / Math.sqrt(288)), [64, 32, 3, 3]),
};
const x = fromF32(det(64 * 28 * 28, 31, 1), [64, 1, 28, 28]);
const loss = (p, x) => {
  const h1 = nn.relu(lax.convGeneralDilated(x, p.w1, [1, 1], "VALID"));
  const h2 = nn.relu(lax.convGeneralDilated(h1, p.w2, [1, 1], "VALID"));
  return np.mean(h2);
};
const J = variant === "jit" ? (f) => jit(f) : (f) => f;
const fwd = J(loss);
const vg = J(valueAndGrad(loss));
let gcheck = null;
const r = await timeIt(async () => {
  if (unit === "C1f") return fwd(tree.ref(params), x.ref).dataSync()[0];
  const [v, g] = vg(tree.ref(params), x.ref);
  await blockUntilReady(g);
  const value = v.dataSync()[0];
  if (gcheck === null) gcheck = { w1: sumAbs(g.w1.ref.dataSync()), w2: sumAbs(g.w2.ref.dataSync()) };
  tree.dispose(g);
  return value;
});
report({
  lib: "jax-js", version: pkgVersion("@jax-js/jax"), variant, unit, bench: unit, backend: "wasm", dtype: "float32",
  ...r, first: undefined, last: undefined, check: unit === "C1f" ? { loss: r.last } : { loss: r.last, sumabs_grad: gcheck },
});
process.exit(0);
