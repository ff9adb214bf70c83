/**
 * vitest setup: CI runs every property with one fixed seed, so a landing is
 * reproducible; a local run explores fresh cases each time. `FC_SEED=n`
 * pins a seed (fast-check prints the failing seed and path).
 * `TRACEGRAD_THREADS=n` sets `config.update("threads", n)` for the run
 * (`npm test` runs a second pass of the kernels, compiled loops and API
 * specs with 1: everything on the calling thread).
 */
import fc from "fast-check";
import { config } from "../lib/config.ts";

const pinned = process.env.FC_SEED ?? (process.env.CI ? "20261122" : undefined);
if (pinned !== undefined) fc.configureGlobal({ seed: Number(pinned) });

const threads = process.env.TRACEGRAD_THREADS;
if (threads !== undefined) config.update("threads", Number(threads));
