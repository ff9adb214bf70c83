/**
 * Rows for issue 10's `np.einsum`, `np.einsumPath` and `np.tensordot`.
 * Expected values were computed once with numpy 2.4.6 (`np.einsum(sub,
 * *operands)`, `np.einsum_path(..., optimize='greedy')`, `np.tensordot`)
 * with r(*shape) = np.arange(prod(shape)).reshape(shape) % 7 - 2.5, and
 * pinned; the greedy paths also equal opt_einsum 3.4's.
 */
import { expect } from "vitest";
import { ArgumentError, np, ShapeError, type Tensor } from "../../../lib/index.ts";
import { f64, type Row } from "../harness.ts";

const r = (...shape: number[]) => np.array(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 7) - 2.5)).reshape(shape);
const chain = [[19.625, -14.625, -48.875], [-30.625, 5.625, 41.875]];

export const einsumRows: Row[] = [
  {
    name: "np.einsum",
    values: [
      { args: ["ij,jk->ik", r(2, 3), r(3, 4)], out: [[4.75, 0.25, -4.25, 1.75], [-2.75, 1.75, 6.25, 0.25]] }, //
      { args: ["ii", r(3, 3)], out: -2.5 }, // trace
      { args: ["ii->i", r(3, 3)], out: [-2.5, 1.5, -1.5] }, // diagonal
      { args: ["ij->ji", r(2, 3)], out: [[-2.5, 0.5], [-1.5, 1.5], [-0.5, 2.5]] }, //
      { args: ["ij->", r(2, 3)], out: 0.0 }, //
      { args: ["...ij,...jk", r(2, 1, 2, 3), r(4, 3, 2)], out: [[[[6.25, 1.75], [1.75, 6.25]], [[-6.75, 6.25], [0.75, 1.75]], [[-2.25, -6.75], [-3.75, 0.75]], [[-8.25, -2.25], [2.25, -3.75]]], [[[-9.75, -10.25], [3.25, 4.75]], [[15.25, -9.75], [-1.75, 3.25]], [[15.75, 15.25], [-3.25, -1.75]], [[-1.25, 15.75], [-1.25, -3.25]]]] }, // broadcast batch
      { args: ["i,j->ij", r(3), r(2)], out: [[6.25, 3.75], [3.75, 2.25], [1.25, 0.75]] }, // outer
      { args: ["bij,bjk->bik", r(2, 2, 3), r(2, 3, 2)], out: [[[6.25, 1.75], [1.75, 6.25]], [[15.25, -9.75], [-1.75, 3.25]]] }, //
      { args: ["ij,ij->ij", r(2, 3), r(1, 3)], out: [[6.25, 2.25, 0.25], [-1.25, -2.25, -1.25]] }, // size-1 broadcast
      { args: ["iij->ji", r(3, 3, 2)], out: [[-2.5, -1.5, -0.5], [-1.5, -0.5, 0.5]] }, //
      { args: ["ijk,ikj,kji->i", r(2, 3, 2), r(2, 2, 3), r(2, 3, 2)], out: [-17.75, -18.0] }, //
      { args: ["ab,bc,cd,de->ae", r(2, 3), r(3, 4), r(4, 2), r(2, 3)], out: [[19.625, -14.625, -48.875], [-30.625, 5.625, 41.875]] }, // greedy chain
      { args: ["BA,a->Ba", r(2, 3), r(2)], out: [[11.25, 6.75], [-11.25, -6.75]] }, // upper case
      { args: ["i,,i", r(3), 2, r(3)], out: 17.5 }, // a 0-d operand
      { args: [r(2, 3), [0, 1], r(3), [1], [0]], out: [8.75, -4.75] }, // sublist form: np.einsum(r(2,3), [0,1], r(3), [1], [0])
      { args: [np.array([1, 2], { dtype: "int32" }), [0], np.array([3, 4], { dtype: "int32" }), [0]], out: 11, dtype: "int32" }, // int32 stays int32
      { args: ["ab,bc,cd,de->ae", r(2, 3), r(3, 4), r(4, 2), r(2, 3), { optimize: false }], out: chain }, // no optimization: left to right
      { args: ["ab,bc,cd,de->ae", r(2, 3), r(3, 4), r(4, 2), r(2, 3), { optimize: "optimal" }], out: chain },
      { args: ["ab,bc,cd,de->ae", r(2, 3), r(3, 4), r(4, 2), r(2, 3), { optimize: ["einsum_path", [0, 3], [0, 1], [0, 1]] }], out: chain },
      { args: ["i,i", [true, false, true], [true, true, false]], out: true, dtype: "bool" },
    ],
    errors: [
      { args: ["ij,jk", np.ones([2, 3]), np.ones([4, 4])], type: ShapeError, match: /"j" has size 4 in operand 1/ },
      { args: ["ii", np.ones([2, 3])], type: ShapeError, match: /repeated subscript "i"/ },
      { args: ["ij", np.ones([3])], type: ShapeError, match: /2 letters/ },
      { args: ["i,j", np.ones([3])], type: ArgumentError, match: /2 operand\(s\) but 1/ },
      { args: ["i->ii", np.ones([3])], type: ArgumentError, match: /more than once/ },
      { args: ["ij->k", np.ones([2, 3])], type: ArgumentError, match: /"k" appears in no input/ },
      { args: ["i0", np.ones([3, 3])], type: ArgumentError, match: /invalid subscript "0"/ },
      { args: ["..i", np.ones([3])], type: ArgumentError, match: /not part of an ellipsis/ },
      { args: ["...i->i", np.ones([2, 3])], type: ArgumentError, match: /no '...'/ },
      { args: [np.ones([2]), [0, 52]], type: ArgumentError, match: /valid range/ },
      { args: ["ij,jk", np.ones([2, 2]), np.ones([2, 2]), { optimize: "fast" }], type: ArgumentError, match: /optimize must be/ },
      { args: ["ij,jk,kl", np.ones([2, 2]), np.ones([2, 2]), np.ones([2, 2]), { optimize: ["einsum_path", [0, 1]] }], type: ArgumentError, match: /1 more operand/ },
      { args: ["ij", np.ones([2, 2]), { optimise: true }], type: ArgumentError, match: /unknown option "optimise"/ },
    ],
    f: (a: Tensor, b: Tensor, c: Tensor) => np.einsum("ij,jk,kl->il", a, b, c),
    args: [f64([2, 3]), f64([3, 4]), f64([4, 2])],
  },
  {
    name: "np.einsum",
    label: "diagonal, broadcast ellipsis, implicit output",
    f: (a: Tensor, b: Tensor) => np.einsum("...iij,...j", a, b),
    args: [f64([2, 3, 3, 2]), f64([1, 2])],
  },
  {
    name: "np.einsumPath",
    values: [
      { args: ["ab,bc,cd,de->ae", r(2, 3), r(3, 4), r(4, 2), r(2, 3)], out: [["einsum_path", [1, 2], [0, 2], [0, 1]], "  Complete contraction:  ab,bc,cd,de->ae\n         Naive scaling:  5\n     Optimized scaling:  3\n      Naive FLOP count:  5.760e+02\n  Optimized FLOP count:  9.700e+01\n   Theoretical speedup:  5.938\n  Largest intermediate:  6.000e+00 elements\n--------------------------------------------------------------------------\nscaling                  current                                remaining\n--------------------------------------------------------------------------\n   3                   cd,bc->db                             ab,de,db->ae\n   3                   db,ab->ad                                de,ad->ae\n   3                   ad,de->ae                                   ae->ae"] },
      { args: ["ab,bc->ac", r(2, 3), r(3, 4)], out: [["einsum_path", [0, 1]], "  Complete contraction:  ab,bc->ac\n         Naive scaling:  3\n     Optimized scaling:  3\n      Naive FLOP count:  4.800e+01\n  Optimized FLOP count:  4.900e+01\n   Theoretical speedup:  0.980\n  Largest intermediate:  8.000e+00 elements\n--------------------------------------------------------------------------\nscaling                  current                                remaining\n--------------------------------------------------------------------------\n   3                   bc,ab->ac                                   ac->ac"] },
      { args: ["i,,i", r(3), 2, r(3)], out: [["einsum_path", [0, 2], [0, 1]], expect.any(String)] },
    ],
    errors: [
      { args: ["ab,bc,cd,de,ef,fg,gh,hi,ij->aj", ...Array.from({ length: 9 }, () => np.ones([2, 2])), { optimize: "optimal" }], type: ArgumentError, match: /limited to 8 operands/ },
    ],
  },
  {
    name: "np.tensordot",
    values: [
      { args: [r(2, 3, 4), r(3, 4, 2)], out: [[21.5, 15.5], [-28.5, -2.5]] }, // np.tensordot(r(2,3,4), r(3,4,2))
      { args: [r(2, 3), r(3, 2), 1], out: [[6.25, 1.75], [1.75, 6.25]] },
      { args: [r(2, 3), r(2, 3), [[1, 0], [1, 0]]], out: 17.5 },
    ],
    errors: [
      { args: [np.ones([2, 3]), np.ones([2, 3]), [[1], [1, 0]]], type: ArgumentError, match: /pair 1 axes of a with 2/ },
      { args: [np.ones([2, 3]), np.ones([3, 2])], type: ShapeError, match: /differ/ },
      { args: [np.ones([2, 3]), np.ones([3]), 3], type: ArgumentError, match: /at most/ },
    ],
    f: (a: Tensor, b: Tensor) => np.tensordot(a, b, [[2, 0], [0, 1]]),
    args: [f64([2, 3, 4]), f64([4, 2])],
  },
];
