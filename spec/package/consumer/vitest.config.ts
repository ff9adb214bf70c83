import { defineConfig } from "vitest/config";
export default defineConfig({ test: { setupFiles: ["tracegrad/testing/setup"] } });
