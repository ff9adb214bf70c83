import { runRows } from "./harness.ts";
import { windowRows } from "./cases/window.ts";

runRows(windowRows);
