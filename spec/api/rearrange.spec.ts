import { runRows } from "./harness.ts";
import { rearrangeRows } from "./cases/rearrange.ts";

runRows(rearrangeRows);
