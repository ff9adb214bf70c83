import { runRows } from "./harness.ts";
import { bitwiseRows } from "./cases/bitwise.ts";

runRows(bitwiseRows);
