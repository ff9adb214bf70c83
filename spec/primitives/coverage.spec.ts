/**
 * Every primitive of the table has a property test: a case in `cases/*.ts`
 * naming it (and the jaxpr property checks that each case's function really
 * binds the primitive it names). A new primitive fails here until it gets one.
 */
import { describe, expect, it } from "vitest";
import { primitives } from "../../lib/core/primitives/table.ts";
import { elementwiseCases } from "./cases/elementwise.ts";
import { reduceCases } from "./cases/reduce.ts";
import { movementCases } from "./cases/movement.ts";
import { linalgCases } from "./cases/linalg.ts";
import { bitwiseCases } from "./cases/bitwise.ts";
import { randomCases } from "./cases/random.ts";
import { gatherScatterCases } from "./cases/gatherScatter.ts";
import { decompositionCases } from "./cases/decompositions.ts";
import { fftCases } from "./cases/fft.ts";
import { transcendentalCases } from "./cases/transcendental.ts";
import { cumulativeCases } from "./cases/cumulative.ts";

const allCases = [
  ...elementwiseCases, ...reduceCases, ...movementCases, ...linalgCases, ...bitwiseCases, ...randomCases, ...fftCases, ...decompositionCases,
  ...transcendentalCases, ...cumulativeCases, ...gatherScatterCases,
];

describe("coverage", () => {
  it("every primitive of the table has a property-test case", () => {
    const covered = new Set(allCases.map((c) => c.prim));
    const missing = Object.keys(primitives).filter((name) => !covered.has(name as never));
    expect(missing).toEqual([]);
  });

  it("every case names a primitive of the table, and case names are unique", () => {
    const names = new Set(Object.keys(primitives));
    expect(allCases.filter((c) => !names.has(c.prim)).map((c) => c.name)).toEqual([]);
    const seen = allCases.map((c) => c.name);
    expect(seen.filter((n, i) => seen.indexOf(n) !== i)).toEqual([]);
  });

  it("each table entry is the primitive of its name", () => {
    for (const [name, prim] of Object.entries(primitives)) expect(prim.name).toBe(name);
  });
});
