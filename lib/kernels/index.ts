/**
 * Numeric kernels on contiguous row-major typed arrays: elementwise maps,
 * reductions and scans, matrix multiplication and data movement.
 */
export { binary, cast, fill, select, unary } from "./elementwise.ts";
export type { BinaryOp, UnaryOp } from "./elementwise.ts";
export { argReduce, compensatedSum, cumulativeSum, reduce } from "./reduce.ts";
export type { ReduceOp } from "./reduce.ts";
export { matmul } from "./matmul.ts";
export {
  broadcastInDim,
  concatenate,
  eye,
  iota,
  pad,
  slice,
  transpose,
} from "./movement.ts";
export { gather, scatter } from "./gather.ts";
export type { GatherDims, IndexMode, ScatterCombine, ScatterDims } from "./gather.ts";
export { sort } from "./sort.ts";
