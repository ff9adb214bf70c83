/**
 * Reverse mode of `scan` without unrolling, as JAX's `_scan_partial_eval`
 * and `_scan_transpose`:
 *
 * - Partial evaluation splits the body into its known part and its unknown
 *   part (a carry is unknown when its initial value is or the body makes it
 *   so: a fixpoint). The known part runs now as a scan whose extra outputs
 *   are the residuals, stacked along the steps; residuals that do not change
 *   from step to step (they depend only on known consts) are computed once,
 *   outside the loop, and a residual that is a per-step input is that input.
 *   The unknown part is staged as a scan taking the residuals.
 * - The transpose of that linear scan is a scan running the other way:
 *   cotangents of the carries are its carry, cotangents of the ys its xs, the
 *   cotangents of linear consts accumulate in an extra carry, and each step
 *   pulls the step's cotangents back through the body.
 *
 * Both take the scan primitive as an argument (it is defined in `scan.ts`).
 *
 * @example
 * // makeJaxpr(grad(f)) of a scan of any length: one forward scan, one reverse scan
 * makeJaxpr(grad((x) => np.sum(lax.scan((c, a) => [np.sin(np.add(c, a)), c], 0, x)[1])))(np.ones([10000]));
 */
import { TracegradError } from "../core/errors.ts";
import { isLinear, type HigherOrderPrimitive, type LinearArg, type PartialEvaluator } from "../core/primitive.ts";
import * as ops from "../core/ops.ts";
import type { Aval, Tensor } from "../core/tensor.ts";
import { merge, partition, splitAt, splitList } from "../core/args.ts";
import { ClosedJaxpr, Jaxpr, Var } from "../ir/jaxpr.ts";
import { deadCodeElimination } from "../ir/simplify.ts";
import { partialEvalJaxpr, type PartialJaxpr } from "./partial.ts";
import { backwardJaxpr, bindTyped, runJaxpr, stageFlat } from "./stage.ts";
import type { ScanParams } from "./scan.ts";

type ScanPrimitive = HigherOrderPrimitive<ScanParams>;

const rowAval = (a: Aval): Aval => ({ shape: a.shape.slice(1), dtype: a.dtype });
const count = (flags: readonly boolean[]) => flags.filter(Boolean).length;

// partial evaluation

/** How the unknown scan receives a residual: computed once (a const), stacked by the known scan, or an xs input as it is. */
type ResidualKind = "invariant" | "stacked" | "forwarded";

/**
 * Classifies the residual outputs of the known body (inputs `[consts, carry, xs]`,
 * of which the first `numConsts` are consts): a residual that depends on no
 * carry and no xs is invariant; one that is an xs input is forwarded.
 */
function residualKinds(known: ClosedJaxpr, numConsts: number, numCarry: number, numResiduals: number): { kinds: ResidualKind[]; forwardedFrom: number[] } {
  const { invars, eqns, outs } = known.jaxpr;
  const varying = new Set<Var>(invars.slice(numConsts));
  for (const eqn of eqns) {
    if (eqn.inputs.some((a) => a instanceof Var && varying.has(a))) for (const v of eqn.outs) varying.add(v);
  }
  const xsInvars = invars.slice(numConsts + numCarry);
  const residuals = outs.slice(outs.length - numResiduals);
  const forwardedFrom = residuals.map((a) => (a instanceof Var ? xsInvars.indexOf(a) : -1));
  const kinds = residuals.map((a, r): ResidualKind =>
    forwardedFrom[r] >= 0 ? "forwarded" : a instanceof Var && varying.has(a) ? "stacked" : "invariant",
  );
  return { kinds, forwardedFrom };
}

