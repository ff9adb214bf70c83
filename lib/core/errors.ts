/**
 * The error classes. Every error tracegrad raises is a `TracegradError`; the
 * subclasses say what kind of mistake it was. Messages name the operation,
 * the shapes and dtypes involved, and what to do instead.
 *
 * @example
 * try { np.dot(np.ones([3, 3]), np.ones([2, 2])) }
 * catch (e) { e instanceof ShapeError } // true
 */

// constructors

/** The base class of every error raised by tracegrad. */
export class TracegradError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit the operation (broadcasting, matmul, reshape, ragged data). */
export class ShapeError extends TracegradError {}

/** A dtype the operation does not accept (e.g. `grad` of an int32 input). */
export class DTypeError extends TracegradError {}

/** A bad argument that is not a shape or dtype problem (argnums, axes, trees, options). */
export class ArgumentError extends TracegradError {}

/** A tracer used outside the transform that created it. */
export class TracerLeakError extends TracegradError {}

/** A concrete value was read from an abstract (staged) tracer. */
export class ConcretizationError extends TracegradError {}

/** A NaN appeared while `debugNans` was on. */
export class NanError extends TracegradError {}
