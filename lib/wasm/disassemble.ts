/**
 * A text dump of module bytes, for debugging generated code: the types,
 * imports, memory, exports and every function body, one instruction per
 * line in the text format's names, indented by block depth. It decodes what
 * `ModuleBuilder` writes (and any module using the instructions of
 * `instructions.ts`); an unknown opcode ends the listing with a note.
 *
 * @example
 * console.log(disassemble(bytes));
 * // (module
 * //   (type 0 (param i32 i32))
 * //   (import "env" "memory" (memory 1))
 * //   (func 0 (export "run") (type 0) (local v128 v128)
 * //     local.get 0
 * //     v128.load align=4 offset=0
 * //     ...
 */
import { ByteReader } from "./encoding.ts";
import { instructionAt } from "./instructions.ts";
import { showFuncType, valueTypeOfCode, type FuncType, type ValueType } from "./types.ts";

/** The module's bytes as text. */
export function disassemble(bytes: Uint8Array): string {
  const r = new ByteReader(bytes);
  const magic = r.raw(8);
  if (magic[0] !== 0x00 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) return "(not a WebAssembly module)";
  const lines = ["(module"];
  const types: FuncType[] = [];
  const functionTypes: number[] = [];
  const exportNames = new Map<number, string>();
  let importedFunctions = 0;
  const bodies: { start: number; end: number }[] = [];
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const end = r.position + size;
    if (id === 1) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        r.u8(); // 0x60
        const params = readTypes(r);
        const results = readTypes(r);
        types.push({ params, results });
        lines.push(`  (type ${i} (func ${showFuncType({ params, results })}))`);
      }
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const module = r.name();
        const name = r.name();
        const kind = r.u8();
        if (kind === 0x00) {
          const type = r.u32();
          lines.push(`  (import "${module}" "${name}" (func ${importedFunctions++} (type ${type})))`);
        } else if (kind === 0x02) {
          lines.push(`  (import "${module}" "${name}" (memory ${readLimits(r)}))`);
        } else {
          lines.push(`  (import "${module}" "${name}" (kind ${kind}))`);
          break;
        }
      }
    } else if (id === 3) {
      const count = r.u32();
      for (let i = 0; i < count; i++) functionTypes.push(r.u32());
    } else if (id === 5) {
      const count = r.u32();
      for (let i = 0; i < count; i++) lines.push(`  (memory ${readLimits(r)})`);
    } else if (id === 7) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const name = r.name();
        const kind = r.u8();
        const index = r.u32();
        if (kind === 0x00) exportNames.set(index, name);
        else lines.push(`  (export "${name}" (${kind === 0x02 ? "memory" : `kind ${kind}`} ${index}))`);
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i++) {
        const bodySize = r.u32();
        bodies.push({ start: r.position, end: r.position + bodySize });
        r.position += bodySize;
      }
    } else {
      lines.push(`  (section ${id}: ${size} bytes)`);
    }
    r.position = end;
  }
  bodies.forEach(({ start, end }, k) => {
    const index = importedFunctions + k;
    const type = types[functionTypes[k]];
    lines.push(...functionText(new ByteReader(bytes.subarray(start, end)), index, exportNames.get(index) ?? null, type, functionTypes[k]));
  });
  lines.push(")");
  return lines.join("\n");
}

function readTypes(r: ByteReader): ValueType[] {
  const count = r.u32();
  const out: ValueType[] = [];
  for (let i = 0; i < count; i++) out.push(valueTypeOfCode(r.u8()) ?? ("?" as ValueType));
  return out;
}

function readLimits(r: ByteReader): string {
  const flags = r.u8();
  const initial = r.u32();
  const maximum = flags & 1 ? ` ${r.u32()}` : "";
  return `${initial}${maximum}${flags & 2 ? " shared" : ""}`;
}

function functionText(r: ByteReader, index: number, exportName: string | null, type: FuncType | undefined, typeIndex: number): string[] {
  const locals: string[] = [];
  const runs = r.u32();
  for (let i = 0; i < runs; i++) {
    const count = r.u32();
    const t = valueTypeOfCode(r.u8()) ?? "?";
    for (let j = 0; j < count; j++) locals.push(t);
  }
  const header = [`  (func ${index}`, exportName !== null ? `(export "${exportName}")` : "", `(type ${typeIndex})`];
  if (type !== undefined) header.push(showFuncType(type));
  if (locals.length > 0) header.push(`(local ${locals.join(" ")})`);
  const lines = [header.filter((s) => s !== "").join(" ")];
  let depth = 2;
  while (!r.done) {
    const first = r.u8();
    const prefix = first === 0xfc || first === 0xfd ? first : 0;
    const code = prefix === 0 ? first : r.u32();
    const instruction = instructionAt(prefix, code);
    if (instruction === undefined) {
      lines.push(`${"  ".repeat(depth)};; unknown opcode ${prefix ? `0x${prefix.toString(16)} ` : ""}0x${code.toString(16)}: listing stops`);
      break;
    }
    if (instruction.name === "end" || instruction.name === "else") depth--;
    if (instruction.name === "end" && depth < 2) break;
    lines.push("  ".repeat(depth) + [instruction.name, ...immediates(r, instruction.immediate)].join(" "));
    if (instruction.immediate === "block" || instruction.name === "else") depth++;
  }
  lines[lines.length - 1] += ")";
  return lines;
}

function immediates(r: ByteReader, kind: string): string[] {
  switch (kind) {
    case "none":
      return [];
    case "memarg": {
      const align = r.u32();
      return [`align=${2 ** align}`, `offset=${r.u32()}`];
    }
    case "memarg-lane": {
      const align = r.u32();
      const offset = r.u32();
      return [`align=${2 ** align}`, `offset=${offset}`, String(r.u8())];
    }
    case "lane":
      return [String(r.u8())];
    case "shuffle":
      return Array.from(r.raw(16), String);
    case "i32":
      return [String(r.s32())];
    case "i64":
      return [String(r.s64())];
    case "f32":
      return [String(r.f32())];
    case "f64":
      return [String(r.f64())];
    case "v128":
      return ["i8x16", ...Array.from(r.raw(16), (b) => `0x${b.toString(16).padStart(2, "0")}`)];
    case "block": {
      const t = r.u8();
      return t === 0x40 ? [] : [`(result ${valueTypeOfCode(t) ?? "?"})`];
    }
    case "memory":
      return [String(r.u8())];
    default:
      return [String(r.u32())];
  }
}
