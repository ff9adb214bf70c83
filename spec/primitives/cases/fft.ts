/**
 * Cases for `fft` (JAX's `lax.fft`): each kind over one or two trailing
 * axes of lengths 1..9 (powers of two, odd composites and primes), after
 * zero to two leading axes. Complex operands are (re, im) pairs; a case
 * with two outputs returns them stacked on a new last axis, so the harness
 * sees one tensor. For FFT and IFFT one part may be a constant (the other
 * linear), which exercises transposes with a non-linear operand. The
 * reference is the O(n²) DFT of spec/kernels/dftReference.ts.
 */
import fc from "fast-check";
import * as ops from "../../../lib/core/ops.ts";
import { dataOf, type Tensor } from "../../../lib/core/tensor.ts";
import { referenceFft, type Planes } from "../../kernels/dftReference.ts";
import { avalStr, draw, real, shapeArb, tensorArb, type Case, type Expected } from "../harness.ts";

type Kind = "FFT" | "IFFT" | "RFFT" | "IRFFT";
type Mode = "both" | "re" | "im";

/** Both outputs of a complex result stacked on a new last axis (one tensor for the harness). */
function stacked(outs: readonly Tensor[]): Tensor {
  if (outs.length === 1) return outs[0];
  const shape = [...outs[0].shape, 1];
  return ops.concatenate(outs.map((t) => ops.reshape(t, shape)), shape.length - 1);
}

function expectedOf(result: Planes | { data: Float64Array; shape: number[] }): Expected {
  if ("data" in result) return { shape: result.shape, dtype: "float64", data: result.data };
  const data = new Float64Array(2 * result.re.length);
  for (let i = 0; i < result.re.length; i++) {
    data[2 * i] = result.re[i];
    data[2 * i + 1] = result.im[i];
  }
  return { shape: [...result.shape, 2], dtype: "float64", data };
}

const fftArb = fc
  .record({
    kind: fc.constantFrom<Kind>("FFT", "IFFT", "RFFT", "IRFFT"),
    lead: shapeArb(0, 2, 3),
    lengths: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 2 }),
    mode: fc.constantFrom<Mode>("both", "both", "re", "im"),
  })
  .chain(({ kind, lead, lengths, mode }) => {
    const n = lengths[lengths.length - 1];
    const shape = [...lead, ...(kind === "IRFFT" ? [...lengths.slice(0, -1), (n >> 1) + 1] : lengths)];
    const count = kind === "RFFT" ? 1 : 2;
    return fc.tuple(fc.constant({ kind, lengths, mode: count === 1 ? ("both" as Mode) : mode }), fc.array(tensorArb(shape, real(2)), { minLength: count, maxLength: count }));
  })
  .map(([{ kind, lengths, mode }, xs]) => {
    const bind = (...args: Tensor[]) => stacked(ops.fftGeneral(args, kind, lengths));
    const expected = () => expectedOf(referenceFft(kind, lengths, xs.map((x) => ({ shape: x.shape, data: dataOf(x) }))));
    const desc = `fft[${kind}, fftLengths=[${lengths}]](${xs.map(avalStr).join(", ")}${mode === "both" ? "" : `, ${mode === "re" ? "im" : "re"} const`})`;
    if (mode === "re") return draw(desc, (re) => bind(re, xs[1]), [xs[0]], expected);
    if (mode === "im") return draw(desc, (im) => bind(xs[0], im), [xs[1]], expected);
    return draw(desc, bind, xs, expected);
  });

export const fftCases: Case[] = [{ kind: "diff", prim: "fft", name: "fft", arb: fftArb }];
