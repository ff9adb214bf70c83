/**
 * Property tests of the reductions (see harness.ts for the properties).
 */
import { reduceCases } from "./cases/reduce.ts";
import { runCases } from "./harness.ts";

runCases(reduceCases);
