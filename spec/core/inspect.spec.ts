/**
 * `console.log(x)` prints a tensor as numpy's repr (what `x.toString()`
 * gives), through Node's `util.inspect.custom` symbol; Deno's
 * `Deno.customInspect` is pinned in spec/deno/inspect.test.ts. The core
 * registers both with `Symbol.for`, so it imports no node: module.
 */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { jit, np } from "tracegrad";

describe("util.inspect of a tensor", () => {
  it("is numpy's repr, alone and inside objects and arrays", () => {
    const x = np.array([[1, 2], [3, 4.5]]);
    expect(inspect(x)).toBe("array([[1. , 2. ],\n       [3. , 4.5]])");
    expect(inspect(x)).toBe(x.toString());
    expect(inspect({ b: np.zeros([2], "int32") })).toBe("{ b: array([0, 0], dtype=int32) }");
    expect(inspect([np.array(1.5), np.array([true, false])])).toBe("[ array(1.5), array([ True, False]) ]");
  });

  it("names a tracer by its aval instead of reading its value", () => {
    let seen = "";
    jit((y: ReturnType<typeof np.ones>) => {
      seen = inspect(y);
      return y;
    })(np.ones([2]));
    expect(seen).toMatch(/^Traced<f64\[2\]>/);
  });

  it("is installed without importing node:util in the core", () => {
    const source = readFileSync(new URL("../../lib/core/tensor.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/from "node:/);
    expect(source).toContain('Symbol.for("nodejs.util.inspect.custom")');
    expect(source).toContain('Symbol.for("Deno.customInspect")');
  });
});
