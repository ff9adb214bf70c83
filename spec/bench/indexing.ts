/**
 * Timing of the two typical indexing uses of issue 9 (an indication, not a
 * benchmark against the peers): a softmax cross-entropy that picks
 * `logp[i, labels[i]]`, and an embedding lookup `E.take(ids, 0)` with its
 * scatter-add gradient; each as `valueAndGrad` eagerly and under `jit`.
 * The pick is written as numpy's advanced index `logp.at(np.arange(n), labels).get()`
 * and, for comparison with the single-axis gather, as `take` of the flattened
 * `logp` at `i·C + labels[i]`.
 *
 * usage: npx tsx spec/bench/indexing.ts [--rounds=7] [--ms=300] (CPU µs per call, best round)
 */
import { jit, nn, np, random, valueAndGrad, type Tensor } from "../../lib/index.ts";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")));
const rounds = Number(args.rounds ?? 7);
const ms = Number(args.ms ?? 300);

/**
 * CPU time per call in µs (process.cpuUsage, so other processes on a loaded
 * host count less than in wall time): the least over `rounds` rounds of
 * about `ms` each, after a warm-up.
 */
function time(f: () => unknown): number {
  const w0 = performance.now();
  while (performance.now() - w0 < ms) f();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      f();
      calls++;
    }
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / calls);
  }
  return best;
}

const n = 256;
const C = 10;
const logits = random.normal(random.key(0), [n, C]);
const labels = random.randint(random.key(1), [n], 0, C);
const rows = np.arange(n);

const pickFlat = (logp: Tensor, y: Tensor) => np.take(np.reshape(logp, [n * C]), np.add(np.multiply(rows, C), y));
const hasAdvanced = typeof (np.zeros([2, 2]).at(0) as unknown as { get?: unknown }).get === "function";
const pickAt = (logp: Tensor, y: Tensor) => (logp.at(rows, y as never) as unknown as { get(): Tensor }).get();

const crossEntropy = (pick: (logp: Tensor, y: Tensor) => Tensor) => (z: Tensor, y: Tensor) =>
  np.negative(np.mean(pick(nn.logSoftmax(z), y)));

const V = 10000;
const D = 64;
const E = random.normal(random.key(2), [V, D]);
const ids = random.randint(random.key(3), [64, 32], 0, V);
const embed = (e: Tensor, i: Tensor) => np.sum(np.square(np.take(e, i, 0)));

const rowsOut: [string, number][] = [];
const run = (name: string, f: () => unknown) => rowsOut.push([name, time(f)]);

const ceFlat = valueAndGrad(crossEntropy(pickFlat));
const ceFlatJit = jit(valueAndGrad(crossEntropy(pickFlat)));
run("cross-entropy take(flat) value+grad eager", () => ceFlat(logits, labels));
run("cross-entropy take(flat) value+grad jit", () => ceFlatJit(logits, labels));
run("pick take(flat) forward eager", () => pickFlat(logits, labels));
if (hasAdvanced) {
  const ceAt = valueAndGrad(crossEntropy(pickAt));
  const ceAtJit = jit(valueAndGrad(crossEntropy(pickAt)));
  run("cross-entropy at(rows, labels).get() value+grad eager", () => ceAt(logits, labels));
  run("cross-entropy at(rows, labels).get() value+grad jit", () => ceAtJit(logits, labels));
  run("pick at(rows, labels).get() forward eager", () => pickAt(logits, labels));
}
const em = valueAndGrad(embed);
const emJit = jit(valueAndGrad(embed));
run("embedding take(E, ids[64,32], 0) value+grad eager", () => em(E, ids));
run("embedding take(E, ids[64,32], 0) value+grad jit", () => emJit(E, ids));
run("embedding take forward eager", () => np.take(E, ids, 0));

for (const [name, us] of rowsOut) console.log(`${us.toFixed(1).padStart(9)} µs  ${name}`);
