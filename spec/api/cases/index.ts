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
import { bitwiseRows } from "./bitwise.ts";
import { randomRows } from "./random.ts";
import { initializerRows } from "./initializers.ts";
import { ufuncDtypeRows, ufuncRows } from "./ufuncs.ts";
import { floatingRows, roundingDtypeRows, roundingRows } from "./rounding.ts";
import { specialDtypeRows, specialRows } from "./special.ts";
import { activationRows } from "./activations.ts";
import { linalgRows } from "./linalg.ts";
import { laxLinalgRows, scipyLinalgRows } from "./linalgLax.ts";
import { sortingRows } from "./sorting.ts";
import { indexingRows } from "./indexing.ts";
import { triangularRows } from "./triangular.ts";
import { gridRows } from "./grids.ts";
import { setopsRows } from "./setops.ts";
import { quantileRows } from "./quantile.ts";
import { fftRows } from "./fft.ts";
import { einsumRows } from "./einsum.ts";
import { reductionRows } from "./reductions.ts";
import { cumulativeRows } from "./cumulative.ts";
import { statisticsRows } from "./statistics.ts";
import { nanRows } from "./nanfunctions.ts";
import { treeRows } from "./tree.ts";

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
  ...bitwiseRows,
  ...randomRows,
  ...initializerRows,
  ...linalgRows,
  ...laxLinalgRows,
  ...scipyLinalgRows,
  ...reductionRows,
  ...cumulativeRows,
  ...statisticsRows,
  ...nanRows,
  ...treeRows,
  ...sortingRows,
  ...indexingRows,
  ...triangularRows,
  ...gridRows,
  ...setopsRows,
  ...quantileRows,
];
