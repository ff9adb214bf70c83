import { runRows } from "./harness.ts";
import { triangularRows } from "./cases/triangular.ts";

runRows(triangularRows);
