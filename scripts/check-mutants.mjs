#!/usr/bin/env node
/**
 * Proves that the spec catches kernel bugs: applies each mutant below (a
 * small textual patch to lib/, one at a time: the seven bugs issue 7 item 15
 * found the suite missing, and more of the same kind: off-by-ones at block
 * and tile boundaries, a wrong stride, a sign error in one branch of a fast
 * path) to a scratch copy of the repository, runs the focused vitest
 * selection that should catch it, and expects that run to fail. Prints each
 * mutant with the first failing test, and exits 1 if one survives (or if a
 * patch no longer applies: each `from` must occur exactly once in its file,
 * so the list keeps up with the code). Slow (one vitest run per mutant, a
 * few minutes in all); not part of `npm test`.
 *
 *     node scripts/check-mutants.mjs            # every mutant
 *     node scripts/check-mutants.mjs matmul     # those whose id contains "matmul"
 *     node scripts/check-mutants.mjs --list     # the ids and what each breaks
 *     node scripts/check-mutants.mjs --baseline # also check that the unmutated selections pass
 *     node scripts/check-mutants.mjs --all      # run each selection to the end and list every failing test
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

// the spec selections (a path that does not exist yet is skipped)
const MATMUL = ["spec/kernels/matmul.spec.ts", "spec/kernels/wasm.spec.ts", "spec/kernels/largeShapes.spec.ts", "spec/kernels/regressions.spec.ts", "spec/primitives/linalg.spec.ts"];
const MOVEMENT = ["spec/kernels/movement.spec.ts", "spec/kernels/gather.spec.ts", "spec/kernels/largeShapes.spec.ts", "spec/kernels/regressions.spec.ts", "spec/primitives/movement.spec.ts", "spec/primitives/gatherScatter.spec.ts"];
const SORT = ["spec/kernels/sort.spec.ts", "spec/primitives/gatherScatter.spec.ts", "spec/api/sorting.spec.ts"];
const REDUCE = ["spec/kernels/reduce.spec.ts", "spec/kernels/largeShapes.spec.ts", "spec/primitives/reduce.spec.ts", "spec/compile.spec.ts"];
const COMPILE = ["spec/compile.spec.ts", "spec/transforms/jit.spec.ts", "spec/testing/fuzz.spec.ts"];
const LINALG = ["spec/kernels/linalg/", "spec/primitives/decompositions.spec.ts"];
const CONV = ["spec/kernels/conv.spec.ts", "spec/kernels/convTranspose.spec.ts", "spec/kernels/largeShapes.spec.ts"];
const RULES = ["spec/primitives/elementwise.spec.ts", "spec/primitives/reduce.spec.ts", "spec/api/edges.spec.ts", "spec/transforms/autodiff.spec.ts", "spec/robustness/jax-semantics.spec.ts"];

/** Each mutant: an id, what it breaks, the file, the text replaced (once) and its replacement, and the specs expected to catch it. */
const MUTANTS = [
  // the seven bugs issue 7 item 15 found the suite missing
  {
    id: "matmul-js-columns-twice",
    issue: true,
    what: "JS matmul: the leftover loop adds columns 64 and up again to the rows of the 4x4 blocks (ones[4,8] @ ones[8,128], int32 matmul)",
    file: "lib/kernels/matmul.ts",
    from: "const jStart = i < m4 ? n4 : 0;",
    to: "const jStart = i < m4 ? Math.min(n4, J_BLOCK) : 0;",
    specs: MATMUL,
  },
  {
    id: "concatenate-run-64",
    issue: true,
    what: "concatenate: runs of 64 or more elements are copied from one element further on (two [2,64] along axis 1)",
    file: "lib/kernels/movement.ts",
    from: "dst.set(src.subarray(from, from + count), to);",
    to: "dst.set(src.subarray(from + 1, from + count + 1), to);",
    specs: MOVEMENT,
  },
  {
    id: "gather-run-64",
    issue: true,
    what: "gather: a window run of 64 or more elements is copied from one element further on (take of rows from [5,64])",
    file: "lib/kernels/gather.ts",
    from: "out.set(x.subarray(from, from + inner), o);",
    to: "out.set(x.subarray(from + 1, from + inner + 1), o);",
    specs: MOVEMENT,
  },
  {
    id: "strided-block-copy-offset",
    issue: true,
    what: "strided copy: a contiguous run of 64 or more is read at the output's position, not the input's (slice [1:] of [3,64], broadcast [2,64] to [2,3,64])",
    file: "lib/kernels/strided.ts",
    from: "out.set(x.subarray(ix, ix + innerCount), io);",
    to: "out.set(x.subarray(io, io + innerCount), io);",
    specs: MOVEMENT,
  },
  {
    id: "fused-bool-cast",
    issue: true,
    what: "fused loops store a bool result as int32 truncation (NaN, fractions and negatives become false or 253)",
    file: "lib/compile/codegen.ts",
    from: "body.push(`const v${e} = ${toStorage(expression, out.aval.dtype)};`);",
    to: 'body.push(`const v${e} = ${toStorage(expression, out.aval.dtype === "bool" ? "int32" : out.aval.dtype)};`);',
    specs: COMPILE,
  },
  {
    id: "fused-sum-compensation",
    issue: true,
    what: "a fused sum returns its running sum without the compensation (sum(2x) over [1e16, 1 x126, -1e16] is 0, not 252)",
    file: "lib/compile/codegen.ts",
    from: "totals.set(out, toStorage(compensatedSum.total(`s${e}`, `c${e}`), out.aval.dtype));",
    to: "totals.set(out, toStorage(`s${e}`, out.aval.dtype));",
    specs: COMPILE,
  },
  {
    id: "customvjp-missing-cotangent",
    issue: true,
    what: "customVjp: bwd gets another output's cotangent instead of zeros for an output the loss does not use",
    file: "lib/transforms/customVjp.ts",
    from: "const argCts = bwd(residuals as Tensor[], ops.orZeros(cts, outAvals));",
    to: "const argCts = bwd(residuals as Tensor[], ops.orZeros(cts.map((c) => c ?? cts.find((d) => d !== null) ?? null), outAvals));",
    specs: ["spec/transforms/customVjp.spec.ts", "spec/testing/checkGrads.spec.ts"],
  },
  {
    id: "checkgrads-order2-skips-vjp-map",
    issue: true,
    what: "checkGrads at order 2 differentiates the JVP map where it should differentiate the VJP map",
    file: "lib/testing/checkGrads.ts",
    from: 'if (mode === "fwd") {\n    const directions',
    to: 'if (mode === "fwd" || mode === "rev") {\n    const directions',
    specs: ["spec/testing/checkGrads.spec.ts"],
  },
  // matmul: block and tile boundaries, both paths
  {
    id: "matmul-js-k-block",
    what: "JS matmul: the k blocks of 256 skip their last index (k > 255)",
    file: "lib/kernels/matmul.ts",
    from: "const k1 = Math.min(k, k0 + K_BLOCK);",
    to: "const k1 = Math.min(k, k0 + K_BLOCK - 1);",
    specs: MATMUL,
  },
  {
    id: "matmul-js-transpose-tile",
    what: "JS matmul: B's transposing copy skips the last column of each 32-wide tile (n > 31)",
    file: "lib/kernels/matmul.ts",
    from: "const j1 = Math.min(n, j0 + tile);",
    to: "const j1 = Math.min(n, j0 + tile - 1);",
    specs: MATMUL,
  },
  // strided copies
  {
    id: "strided-tile-boundary",
    what: "strided transposed copy: each 32-row tile stops one row short (transposes with both dims over 32)",
    file: "lib/kernels/strided.ts",
    from: "const r1 = Math.min(rows, r0 + TILE);",
    to: "const r1 = Math.min(rows, r0 + TILE - 1);",
    specs: MOVEMENT,
  },
  // sorting: insertion runs of 12, then merges
  {
    id: "sort-merge-unstable",
    what: "sort: the merge passes (lanes over 12) take the right run's element on equal keys, so equal keys lose their order",
    file: "lib/kernels/sort.ts",
    from: "while (i < mid && j < hi) to[o++] = keyLess(keys, from[j], from[i]) ? from[j++] : from[i++];",
    to: "while (i < mid && j < hi) to[o++] = !keyLess(keys, from[i], from[j]) ? from[j++] : from[i++];",
    specs: SORT,
  },
  {
    id: "sort-insertion-run-boundary",
    what: "sort: each insertion-sorted run stops one element short, so the merges get an unsorted run (lanes over 11)",
    file: "lib/kernels/sort.ts",
    from: "const hi = Math.min(n, lo + INSERTION_MAX);",
    to: "const hi = Math.min(n, lo + INSERTION_MAX - 1);",
    specs: SORT,
  },
  // reductions
  {
    id: "sum-compensation-sign",
    what: "compensated summation (eager and fused): the error of each addition is taken with the wrong sign",
    file: "lib/kernels/reduce.ts",
    from: "(${s} - (sumT - sumZ)) + (${v} - sumZ)",
    to: "(${s} - (sumT - sumZ)) - (${v} - sumZ)",
    specs: REDUCE,
  },
  {
    id: "sum-kept-run-drops-error",
    what: "a sum over leading axes (kept inner run) forgets each row's rounding error",
    file: "lib/kernels/reduce.ts",
    from: "A[io + i] = s; C[io + i] = c; }",
    to: "A[io + i] = s; }",
    specs: REDUCE,
  },
  {
    id: "argmax-general-last-tie",
    what: "argmax along a leading axis (inner > 1) takes the last of tied maxima",
    file: "lib/kernels/reduce.ts",
    from: "if (v > current || (v !== v && current === current)) {",
    to: "if (v >= current || (v !== v && current === current)) {",
    specs: REDUCE,
  },
  // derivative conventions at ties and zeros
  {
    id: "max-tie-no-split",
    what: "max/min at a tie give the whole tangent to the second operand instead of half to each",
    file: "lib/core/primitives/elementwise.ts",
    from: "const half = ops.mulScalar(ops.convert(ops.eq(a, b), a.dtype), 0.5);",
    to: "const half = ops.mulScalar(ops.convert(ops.eq(a, b), a.dtype), 0);",
    specs: RULES,
  },
  {
    id: "reduce-max-tie-sum",
    what: "reduce_max/min at ties pass the sum of the tied tangents instead of their mean",
    file: "lib/core/primitives/reduce.ts",
    from: "return [[y], [ops.div(ops.reduceSum(ops.mul(t!, hits), axes), counts)]];",
    to: "return [[y], [ops.div(ops.reduceSum(ops.mul(t!, hits), axes), ops.onesLike(counts))]];",
    specs: RULES,
  },
  {
    id: "abs-at-zero",
    what: "the derivative of abs at 0 is -1 (select on x > 0 instead of x >= 0)",
    file: "lib/core/primitives/elementwise.ts",
    from: "[[ops.abs(x)], [ops.select(ops.ge(x, ops.scalar(0, x.dtype)), t!, ops.neg(t!))]]",
    to: "[[ops.abs(x)], [ops.select(ops.gt(x, ops.scalar(0, x.dtype)), t!, ops.neg(t!))]]",
    specs: RULES,
  },
  {
    id: "relu-at-zero",
    what: "nn.relu passes the tangent at 0 (x < 0 selects zero instead of x <= 0), and gives -0 for -0",
    file: "lib/api/nn.ts",
    from: "return ops.select(ops.le(t, zero), zero, t);",
    to: "return ops.select(ops.lt(t, zero), zero, t);",
    specs: RULES,
  },
  {
    id: "pow-zero-base",
    what: "pow's derivative in the base at a zero base and a zero exponent is 0·0⁻¹ = NaN (the base is not replaced there)",
    file: "lib/core/primitives/elementwise.ts",
    from: "const base = ops.select(isZero(b), ops.select(ops.isFinite(ops.div(one(a), a)), a, one(a)), a);",
    to: "const base = a;",
    specs: RULES,
  },
  {
    id: "binary-broadcast-branch-sign",
    what: "elementwise binary ops: the general loop's branch for an operand broadcast along the inner axis negates it",
    file: "lib/kernels/elementwise.ts",
    from: "const a = A[ia];\n      for (let i = 0; i < inner; i++) { const b = B[ib + i];",
    to: "const a = -A[ia];\n      for (let i = 0; i < inner; i++) { const b = B[ib + i];",
    specs: ["spec/kernels/elementwise.spec.ts", "spec/kernels/largeShapes.spec.ts", "spec/primitives/elementwise.spec.ts"],
  },
  {
    id: "fuse-new-loop-keeps-old-values",
    what: "fusion: a new loop (after a call, or past 512 equations) still counts the previous loop's values as its own registers",
    file: "lib/compile/fuse.ts",
    from: "      inLoop = new Set();\n",
    to: "",
    specs: COMPILE,
  },
  // dense linear algebra: panel boundaries of the blocked paths (order >= 64), a stride, a sign
  {
    id: "cholesky-panel-rows",
    what: "blocked Cholesky: the trailing update leaves out the last row of each panel's L21",
    file: "lib/kernels/linalg/cholesky.ts",
    from: "copyBlock(l, r0 * n + j0, n, rows, b, l21);",
    to: "copyBlock(l, r0 * n + j0, n, rows - 1, b, l21);",
    specs: LINALG,
  },
  {
    id: "lu-panel-u12",
    what: "blocked LU: U12 = L11⁻¹ A12 skips the panel's last row",
    file: "lib/kernels/linalg/lu.ts",
    from: "for (let i = j0 + 1; i < j0 + b; i++) {",
    to: "for (let i = j0 + 1; i < j0 + b - 1; i++) {",
    specs: LINALG,
  },
  {
    id: "triangular-solve-block",
    what: "blocked back substitution: each block forgets the last solved row",
    file: "lib/kernels/linalg/triangularSolve.ts",
    from: "if (i0 + b < k) subtractSolved(a, x, k, cols, transposeA, i0, b, i0 + b, k - i0 - b);",
    to: "if (i0 + b < k) subtractSolved(a, x, k, cols, transposeA, i0, b, i0 + b, k - i0 - b - 1);",
    specs: LINALG,
  },
  {
    id: "qr-block-reflector-columns",
    what: "blocked QR: the panel's block reflector leaves the last column of the trailing matrix alone",
    file: "lib/kernels/linalg/qr.ts",
    from: "applyBlockLeft(a, n, j0, j0 + b, m - j0, n - j0 - b, vt, b, t, true);",
    to: "applyBlockLeft(a, n, j0, j0 + b, m - j0, n - j0 - b - 1, vt, b, t, true);",
    specs: LINALG,
  },
  {
    id: "tridiagonal-panel-step",
    what: "blocked tridiagonal reduction (eigh, n > 64): panels step one column too far",
    file: "lib/kernels/linalg/tridiagonal.ts",
    from: "for (; n - j0 - 1 >= BLOCKED_FROM; j0 += PANEL) reducePanel(",
    to: "for (; n - j0 - 1 >= BLOCKED_FROM; j0 += PANEL + 1) reducePanel(",
    specs: LINALG,
  },
  {
    id: "divide-conquer-sign",
    what: "divide and conquer (eigenvectors, n > 32): the rank-one tear adds rho to the second half's first entry",
    file: "lib/kernels/linalg/divideConquer.ts",
    from: "  d[k] -= rho;",
    to: "  d[k] += rho;",
    specs: LINALG,
  },
  {
    id: "bidiagonal-transposed-stride",
    what: "blocked bidiagonal reduction (svd, n >= 64): the transposed matrix-vector product steps rows by the block width, not the row stride",
    file: "lib/kernels/linalg/blas.ts",
    from: "const row1 = row0 + lda;",
    to: "const row1 = row0 + cols;",
    specs: LINALG,
  },
  // convolution and fft
  {
    id: "conv-row-tile-accumulate",
    what: "im2col convolution: a contraction split into row tiles subtracts the later tiles",
    file: "lib/kernels/conv.ts",
    from: "else for (let e = 0; e < used; e++) sum[e] += product[e];",
    to: "else for (let e = 0; e < used; e++) sum[e] -= product[e];",
    specs: CONV,
  },
  {
    id: "fft-bluestein-kernel-conjugate",
    what: "Bluestein FFT (a prime factor above 61): the chirp kernel is not conjugated",
    file: "lib/kernels/fftPlan.ts",
    from: "kernelIm[j] = -chirp[2 * j + 1];",
    to: "kernelIm[j] = chirp[2 * j + 1];",
    specs: ["spec/kernels/fft.spec.ts"],
  },
];

