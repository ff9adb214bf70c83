import { runRows } from "./harness.ts";
import { einsumRows } from "./cases/einsum.ts";

runRows(einsumRows);
