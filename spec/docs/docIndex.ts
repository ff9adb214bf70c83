/**
 * Every public export and its doc comment. Two walks meet here:
 *
 * - the runtime walk imports the entry points (`tracegrad`,
 *   `tracegrad/testing`, `tracegrad/optim`) and follows every plain object
 *   and module namespace among their exports (`np`, `np.linalg`, `lax`,
 *   `tree`, `random`, ...), listing each value's path (`np.linalg.svd`);
 * - the static walk reads `deno doc --json` of every file under lib/ and
 *   follows the same paths through re-exports (`export { x } from`),
 *   namespaces (`export * as linalg from`) and object literals
 *   (`export const lax = { cond, scan }`, each shorthand property resolved
 *   to the declaration it names), giving each path its doc comment and
 *   `@example` tags. Types (interfaces, type aliases) come from this walk.
 *
 * @example
 * const index = await buildDocIndex();
 * index.entries.filter((e) => !e.documented).map((e) => e.path); // ["np.foo", ...]
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../package/project.ts";

/** One public name: its path from the package's entry (`np.linalg.svd`, `tracegrad/optim.adam`), its doc, where it is declared. */
export interface DocEntry {
  readonly path: string;
  /** Has a non-empty doc comment. */
  readonly documented: boolean;
  /** The `@example` blocks of its doc comment. */
  readonly examples: readonly string[];
  /** `lib/…/file.ts:line` of the declaration, or null when the static walk did not find one. */
  readonly location: string | null;
  /** A value that exists at run time (a function, class, constant); false for types. */
  readonly runtime: boolean;
  /** A function or class (what needs an example to show a call). */
  readonly callable: boolean;
}

/** The entry points: subpath prefix (empty for the root) and module file. */
export const ENTRY_POINTS: readonly { readonly prefix: string; readonly file: string }[] = [
  { prefix: "", file: "lib/index.ts" },
  { prefix: "tracegrad/testing.", file: "lib/testing/index.ts" },
  { prefix: "tracegrad/optim.", file: "lib/optim/index.ts" },
];

// deno doc's JSON (the parts read here)

interface Location {
  readonly filename: string;
  readonly line: number;
  readonly col?: number;
}
interface JsDoc {
  readonly doc?: string;
  readonly tags?: readonly { readonly kind: string; readonly doc?: string }[];
}
interface Declaration {
  readonly location: Location;
  /** "export", or "private" for a type deno doc lists because an export mentions it. */
  readonly declarationKind?: string;
  readonly kind: string;
  readonly jsDoc?: JsDoc;
  readonly def?: {
    readonly target?: Location;
    readonly elements?: readonly DocSymbol[];
    readonly tsType?: { readonly kind: string; readonly value?: { readonly properties?: readonly Property[]; readonly typeName?: string } };
    readonly methods?: readonly Property[];
    readonly properties?: readonly Property[];
  };
}
interface Property {
  readonly name: string;
  readonly location: Location;
  readonly jsDoc?: JsDoc;
}
interface DocSymbol {
  readonly name: string;
  readonly declarations: readonly Declaration[];
}
interface DocModule {
  readonly imports?: readonly { readonly importedName: string; readonly originalName?: string; readonly src: string }[];
  readonly symbols: readonly DocSymbol[];
}

function libFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return libFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** `deno doc --json` of every module under lib/. */
export function denoDocJson(): Record<string, DocModule> {
  const deno = join(ROOT, "node_modules", ".bin", "deno");
  const files = libFiles(join(ROOT, "lib")).map((f) => relative(ROOT, f));
  const result = spawnSync(deno, ["doc", "--json", ...files], { cwd: ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } });
  if (result.status !== 0) throw new Error(`deno doc --json failed (exit ${result.status}):\n${result.stderr}`);
  return (JSON.parse(result.stdout) as { nodes: Record<string, DocModule> }).nodes;
}

const hasDoc = (doc: JsDoc | undefined): boolean => (doc?.doc ?? "").trim().length > 0;
const examplesOf = (doc: JsDoc | undefined): string[] => (doc?.tags ?? []).filter((t) => t.kind === "example").map((t) => t.doc ?? "");

/** What the static walk found for a path. */
interface StaticEntry {
  readonly doc: JsDoc | undefined;
  readonly location: string;
  readonly kind: string;
}

class StaticWalk {
  readonly found = new Map<string, StaticEntry>();
  constructor(private readonly modules: Record<string, DocModule>) {}

