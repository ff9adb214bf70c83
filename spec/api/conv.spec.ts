import { runRows } from "./harness.ts";
import { convRows } from "./cases/conv.ts";

runRows(convRows);
