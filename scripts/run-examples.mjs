/**
 * `npm run test:examples`: runs every examples/NN_*.ts under Node (tsx) and
 * under Deno, two processes at a time, with `--quick` (examples that train
 * for a while, such as MNIST, then train briefly). A run passes when it exits 0; a Deno
 * run must also print byte-for-byte what the Node run printed. One line per
 * example and runner, then "N passed, M failed"; exits 1 on any failure.
 */
import { listExamples, runExample } from "./examples.mjs";

const PARALLEL = 2;
const RUNNERS = ["node", "deno"];

const jobs = listExamples().flatMap(({ name, path }) => RUNNERS.map((runner) => ({ name, path, runner })));

// a small pool: each worker takes the next job; results are printed in job order
const results = jobs.map(() => {
  let settle;
  const promise = new Promise((resolve) => (settle = resolve));
  return { promise, settle };
});
let next = 0;
async function worker() {
  while (next < jobs.length) {
    const i = next++;
    results[i].settle(await runExample(jobs[i].runner, jobs[i].path, { args: ["--quick"] }));
  }
}
const workers = Array.from({ length: PARALLEL }, worker);

const tail = (text, lines = 25) => text.trimEnd().split("\n").slice(-lines).map((l) => `      ${l}`).join("\n");
const outputs = new Map(); // example name -> Node's stdout
let passed = 0;
let failed = 0;
for (const [i, { name, runner }] of jobs.entries()) {
  const { code, stdout, stderr, seconds } = await results[i].promise;
  let problem = code === 0 ? "" : `exit code ${code}`;
  if (runner === "node") outputs.set(name, stdout);
  else if (!problem && outputs.get(name) && !stdout.equals(outputs.get(name))) problem = "output differs from Node's";
  if (problem) failed++;
  else passed++;
  console.log(`${problem ? "FAIL" : "ok  "} ${name.padEnd(36)} ${runner.padEnd(5)} ${seconds.toFixed(1).padStart(5)}s${problem ? `  ${problem}` : ""}`);
  if (problem === "output differs from Node's") console.log(firstDifference(outputs.get(name), stdout));
  else if (problem) console.log(tail(stderr || stdout.toString("utf8")));
}
await Promise.all(workers);

/** The first line where the two outputs differ, for the report. */
function firstDifference(nodeOut, denoOut) {
  const [a, b] = [nodeOut.toString("utf8").split("\n"), denoOut.toString("utf8").split("\n")];
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i === -1 ? a.length : i;
  return `      line ${at + 1}:\n      node: ${JSON.stringify(a[at])}\n      deno: ${JSON.stringify(b[at])}`;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
