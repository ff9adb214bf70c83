/** Property tests of the primitives under `random` (see harness.ts for the properties; distributions are in spec/random/). */
import { randomCases } from "./cases/random.ts";
import { runCases } from "./harness.ts";

runCases(randomCases, 15);
