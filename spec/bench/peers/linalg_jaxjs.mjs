// jax-js on the linear-algebra units L1–L3 (spec/bench/linalgUnits.ts), with the
// peers' own harness. Run from a bench-peers folder where `npm install` was done
// (npm run bench does, with BENCH_PEERS_DIR): the harness and jax-js load from there.
//
// usage (cwd = the peers folder): node <repo>/spec/bench/peers/linalg_jaxjs.mjs --unit=L1 [--variant=eager|jit]
//
// jax-js (v0.1.x) has np.linalg.solve, eigh (Jacobi, no derivative) and slogdet with a
// gradient; float32 on the wasm backend. Inputs: the same LCG as linalgUnits.ts.
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.cwd();
const load = (file) => import(pathToFileURL(path.join(dir, file)).href);
const { ARGS, timeIt, report, pkgVersion } = await load("harness.mjs");
const { numpy: np, grad, jit, init, defaultDevice } = await load("node_modules/@jax-js/jax/dist/index.js");

const unit = ARGS.unit ?? "L1";
const variant = ARGS.variant ?? "eager";
const device = ARGS.device ?? "wasm";
const available = await init(device);
if (!available.includes(device)) throw new Error(`device ${device} not available: ${available}`);
defaultDevice(device);
const J = variant === "jit" ? (f) => jit(f) : (f) => f;
const base = { lib: "jax-js", version: pkgVersion("@jax-js/jax"), variant, unit, bench: unit, backend: device, dtype: "float32" };

/** float32(u - 0.5) of a 32-bit LCG, as linalgUnits.ts. */
function lcg(count, seed) {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 32 - 0.5;
  }
  return out;
}

function inputs() {
  const n = unit === "L3" ? 128 : 256;
  const r = lcg(n * n, unit === "L1" ? 41 : unit === "L2" ? 43 : 44);
  if (unit === "L2") {
    const s = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s[i * n + j] = (r[i * n + j] + r[j * n + i]) / 2;
    return { n, a: s };
  }
  const shift = Math.fround(Math.sqrt(n));
  for (let i = 0; i < n; i++) r[i * n + i] += shift;
  return { n, a: r, b: unit === "L1" ? lcg(n, 42) : undefined };
}

const total = (x) => x.reduce((s, v) => s + v, 0);
const { n, a, b } = inputs();
const A = np.array(a).reshape([n, n]);
let check = {};
let call;
if (unit === "L1") {
  const B = np.array(b);
  const solve = J((m, v) => np.linalg.solve(m, v));
  call = () => {
    const x = solve(A.ref, B.ref).dataSync();
    check = { x0: x[0], sum_x: total(x) };
    return x[0];
  };
} else if (unit === "L2") {
  const eigh = J((m) => np.linalg.eigh(m));
  call = () => {
    const [w, v] = eigh(A.ref);
    const values = w.dataSync();
    check = { w_min: values[0], w_max: values[n - 1], sum_w: total(values), v00_abs: Math.abs(v.dataSync()[0]) };
    return values[0];
  };
} else if (unit === "L3") {
  const gradient = J(grad((m) => np.linalg.slogdet(m)[1]));
  call = () => {
    const g = gradient(A.ref).dataSync();
    check = { g00: g[0], sum_g: total(g) };
    return g[0];
  };
} else {
  throw new Error("unknown unit " + unit);
}
const r = await timeIt(call);
report({ ...base, ...r, first: undefined, last: undefined, check });
process.exit(0);
