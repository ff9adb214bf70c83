import { runRows } from "./harness.ts";
import { gridRows } from "./cases/grids.ts";

runRows(gridRows);
