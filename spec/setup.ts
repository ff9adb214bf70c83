/**
 * vitest setup: CI runs every property with one fixed seed, so a landing is
 * reproducible; a local run explores fresh cases each time. `FC_SEED=n`
 * pins a seed (fast-check prints the failing seed and path).
 */
import fc from "fast-check";

const pinned = process.env.FC_SEED ?? (process.env.CI ? "20261122" : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });
