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
    setupFiles: ["spec/setup.ts", "lib/testing/setup.ts"],
  },
});
