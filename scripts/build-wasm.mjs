// Assembles lib/kernels/wasm/*.wat into the base64 modules the kernels load.
// Needs wabt, which is not a dependency: `npm install --no-save wabt@1.0.39 && node scripts/build-wasm.mjs`.
import { readFileSync, writeFileSync } from "node:fs";
import wabtInit from "wabt";

const wabt = await wabtInit();
const wat = new URL("../lib/kernels/wasm/matmul.wat", import.meta.url);
const module = wabt.parseWat("matmul.wat", readFileSync(wat, "utf8"), { simd: true });
const base64 = Buffer.from(module.toBinary({}).buffer).toString("base64");
const target = new URL("../lib/kernels/wasm/matmulModule.ts", import.meta.url);
const text = readFileSync(target, "utf8").replace(/MATMUL_WASM_BASE64 = "[^"]*"/, `MATMUL_WASM_BASE64 = "${base64}"`);
writeFileSync(target, text);
console.log(`matmul.wat -> matmulModule.ts (${base64.length} base64 characters)`);
