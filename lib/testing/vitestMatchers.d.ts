import type { TracegradMatchers } from "./matchers.ts";
declare module "vitest" {
  interface Assertion<T = any> extends TracegradMatchers<T> {}
  interface AsymmetricMatchersContaining extends TracegradMatchers {}
}
