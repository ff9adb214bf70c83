/**
 * Property tests of the cumulative reductions cumprod, cummax, cummin (see harness.ts for the properties).
 */
import { cumulativeCases } from "./cases/cumulative.ts";
import { runCases } from "./harness.ts";

runCases(cumulativeCases);
