/**
 * `debugNans`: when on, the first primitive whose output holds a NaN (while
 * none of its inputs did) throws a `NanError` naming it and its input shapes.
 */
import { NanError } from "./errors.ts";
import { ConcreteTensor, dataOf, type Tensor } from "./tensor.ts";

function hasNan(x: Tensor): boolean {
  if (!(x instanceof ConcreteTensor)) return false;
  const data = dataOf(x);
  if (!(data instanceof Float64Array || data instanceof Float32Array)) return false;
  for (let i = 0; i < data.length; i++) if (data[i] !== data[i]) return true;
  return false;
}

/** Throws when an output of `op` holds a NaN that its inputs did not. */
export function checkNans(op: string, args: readonly Tensor[], outs: readonly Tensor[]): void {
  if (!outs.some(hasNan) || args.some(hasNan)) return;
  const shapes = args.map((a) => `${a.dtype}[${a.shape.join(",")}]`).join(", ");
  throw new NanError(
    `debugNans: ${op} produced a NaN from inputs (${shapes}). ` +
      `Look at the values reaching ${op} (e.g. log of a negative number, 0/0, inf-inf).`,
  );
}
