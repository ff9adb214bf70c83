/**
 * The pool's lifecycle in a fresh process (lifecycle.child.ts): it starts
 * only when a task is large enough to split, and its workers never keep the
 * process alive (`unref`): the script ends with the pool running and the
 * process exits on its own.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

describe("the worker pool's lifecycle", () => {
  it("starts lazily, on the first large task, and lets the process exit with its workers alive", () => {
    const script = fileURLToPath(new URL("./lifecycle.child.ts", import.meta.url));
    // a process held open by a worker would run into the timeout (SIGTERM, status null)
    const child = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.error, child.stderr).toBeUndefined();
    expect(child.signal, child.stderr).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const report = JSON.parse(child.stdout.trim().split("\n").pop()!) as { afterSmall: number; afterLarge: number };
    expect(report.afterSmall).toBe(0);
    expect(report.afterLarge).toBe(1);
  }, 90_000);
});
