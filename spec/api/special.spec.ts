import { runRows } from "./harness.ts";
import { specialDtypeRows, specialRows } from "./cases/special.ts";

runRows(specialRows);
runRows(specialDtypeRows);
