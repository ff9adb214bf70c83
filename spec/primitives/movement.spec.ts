/**
 * Property tests of the movement primitives (see harness.ts for the properties).
 */
import { movementCases } from "./cases/movement.ts";
import { runCases } from "./harness.ts";

runCases(movementCases);
