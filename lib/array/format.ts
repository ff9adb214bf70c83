/**
 * numpy-compatible printing of arrays (numpy 2.x defaults): precision 8,
 * floatmode "maxprec", linewidth 75, threshold 1000 with edgeitems 3.
 *
 * Floats use the shortest round-trip digits (of the float32 value for
 * float32), cut to 8 fractional digits with round-half-even on the exact
 * binary value, as numpy's Dragon4 does. Only the displayed elements of a
 * summarized array are ever read.
 */
import type { DType, TypedArray } from "./dtype.ts";
import { stridesOf, sizeOf } from "./shape.ts";
import type { Shape } from "./shape.ts";

const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** Formats one element; built once per array from the displayed values. */
type ElementFormatter = (value: number) => string;

/** Digits d0.d1d2... and the decimal exponent of a positive finite number. */
interface Decimal {
  readonly digits: string;
  readonly exponent: number;
}

function parseExponential(text: string): Decimal {
  const exponentAt = text.indexOf("e");
  const mantissa = text.slice(0, exponentAt);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  return { digits, exponent: Number(text.slice(exponentAt + 1)) };
}

/** The shortest digits that round-trip to `a` (> 0) as a float64, or as a float32 when `float32`. */
function shortestDecimal(a: number, float32: boolean): Decimal {
  if (!float32) return parseExponential(a.toExponential());
  // Dragon4 picks, among the shortest candidates, the closest (ties to even).
  for (let digits = 1; digits < 9; digits++) {
    const candidate = roundExponential(a, digits - 1);
    const value = Number(`${candidate.digits[0]}.${candidate.digits.slice(1)}e${candidate.exponent}`);
    if (Math.fround(value) === a) return { digits: stripTrailingZeros(candidate.digits), exponent: candidate.exponent };
  }
  return roundExponential(a, 8);
}

/** Whether the finite double `a` (>= 0) equals the decimal `digits` x 10^power exactly. */
function exactlyEquals(a: number, digits: bigint, power: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let binaryExponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    binaryExponent = biased - 1075;
  }
  let left = mantissa;
  let right = digits;
  if (binaryExponent >= 0) left <<= BigInt(binaryExponent);
  else right <<= BigInt(-binaryExponent);
  if (power >= 0) right *= 10n ** BigInt(power);
  else left *= 10n ** BigInt(-power);
  return left === right;
}

/** `a` (>= 0) rounded to `fractionDigits` (>= 1) decimals, ties to even on the exact value. */
function roundFixed(a: number, fractionDigits: number): string {
  const rounded = a.toFixed(fractionDigits);
  const longer = a.toFixed(fractionDigits + 1);
  if (!longer.endsWith("5")) return rounded;
  const digits = BigInt(longer.replace(".", ""));
  if (!exactlyEquals(a, digits, -(fractionDigits + 1))) return rounded;
  const truncated = longer.slice(0, -1);
  return (truncated.charCodeAt(truncated.length - 1) - 48) % 2 === 0 ? truncated : rounded;
}

/** `a` (> 0) rounded to 1 + `fractionDigits` significant digits, ties to even on the exact value. */
function roundExponential(a: number, fractionDigits: number): Decimal {
  const rounded = a.toExponential(fractionDigits);
  const longer = parseExponential(a.toExponential(fractionDigits + 1));
  if (!longer.digits.endsWith("5")) return parseExponential(rounded);
  const power = longer.exponent - (longer.digits.length - 1);
  if (!exactlyEquals(a, BigInt(longer.digits), power)) return parseExponential(rounded);
  const truncated = longer.digits.slice(0, -1);
  if ((truncated.charCodeAt(truncated.length - 1) - 48) % 2 === 0) return { digits: truncated, exponent: longer.exponent };
  return parseExponential(rounded);
}

function stripTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Integer and fraction digits of |x| in positional notation, at most `maxFraction` fraction digits (-1: unlimited). */
function positionalParts(x: number, float32: boolean, maxFraction: number): [string, string] {
  const a = Math.abs(x);
  if (a === 0) return ["0", ""];
  const { digits, exponent } = shortestDecimal(a, float32);
  if (maxFraction >= 0 && digits.length - 1 - exponent > maxFraction) {
    const text = roundFixed(a, maxFraction);
    const dot = text.indexOf(".");
    const fraction = text.slice(dot + 1).replace(/0+$/, "");
    return [text.slice(0, dot), fraction];
  }
  if (exponent >= 0) {
    if (digits.length <= exponent + 1) return [digits + "0".repeat(exponent + 1 - digits.length), ""];
    return [digits.slice(0, exponent + 1), digits.slice(exponent + 1)];
  }
  return ["0", "0".repeat(-exponent - 1) + digits];
}

