/**
 * The matrix-product module, generated with lib/wasm's builder for one
 * element type (float32 as `f32x4`, float64 as `f64x2`), in the BLIS
 * design: operands are packed into panels (MR rows of A, NR columns of B,
 * interleaved along k, zero-padded), and a register-tiled micro-kernel
 * multiplies an MR×NR tile of C with MR·NR/lanes vector accumulators.
 *
 * Every output element is summed in index order, c = ((0 + a₀b₀) + a₁b₁) + …,
 * one rounded multiply and one rounded add per term (no fused multiply-add),
 * whatever the blocking: the first k block starts the accumulators at zero,
 * later blocks load them back from C. So the result equals the naive loop's,
 * and it does not depend on how rows are split among threads.
 *
 * Exports (all pointers are byte offsets into the shared heap; `desc` points
 * at a `Descriptor` of i32 fields):
 * - `item(desc, t, thread)`: the whole product of batch item t, on one thread
 *   (packing into the thread's own scratch).
 * - `packB(desc, chunk, thread)`: packs `bPanelsPerChunk` NR-wide panels of
 *   item `t`'s B, for every k block, into the shared packed B.
 * - `rows(desc, chunk, thread)`: rows `[chunk·MC, chunk·MC + MC)` of item
 *   `t`'s C, from the shared packed B and A packed into the thread's scratch.
 *
 * @example
 * const bytes = gemmModule(GEMM_SHAPES.float32); // exports item, packB, rows
 */
import { FunctionBuilder } from "../../wasm/function.ts";
import { HEAP_IMPORT_LIMITS } from "../../wasm/memory.ts";
import { ModuleBuilder } from "../../wasm/module.ts";
import { funcType, type FuncType } from "../../wasm/types.ts";

/** The register tile and cache blocks of one element type. */
export interface GemmShape {
  readonly dtype: "float32" | "float64";
  /** Bytes per element. */
  readonly bytes: 4 | 8;
  /** Lanes per v128. */
  readonly lanes: 4 | 2;
  /** Rows of the register tile. */
  readonly mr: number;
  /** v128 vectors per row of the register tile: NR = nv · lanes columns. */
  readonly nv: number;
  /** Steps of k per iteration of the micro-kernel's loop (k blocks are padded with zeros to a multiple). */
  readonly unroll: number;
  /** The k block (rows of a packed B block, columns of a packed A block): a B micro-panel stays in L1. */
  readonly kc: number;
  /** The largest row block: an MC×KC packed A block stays in L2. */
  readonly mc: number;
}

/**
 * The tiles: 4×8 for float32 (8 accumulators, 2 B vectors, one broadcast: 11
 * of the 16 vector registers, so V8's allocator spills none) and 4×4 for
 * float64 (likewise). Measured on this machine's Zen 5 cores (Node 20,
 * 256–1024 square, one thread): 64 GFLOP/s float32 and 32 float64, the
 * cores' peak for 128-bit multiplies and adds; 12 accumulators (6×8, 4×12)
 * spill and run at half that, and unrolling the k loop (2, 4, 8 steps) makes
 * V8 keep fewer values in registers and runs slower (38, 33, 23 GFLOP/s).
 */
export const GEMM_SHAPES: Readonly<Record<"float32" | "float64", GemmShape>> = {
  float32: { dtype: "float32", bytes: 4, lanes: 4, mr: 4, nv: 2, unroll: 1, kc: 256, mc: 128 },
  float64: { dtype: "float64", bytes: 8, lanes: 2, mr: 4, nv: 2, unroll: 1, kc: 256, mc: 64 },
};

/** Columns of the register tile. */
export function nrOf(s: GemmShape): number {
  return s.nv * s.lanes;
}

/** The i32 fields of a descriptor, by index (byte offset = 4 · index). */
export const DESC = {
  aPtr: 0, aRow: 1, aCol: 2, aBatch: 3, // A's strides in bytes: along m, along k, per batch item
  bPtr: 4, bRow: 5, bCol: 6, bBatch: 7, // B's: along k, along n, per batch item
  cPtr: 8, ldc: 9, cBatch: 10, // C (padded rows of ldc bytes)
  m: 11, n: 12, k: 13,
  packedB: 14, // the shared packed B of `rows`/`packB`
  scratch: 15, scratchStride: 16, // each thread's scratch: scratch + thread · scratchStride
  mc: 17, // the row block of `rows`
  bPanelsPerChunk: 18,
  t: 19, // the batch item of `rows`/`packB`
  fields: 20,
} as const;

