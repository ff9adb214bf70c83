/** Property tests of the bitwise primitives (see harness.ts for the properties). */
import { bitwiseCases } from "./cases/bitwise.ts";
import { runCases } from "./harness.ts";

runCases(bitwiseCases);
