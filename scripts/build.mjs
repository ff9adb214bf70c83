/**
 * `npm run build`: compiles lib/ into dist/ (JavaScript, `.d.ts` and source
 * maps) with `tsc -p tsconfig.build.json`, then finishes the declarations so
 * that they work in any consumer's TypeScript:
 *
 * - relative specifiers in `.d.ts` files end in `.js` (tsc rewrites them in
 *   the JavaScript, `rewriteRelativeImportExtensions`, but keeps `.ts` in
 *   declarations, which a consumer without `allowImportingTsExtensions`
 *   rejects);
 * - hand-written declaration files of lib/ (`lib/**\/*.d.ts`, such as the
 *   vitest matcher types) are copied, and the `/// <reference path>`
 *   directives that point at them are put back (tsc drops them).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");
const dist = join(root, "dist");

rmSync(dist, { recursive: true, force: true });
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });

/** Every file under `dir`, as paths relative to it. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path).map((p) => join(entry.name, p)) : [entry.name];
  });
}

/** `from "./x.ts"`, `import("./x.ts")` and `declare module "./x.ts"` with `.js` instead. */
const withJsSpecifiers = (text) => text.replace(/(["'])(\.{1,2}\/[^"'\n]*?)(?<!\.d)\.ts\1/g, (_, quote, path) => `${quote}${path}.js${quote}`);

for (const file of walk(lib)) {
  const source = join(lib, file);
  if (file.endsWith(".d.ts")) {
    const target = join(dist, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    continue;
  }
  if (!file.endsWith(".ts")) continue;
  const references = readFileSync(source, "utf8").split("\n").filter((line) => line.startsWith("/// <reference path="));
  const declaration = join(dist, file.replace(/\.ts$/, ".d.ts"));
  if (references.length > 0 && existsSync(declaration)) {
    writeFileSync(declaration, `${references.join("\n")}\n${readFileSync(declaration, "utf8")}`);
  }
}
let rewritten = 0;
for (const file of walk(dist)) {
  if (!file.endsWith(".d.ts")) continue;
  const path = join(dist, file);
  const text = readFileSync(path, "utf8");
  const fixed = withJsSpecifiers(text);
  if (fixed !== text) {
    writeFileSync(path, fixed);
    rewritten++;
  }
}
// on stderr, so that `npm pack --json` (which runs this as `prepare`) prints only its JSON
console.error(`dist/ built from lib/ (${rewritten} declaration files given .js specifiers)`);
