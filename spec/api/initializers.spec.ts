import { runRows } from "./harness.ts";
import { initializerRows } from "./cases/initializers.ts";

runRows(initializerRows);
