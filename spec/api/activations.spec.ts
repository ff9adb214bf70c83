import { runRows } from "./harness.ts";
import { activationRows } from "./cases/activations.ts";

runRows(activationRows);
