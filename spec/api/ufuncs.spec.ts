import { runRows } from "./harness.ts";
import { ufuncDtypeRows, ufuncRows } from "./cases/ufuncs.ts";

runRows(ufuncRows);
runRows(ufuncDtypeRows);
