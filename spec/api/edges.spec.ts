/** The API harness on the functions with conventions at ties and zeros (cases/edges.ts). */
import { runRows } from "./harness.ts";
import { edgeRows } from "./cases/edges.ts";

runRows(edgeRows);
