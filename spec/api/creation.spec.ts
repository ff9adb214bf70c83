import { runRows } from "./harness.ts";
import { creationRows } from "./cases/creation.ts";

runRows(creationRows);
