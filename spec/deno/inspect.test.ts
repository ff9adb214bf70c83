/** Deno's console.log and Deno.inspect print a tensor as numpy's repr, as Node's util.inspect does. */
import { np } from "../../lib/index.ts";

function assertEquals(actual: string, expected: string): void {
  if (actual !== expected) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

Deno.test("Deno.inspect of a tensor is numpy's repr", () => {
  const x = np.array([[1, 2], [3, 4.5]]);
  assertEquals(Deno.inspect(x), "array([[1. , 2. ],\n       [3. , 4.5]])");
  assertEquals(Deno.inspect({ b: np.zeros([2], "int32") }), "{ b: array([0, 0], dtype=int32) }");
  assertEquals(Deno.inspect([np.array(1.5)]), "[ array(1.5) ]");
});