  private symbolAt(target: Location): DocSymbol | undefined {
    const module = this.modules[target.filename];
    // several re-exports share a line (`export { a, b } from`): the column tells them apart
    const at = (d: Declaration, exact: boolean) =>
      d.location.filename === target.filename && d.location.line === target.line && (!exact || d.location.col === target.col);
    return module?.symbols.find((s) => s.declarations.some((d) => at(d, true))) ?? module?.symbols.find((s) => s.declarations.some((d) => at(d, false)));
  }

  /** The symbol a reference chain ends at (the declaration itself, not a re-export). */
  private resolve(symbol: DocSymbol, depth = 0): DocSymbol {
    const decl = symbol.declarations[0];
    if (depth > 20 || decl?.kind !== "reference" || decl.def?.target === undefined) return symbol;
    const target = this.symbolAt(decl.def.target);
    return target === undefined ? symbol : this.resolve(target, depth + 1);
  }

  /** The symbol `name` means inside `file`: a local declaration, a named import, or a namespace import (`{ module }`). */
  private named(file: string, name: string): DocSymbol | { readonly module: string } | undefined {
    const module = this.modules[file];
    const local = module?.symbols.find((s) => s.name === name);
    if (local !== undefined) return local;
    const imported = module?.imports?.find((i) => i.importedName === name);
    if (imported === undefined) return undefined;
    if (imported.originalName === undefined) return { module: imported.src };
    return this.modules[imported.src]?.symbols.find((s) => s.name === imported.originalName);
  }

  /** A module namespace at `path`: documented by the module's doc comment, each export walked. */
  private walkModule(path: string, file: string): void {
    this.found.set(path, { doc: this.fileDoc(file), location: where({ filename: file, line: 1 }), kind: "namespace" });
    for (const symbol of this.modules[file]?.symbols ?? []) this.walk(`${path}.${symbol.name}`, symbol);
  }

  walk(path: string, given: DocSymbol): void {
    if (given.declarations.every((d) => d.declarationKind === "private")) return;
    const symbol = this.resolve(given);
    const decls = symbol.declarations;
    const main = decls.find((d) => hasDoc(d.jsDoc)) ?? decls[0];
    if (main === undefined) return;
    const namespace = decls.find((d) => d.kind === "namespace");
    // a namespace (`export * as linalg from`, `import * as nn`) is documented by its module's doc comment
    const doc = namespace === undefined ? main.jsDoc : (main.jsDoc ?? this.moduleDoc(namespace));
    this.found.set(path, { doc, location: where(main.location), kind: main.kind });
    if (namespace !== undefined) {
      for (const element of namespace.def?.elements ?? []) this.walk(`${path}.${element.name}`, element);
      return;
    }
    // an object typed by an interface (`export const config: Config = {...}`): its members' docs are the interface's
    const typeName = decls.find((d) => d.kind === "variable" && d.def?.tsType?.kind === "typeRef")?.def?.tsType?.value?.typeName;
    const typed = typeName === undefined ? undefined : this.named(main.location.filename, typeName);
    for (const member of typed === undefined || "module" in typed ? [] : this.resolve(typed).declarations.flatMap((d) => [...(d.def?.methods ?? []), ...(d.def?.properties ?? [])])) {
      this.found.set(`${path}.${member.name}`, { doc: member.jsDoc, location: where(member.location), kind: "member" });
    }
    const literal = decls.find((d) => d.kind === "variable" && d.def?.tsType?.kind === "typeLiteral");
    for (const property of literal?.def?.tsType?.value?.properties ?? []) {
      const childPath = `${path}.${property.name}`;
      // `linalg: laxLinalg` names no declaration `linalg`: its value's identifier is not in deno doc's output, so
      // a namespace import whose name ends in the property's (laxLinalg for linalg) stands in
      const named = hasDoc(property.jsDoc)
        ? undefined
        : (this.named(property.location.filename, property.name) ?? this.namespaceImportEndingIn(property.location.filename, property.name));
      if (named !== undefined && "module" in named) this.walkModule(childPath, named.module);
      else if (named !== undefined) this.walk(childPath, named);
      else this.found.set(childPath, { doc: property.jsDoc, location: where(property.location), kind: "property" });
    }
  }

  private namespaceImportEndingIn(file: string, name: string): { readonly module: string } | undefined {
    const suffix = name[0].toUpperCase() + name.slice(1);
    const imported = this.modules[file]?.imports?.find((i) => i.originalName === undefined && i.importedName.endsWith(suffix));
    return imported === undefined ? undefined : { module: imported.src };
  }

