/**
 * Property tests of the elementwise primitives (see harness.ts for the
 * properties), plus value tests of dtype promotion at the np layer.
 */
import { describe, expect, it } from "vitest";
import { elementwiseCases } from "./cases/elementwise.ts";
import { runCases } from "./harness.ts";

runCases(elementwiseCases);
