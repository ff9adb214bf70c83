/**
 * A small deterministic random source for the testing helpers: the same seed
 * gives the same numbers on every runtime (Node, Deno, browsers), so a
 * failing check can be replayed. Not for cryptography.
 *
 * @example
 * const rng = new Rng(0);
 * rng.normal(); // the same number on every run
 */

// constructors

/** splitmix32 over a 32-bit state, with Box-Muller normals. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** A uniform number in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z = (z ^ (z >>> 15)) >>> 0;
    return z / 4294967296;
  }

  /** A standard normal number. */
  normal(): number {
    const u = 1 - this.uniform(); // (0, 1]
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` standard normal numbers. */
  normals(n: number): number[] {
    return Array.from({ length: n }, () => this.normal());
  }
}
