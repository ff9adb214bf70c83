/**
 * Property tests of the windowed reductions and the pooling derivatives (see harness.ts for the properties).
 */
import { windowCases } from "./cases/window.ts";
import { runCases } from "./harness.ts";

runCases(windowCases, 40);