/** The body split for known and unknown inputs, with the carries made unknown until the unknown ones stay so. */
function splitBody(p: ScanParams, constUnknown: readonly boolean[], initUnknown: readonly boolean[], xsUnknown: readonly boolean[]): [PartialJaxpr, boolean[]] {
  const numYs = p.jaxpr.outAvals.length - p.numCarry;
  let carryUnknown = initUnknown.slice();
  for (;;) {
    const split = partialEvalJaxpr(p.jaxpr, [...constUnknown, ...carryUnknown, ...xsUnknown], [...carryUnknown, ...new Array<boolean>(numYs).fill(false)]);
    const outCarry = split.outUnknowns.slice(0, p.numCarry);
    if (outCarry.every((u, i) => !u || carryUnknown[i])) return [split, carryUnknown];
    carryUnknown = carryUnknown.map((u, i) => u || outCarry[i]);
  }
}

/**
 * The partial-evaluation rule of `scan`: runs the known part now (one scan,
 * residuals as extra stacked outputs) and stages the unknown part (one scan
 * taking the residuals); returns the outputs, known or unknown.
 */
export function scanPartialEval(scan: ScanPrimitive, pe: PartialEvaluator, args: readonly Tensor[], p: ScanParams): Tensor[] {
  const { numConsts: nc, numCarry: nk } = p;
  const values = args.map((a) => pe.knownValue(a));
  const [constUnknown, initUnknown, xsUnknown] = splitList(values.map((v) => v === null), [nc, nk]);
  const [split, carryUnknown] = splitBody(p, constUnknown, initUnknown, xsUnknown);
  const inUnknown = [...constUnknown, ...carryUnknown, ...xsUnknown];
  const ysUnknown = split.outUnknowns.slice(nk);
  const [knownArgs] = partition(inUnknown, values) as [Tensor[], unknown];
  const [knownConsts, knownInit, knownXs] = splitList(knownArgs, [nc - count(constUnknown), nk - count(carryUnknown)]);

  // the residuals: computed once, stacked by the known scan, or forwarded xs
  const known = split.known;
  const numKnownOuts = known.outAvals.length - split.numResiduals;
  const { kinds, forwardedFrom } = residualKinds(known, knownConsts.length, knownInit.length, split.numResiduals);
  const [knownOutAtoms, residualAtoms] = splitAt(known.jaxpr.outs, numKnownOuts);
  const invariantAtoms = residualAtoms.filter((_, r) => kinds[r] === "invariant");
  const invariant = runJaxpr(
    deadCodeElimination(new ClosedJaxpr(new Jaxpr(known.jaxpr.constvars, known.jaxpr.invars.slice(0, knownConsts.length), known.jaxpr.eqns, invariantAtoms), known.consts)),
    knownConsts,
  );
  const stackedAtoms = residualAtoms.filter((_, r) => kinds[r] === "stacked");
  const knownBody = deadCodeElimination(new ClosedJaxpr(new Jaxpr(known.jaxpr.constvars, known.jaxpr.invars, known.jaxpr.eqns, [...knownOutAtoms, ...stackedAtoms]), known.consts));
  const knownResults =
    knownBody.outAvals.length === 0
      ? []
      : bindTyped(scan, [...knownConsts, ...knownInit, ...knownXs], { ...p, jaxpr: knownBody, numConsts: knownConsts.length, numCarry: knownInit.length });
  const [knownOuts, stacked] = splitAt(knownResults, numKnownOuts);
  if (!split.outUnknowns.some((u) => u)) return knownOuts;

  // the unknown scan: [invariant residuals, unknown consts, carries, unknown xs, per-step residuals]
  const residualValue = (() => {
    let s = 0;
    return kinds.map((kind, r) => (kind === "stacked" ? stacked[s++] : kind === "forwarded" ? knownXs[forwardedFrom[r]] : null));
  })();
  const [residualVars, unknownVars] = splitAt(split.unknown.jaxpr.invars, split.numResiduals);
  const [perStepVars, invariantVars] = partition(kinds.map((k) => k === "invariant"), residualVars);
  const unknownBody = new ClosedJaxpr(new Jaxpr([], [...invariantVars, ...unknownVars, ...perStepVars], split.unknown.jaxpr.eqns, split.unknown.jaxpr.outs), []);
  const [constArgs, initArgs, xsArgs] = splitList(args, [nc, nk]);
  const staged = pe.stage(
    scan,
    [
      ...invariant,
      ...partition(constUnknown, constArgs)[1],
      ...partition(carryUnknown, initArgs)[1],
      ...partition(xsUnknown, xsArgs)[1],
      ...residualValue.filter((v): v is Tensor => v !== null),
    ],
    { ...p, jaxpr: unknownBody, numConsts: invariant.length + count(constUnknown), numCarry: count(carryUnknown) },
  );
  const [knownCarry, knownYs] = splitAt(knownOuts, nk - count(carryUnknown));
  const [stagedCarry, stagedYs] = splitAt(staged, count(carryUnknown));
  return [...merge(carryUnknown, knownCarry, stagedCarry), ...merge(ysUnknown, knownYs, stagedYs)];
}

