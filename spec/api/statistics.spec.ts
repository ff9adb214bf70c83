import { runRows } from "./harness.ts";
import { statisticsRows } from "./cases/statistics.ts";

runRows(statisticsRows);
