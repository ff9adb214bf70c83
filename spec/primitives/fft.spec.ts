/**
 * Property tests of the fft primitive (see harness.ts for the properties).
 */
import { fftCases } from "./cases/fft.ts";
import { runCases } from "./harness.ts";

runCases(fftCases, 80);
