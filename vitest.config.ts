import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: [
      { find: /^tracegrad\/testing\/setup$/, replacement: new URL("./lib/testing/setup.ts", import.meta.url).pathname },
      { find: /^tracegrad\/testing$/, replacement: new URL("./lib/testing/index.ts", import.meta.url).pathname },
      { find: /^tracegrad\/optim$/, replacement: new URL("./lib/optim/index.ts", import.meta.url).pathname },
      { find: /^tracegrad$/, replacement: new URL("./lib/index.ts", import.meta.url).pathname },
    ],
  },
  test: {
    include: ["spec/**/*.spec.ts"],
    exclude: ["spec/deno/**", "spec/package/consumer/**", "node_modules/**"],
    pool: "threads",
    // Both cores, and one module graph per worker: re-importing the library for each of the ~150 files cost more
    // than the tests themselves (setup 71 s of 279 s on the 2-core host). Specs leave no state behind that another
    // file depends on (config changes are restored, the caches only cache).
    maxWorkers: "100%",
    isolate: false,
    setupFiles: ["spec/setup.ts", "lib/testing/setup.ts"],
  },
});
