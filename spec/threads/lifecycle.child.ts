/**
 * Run by lifecycle.spec.ts in a fresh process: small work starts no pool;
 * a large product starts it; then the script returns with the workers
 * alive, and the process must exit by itself (they are unref'ed). Prints
 * one JSON line.
 */
import { config, np } from "../../lib/index.ts";
import { startedWorkers } from "../../lib/threads/pool.ts";

config.update("threads", 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
np.sum(np.matmul(np.ones([8, 8]), np.ones([8, 8]))).item();
np.exp(np.ones([100])).item;
await sleep(300);
const afterSmall = startedWorkers();
const a = np.reshape(np.sin(np.arange(400 * 400)), [400, 400]);
np.matmul(a, a).item;
for (let waited = 0; startedWorkers() < 1 && waited < 20_000; waited += 20) {
  np.matmul(a, a);
  await sleep(20);
}
process.stdout.write(JSON.stringify({ afterSmall, afterLarge: startedWorkers() }) + "\n");