// transpose

/**
 * The transpose of a scan linear in its carries and in the consts and xs
 * that are `LinearArg`s (the others are residuals): a scan the other way
 * whose carry is `[accumulated const cotangents, carry cotangents]` and whose
 * xs are the ys' cotangents and the per-step residuals.
 */
export function scanTranspose(
  scan: ScanPrimitive,
  cotangents: readonly (Tensor | null)[],
  args: readonly (Tensor | LinearArg)[],
  p: ScanParams,
): (Tensor | null)[] {
  const { jaxpr, numConsts: nc, numCarry: nk, length, reverse } = p;
  const [consts, init, xs] = splitList(args, [nc, nk]);
  const constLinear = consts.map(isLinear);
  const xsLinear = xs.map(isLinear);
  const [residualConsts, linearConsts] = partition(constLinear, consts);
  const [residualXs] = partition(xsLinear, xs);
  const knowns = [...residualConsts, ...residualXs];
  if (knowns.some(isLinear)) throw new TracegradError("scan: transpose of a non-linear input; this is a tracegrad bug.");
  const yAvals = jaxpr.outAvals.slice(nk);
  const [carryCts, ysCts] = splitAt(cotangents, nk);
  const linearFlags = [...constLinear, ...init.map(() => true), ...xsLinear];
  const numYs = yAvals.length;
  const body = stageFlat(
    (ins) => {
      const [resC, acc, ctCarry, ctY, resX] = splitList(ins, [residualConsts.length, linearConsts.length, nk, numYs]);
      const cts = backwardJaxpr(jaxpr, linearFlags, [...resC, ...resX], [...ctCarry, ...ctY]);
      const [dConsts, dCarry, dXs] = splitList(cts, [linearConsts.length, nk]);
      return [...acc.map((a, i) => ops.add(a, dConsts[i])), ...dCarry, ...dXs];
    },
    [...residualConsts, ...linearConsts, ...init, ...yAvals, ...(residualXs as Tensor[]).map(rowAval)],
    "scan",
  );
  const outs = bindTyped(
    scan,
    [
      ...(residualConsts as Tensor[]),
      ...linearConsts.map((c) => ops.zerosLike(c)),
      ...ops.orZeros(carryCts, init),
      ...ops.orZeros(ysCts, yAvals.map((a) => ({ shape: [length, ...a.shape], dtype: a.dtype }))),
      ...(residualXs as Tensor[]),
    ],
    { jaxpr: body, numConsts: residualConsts.length, numCarry: linearConsts.length + nk, length, reverse: !reverse },
  );
  const [constCts, initCts, xsCts] = splitList(outs, [linearConsts.length, nk]);
  const none = (n: number) => new Array<Tensor | null>(n).fill(null);
  return [...merge(constLinear, none(residualConsts.length), constCts), ...initCts, ...merge(xsLinear, none(residualXs.length), xsCts)];
}
