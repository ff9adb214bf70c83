/**
 * The IR layer stands on `core/` alone (DESIGN.md's layer table): no module
 * of `lib/ir/` imports from `lib/transforms/`, so the transforms build on the
 * IR and never the other way round.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const IR = new URL("../../lib/ir/", import.meta.url);

describe("lib/ir imports", () => {
  it("come from core/, array/ and ir/ only, never from transforms/", () => {
    const files = readdirSync(IR).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(new URL(file, IR), "utf8");
      const imports = [...source.matchAll(/^import[^;]*?from "([^"]+)";/gms)].map((m) => m[1]);
      expect(imports.length, file).toBeGreaterThan(0);
      for (const path of imports) {
        expect(path.startsWith("../transforms/") || path.startsWith("../api/") || path.startsWith("../compile/"), `${file} imports ${path}`).toBe(false);
      }
    }
  });
});
