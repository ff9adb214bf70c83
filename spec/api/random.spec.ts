import { runRows } from "./harness.ts";
import { randomRows } from "./cases/random.ts";

runRows(randomRows);
