import { runRows } from "./harness.ts";
import { indexingRows } from "./cases/indexing.ts";

runRows(indexingRows);
