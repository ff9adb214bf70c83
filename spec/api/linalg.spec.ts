import { runRows } from "./harness.ts";
import { linalgRows } from "./cases/linalg.ts";

runRows(linalgRows);