/** Bytes of a packed B block (one k block, all columns): nPanels · KC · NR elements. */
export function packedBBlockBytes(s: GemmShape, n: number): number {
  return Math.ceil(n / nrOf(s)) * s.kc * nrOf(s) * s.bytes;
}

/** Bytes of the whole packed B of one item (every k block). */
export function packedBBytes(s: GemmShape, n: number, k: number): number {
  return Math.ceil(k / s.kc) * packedBBlockBytes(s, n);
}

/** Bytes of one thread's scratch for `item` (a packed B block and a packed A block) or for `rows` (a packed A block). */
export function scratchBytes(s: GemmShape, n: number, mc: number): number {
  return packedBBlockBytes(s, n) + Math.ceil(mc / s.mr) * s.mr * s.kc * s.bytes;
}

const i32s = (count: number) => new Array<"i32">(count).fill("i32");
const KERNEL_TYPE = funcType(i32s(8), []);
const PACK_TYPE = funcType(i32s(8), []);
const CHUNK_TYPE = funcType(i32s(3), []);

/** `local += amount` (an i32 constant). */
function addConst(f: FunctionBuilder, local: number, amount: number): void {
  f.get(local).i32(amount).op("i32.add").set(local);
}

/** `local += other` (two i32 locals). */
function addLocal(f: FunctionBuilder, local: number, other: number): void {
  f.get(local).get(other).op("i32.add").set(local);
}

/** Pushes the descriptor field `field` (desc is local 0). */
function field(f: FunctionBuilder, field: number): FunctionBuilder {
  return f.get(0).mem("i32.load", 4 * field);
}

/**
 * kernel(pa, pb, pc, mPanels, nPanels, kcPad, ldc, first): for each NR panel
 * of packed B (jr) and each MR panel of packed A (ir), C tile += A panel × B
 * panel over kcPad steps; `first` starts the tile at zero instead of C.
 */
