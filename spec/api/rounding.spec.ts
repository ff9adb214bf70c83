import { runRows } from "./harness.ts";
import { floatingRows, roundingDtypeRows, roundingRows } from "./cases/rounding.ts";

runRows(roundingRows);
runRows(floatingRows);
runRows(roundingDtypeRows);
