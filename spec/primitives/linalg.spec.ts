/**
 * Property tests of dot_general (see harness.ts for the properties).
 */
import { linalgCases } from "./cases/linalg.ts";
import { runCases } from "./harness.ts";

runCases(linalgCases, 80);
