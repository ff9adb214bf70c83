import { runRows } from "./harness.ts";
import { assemblyRows } from "./cases/assembly.ts";

runRows(assemblyRows);
