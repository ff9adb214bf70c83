/**
 * A minimal TypeScript loader for the benchmarks: `node --import ./spec/bench/loader.mjs x.ts`.
 *
 * Why not tsx: tsx compiles with esbuild's `keepNames`, which wraps every
 * function expression in a `__name(fn, "…")` call (an Object.defineProperty
 * per closure created). That makes an eager scalar grad (B1) about 2.5× slower
 * (9 µs instead of 3.5–4 µs), a cost the published package (tsc output) and
 * Deno do not have.
 * This loader uses the same esbuild without keepNames: plain type stripping,
 * like tsc's emit. Pass `--loader=tsx` to run.ts to measure under tsx instead.
 */
import { isMainThread } from "node:worker_threads";
import { createRequire, register } from "node:module";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

if (isMainThread) register(import.meta.url); // this file also holds the hooks (they run on the loader thread)

let esbuild;

/** Node's load hook: .ts files are transformed to ES modules with an inline source map. */
export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !/\.m?ts$/.test(new URL(url).pathname)) return nextLoad(url, context);
  esbuild ??= await import("esbuild").catch(() => createRequire(import.meta.resolve("tsx"))("esbuild")); // tsx's own copy
  const file = fileURLToPath(url);
  const out = await esbuild.transform(await readFile(file, "utf8"), {
    loader: "ts",
    format: "esm",
    target: `node${process.versions.node}`,
    sourcemap: "inline",
    sourcefile: file,
    tsconfigRaw: { compilerOptions: { target: "es2022", verbatimModuleSyntax: true, useDefineForClassFields: true } },
  });
  return { format: "module", source: out.code, shortCircuit: true };
}
