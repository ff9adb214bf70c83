/**
 * numpy's einsum subscript language, parsed into one letter per axis:
 * `"ij,jk->ik"`, implicit output (`"ij,jk"`: the labels seen once, in
 * alphabetical order, upper case first), ellipsis (`"...ij,...jk"`: the
 * broadcast axes, each operand's right-aligned, given unused letters as
 * numpy does), repeated labels in one operand (`"ii->i"`, a diagonal), and
 * numpy's sublist form (`x, [0, 1], y, [1, 2], [0, 2]`, with `"..."` for
 * an ellipsis). Spaces are ignored. Sizes of one label must agree, or be 1
 * (broadcast).
 *
 * @example
 * parseEinsum("einsum", ["...ij,jk", a, b]) // inputs ["Aij", "jk"], output "Aik" for a of rank 3
 */
import { ArgumentError, ShapeError } from "../core/errors.ts";
import { denseArrayOrThrow, isArrayArg, isTensorArg, showValue, toTensor } from "../core/convert.ts";
import { isRecordArg } from "./fftCore.ts";
import { avalText } from "../core/primitives/check.ts";
import { Tensor, type ArrayLike } from "../core/tensor.ts";

/** numpy's label alphabet, in its order. */
export const EINSUM_SYMBOLS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A parsed contraction: one label per axis of each operand, the output labels, and each label's size. */
export interface EinsumSpec {
  /** The subscripts of each operand (ellipses replaced by letters). */
  readonly inputs: readonly string[];
  /** The output subscripts. */
  readonly output: string;
  /** The size of each label (the largest, where size-1 axes broadcast). */
  readonly sizes: ReadonlyMap<string, number>;
  readonly operands: readonly Tensor[];
}

const isLetter = (c: string) => EINSUM_SYMBOLS.includes(c) && c.length === 1;

/** Splits "ab...c" into letters and a marker for the ellipsis ("." alone is an error). */
function terms(op: string, text: string, where: string): (string | "...")[] {
  const out: (string | "...")[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === " ") continue;
    if (c === ".") {
      if (text.slice(i, i + 3) !== "...") throw new ArgumentError(`${op}: subscripts contain a '.' that is not part of an ellipsis ('...') in ${where}.`);
      if (out.includes("...")) throw new ArgumentError(`${op}: more than one ellipsis in ${where}.`);
      out.push("...");
      i += 2;
      continue;
    }
    if (!isLetter(c)) throw new ArgumentError(`${op}: invalid subscript ${JSON.stringify(c)} in ${where}; subscripts must be letters a-z, A-Z.`);
    out.push(c);
  }
  return out;
}

/** The sublist form as a subscripts string: integers 0..51 are letters, "..." an ellipsis. */
function sublistText(op: string, list: unknown, where: string): string {
  if (!isArrayArg(op, list)) {
    // a tensor here is an operand where a sublist belongs (or subscripts that are not a string)
    const got = isTensorArg(op, list) ? `a tensor ${avalText(list)}` : showValue(list);
    throw new ArgumentError(`${op}: expected a list of subscripts for ${where}, got ${got}; pass a subscripts string first, or operands each followed by its sublist.`);
  }
  return denseArrayOrThrow(op, `the subscripts of ${where}`, list)
    .map((s) => {
      if (s === "...") return "...";
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s >= 52) {
        throw new ArgumentError(`${op}: subscript ${showValue(s)} in ${where} is not within the valid range [0, 52) (or "..." for an ellipsis).`);
      }
      return EINSUM_SYMBOLS[s];
    })
    .join("");
}

/** `(subscripts, ...operands)` or numpy's `(op0, sublist0, op1, sublist1, ..., [output])` as a subscripts string and operands. */
export function splitArguments(op: string, args: readonly unknown[]): { subscripts: string; operands: unknown[] } {
  if (args.length === 0) throw new ArgumentError(`${op}: needs a subscripts string and operands, e.g. ${op}("ij,jk->ik", a, b).`);
  if (typeof args[0] === "string") return { subscripts: args[0], operands: args.slice(1) };
  if (args.length === 1) throw new ArgumentError(`${op}: the subscripts must be a string (or operands and sublists), got ${showValue(args[0])}.`);
  const operands: unknown[] = [];
  const inputs: string[] = [];
  let i = 0;
  for (; i + 1 < args.length; i += 2) {
    operands.push(args[i]);
    inputs.push(sublistText(op, args[i + 1], `operand ${operands.length - 1}`));
  }
  const output = i < args.length ? `->${sublistText(op, args[i], "the output")}` : "";
  return { subscripts: inputs.join(",") + output, operands };
}

