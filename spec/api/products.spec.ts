import { runRows } from "./harness.ts";
import { productRows } from "./cases/products.ts";

runRows(productRows);