function emitKernel(m: ModuleBuilder, s: GemmShape): FunctionBuilder {
  const f = m.function(null, KERNEL_TYPE);
  const [pa, pb, pc, mPanels, nPanels, kcPad, ldc, first] = [0, 1, 2, 3, 4, 5, 6, 7];
  const nr = nrOf(s);
  const [aPanel, cTile, iLeft, a, b, steps, row] = [f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32")];
  const acc = Array.from({ length: s.mr }, () => Array.from({ length: s.nv }, () => f.local("v128")));
  const bv = Array.from({ length: s.nv }, () => f.local("v128"));
  const splat = f.local("v128");
  const [mul, add] = s.dtype === "float32" ? ["f32x4.mul", "f32x4.add"] : ["f64x2.mul", "f64x2.add"];
  const splatLoad = s.dtype === "float32" ? "v128.load32_splat" : "v128.load64_splat";
  const aPanelBytes = (f2: FunctionBuilder) => f2.get(kcPad).i32(s.mr * s.bytes).op("i32.mul");
  const bPanelStep = f.local("i32");
  const aPanelStep = f.local("i32");
  f.get(kcPad).i32(nr * s.bytes).op("i32.mul").set(bPanelStep);
  aPanelBytes(f).set(aPanelStep);

  f.block().loop(); // over B panels
  f.get(nPanels).op("i32.eqz").brIf(1);
  f.get(pa).set(aPanel);
  f.get(pc).set(cTile);
  f.get(mPanels).set(iLeft);
  f.block().loop(); // over A panels
  f.get(iLeft).op("i32.eqz").brIf(1);
  // the tile's accumulators: zero, or C
  f.get(first).if();
  for (const r of acc) for (const x of r) f.v128(new Uint8Array(16)).set(x);
  f.else();
  f.get(cTile).set(row);
  acc.forEach((r, i) => {
    if (i > 0) addLocal(f, row, ldc);
    r.forEach((x, v) => f.get(row).mem("v128.load", 16 * v).set(x));
  });
  f.end();
  // k steps, `unroll` at a time
  f.get(aPanel).set(a);
  f.get(pb).set(b);
  f.get(kcPad).i32(s.unroll).op("i32.div_u").set(steps);
  f.block().loop();
  for (let u = 0; u < s.unroll; u++) {
    bv.forEach((x, v) => f.get(b).mem("v128.load", (u * nr + v * s.lanes) * s.bytes).set(x));
    acc.forEach((r, i) => {
      f.get(a).mem(splatLoad, (u * s.mr + i) * s.bytes).set(splat);
      // acc += splat · b, rounded twice, as the JavaScript path's s += a·b
      r.forEach((x, v) => f.get(x).get(splat).get(bv[v]).op(mul).op(add).set(x));
    });
  }
  addConst(f, a, s.unroll * s.mr * s.bytes);
  addConst(f, b, s.unroll * nr * s.bytes);
  f.get(steps).i32(1).op("i32.sub").tee(steps).brIf(0);
  f.end().end();
  // store the tile
  f.get(cTile).set(row);
  acc.forEach((r, i) => {
    if (i > 0) addLocal(f, row, ldc);
    r.forEach((x, v) => f.get(row).get(x).mem("v128.store", 16 * v));
  });
  addLocal(f, aPanel, aPanelStep);
  f.get(ldc).i32(s.mr).op("i32.mul").get(cTile).op("i32.add").set(cTile);
  f.get(iLeft).i32(1).op("i32.sub").set(iLeft);
  f.br(0).end().end();
  addLocal(f, pb, bPanelStep);
  addConst(f, pc, nr * s.bytes);
  f.get(nPanels).i32(1).op("i32.sub").set(nPanels);
  f.br(0).end().end();
  return f;
}

/**
 * pack(src, alongK, across, count, kc, kcPad, dst, _): panels `width` wide
 * (MR for A, NR for B) of `count` lines (rows of A, columns of B), each line
 * read with stride `alongK` bytes from `src + line · across`: panel q, step p,
 * lane i at dst + ((q · kcPad + p) · width + i) · bytes. Lines past `count`
 * and steps past kc are zeros. A panel whose lines are adjacent in memory
 * (`across` = one element) is copied a vector at a time.
 */
function emitPack(m: ModuleBuilder, s: GemmShape, width: number): FunctionBuilder {
  const f = m.function(null, PACK_TYPE);
  const [src, alongK, across, count, kc, kcPad, dst] = [0, 1, 2, 3, 4, 5, 6];
  const [line, from, to, p, panelEnd] = [f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32"), f.local("i32")];
  const vec = f.local("v128");
  const [load, store] = s.dtype === "float32" ? ["f32.load", "f32.store"] : ["f64.load", "f64.store"];
  const zero = () => (s.dtype === "float32" ? f.f32(0) : f.f64(0));
  const stepBytes = width * s.bytes;
  f.i32(0).set(line);
  f.block().loop(); // over panels: line is the panel's first line
  f.get(line).get(count).op("i32.ge_u").brIf(1);
  f.get(line).i32(width).op("i32.add").set(panelEnd);
  // a full panel of adjacent lines: whole vectors
  f.get(across).i32(s.bytes).op("i32.eq").get(panelEnd).get(count).op("i32.le_u").op("i32.and");
  f.if();
  f.get(src).get(line).get(across).op("i32.mul").op("i32.add").set(from);
  f.get(dst).set(to);
  f.i32(0).set(p);
  f.block().loop();
  f.get(p).get(kc).op("i32.ge_u").brIf(1);
  for (let v = 0; v < width / s.lanes; v++) f.get(to).get(from).mem("v128.load", 16 * v, 0).mem("v128.store", 16 * v);
  addLocal(f, from, alongK);
  addConst(f, to, stepBytes);
  addConst(f, p, 1);
  f.br(0).end().end();
  f.else();
  // line by line: element i of each step
  for (let i = 0; i < width; i++) {
    f.get(dst).i32(i * s.bytes).op("i32.add").set(to);
    f.i32(0).set(p);
    f.get(line).i32(i).op("i32.add").get(count).op("i32.lt_u");
    f.if();
    f.get(src).get(line).i32(i).op("i32.add").get(across).op("i32.mul").op("i32.add").set(from);
    f.block().loop();
    f.get(p).get(kc).op("i32.ge_u").brIf(1);
    f.get(to).get(from).mem(load).mem(store);
    addLocal(f, from, alongK);
    addConst(f, to, stepBytes);
    addConst(f, p, 1);
    f.br(0).end().end();
    f.end();
    // zeros to kcPad (a missing line: all of it)
    f.block().loop();
    f.get(p).get(kcPad).op("i32.ge_u").brIf(1);
    f.get(to);
    zero();
    f.mem(store);
    addConst(f, to, stepBytes);
    addConst(f, p, 1);
    f.br(0).end().end();
  }
  f.end();
  // the vector path's steps past kc: zeros
  f.get(across).i32(s.bytes).op("i32.eq").get(panelEnd).get(count).op("i32.le_u").op("i32.and");
  f.if();
  f.get(dst).get(kc).i32(stepBytes).op("i32.mul").op("i32.add").set(to);
  f.get(kc).set(p);
  f.block().loop();
  f.get(p).get(kcPad).op("i32.ge_u").brIf(1);
  for (let v = 0; v < width / s.lanes; v++) f.get(to).v128(new Uint8Array(16)).mem("v128.store", 16 * v, 0);
  addConst(f, to, stepBytes);
  addConst(f, p, 1);
  f.br(0).end().end();
  f.end();
  f.get(dst).get(kcPad).i32(stepBytes).op("i32.mul").op("i32.add").set(dst);
  f.get(panelEnd).set(line);
  f.br(0).end().end();
  return f;
}

/** Pushes min(a, b) (unsigned) of two i32 values that the callbacks push. */
function min(f: FunctionBuilder, a: () => void, b: () => void): void {
  a();
  b();
  f.op("i32.lt_u").if("i32");
  a();
  f.else();
  b();
  f.end();
}

/** Pushes ceil(local / unit) · unit. */
function roundUp(f: FunctionBuilder, local: number, unit: number): void {
  f.get(local).i32(unit - 1).op("i32.add").i32(unit).op("i32.div_u").i32(unit).op("i32.mul");
}

/** Calls through a module's function index with an i32 result type check. */
function call(f: FunctionBuilder, m: ModuleBuilder, callee: FunctionBuilder, type: FuncType): void {
  f.call(m.functionIndex(callee), type);
}

/**
 * item(desc, t, thread): for each k block, pack B (all columns) and then,
 * row block by row block, pack A and multiply, in this thread's scratch.
 */
function emitItem(m: ModuleBuilder, s: GemmShape, kernel: FunctionBuilder, packA: FunctionBuilder, packB: FunctionBuilder): void {
  const f = m.function("item", CHUNK_TYPE);
  const [t, thread] = [1, 2];
  const [aBase, bBase, cBase, scratch, packedA, pc, kc, kcPad, ic, rows, nPanels, mc] = Array.from({ length: 12 }, () => f.local("i32"));
  const nr = nrOf(s);
  // aBase = aPtr + t · aBatch (and likewise for B and C)
  field(f, DESC.aPtr).get(t);
  field(f, DESC.aBatch).op("i32.mul").op("i32.add").set(aBase);
  field(f, DESC.bPtr).get(t);
  field(f, DESC.bBatch).op("i32.mul").op("i32.add").set(bBase);
  field(f, DESC.cPtr).get(t);
  field(f, DESC.cBatch).op("i32.mul").op("i32.add").set(cBase);
  field(f, DESC.scratch).get(thread);
  field(f, DESC.scratchStride).op("i32.mul").op("i32.add").set(scratch);
  field(f, DESC.n).i32(nr - 1).op("i32.add").i32(nr).op("i32.div_u").set(nPanels);
  f.get(scratch).get(nPanels).i32(s.kc * nr * s.bytes).op("i32.mul").op("i32.add").set(packedA);
  field(f, DESC.mc).set(mc);
  f.i32(0).set(pc);
  f.block().loop(); // k blocks
  f.get(pc);
  field(f, DESC.k);
  f.op("i32.ge_u").brIf(1);
  min(f, () => field(f, DESC.k).get(pc).op("i32.sub"), () => f.i32(s.kc));
  f.set(kc);
  roundUp(f, kc, s.unroll);
  f.set(kcPad);
  // pack B: src = bBase + pc · bRow, along k bRow, across bCol
  f.get(bBase).get(pc);
  field(f, DESC.bRow).op("i32.mul").op("i32.add");
  field(f, DESC.bRow);
  field(f, DESC.bCol);
  field(f, DESC.n);
  f.get(kc).get(kcPad).get(scratch).i32(0);
  call(f, m, packB, PACK_TYPE);
  f.i32(0).set(ic);
  f.block().loop(); // row blocks
  f.get(ic);
  field(f, DESC.m);
  f.op("i32.ge_u").brIf(1);
  min(f, () => field(f, DESC.m).get(ic).op("i32.sub"), () => f.get(mc));
  f.set(rows);
  // pack A: src = aBase + ic · aRow + pc · aCol, along k aCol, across aRow
  f.get(aBase).get(ic);
  field(f, DESC.aRow).op("i32.mul").op("i32.add").get(pc);
  field(f, DESC.aCol).op("i32.mul").op("i32.add");
  field(f, DESC.aCol);
  field(f, DESC.aRow);
  f.get(rows).get(kc).get(kcPad).get(packedA).i32(0);
  call(f, m, packA, PACK_TYPE);
  // kernel(packedA, packedB, cBase + ic · ldc, mPanels, nPanels, kcPad, ldc, pc == 0)
  f.get(packedA).get(scratch).get(cBase).get(ic);
  field(f, DESC.ldc).op("i32.mul").op("i32.add");
  f.get(rows).i32(s.mr - 1).op("i32.add").i32(s.mr).op("i32.div_u");
  f.get(nPanels).get(kcPad);
  field(f, DESC.ldc);
  f.get(pc).op("i32.eqz");
  call(f, m, kernel, KERNEL_TYPE);
  addLocal(f, ic, mc);
  f.br(0).end().end();
  addConst(f, pc, s.kc);
  f.br(0).end().end();
}

/** packB(desc, chunk, thread): panels [chunk · per, chunk · per + per) of item t's B, for every k block. */
function emitPackBChunk(m: ModuleBuilder, s: GemmShape, packB: FunctionBuilder): void {
  const f = m.function("packB", CHUNK_TYPE);
  const chunk = 1;
  const nr = nrOf(s);
  const [bBase, firstColumn, columns, pc, kc, kcPad, blockAt, nPanels] = Array.from({ length: 8 }, () => f.local("i32"));
  field(f, DESC.bPtr);
  field(f, DESC.t);
  field(f, DESC.bBatch).op("i32.mul").op("i32.add").set(bBase);
  f.get(chunk);
  field(f, DESC.bPanelsPerChunk).op("i32.mul").i32(nr).op("i32.mul").set(firstColumn);
  min(f, () => field(f, DESC.n).get(firstColumn).op("i32.sub"), () => field(f, DESC.bPanelsPerChunk).i32(nr).op("i32.mul"));
  f.set(columns);
  field(f, DESC.n).i32(nr - 1).op("i32.add").i32(nr).op("i32.div_u").set(nPanels);
  field(f, DESC.packedB).set(blockAt);
  f.i32(0).set(pc);
  f.block().loop();
  f.get(pc);
  field(f, DESC.k);
  f.op("i32.ge_u").brIf(1);
  min(f, () => field(f, DESC.k).get(pc).op("i32.sub"), () => f.i32(s.kc));
  f.set(kc);
  roundUp(f, kc, s.unroll);
  f.set(kcPad);
  // src = bBase + pc · bRow + firstColumn · bCol; dst = block + firstColumn · kcPad · bytes
  f.get(bBase).get(pc);
  field(f, DESC.bRow).op("i32.mul").op("i32.add").get(firstColumn);
  field(f, DESC.bCol).op("i32.mul").op("i32.add");
  field(f, DESC.bRow);
  field(f, DESC.bCol);
  f.get(columns).get(kc).get(kcPad);
  f.get(blockAt).get(firstColumn).get(kcPad).op("i32.mul").i32(s.bytes).op("i32.mul").op("i32.add");
  f.i32(0);
  call(f, m, packB, PACK_TYPE);
  f.get(blockAt).get(nPanels).i32(s.kc * nr * s.bytes).op("i32.mul").op("i32.add").set(blockAt);
  addConst(f, pc, s.kc);
  f.br(0).end().end();
}

/** rows(desc, chunk, thread): rows [chunk · MC, chunk · MC + MC) of item t's C, from the shared packed B. */
function emitRows(m: ModuleBuilder, s: GemmShape, kernel: FunctionBuilder, packA: FunctionBuilder): void {
  const f = m.function("rows", CHUNK_TYPE);
  const [chunk, thread] = [1, 2];
  const nr = nrOf(s);
  const [aBase, cBase, packedA, pc, kc, kcPad, ic, rows, nPanels, blockAt] = Array.from({ length: 10 }, () => f.local("i32"));
  f.get(chunk);
  field(f, DESC.mc).op("i32.mul").set(ic);
  min(f, () => field(f, DESC.m).get(ic).op("i32.sub"), () => field(f, DESC.mc));
  f.set(rows);
  field(f, DESC.aPtr);
  field(f, DESC.t);
  field(f, DESC.aBatch).op("i32.mul").op("i32.add").get(ic);
  field(f, DESC.aRow).op("i32.mul").op("i32.add").set(aBase);
  field(f, DESC.cPtr);
  field(f, DESC.t);
  field(f, DESC.cBatch).op("i32.mul").op("i32.add").get(ic);
  field(f, DESC.ldc).op("i32.mul").op("i32.add").set(cBase);
  field(f, DESC.scratch).get(thread);
  field(f, DESC.scratchStride).op("i32.mul").op("i32.add").set(packedA);
  field(f, DESC.n).i32(nr - 1).op("i32.add").i32(nr).op("i32.div_u").set(nPanels);
  field(f, DESC.packedB).set(blockAt);
  f.i32(0).set(pc);
  f.block().loop();
  f.get(pc);
  field(f, DESC.k);
  f.op("i32.ge_u").brIf(1);
  min(f, () => field(f, DESC.k).get(pc).op("i32.sub"), () => f.i32(s.kc));
  f.set(kc);
  roundUp(f, kc, s.unroll);
  f.set(kcPad);
  f.get(aBase).get(pc);
  field(f, DESC.aCol).op("i32.mul").op("i32.add");
  field(f, DESC.aCol);
  field(f, DESC.aRow);
  f.get(rows).get(kc).get(kcPad).get(packedA).i32(0);
  call(f, m, packA, PACK_TYPE);
  f.get(packedA).get(blockAt).get(cBase);
  f.get(rows).i32(s.mr - 1).op("i32.add").i32(s.mr).op("i32.div_u");
  f.get(nPanels).get(kcPad);
  field(f, DESC.ldc);
  f.get(pc).op("i32.eqz");
  call(f, m, kernel, KERNEL_TYPE);
  f.get(blockAt).get(nPanels).i32(s.kc * nr * s.bytes).op("i32.mul").op("i32.add").set(blockAt);
  addConst(f, pc, s.kc);
  f.br(0).end().end();
}

/** The module's bytes: the kernel, the two packers and the three exported drivers. */
export function gemmModule(s: GemmShape): Uint8Array<ArrayBuffer> {
  const m = new ModuleBuilder();
  m.importMemory("env", "memory", HEAP_IMPORT_LIMITS);
  const kernel = emitKernel(m, s);
  const packA = emitPack(m, s, s.mr);
  const packB = emitPack(m, s, nrOf(s));
  emitItem(m, s, kernel, packA, packB);
  emitPackBChunk(m, s, packB);
  emitRows(m, s, kernel, packA);
  return m.finish();
}
