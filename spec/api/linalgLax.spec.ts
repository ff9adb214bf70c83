import { runRows } from "./harness.ts";
import { laxLinalgRows, scipyLinalgRows } from "./cases/linalgLax.ts";

runRows([...laxLinalgRows, ...scipyLinalgRows]);
