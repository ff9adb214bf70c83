import { runRows } from "./harness.ts";
import { nanRows } from "./cases/nanfunctions.ts";

runRows(nanRows);
