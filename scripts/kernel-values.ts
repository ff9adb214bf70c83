/**
 * Evaluates one elementwise kernel on points read from a file, for
 * scripts/kernel-accuracy.py: `npx tsx scripts/kernel-values.ts <op> <dtype> <in> <out>`
 * reads float64 points from <in>, stores them in <dtype>, applies the eager
 * kernel of <op> (`unary` of lib/kernels/elementwise.ts: WebAssembly where
 * available, the JavaScript path gives the same bits) and writes the results
 * as float64 to <out>.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { unary, type UnaryOp } from "../lib/kernels/elementwise.ts";
import { typedArrayFrom, type DType } from "../lib/array/dtype.ts";

const [op, dtype, input, output] = process.argv.slice(2);
const bytes = readFileSync(input);
const points = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
const x = typedArrayFrom(dtype as DType, points);
const y = unary(op as UnaryOp, x, dtype as DType);
writeFileSync(output, new Uint8Array(Float64Array.from(y).buffer));
