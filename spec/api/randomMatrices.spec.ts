import { runRows } from "./harness.ts";
import { randomMatrixRows } from "./cases/randomMatrices.ts";

runRows(randomMatrixRows);