  /** The doc comment at the top of the module a namespace's members come from. */
  private moduleDoc(namespace: Declaration): JsDoc | undefined {
    const target = namespace.def?.elements?.[0]?.declarations[0]?.def?.target;
    return this.fileDoc(target?.filename ?? namespace.location.filename);
  }

  private fileDoc(file: string): JsDoc | undefined {
    const text = readFileSync(new URL(file), "utf8");
    const header = /^\s*\/\*\*([\s\S]*?)\*\//.exec(text);
    return header === null ? undefined : { doc: header[1].replace(/^\s*\* ?/gm, "").trim() };
  }

  /**
   * The declarations named `name` anywhere under lib/ (not re-exports): the
   * fallback for a runtime path the static walk could not follow (a property
   * whose value is another identifier, `linalg: laxLinalg`, or a spread).
   */
  declarationsNamed(name: string): DocSymbol[] {
    return Object.values(this.modules).flatMap((m) => m.symbols.filter((s) => s.name === name && s.declarations.some((d) => d.kind !== "reference")));
  }
}

/** `lib/…/file.ts:line`. */
function where(location: Location): string {
  return `${relative(ROOT, new URL(location.filename).pathname)}:${location.line}`;
}

/** The paths of the runtime exports under `prefix`: functions, classes and constants, and the objects they sit in. */
function runtimePaths(value: unknown, prefix: string, out: Map<string, unknown>, seen: Set<unknown>): void {
  for (const key of Object.keys(value as object)) {
    const child = (value as Record<string, unknown>)[key];
    const path = `${prefix}${key}`;
    out.set(path, child);
    // module namespaces, and plain objects of functions (`lax`, `tree`, `config`); not data such as GRAD_TOLERANCES
    const isNamespace =
      child !== null &&
      typeof child === "object" &&
      (Object.prototype.toString.call(child) === "[object Module]" ||
        (Object.getPrototypeOf(child) === Object.prototype && Object.values(child).some((v) => typeof v === "function" || (v !== null && typeof v === "object" && Object.prototype.toString.call(v) === "[object Module]"))));
    if (isNamespace && !seen.has(child)) {
      seen.add(child);
      runtimePaths(child, `${path}.`, out, seen);
    }
  }
}

/** Every public path, with its doc comment and examples. */
export async function buildDocIndex(modules: Record<string, DocModule> = denoDocJson()): Promise<{ entries: DocEntry[] }> {
  const walk = new StaticWalk(modules);
  const runtime = new Map<string, unknown>();
  for (const { prefix, file } of ENTRY_POINTS) {
    const module = modules[pathToFileURL(join(ROOT, file)).href];
    if (module === undefined) throw new Error(`deno doc gave nothing for ${file}`);
    for (const symbol of module.symbols) walk.walk(`${prefix}${symbol.name}`, symbol);
    runtimePaths(await import(pathToFileURL(join(ROOT, file)).href), prefix, runtime, new Set());
  }
  const paths = new Set([...walk.found.keys(), ...runtime.keys()]);
  const entries: DocEntry[] = [...paths].sort().map((path) => {
    let found = walk.found.get(path);
    if (found === undefined) {
      // not reachable statically: the declarations of that name (documented only if every candidate is)
      const named = walk.declarationsNamed(path.slice(path.lastIndexOf(".") + 1));
      // a function is declared as a function or class, not as a record of the same name
      const callable = named.filter((c) => c.declarations.some((d) => d.kind === "function" || d.kind === "class"));
      const candidates = typeof runtime.get(path) === "function" && callable.length > 0 ? callable : named;
      if (candidates.length > 0) {
        const decls = candidates.map((c) => c.declarations.find((d) => hasDoc(d.jsDoc)) ?? c.declarations[0]);
        const undocumented = decls.find((d) => !hasDoc(d.jsDoc));
        const chosen = undocumented ?? decls[0];
        found = { doc: chosen.jsDoc, location: where(chosen.location), kind: chosen.kind };
      }
    }
    const value = runtime.get(path);
    return {
      path,
      documented: hasDoc(found?.doc),
      examples: examplesOf(found?.doc),
      location: found?.location ?? null,
      runtime: runtime.has(path),
      callable: typeof value === "function",
    };
  });
  return { entries };
}
