import { runRows } from "./harness.ts";
import { treeRows } from "./cases/tree.ts";

runRows(treeRows);
