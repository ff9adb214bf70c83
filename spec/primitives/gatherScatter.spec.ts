/**
 * Property tests of gather, the scatter family and sort (see harness.ts for the properties).
 */
import { gatherScatterCases } from "./cases/gatherScatter.ts";
import { runCases } from "./harness.ts";

runCases(gatherScatterCases);