/** Parses subscripts against the operands' shapes. */
export function parseEinsum(op: string, subscripts: string, rawOperands: readonly unknown[]): EinsumSpec {
  const operands = rawOperands.map((x, k) => {
    if (isRecordArg(op, x)) {
      throw new ArgumentError(`${op}: operand ${k} must be an array, got ${showValue(x)}.`);
    }
    return toTensor(x as ArrayLike, op);
  });
  const arrow = subscripts.split("->");
  if (arrow.length > 2) throw new ArgumentError(`${op}: subscripts ${JSON.stringify(subscripts)} contain more than one '->'.`);
  if (subscripts.includes("-") && subscripts.split("-").length !== arrow.length) throw new ArgumentError(`${op}: subscripts contain a '-' that is not part of '->'.`);
  const inputTerms = arrow[0].split(",").map((t, k) => terms(op, t, `operand ${k}`));
  if (inputTerms.length !== operands.length) {
    throw new ArgumentError(`${op}: subscripts ${JSON.stringify(subscripts)} name ${inputTerms.length} operand(s) but ${operands.length} were given.`);
  }
  // each ellipsis stands for the operand's axes beyond its letters, right-aligned with the others'
  const ellipsisRanks = inputTerms.map((t, k) => {
    const letters = t.filter((c) => c !== "...").length;
    const rank = operands[k].ndim;
    if (t.includes("...") ? rank < letters : rank !== letters) {
      throw new ShapeError(`${op}: subscripts ${JSON.stringify(t.join(""))} have ${letters} letters${t.includes("...") ? " and an ellipsis" : ""} for operand ${k} ${avalText(operands[k])}.`);
    }
    return t.includes("...") ? rank - letters : 0;
  });
  const used = new Set(inputTerms.flat().filter((c) => c !== "..."));
  const outputTerms = arrow.length === 2 ? terms(op, arrow[1], "the output") : null;
  for (const c of outputTerms ?? []) if (c !== "...") used.add(c);
  const broadcastRank = Math.max(0, ...ellipsisRanks);
  const unused = [...EINSUM_SYMBOLS].filter((c) => !used.has(c)).sort();
  if (unused.length < broadcastRank) throw new ArgumentError(`${op}: too many axes: the ellipsis needs ${broadcastRank} letters but only ${unused.length} are unused.`);
  const ellipsisLetters = unused.slice(unused.length - broadcastRank).join("");
  const inputs = inputTerms.map((t, k) => t.map((c) => (c === "..." ? ellipsisLetters.slice(broadcastRank - ellipsisRanks[k]) : c)).join(""));
  const sizes = labelSizes(op, inputs, operands);
  let output: string;
  if (outputTerms === null) {
    const counts = new Map<string, number>();
    for (const c of inputs.join("")) counts.set(c, (counts.get(c) ?? 0) + 1);
    const once = [...counts].filter(([c, n]) => n === 1 && !ellipsisLetters.includes(c)).map(([c]) => c).sort();
    output = ellipsisLetters + once.join("");
  } else {
    const hasEllipsis = outputTerms.includes("...");
    if (!hasEllipsis && broadcastRank > 0) {
      throw new ArgumentError(`${op}: the output has no '...' for the ${broadcastRank} broadcast axes of the ellipsis; add '...' to the output (numpy does not sum them).`);
    }
    output = outputTerms.map((c) => (c === "..." ? ellipsisLetters : c)).join("");
    const seen = new Set<string>();
    for (const c of output) {
      if (seen.has(c)) throw new ArgumentError(`${op}: the output subscript ${JSON.stringify(c)} appears more than once.`);
      if (!sizes.has(c)) throw new ArgumentError(`${op}: the output subscript ${JSON.stringify(c)} appears in no input.`);
      seen.add(c);
    }
  }
  return { inputs, output, sizes, operands };
}

/** The size of every label: equal across operands, or 1 where it broadcasts; a repeated label within one operand must agree exactly. */
function labelSizes(op: string, inputs: readonly string[], operands: readonly Tensor[]): Map<string, number> {
  const sizes = new Map<string, number>();
  inputs.forEach((term, k) => {
    const own = new Map<string, number>();
    [...term].forEach((c, axis) => {
      const d = operands[k].shape[axis];
      const mine = own.get(c);
      if (mine !== undefined && mine !== d) {
        throw new ShapeError(`${op}: the repeated subscript ${JSON.stringify(c)} of operand ${k} ${avalText(operands[k])} has dimensions ${mine} and ${d}; a diagonal needs equal ones.`);
      }
      own.set(c, d);
      const seen = sizes.get(c);
      if (seen === undefined || seen === 1) sizes.set(c, d);
      else if (d !== 1 && d !== seen) {
        throw new ShapeError(`${op}: subscript ${JSON.stringify(c)} has size ${d} in operand ${k} ${avalText(operands[k])} but ${seen} in an earlier operand (sizes must match or be 1).`);
      }
    });
  });
  return sizes;
}
