/**
 * Property tests of conv_general_dilated and rev (see harness.ts for the properties).
 */
import { convCases } from "./cases/conv.ts";
import { runCases } from "./harness.ts";

runCases(convCases, 40);
