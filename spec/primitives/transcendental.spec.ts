/** Property tests of the transcendental and special-function primitives (see harness.ts for the properties). */
import { transcendentalCases } from "./cases/transcendental.ts";
import { runCases } from "./harness.ts";

runCases(transcendentalCases);
