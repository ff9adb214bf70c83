/**
 * The vitest setup module of `tracegrad/testing`: installs the matchers
 * `toBeAllclose` and `toHaveGradientsMatchingNumeric` on `expect`, and (by
 * importing `matchers.ts`) brings their types into scope. Add it to
 * vitest's `setupFiles`, or import it at the top of a spec file.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { setupFiles: ["tracegrad/testing/setup"] } });
 * // a spec
 * expect(np.array([1, 2])).toBeAllclose([1, 2.000001]);
 */
/// <reference path="./vitestMatchers.d.ts" />
import { installMatchers } from "./matchers.ts";

export type { AllcloseOptions, TracegradMatchers } from "./matchers.ts";

installMatchers();
