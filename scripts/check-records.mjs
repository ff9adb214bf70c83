#!/usr/bin/env node
/**
 * Proves that a primitive's record cannot lose a rule: for every rule
 * (abstractEval, impl, jvp, transpose, batch, lower) written in the
 * primitive sources (record literals and the rule objects given to the
 * record combinators), deletes that one property, typechecks `lib/`, and
 * expects `tsc` to fail. Prints each deletion that still compiles (none
 * should) and exits 1 if there is one. Slow (one `tsc` per rule, a few
 * minutes): run it by hand after changing the primitive types.
 *
 *     node scripts/check-records.mjs [file ...]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["elementwise", "reduce", "movement", "linalg", "fft", "gatherScatter", "sort"].map((f) => `lib/core/primitives/${f}.ts`);
const RULES = ["abstractEval", "impl", "jvp", "transpose", "batch", "lower"];
const config = `${root}tsconfig.check-records.json`;

/** The index after the string or template literal that starts at `i`. */
function skipLiteral(text, i) {
  const quote = text[i];
  for (i++; text[i] !== quote; i++) {
    if (text[i] === "\\") i++;
    else if (quote === "`" && text[i] === "$" && text[i + 1] === "{") i = scanCode(text, i + 2, false);
  }
  return i + 1;
}

/**
 * Scans code from `i`, skipping literals, comments and bracketed groups, to the first closing bracket
 * at depth 0 (returns its index) or, with `stopAtComma`, the index after the first comma at depth 0.
 */
function scanCode(text, i, stopAtComma) {
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") i = text.indexOf("\n", i);
    else if (c === "/" && text[i + 1] === "*") i = text.indexOf("*/", i) + 2;
    else if (c === '"' || c === "'" || c === "`") i = skipLiteral(text, i);
    else {
      if (c === "(" || c === "[" || c === "{") depth++;
      else if (c === ")" || c === "]" || c === "}") {
        if (depth === 0) return i;
        depth--;
      } else if (c === "," && depth === 0 && stopAtComma) return i + 1;
      i++;
    }
  }
  throw new Error("unterminated code");
}

/** Every rule property in `text`: [start, end) of the property (with its trailing comma). */
function ruleProperties(text) {
  const found = [];
  // a key at the start of a line or right after `{` or `,`, followed by `:` or a method's `(`
  const pattern = new RegExp(`(?<=^[ \\t]*|[{,][ \\t]*)(${RULES.join("|")})(?=\\s*[:(])`, "gm");
  for (const m of text.matchAll(pattern)) found.push([m.index, scanCode(text, m.index + m[0].length, true)]);
  return found;
}

function compiles() {
  try {
    execFileSync(`${root}node_modules/.bin/tsc`, ["--noEmit", "-p", config], { cwd: root, stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

writeFileSync(config, JSON.stringify({ extends: "./tsconfig.json", include: ["lib"] }));
const survivors = [];
let count = 0;
// the file being mutated and its text, restored on every exit (an interrupt included)
let current = null;
const restore = () => {
  if (current !== null) writeFileSync(current.path, current.original);
  current = null;
  rmSync(config, { force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (restore(), process.exit(130)));
try {
  if (!compiles()) throw new Error("lib/ does not typecheck before any deletion");
  for (const file of files) {
    const path = `${root}${file}`;
    const original = readFileSync(path, "utf8");
    current = { path, original };
    try {
      for (const [start, end] of ruleProperties(original)) {
        writeFileSync(path, original.slice(0, start) + original.slice(end));
        count++;
        const lineNumber = original.slice(0, start).split("\n").length;
        const what = `${file}:${lineNumber} ${original.slice(start, Math.min(end, start + 50)).replace(/\s+/g, " ")}`;
        if (compiles()) survivors.push(what);
        process.stdout.write(`${survivors.includes(what) ? "COMPILES" : "rejected"}  ${what}\n`);
      }
    } finally {
      restore();
    }
  }
} finally {
  restore();
}
console.log(`\n${count} rule deletions, ${count - survivors.length} rejected by tsc, ${survivors.length} still compile.`);
for (const s of survivors) console.log(`  still compiles: ${s}`);
process.exit(survivors.length === 0 ? 0 : 1);
