import { runRows } from "./harness.ts";
import { sortingRows } from "./cases/sorting.ts";

runRows(sortingRows);
