import { runRows } from "./harness.ts";
import { shapeRows } from "./cases/shape.ts";

runRows(shapeRows);
