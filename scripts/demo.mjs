/**
 * `npm run demo`: a tour of the examples. Runs each examples/NN_*.ts in order
 * with tsx, after a header naming it and the notebook it answers; exits
 * non-zero if any example fails.
 */
import { listExamples, runExample } from "./examples.mjs";

const examples = listExamples();
const failed = [];
for (const { name, path, title, notebook } of examples) {
  const heading = `${title || name}`;
  console.log(`\n${"=".repeat(78)}\n${heading}\n${path}, answering notebook ${notebook || "(none named)"}\n${"=".repeat(78)}`);
  const { code } = await runExample("node", path, { inherit: true });
  if (code !== 0) failed.push(`${name} (exit code ${code})`);
}
console.log(`\n${examples.length - failed.length} of ${examples.length} examples ran and passed their checks.`);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(", ")}`);
  process.exit(1);
}
