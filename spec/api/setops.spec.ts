import { runRows } from "./harness.ts";
import { setopsRows } from "./cases/setops.ts";

runRows(setopsRows);
