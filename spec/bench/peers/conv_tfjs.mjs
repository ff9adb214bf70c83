// TensorFlow.js (backends set up as bench_tfjs.mjs does) on the C1 units: two convolutions
// of a small CNN, the loss (C1f) or its value and gradient (C1g), with the peers' own
// harness; run by `npm run bench` from a bench-peers folder (cwd). tfjs convolves NHWC
// images with HWIO filters: the inputs are tracegrad's NCHW/OIHW arrays
// (spec/bench/units.ts) transposed once, outside the timed call, so the loss is the same
// number. tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so C1g runs on the
// cpu backend only (on wasm it stops with "Kernel 'Conv2DBackpropFilter' not registered").
//
// usage (cwd = the peers folder): node --expose-gc <this file> --unit=C1f|C1g [--backend=wasm|cpu]
import { peerModule } from "./modules.mjs";

const { ARGS, timeIt, report, det, sumAbs, pkgVersion } = await import(peerModule("./harness.mjs"));
const tf = await import(peerModule("@tensorflow/tfjs-core"));
// tfjs-core alone registers no gradients; the union package's node bundle registers them into the shared core
await import(peerModule("@tensorflow/tfjs"));
await import(peerModule("@tensorflow/tfjs-backend-cpu"));
await import(peerModule("@tensorflow/tfjs-backend-wasm"));

const backend = ARGS.backend ?? "wasm";
const unit = ARGS.unit ?? "C1g";
if (unit !== "C1f" && unit !== "C1g") throw new Error(`conv_tfjs.mjs: units C1f and C1g only, got ${unit}`);
const ok = await tf.setBackend(backend);
await tf.ready();
if (!ok || tf.getBackend() !== backend) throw new Error(`backend ${backend} failed to initialise`);

const x = tf.transpose(tf.tensor4d(det(64 * 28 * 28, 31, 1), [64, 1, 28, 28]), [0, 2, 3, 1]);
const w1 = tf.variable(tf.transpose(tf.tensor4d(det(32 * 9, 32, 1 / 3), [32, 1, 3, 3]), [2, 3, 1, 0]));
const w2 = tf.variable(tf.transpose(tf.tensor4d(det(64 * 32 * 9, 33, 1 / Math.sqrt(288)), [64, 32, 3, 3]), [2, 3, 1, 0]));
const loss = (a, b) => {
  const h1 = tf.relu(tf.conv2d(x, a, 1, "valid"));
  const h2 = tf.relu(tf.conv2d(h1, b, 1, "valid"));
  return tf.mean(h2);
};
const vg = tf.valueAndGrads(loss);
let gcheck = null;
const before = tf.memory().numTensors;
const r = await timeIt(() =>
  tf.tidy(() => {
    if (unit === "C1f") return loss(w1, w2).dataSync()[0];
    const { value, grads } = vg([w1, w2]);
    if (gcheck === null) gcheck = { w1: sumAbs(grads[0].dataSync()), w2: sumAbs(grads[1].dataSync()) };
    return value.dataSync()[0];
  }),
);
r.leaked_tensors = tf.memory().numTensors - before;
report({
  lib: "tfjs", version: `core ${pkgVersion("@tensorflow/tfjs-core")}, backend-${backend} ${pkgVersion("@tensorflow/tfjs-backend-" + backend)}`,
  backend, variant: "eager", unit, bench: unit, dtype: "float32", ...r, first: undefined, last: undefined, check: unit === "C1f" ? { loss: r.last } : { loss: r.last, sumabs_grad: gcheck },
});