/** Significant digits and exponent of |x|, at most `maxFraction` digits after the first. */
function scientificParts(x: number, float32: boolean, maxFraction: number): Decimal {
  const a = Math.abs(x);
  if (a === 0) return { digits: "0", exponent: 0 };
  const shortest = shortestDecimal(a, float32);
  if (shortest.digits.length - 1 <= maxFraction) return shortest;
  const rounded = roundExponential(a, maxFraction);
  return { digits: stripTrailingZeros(rounded.digits), exponent: rounded.exponent };
}

function exponentText(exponent: number, minDigits: number): string {
  return (exponent < 0 ? "e-" : "e+") + String(Math.abs(exponent)).padStart(minDigits, "0");
}

/** numpy's FloatingFormat for the displayed finite and non-finite values. */
function floatFormatter(values: readonly number[], float32: boolean): ElementFormatter {
  const finite = values.filter((v) => Number.isFinite(v));
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a > maxAbs) maxAbs = a;
    if (a < minAbs) minAbs = a;
  }
  let exponential = false;
  if (maxAbs > 0) {
    // numpy compares in the array's dtype; float32 cuts off at 1e6 (10**finfo.precision).
    const round = float32 ? Math.fround : (v: number) => v;
    const cutoff = float32 ? 1e6 : 1e8;
    exponential = maxAbs >= cutoff || minAbs < round(1e-4) || round(maxAbs / minAbs) > 1000;
  }
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let exponentDigits = 2;
  if (exponential) {
    for (const v of finite) {
      const parts = scientificParts(v, float32, PRECISION);
      padLeft = Math.max(padLeft, isNegative(v) ? 2 : 1);
      precision = Math.max(precision, parts.digits.length - 1);
      exponentDigits = Math.max(exponentDigits, String(Math.abs(parts.exponent)).length);
    }
    padRight = exponentDigits + 2 + precision;
  } else {
    for (const v of finite) {
      const [integer, fraction] = positionalParts(v, float32, PRECISION);
      padLeft = Math.max(padLeft, integer.length + (isNegative(v) ? 1 : 0));
      padRight = Math.max(padRight, fraction.length);
    }
  }
  if (finite.length !== values.length) {
    const negativeInfinity = values.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negativeInfinity - (padRight + 1));
  }
  const left = padLeft;
  const right = padRight;
  const width = padLeft + padRight + 1;
  return (v) => {
    if (!Number.isFinite(v)) return (v !== v ? "nan" : v > 0 ? "inf" : "-inf").padStart(width);
    const sign = isNegative(v) ? "-" : "";
    if (exponential) {
      // With min_digits = precision, Dragon4 prints the exact value's digits past the shortest ones.
      const a = Math.abs(v);
      const { digits, exponent } = a === 0 ? { digits: "0".repeat(precision + 1), exponent: 0 } : roundExponential(a, precision);
      return `${(sign + digits[0]).padStart(left)}.${digits.slice(1)}${exponentText(exponent, exponentDigits)}`;
    }
    const [integer, fraction] = positionalParts(v, float32, PRECISION);
    return `${(sign + integer).padStart(left)}.${fraction.padEnd(right)}`;
  };
}

function integerFormatter(values: readonly number[]): ElementFormatter {
  let width = 0;
  for (const v of values) width = Math.max(width, String(v).length);
  return (v) => String(v).padStart(width);
}

function boolFormatter(zeroDimensional: boolean): ElementFormatter {
  const trueText = zeroDimensional ? "True" : " True";
  return (v) => (v !== 0 ? trueText : "False");
}

function elementFormatter(values: readonly number[], dtype: DType, zeroDimensional: boolean): ElementFormatter {
  switch (dtype) {
    case "float64":
      return floatFormatter(values, false);
    case "float32":
      return floatFormatter(values, true);
    case "int32":
    case "uint32":
      return integerFormatter(values);
    case "bool":
      return boolFormatter(zeroDimensional);
  }
}

