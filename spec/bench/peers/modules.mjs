// Loads the peers' modules from the bench-peers folder the peer scripts run in (their cwd),
// as Node's ESM resolution would from a script inside that folder: a package's "exports"
// import entry, else its "main"; a relative path is taken from that folder.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The file URL of `name` (a package, or "./file.mjs") resolved in the current directory. */
export function peerModule(name) {
  if (name.startsWith("./")) return pathToFileURL(path.join(process.cwd(), name)).href;
  const dir = path.join(process.cwd(), "node_modules", name);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const exported = pkg.exports?.["."];
  const entry = (typeof exported === "string" ? exported : exported?.import ?? exported?.default) ?? pkg.main ?? "index.js";
  return pathToFileURL(path.join(dir, entry)).href;
}
