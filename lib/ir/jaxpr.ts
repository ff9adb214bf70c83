/**
 * The IR: a jaxpr is typed variables, a flat list of equations
 * `outs = primitive[params] inputs`, and outputs. Everything here is readonly
 * data: transforms build new jaxprs and never mutate one.
 *
 * @example
 * makeJaxpr((x) => np.sin(x).mul(2))(3).toString()
 * // { lambda ; a:f64[]. let
 * //     b:f64[] = sin a
 * //     c:f64[] = mul b 2.0
 * //   in (c,) }
 */
import type { Aval, Tensor } from "../core/tensor.ts";
import type { AnyPrimitive, Params } from "../core/primitive.ts";
import { formatJaxpr } from "./print.ts";

// model

/**
 * A variable: a name for a value of a known shape and dtype (printed names are given by the printer).
 *
 * @example
 * const { jaxpr } = makeJaxpr(np.sin)(np.zeros([3]));
 * jaxpr.invars[0] instanceof Var; // true
 * jaxpr.invars[0].aval; // { shape: [3], dtype: "float64" }
 */
export class Var {
  constructor(readonly aval: Aval) {}
}

/**
 * A scalar literal, printed inline (`2.0`).
 *
 * @example
 * const { jaxpr } = makeJaxpr((x: Tensor) => np.multiply(x, 2))(1.5);
 * const two = jaxpr.eqns[0].inputs[1];
 * two instanceof Lit && two.value; // 2
 */
export class Lit {
  constructor(
    readonly value: number,
    readonly aval: Aval,
  ) {}
}

/** An equation input. */
export type Atom = Var | Lit;

/** One equation: `outs = primitive[params] inputs`. */
export interface Eqn {
  readonly primitive: AnyPrimitive;
  readonly inputs: readonly Atom[];
  readonly params: Params;
  readonly outs: readonly Var[];
}

/**
 * A function in the IR: constants and inputs in, equations, outputs out.
 *
 * @example
 * const { jaxpr } = makeJaxpr((x: Tensor) => np.sin(x).mul(2))(3);
 * jaxpr.eqns.map((e) => e.primitive.name); // ["sin", "mul"]
 * console.log(jaxpr.toString());
 * // { lambda ; a:f64[]. let
 * //     b:f64[] = sin a
 * //     c:f64[] = mul b 2.0
 * //   in (c,) }
 */
export class Jaxpr {
  constructor(
    readonly constvars: readonly Var[],
    readonly invars: readonly Var[],
    readonly eqns: readonly Eqn[],
    readonly outs: readonly Atom[],
  ) {}

  /** JAX's text form. */
  toString(): string {
    return formatJaxpr(this);
  }
}

/**
 * A jaxpr with the values of its constvars.
 *
 * @example
 * const closed = makeJaxpr((x: Tensor) => np.add(x, np.array([1, 2])))(np.zeros([2]));
 * closed.consts; // [array([1., 2.])]
 * closed.inAvals; // [{ shape: [2], dtype: "float64" }]
 * evalJaxpr(closed, np.array([10, 20]))[0]; // array([11., 22.])
 */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: readonly Tensor[],
    /** Names of the inputs for the printer (their tree paths, `params.w`), as JAX's debug info; absent in derived jaxprs. */
    readonly argNames?: readonly string[],
  ) {}

  /** Avals of the inputs. */
  get inAvals(): Aval[] {
    return this.jaxpr.invars.map((v) => v.aval);
  }

  /** Avals of the outputs. */
  get outAvals(): Aval[] {
    return this.jaxpr.outs.map((v) => v.aval);
  }

  /** JAX's text form (with `argNames`, each input on its own line with its name). */
  toString(): string {
    return formatJaxpr(this.jaxpr, this.argNames === undefined ? {} : { argNames: this.argNames });
  }
}
