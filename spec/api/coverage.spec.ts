/**
 * Every public function has a row in the API harness (spec/api/cases/*.ts):
 * each export of the namespaces below (and of the namespaces nested in them,
 * such as `np.linalg`), functions and constants alike. A function is covered
 * when a row names it, or names another export that is the same function
 * (an alias such as `np.asin` of `np.arcsin` is covered by either's row).
 *
 * `NOT_YET_COVERED` lists the exports that existed before the harness and
 * have no row yet. It may only shrink: an entry that now has a row, or that
 * is no longer exported, fails here until it is removed from the list.
 */
import { describe, expect, it } from "vitest";
import * as tracegrad from "../../lib/index.ts";
import { resolve } from "./harness.ts";
import { allRows } from "./cases/index.ts";

/** The namespaces whose exports need rows (absent ones are skipped until they exist). */
const NAMESPACES = ["np", "nn", "random", "special", "scipy", "scipyLinalg", "lax", "tree"];

/** Top-level exports that are objects but not array-function namespaces. */
const NOT_NAMESPACES = [
  "config", // settings (config.update/get), not functions of arrays
];

// Existing functions without a row yet, by namespace. Remove an entry when its row lands.
const NOT_YET_COVERED = [
  // np: creation
  "np.array", "np.asarray", "np.zeros", "np.ones", "np.full", "np.zerosLike", "np.onesLike", "np.fullLike", "np.arange",
  "np.linspace", "np.eye",
  // np: elementwise math
  "np.add", "np.subtract", "np.multiply", "np.negative", "np.power", "np.square", "np.sqrt", "np.exp", "np.log",
  "np.log1p", "np.expm1", "np.sin", "np.cos", "np.tanh", "np.sign", "np.maximum",
  "np.minimum", "np.clip", "np.where", "np.equal", "np.notEqual", "np.less", "np.lessEqual", "np.greater",
  "np.greaterEqual", "np.isnan", "np.isfinite",
  // np: indexing
  "np.allclose",
  // nn
  "nn.sigmoid", "nn.relu", "nn.leakyRelu", "nn.softplus", "nn.logSigmoid", "nn.logsumexp", "nn.logSoftmax", "nn.softmax",
  "nn.oneHot",
  // lax
  "lax.cond", "lax.whileLoop", "lax.foriLoop", "lax.scan",
];

const isNamespace = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof tracegrad.Tensor) &&
  (Object.prototype.toString.call(v) === "[object Module]" || Object.getPrototypeOf(v) === Object.prototype);

/** Every export under the namespaces, as [path, value], nested namespaces walked. */
function publicExports(): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (prefix: string, ns: Record<string, unknown>) => {
    for (const key of Object.keys(ns).sort()) {
      const value = ns[key];
      if (isNamespace(value)) walk(`${prefix}.${key}`, value);
      else out.push([`${prefix}.${key}`, value]);
    }
  };
  for (const name of NAMESPACES) {
    const ns = (tracegrad as Record<string, unknown>)[name];
    if (isNamespace(ns)) walk(name, ns);
  }
  return out;
}

describe("API coverage", () => {
  const exports = publicExports();
  const rowNames = new Set(allRows.map((r) => r.name));
  const coveredFunctions = new Set(allRows.map((r) => resolve(r.name)).filter((v) => typeof v === "function"));
  const covered = ([path, value]: [string, unknown]) => rowNames.has(path) || (typeof value === "function" && coveredFunctions.has(value));

  it("every public function and constant has a row (or is in NOT_YET_COVERED)", () => {
    const missing = exports.filter((e) => !covered(e) && !NOT_YET_COVERED.includes(e[0])).map((e) => e[0]);
    expect(missing, "add a row in spec/api/cases/ for each").toEqual([]);
  });

  it("NOT_YET_COVERED only shrinks: its entries exist and have no row", () => {
    const paths = new Map(exports);
    expect(NOT_YET_COVERED.filter((p) => !paths.has(p)), "no longer exported: remove from NOT_YET_COVERED").toEqual([]);
    expect(NOT_YET_COVERED.filter((p) => covered([p, paths.get(p)])), "now has a row: remove from NOT_YET_COVERED").toEqual([]);
  });

  it("every row names a public export", () => {
    const paths = new Set(exports.map(([p]) => p));
    expect(allRows.map((r) => r.name).filter((n) => !paths.has(n))).toEqual([]);
  });

  it("every top-level namespace object is walked (or listed as not a namespace)", () => {
    const objects = Object.entries(tracegrad).filter(([, v]) => isNamespace(v)).map(([k]) => k);
    expect(objects.filter((k) => !NAMESPACES.includes(k) && !NOT_NAMESPACES.includes(k))).toEqual([]);
  });
});
