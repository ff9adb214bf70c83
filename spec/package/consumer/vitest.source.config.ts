// vitest against a source checkout (no dist/): the tracegrad-source condition points at lib/*.ts.
// A setup file of one's own imports tracegrad/testing/setup (setupFiles entries are resolved without the condition).
import { defineConfig } from "vitest/config";
export default defineConfig({
  ssr: { resolve: { conditions: ["tracegrad-source"] } },
  test: { setupFiles: ["./vitest.setup.ts"] },
});
