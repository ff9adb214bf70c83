/**
 * `npm run fuzz`: the properties of spec/testing/fuzz.spec.ts (grad vs
 * central differences, jvp vs vjp, jit, vmap, jaxpr typechecking, checkGrads
 * to order 2) over many random programs. It prints the seed first, so a
 * failure can be replayed; fast-check also prints the seed and path of the
 * shrunk counterexample, and the program as code.
 *
 *   npm run fuzz                                  5000 programs per property, a random seed
 *   FUZZ_RUNS=20000 FUZZ_SEED=42 npm run fuzz     more programs, a fixed seed
 *   FUZZ_SEED=42 FUZZ_PATH="17:3:0" npm run fuzz  replay one counterexample
 *   npm run fuzz -- -t "vmap"                     one property (vitest's -t filter)
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = process.env.FUZZ_RUNS || "5000";
const seed = process.env.FUZZ_SEED || String(Math.floor(Math.random() * 2 ** 31));
if (!/^\d+$/.test(runs) || !/^-?\d+$/.test(seed)) {
  console.error(`fuzz: FUZZ_RUNS (${runs}) and FUZZ_SEED (${seed}) must be integers.`);
  process.exit(2);
}
const path = process.env.FUZZ_PATH ? ` FUZZ_PATH=${process.env.FUZZ_PATH}` : "";
console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_RUNS=${runs}${path}`);
console.log(`fuzz: replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz`);

const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", "spec/testing/fuzz.spec.ts", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed },
});
if (result.error) console.error(`fuzz: could not start vitest: ${result.error.message}`);
process.exit(result.status ?? 1);
