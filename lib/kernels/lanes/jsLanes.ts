/**
 * The JavaScript emitter of the lanes language: each operation becomes one
 * `const` statement over doubles (float32 results through `Math.fround`,
 * int32 through `| 0`, uint32 through `>>> 0`, masks are booleans), so a
 * loop body is straight-line code that V8 keeps in registers. The bit
 * helpers (`exponent64`, `pow2`, ...) and `roundHalfEven` are in scope in
 * every compiled loop (`SCALAR_FUNCTIONS`).
 *
 * @example
 * const b = new JsLanes("t");
 * const y = b.add(b.mul(x, x), b.constant(1, "f64")); // { code: "t1", type: "f64" }
 * b.lines; // ["const t0 = x * x;", "const t1 = t0 + (1);"]
 */
import type { EscapeName, LaneType, Lanes, StorageLane } from "./lanes.ts";
import { isFloatLane, isMaskLane } from "./lanes.ts";
import { compileFunction, SUBROUTINES } from "../compile.ts";

/** A JavaScript lane value: an identifier or literal, and its type. */
export interface JsLane {
  readonly code: string;
  readonly type: LaneType;
}

/** A JavaScript literal for a number (−0, NaN and the infinities included). */
export function jsLiteral(value: number): string {
  if (Object.is(value, -0)) return "(-0)";
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "(-Infinity)";
  return value < 0 ? `(${value})` : String(value);
}

/** The value `value` takes when stored as `type`. */
export function storedAs(value: number, type: StorageLane): number {
  switch (type) {
    case "f64":
      return value;
    case "f32":
      return Math.fround(value);
    case "i32":
      return value | 0;
    case "u32":
      return value >>> 0;
    case "bool":
      return value !== 0 ? 1 : 0;
  }
}

/** Emits JavaScript statements into `lines`. */
export class JsLanes implements Lanes<JsLane> {
  readonly lines: string[] = [];
  /** Statements to run once before the loop (the subroutines' lookups). */
  readonly preamble: string[] = [];
  /** Operations emitted, counting those of subroutines (an estimate of the work per element). */
  work = 0;
  private count = 0;

  constructor(private readonly prefix: string) {}

  /** A value named by an expression of the right type (an input, or a JavaScript-only rule's result). */
  define(expression: string, type: LaneType): JsLane {
    this.work++;
    const name = `${this.prefix}${this.count++}`;
    this.lines.push(`const ${name} = ${expression};`);
    return { code: name, type };
  }

  type(v: JsLane): LaneType {
    return v.type;
  }

  constant(value: number, type: StorageLane): JsLane {
    return { code: jsLiteral(storedAs(value, type)), type };
  }

  add(a: JsLane, b: JsLane): JsLane {
    return this.arithmetic("add", a, b, `${a.code} + ${b.code}`);
  }

  sub(a: JsLane, b: JsLane): JsLane {
    return this.arithmetic("sub", a, b, `${a.code} - ${b.code}`);
  }

  mul(a: JsLane, b: JsLane): JsLane {
    const type = sameType("mul", a, b);
    if (type === "i32") return this.define(`Math.imul(${a.code}, ${b.code})`, type);
    if (type === "u32") return this.define(`(Math.imul(${a.code}, ${b.code}) >>> 0)`, type);
    return this.arithmetic("mul", a, b, `${a.code} * ${b.code}`);
  }

  div(a: JsLane, b: JsLane): JsLane {
    floatOnly("div", sameType("div", a, b));
    return this.arithmetic("div", a, b, `${a.code} / ${b.code}`);
  }

  neg(a: JsLane): JsLane {
    return this.define(wrapInteger(`-${a.code}`, numeric("neg", a)), a.type);
  }

  abs(a: JsLane): JsLane {
    const type = numeric("abs", a);
    return type === "u32" ? a : this.define(wrapInteger(`Math.abs(${a.code})`, type), type);
  }

  min(a: JsLane, b: JsLane): JsLane {
    return this.define(`Math.min(${a.code}, ${b.code})`, sameType("min", a, b));
  }

  max(a: JsLane, b: JsLane): JsLane {
    return this.define(`Math.max(${a.code}, ${b.code})`, sameType("max", a, b));
  }

  pmin(a: JsLane, b: JsLane): JsLane {
    return this.define(`(${b.code} < ${a.code} ? ${b.code} : ${a.code})`, sameType("pmin", a, b));
  }

  pmax(a: JsLane, b: JsLane): JsLane {
    return this.define(`(${a.code} < ${b.code} ? ${b.code} : ${a.code})`, sameType("pmax", a, b));
  }

  sqrt(a: JsLane): JsLane {
    const type = floatOnly("sqrt", numeric("sqrt", a));
    return this.define(type === "f32" ? `Math.fround(Math.sqrt(${a.code}))` : `Math.sqrt(${a.code})`, type);
  }

  floor(a: JsLane): JsLane {
    return this.rounding("floor", a, `Math.floor(${a.code})`);
  }

  ceil(a: JsLane): JsLane {
    return this.rounding("ceil", a, `Math.ceil(${a.code})`);
  }

  trunc(a: JsLane): JsLane {
    return this.rounding("trunc", a, `Math.trunc(${a.code})`);
  }

  nearest(a: JsLane): JsLane {
    return this.rounding("nearest", a, `roundHalfEven(${a.code})`);
  }

  eq(a: JsLane, b: JsLane): JsLane {
    return this.compare("eq", a, b, "===");
  }
  ne(a: JsLane, b: JsLane): JsLane {
    return this.compare("ne", a, b, "!==");
  }
  lt(a: JsLane, b: JsLane): JsLane {
    return this.compare("lt", a, b, "<");
  }
  le(a: JsLane, b: JsLane): JsLane {
    return this.compare("le", a, b, "<=");
  }
  gt(a: JsLane, b: JsLane): JsLane {
    return this.compare("gt", a, b, ">");
  }
  ge(a: JsLane, b: JsLane): JsLane {
    return this.compare("ge", a, b, ">=");
  }

