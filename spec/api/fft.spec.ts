import { runRows } from "./harness.ts";
import { fftRows } from "./cases/fft.ts";

runRows(fftRows);
