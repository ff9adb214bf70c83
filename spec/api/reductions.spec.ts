import { runRows } from "./harness.ts";
import { reductionRows } from "./cases/reductions.ts";

runRows(reductionRows);
