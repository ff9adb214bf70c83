import { runRows } from "./harness.ts";
import { quantileRows } from "./cases/quantile.ts";

runRows(quantileRows);
