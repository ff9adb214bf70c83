/**
 * Every row of the API harness, for `coverage.spec.ts`. A new case file is
 * added here and run by its own `<group>.spec.ts` (one line: `runRows(rows)`).
 */
import type { Row } from "../harness.ts";
import { rearrangeRows } from "./rearrange.ts";
import { assemblyRows } from "./assembly.ts";
import { productRows } from "./products.ts";
import { creationRows } from "./creation.ts";
import { shapeRows } from "./shape.ts";
import { convRows } from "./conv.ts";
import { windowRows } from "./window.ts";
import { ufuncDtypeRows, ufuncRows } from "./ufuncs.ts";
import { floatingRows, roundingDtypeRows, roundingRows } from "./rounding.ts";
import { specialDtypeRows, specialRows } from "./special.ts";
import { activationRows } from "./activations.ts";
import { linalgRows } from "./linalg.ts";
import { laxLinalgRows, scipyLinalgRows } from "./linalgLax.ts";
import { fftRows } from "./fft.ts";
import { einsumRows } from "./einsum.ts";

export const allRows: readonly Row[] = [
  ...rearrangeRows,
  ...assemblyRows,
  ...shapeRows,
  ...productRows,
  ...creationRows,
  ...fftRows,
  ...einsumRows,
  ...ufuncRows,
  ...ufuncDtypeRows,
  ...roundingRows,
  ...floatingRows,
  ...roundingDtypeRows,
  ...specialRows,
  ...specialDtypeRows,
  ...activationRows,
  ...linalgRows,
  ...laxLinalgRows,
  ...scipyLinalgRows,
  ...convRows,
  ...windowRows,
];