  and(a: JsLane, b: JsLane): JsLane {
    return this.define(`(${maskOnly("and", a).code} && ${maskOnly("and", b).code})`, wider(a, b));
  }

  or(a: JsLane, b: JsLane): JsLane {
    return this.define(`(${maskOnly("or", a).code} || ${maskOnly("or", b).code})`, wider(a, b));
  }

  not(a: JsLane): JsLane {
    return this.define(`!${maskOnly("not", a).code}`, a.type);
  }

  select(mask: JsLane, a: JsLane, b: JsLane): JsLane {
    maskOnly("select", mask);
    return this.define(`(${mask.code} ? ${a.code} : ${b.code})`, sameType("select", a, b));
  }

  convert(x: JsLane, to: StorageLane): JsLane {
    const from = x.type;
    if (from === to) return x;
    if (isMaskLane(from)) {
      if (to !== "bool") throw new Error(`convert: a mask converts to bool only, not ${to}`);
      return this.define(`(${x.code} ? 1 : 0)`, to);
    }
    switch (to) {
      case "f64":
        return { code: x.code, type: to };
      case "f32":
        return from === "bool" ? { code: x.code, type: to } : this.define(`Math.fround(${x.code})`, to);
      case "i32":
        return from === "bool" ? { code: x.code, type: to } : this.define(`(${x.code} | 0)`, to);
      case "u32":
        return from === "bool" ? { code: x.code, type: to } : this.define(`(${x.code} >>> 0)`, to);
      case "bool":
        return this.define(`(${x.code} !== 0 ? 1 : 0)`, to);
    }
  }

  subroutine(name: string, operands: readonly JsLane[], body: <W>(b: Lanes<W>, operands: readonly W[]) => W): JsLane {
    const key = `${name}_${operands.map((o) => o.type).join("_")}`.replace(/[^A-Za-z0-9_]/g, "_");
    let entry = SUBROUTINES.get(key);
    if (entry === undefined) {
      const inner = new JsLanes("u");
      const params = operands.map((o, k) => ({ code: `p${k}`, type: o.type }));
      const result = body(inner, params);
      const source = `return function ${key}(${params.map((p) => p.code).join(", ")}) { ${inner.lines.join(" ")} return ${result.code}; };`;
      entry = { fn: compileFunction<(...args: number[]) => number>(source), type: result.type, work: inner.work };
      SUBROUTINES.set(key, entry);
    }
    this.work += entry.work - 1;
    const local = `sub_${key}`;
    const lookup = `const ${local} = subroutines.get(${JSON.stringify(key)}).fn;`;
    if (!this.preamble.includes(lookup)) this.preamble.push(lookup);
    return this.define(`${local}(${operands.map((o) => o.code).join(", ")})`, entry.type);
  }

  escape(mask: JsLane, name: EscapeName, x: JsLane, value: JsLane): JsLane {
    maskOnly("escape", mask);
    return this.define(`(${mask.code} ? escapes.${name}(${x.code}) : ${value.code})`, sameType("escape", x, value));
  }

  pow2(k: JsLane): JsLane {
    return this.define(`pow2(${k.code})`, floatOnly("pow2", numeric("pow2", k)));
  }

  exponent(x: JsLane): JsLane {
    const type = floatOnly("exponent", numeric("exponent", x));
    return this.define(`${type === "f64" ? "exponent64" : "exponent32"}(${x.code})`, type);
  }

  mantissa(x: JsLane): JsLane {
    const type = floatOnly("mantissa", numeric("mantissa", x));
    return this.define(`${type === "f64" ? "mantissa64" : "mantissa32"}(${x.code})`, type);
  }

  private arithmetic(op: string, a: JsLane, b: JsLane, expression: string): JsLane {
    const type = sameType(op, a, b);
    if (type === "bool") throw new Error(`${op}: bool lanes have no arithmetic (convert to i32 first)`);
    return this.define(type === "f32" ? `Math.fround(${expression})` : wrapInteger(expression, type), type);
  }

  private rounding(op: string, a: JsLane, expression: string): JsLane {
    const type = numeric(op, a);
    return isFloatLane(type) ? this.define(expression, type) : a;
  }

  private compare(op: string, a: JsLane, b: JsLane, operator: string): JsLane {
    const type = sameType(op, a, b);
    return this.define(`(${a.code} ${operator} ${b.code})`, type === "f64" ? "mask64" : "mask32");
  }
}

function sameType(op: string, a: JsLane, b: JsLane): LaneType {
  if (a.type !== b.type) throw new Error(`${op}: operands of different lane types ${a.type} and ${b.type}`);
  return a.type;
}

function numeric(op: string, a: JsLane): StorageLane {
  if (isMaskLane(a.type)) throw new Error(`${op}: a mask is not a number`);
  return a.type;
}

function floatOnly(op: string, type: LaneType): "f64" | "f32" {
  if (!isFloatLane(type)) throw new Error(`${op}: float lanes only, got ${type}`);
  return type;
}

function maskOnly(op: string, a: JsLane): JsLane {
  if (!isMaskLane(a.type)) throw new Error(`${op}: expects a mask, got ${a.type}`);
  return a;
}

function wider(a: JsLane, b: JsLane): LaneType {
  return a.type === "mask64" || b.type === "mask64" ? "mask64" : "mask32";
}

function wrapInteger(expression: string, type: LaneType): string {
  if (type === "i32") return `((${expression}) | 0)`;
  if (type === "u32") return `((${expression}) >>> 0)`;
  return expression;
}