// ---------------------------------------------------------------------------

const args = process.argv.slice(2);
if (args.includes("--list")) {
  for (const m of MUTANTS) console.log(`${m.id.padEnd(34)} ${m.issue ? "[issue 7] " : ""}${m.what}`);
  process.exit(0);
}
const baseline = args.includes("--baseline");
const all = args.includes("--all");
const filters = args.filter((a) => !a.startsWith("--"));
const selected = MUTANTS.filter((m) => filters.length === 0 || filters.some((f) => m.id.includes(f)));

// a scratch copy of the working tree (node_modules linked), so the checkout itself is never mutated
const scratch = mkdtempSync(join(tmpdir(), "tracegrad-mutants-"));
for (const entry of ["lib", "spec", "examples", "scripts", "package.json", "tsconfig.json", "vitest.config.ts", "deno.json"]) {
  if (existsSync(join(root, entry))) cpSync(join(root, entry), join(scratch, entry), { recursive: true });
}
symlinkSync(join(root, "node_modules"), join(scratch, "node_modules"), "dir");
// a failure only needs detecting here: no shrinking (large counterexamples can take minutes to shrink)
const setup = join(scratch, "spec/setup.ts");
writeFileSync(setup, `${readFileSync(setup, "utf8")}\nfc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });\n`);
/** The vitest run in progress, killed with its process group on an interrupt. */
let child = null;
const cleanup = () => {
  if (child !== null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(scratch, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (cleanup(), process.exit(130)));

/** Ten minutes per run: a mutant that makes a test loop forever counts as caught (the suite would not pass). */
const RUN_TIMEOUT_MS = 600_000;

/** Runs vitest on `specs` in the scratch copy: { failed, firstFailure, seconds }. */
function runSpecs(specs) {
  const existing = specs.filter((s) => existsSync(join(scratch, s)));
  const started = Date.now();
  return new Promise((resolve) => {
    let output = "";
    child = spawn(join(scratch, "node_modules/.bin/vitest"), ["run", ...(all ? [] : ["--bail=1"]), "--reporter=verbose", ...existing], {
      cwd: scratch,
      detached: true,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      output += "\n× (timed out: the run was killed)";
      process.kill(-child.pid, "SIGKILL");
    }, RUN_TIMEOUT_MS);
    child.on("close", (status) => {
      clearTimeout(timer);
      child = null;
      // every failing test (verbose lines "× file > describe > test  12ms"), once each
      const failures = [...new Set(output.split("\n").filter((line) => /^\s*(×|✗)\s/.test(line)).map((line) => line.trim().replace(/\s+\d+ms$/, "")))];
      const firstFailure = failures[0] ?? output.split("\n").find((line) => /^\s*FAIL\s/.test(line))?.trim() ?? "(no test name in the output)";
      resolve({ failed: status !== 0, firstFailure, failures, seconds: (Date.now() - started) / 1000, existing });
    });
  });
}

const results = [];
try {
  for (const m of selected) {
    const path = join(scratch, m.file);
    const original = readFileSync(path, "utf8");
    const count = original.split(m.from).length - 1;
    if (count !== 1) {
      results.push({ m, status: "STALE", detail: `the text to replace occurs ${count} times in ${m.file}` });
      console.log(`STALE    ${m.id}: the text to replace occurs ${count} times in ${m.file}`);
      continue;
    }
    if (baseline) {
      const clean = await runSpecs(m.specs);
      if (clean.failed) {
        results.push({ m, status: "BASELINE", detail: clean.firstFailure });
        console.log(`BASELINE ${m.id}: the unmutated selection fails: ${clean.firstFailure}`);
        continue;
      }
    }
    writeFileSync(path, original.replace(m.from, () => m.to));
    try {
      const run = await runSpecs(m.specs);
      const status = run.failed ? "caught" : "MISSED";
      results.push({ m, status, detail: run.failed ? run.firstFailure : `(${run.existing.join(" ")})`, seconds: run.seconds });
      console.log(`${status.padEnd(8)} ${m.id} (${run.seconds.toFixed(0)} s): ${run.failed ? run.firstFailure : "no test failed in " + run.existing.join(" ")}`);
      if (all) for (const failure of run.failures.slice(1)) console.log(`           also ${failure}`);
    } finally {
      writeFileSync(path, original);
    }
  }
} finally {
  cleanup();
}
const caught = results.filter((r) => r.status === "caught").length;
console.log(`\n${caught} of ${results.length} mutants caught.`);
for (const r of results.filter((r) => r.status !== "caught")) console.log(`  ${r.status}: ${r.m.id}: ${r.m.what}`);
process.exit(caught === results.length ? 0 : 1);