/** What `str()` of a numpy scalar of `dtype` shows: full shortest digits for floats. */
export function formatScalar(value: number, dtype: DType): string {
  if (dtype === "bool") return value !== 0 ? "True" : "False";
  if (dtype === "int32" || dtype === "uint32") return String(value);
  if (value !== value) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const float32 = dtype === "float32";
  const sign = isNegative(value) ? "-" : "";
  const a = Math.abs(value);
  if (a === 0 || (a >= 1e-4 && a < (float32 ? 1e6 : 1e16))) {
    const [integer, fraction] = positionalParts(a, float32, -1);
    return `${sign}${integer}.${fraction === "" ? "0" : fraction}`;
  }
  const { digits, exponent } = shortestDecimal(a, float32);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}${exponentText(exponent, 2)}`;
}

/** The elements numpy looks at to choose the format: all, or the corners of a summarized array. */
function displayedValues(data: TypedArray, shape: Shape, summarize: boolean): number[] {
  const strides = stridesOf(shape);
  const values: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      values.push(data[offset]);
      return;
    }
    const length = shape[axis];
    const stride = strides[axis];
    const cut = summarize && length > 2 * EDGE_ITEMS;
    for (let i = 0; i < length; i++) {
      if (cut && i === EDGE_ITEMS) i = length - EDGE_ITEMS;
      visit(axis + 1, offset + i * stride);
    }
  };
  visit(0, 0);
  return values;
}

/** numpy's _formatArray: nested brackets, line wrapping and summarization. */
function formatNested(
  data: TypedArray,
  shape: Shape,
  format: ElementFormatter,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  summarize: boolean,
): string {
  const strides = stridesOf(shape);
  const ndim = shape.length;
  const trimmedSeparator = separator.trimEnd();
  const recurse = (axis: number, offset: number, hangingIndent: string, width: number): string => {
    const length = shape[axis];
    const stride = strides[axis];
    const showSummary = summarize && 2 * EDGE_ITEMS < length;
    const leading = showSummary ? EDGE_ITEMS : 0;
    const trailing = showSummary ? EDGE_ITEMS : length;
    let s = "";
    if (axis === ndim - 1) {
      const elementWidth = width - Math.max(trimmedSeparator.length, 1);
      let line = hangingIndent;
      const extend = (word: string): void => {
        if (line.length + word.length > elementWidth && line.length > hangingIndent.length) {
          s += line.trimEnd() + "\n";
          line = hangingIndent;
        }
        line += word;
      };
      for (let i = 0; i < leading; i++) {
        extend(format(data[offset + i * stride]));
        line += separator;
      }
      if (showSummary) {
        extend("...");
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        extend(format(data[offset + (length - i) * stride]));
        line += separator;
      }
      extend(format(data[offset + (length - 1) * stride]));
      s += line;
    } else {
      const nextIndent = hangingIndent + " ";
      const lineSeparator = trimmedSeparator + "\n".repeat(ndim - axis - 1);
      for (let i = 0; i < leading; i++) {
        s += hangingIndent + recurse(axis + 1, offset + i * stride, nextIndent, width - 1) + lineSeparator;
      }
      if (showSummary) s += hangingIndent + "..." + lineSeparator;
      for (let i = trailing; i > 1; i--) {
        s += hangingIndent + recurse(axis + 1, offset + (length - i) * stride, nextIndent, width - 1) + lineSeparator;
      }
      s += hangingIndent + recurse(axis + 1, offset + (length - 1) * stride, nextIndent, width - 1);
    }
    return "[" + s.slice(hangingIndent.length) + "]";
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** numpy's array2string for a non-empty array with the given separator and prefix length. */
function arrayToString(data: TypedArray, shape: Shape, dtype: DType, separator: string, prefix: string, lineWidth: number): string {
  const summarize = sizeOf(shape) > THRESHOLD;
  const format = elementFormatter(displayedValues(data, shape, summarize), dtype, shape.length === 0);
  if (shape.length === 0) return format(data[0]);
  return formatNested(data, shape, format, lineWidth, " " + " ".repeat(prefix.length), separator, summarize);
}

function shapeTupleText(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** numpy's repr (`array([1., 2.])`) or str (`[1. 2.]`) of a contiguous row-major array. */
export function formatArray(data: TypedArray, shape: Shape, dtype: DType, style: "repr" | "str"): string {
  const size = sizeOf(shape);
  if (style === "str") {
    if (shape.length === 0) return formatScalar(data[0], dtype);
    if (size === 0) return "[]";
    return arrayToString(data, shape, dtype, " ", "", LINE_WIDTH);
  }
  const prefix = "array(";
  const body = size === 0 ? "[]" : arrayToString(data, shape, dtype, ", ", prefix, LINE_WIDTH - 1);
  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > THRESHOLD) {
    extras.push(`shape=${shapeTupleText(shape)}`);
  }
  if (dtype === "float32" || dtype === "int32" || dtype === "uint32" || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return prefix + body + ")";
  const text = prefix + body + ",";
  const extraText = extras.join(", ") + ")";
  const lastLineLength = text.length - (text.lastIndexOf("\n") + 1);
  const spacer = lastLineLength + extraText.length + 1 > LINE_WIDTH ? "\n" + " ".repeat(prefix.length) : " ";
  return text + spacer + extraText;
}
