import { runRows } from "./harness.ts";
import { cumulativeRows } from "./cases/cumulative.ts";

runRows(cumulativeRows);
