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

/**
 * The base class of every error raised by tracegrad.
 *
 * @example
 * try {
 *   np.reshape(np.ones(6), [4]);
 * } catch (e) {
 *   e instanceof TracegradError; // true
 *   e instanceof ShapeError; // true
 *   (e as Error).message; // "reshape: cannot reshape f64[6] (6 elements) to [4]; the sizes must match."
 * }
 */
export class TracegradError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Shapes that do not fit the operation (broadcasting, matmul, reshape, ragged data).
 *
 * @example
 * try {
 *   np.matmul(np.ones([2, 3]), np.ones([2, 3]));
 * } catch (e) {
 *   e instanceof ShapeError; // true
 * }
 */
export class ShapeError extends TracegradError {}

/**
 * A dtype the operation does not accept (e.g. `grad` of an int32 input).
 *
 * @example
 * try {
 *   grad((x: Tensor) => np.sum(x))(np.arange(3));
 * } catch (e) {
 *   e instanceof DTypeError; // true
 * }
 */
export class DTypeError extends TracegradError {}

/**
 * A bad argument that is not a shape or dtype problem (argnums, axes, trees, options).
 *
 * @example
 * try {
 *   np.arange(0, 5, 0);
 * } catch (e) {
 *   e instanceof ArgumentError; // true
 *   (e as Error).message; // "arange: step must not be 0."
 * }
 */
export class ArgumentError extends TracegradError {}

/**
 * A tracer used outside the transform that created it.
 *
 * @example
 * let leaked: Tensor | undefined;
 * jit((x: Tensor) => (leaked = x))(np.ones(2));
 * try {
 *   np.sin(leaked!);
 * } catch (e) {
 *   e instanceof TracerLeakError; // true
 * }
 */
export class TracerLeakError extends TracegradError {}

/**
 * A concrete value was read from an abstract (staged) tracer.
 *
 * @example
 * try {
 *   jit((x: Tensor) => (x.item() > 0 ? x : np.negative(x)))(np.array(1));
 * } catch (e) {
 *   e instanceof ConcretizationError; // true
 * }
 */
export class ConcretizationError extends TracegradError {}

/**
 * A NaN appeared while `debugNans` was on.
 *
 * @example
 * config.update("debugNans", true);
 * try {
 *   np.log(-1);
 * } catch (e) {
 *   e instanceof NanError; // true
 * }
 * config.update("debugNans", false);
 */
export class NanError extends TracegradError {}
