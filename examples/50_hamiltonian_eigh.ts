/**
 * 50 · Differentiating through eigh and solve: a quantum ground state and a Gaussian process
 * Notebook: none (issue 10)
 *
 * Physics: the transverse-field Ising chain H(h) = -J Σ Zᵢ Zᵢ₊₁ - h Σ Xᵢ on 6 spins (a 64×64
 * symmetric matrix built with `np.kron`). Its ground-state energy E₀(h) is the smallest eigenvalue
 * (`np.linalg.eigvalsh`), and `grad` gives dE₀/dh through the eigendecomposition. It is checked
 * against central finite differences, against the Hellmann–Feynman theorem dE₀/dh = ⟨ψ₀|∂H/∂h|ψ₀⟩
 * = -⟨ψ₀|Σ Xᵢ|ψ₀⟩ (from the eigenvector), and, on 2 spins, against the closed form
 * E₀ = -√(J² + 4h²). The second derivative `grad(grad(E₀))` goes through the eigenvector's
 * derivative (the ground state is non-degenerate for h > 0), and `vmap` maps E₀ over a grid of h.
 *
 * Statistics: the log marginal likelihood of a Gaussian process,
 * log p(y) = -½ yᵀK⁻¹y - ½ log|K| - (n/2) log 2π with K = exp(-(xᵢ - xⱼ)²/2ℓ²) + σ²I,
 * through `np.linalg.solve` and `np.linalg.slogdet`; its gradient in log ℓ is checked against
 * finite differences and the textbook formula ½ tr((ααᵀ - K⁻¹) ∂K/∂log ℓ), α = K⁻¹y, and a few
 * steps of gradient ascent fit ℓ.
 */
import { grad, jit, np, vmap, type Tensor } from "../lib/index.ts";
import { close, show, verify, type Check } from "./_show.ts";

const fmt = (v: number, digits = 10) => v.toFixed(digits);
const checks: Check[] = [];

// ---------------------------------------------------------------------------
// the transverse-field Ising chain

const X = np.array([[0, 1], [1, 0]]);
const Z = np.array([[1, 0], [0, -1]]);
const I2 = np.eye(2);

/** The operator acting as `ops[i]` on spin i (identity elsewhere) of an `n`-spin chain: a Kronecker product. */
function onSites(n: number, ops: Record<number, Tensor>): Tensor {
  let out = ops[0] ?? I2;
  for (let i = 1; i < n; i++) out = np.kron(out, ops[i] ?? I2);
  return out;
}

/** -J Σ Zᵢ Zᵢ₊₁ (open chain) and Σ Xᵢ: H(h) = zz - h·x. */
function chain(n: number, J = 1) {
  let zz = np.zeros([2 ** n, 2 ** n]);
  let x = np.zeros([2 ** n, 2 ** n]);
  for (let i = 0; i < n; i++) {
    x = np.add(x, onSites(n, { [i]: X }));
    if (i + 1 < n) zz = np.subtract(zz, np.multiply(J, onSites(n, { [i]: Z, [i + 1]: Z })));
  }
  return { zz, x };
}

const N = 6;
const { zz, x: sumX } = chain(N);
const hamiltonian = (h: Tensor) => np.subtract(zz, np.multiply(h, sumX));
const groundEnergy = (h: Tensor) => np.linalg.eigvalsh(hamiltonian(h)).slice(0);

const h0 = 0.7;
const e0 = groundEnergy(np.array(h0)).item();
const dE = grad(groundEnergy)(h0).item();
const eps = 1e-5;
const fd = (groundEnergy(np.array(h0 + eps)).item() - groundEnergy(np.array(h0 - eps)).item()) / (2 * eps);
// Hellmann–Feynman: the ground state ψ₀ is eigh's first eigenvector
const [, vectors] = np.linalg.eigh(hamiltonian(np.array(h0)));
const psi0 = vectors.slice(null, 0);
const hf = -np.dot(psi0, np.matmul(sumX, psi0)).item();

console.log(`transverse-field Ising chain, ${N} spins (H is ${2 ** N}×${2 ** N}), J = 1, h = ${h0}`);
show("E₀(h)", fmt(e0));
show("dE₀/dh by grad through eigvalsh", fmt(dE));
show("dE₀/dh by central differences (ε = 1e-5)", fmt(fd));
show("dE₀/dh by Hellmann–Feynman, -⟨ψ₀|Σ Xᵢ|ψ₀⟩", fmt(hf));
checks.push(close("grad vs central differences", dE, fd, 1e-8));
checks.push(close("grad vs Hellmann–Feynman", dE, hf, 1e-12));

// second derivative: through the eigenvector's derivative (non-degenerate ground state)
const d2E = grad(grad(groundEnergy))(h0).item();
const fd2 = (grad(groundEnergy)(h0 + eps).item() - grad(groundEnergy)(h0 - eps).item()) / (2 * eps);
show("\nd²E₀/dh² by grad(grad(·))", fmt(d2E, 8));
show("d²E₀/dh² by central differences of grad", fmt(fd2, 8));
checks.push(close("second derivative vs central differences", d2E, fd2, 1e-7));

// two spins: E₀ = -√(J² + 4h²), dE₀/dh = -4h / √(J² + 4h²)
const two = chain(2);
const e2 = (h: Tensor) => np.linalg.eigvalsh(np.subtract(two.zz, np.multiply(h, two.x))).slice(0);
const root = Math.sqrt(1 + 4 * h0 * h0);
show("\n2 spins: E₀ and dE₀/dh by eigvalsh and grad", `${fmt(e2(np.array(h0)).item())}  ${fmt(grad(e2)(h0).item())}`);
show("2 spins: closed form -√(1 + 4h²) and -4h/√(1 + 4h²)", `${fmt(-root)}  ${fmt((-4 * h0) / root)}`);
checks.push(close("2-spin E₀ vs closed form", e2(np.array(h0)), -root, 1e-14));
checks.push(close("2-spin dE₀/dh vs closed form", grad(e2)(h0), (-4 * h0) / root, 1e-14));

// the magnetization curve ⟨Σ Xᵢ⟩ / N = -(dE₀/dh) / N over a grid of h, batched by vmap
const hs = np.linspace(0.25, 2, 8);
const energies = vmap(groundEnergy)(hs);
const slopes = vmap(grad(groundEnergy))(hs);
console.log("\n   h      E₀(h)          ⟨X⟩ per spin");
const energyList = energies.toArray() as number[];
const slopeList = slopes.toArray() as number[];
(hs.toArray() as number[]).forEach((h, i) => console.log(`  ${h.toFixed(2)}   ${fmt(energyList[i], 8).padStart(12)}   ${fmt(-slopeList[i] / N, 8)}`));
const loop = (hs.toArray() as number[]).map((h) => grad(groundEnergy)(h).item());
checks.push(close("vmap(grad) over h equals a loop of grad", slopes, loop, 1e-12));
checks.push({ what: "the magnetization grows with h", ok: slopeList.every((s, i) => i === 0 || s < slopeList[i - 1]), detail: slopeList.join(", ") });

// ---------------------------------------------------------------------------
// a Gaussian process: the log marginal likelihood and its gradient in log ℓ

const xs = np.linspace(0, 5, 12);
const ys = np.add(np.sin(xs), np.multiply(0.1, np.cos(np.multiply(7, xs))));
const noise = 0.01;
const n = 12;
const sqDist = np.square(np.subtract(np.expandDims(xs, 1), np.expandDims(xs, 0)));
const kernel = (logL: Tensor) => np.add(np.exp(np.divide(np.negative(sqDist), np.multiply(2, np.exp(np.multiply(2, logL))))), np.multiply(noise, np.eye(n)));
const logMarginal = (logL: Tensor) => {
  const K = kernel(logL);
  const alpha = np.linalg.solve(K, ys);
  const fit = np.multiply(-0.5, np.dot(ys, alpha));
  return np.subtract(np.subtract(fit, np.multiply(0.5, np.linalg.slogdet(K)[1])), (n / 2) * Math.log(2 * Math.PI));
};

const logL0 = Math.log(0.5);
const lml = logMarginal(np.array(logL0)).item();
const g = grad(logMarginal)(logL0).item();
const gfd = (logMarginal(np.array(logL0 + eps)).item() - logMarginal(np.array(logL0 - eps)).item()) / (2 * eps);
// the textbook gradient: ½ tr((α αᵀ - K⁻¹) ∂K/∂log ℓ), ∂K/∂log ℓ = (K - σ²I) ⊙ d²/ℓ²
const K0 = kernel(np.array(logL0));
const alpha0 = np.linalg.solve(K0, ys);
const dK = np.multiply(np.subtract(K0, np.multiply(noise, np.eye(n))), np.divide(sqDist, Math.exp(2 * logL0)));
const inner = np.subtract(np.multiply(np.expandDims(alpha0, 1), np.expandDims(alpha0, 0)), np.linalg.inv(K0));
const textbook = 0.5 * np.sum(np.multiply(inner, dK)).item();

console.log(`\nGaussian process on ${n} points, squared-exponential kernel, σ² = ${noise}, ℓ = 0.5`);
show("log p(y | ℓ)", fmt(lml));
show("d log p / d log ℓ by grad (through solve and slogdet)", fmt(g));
show("by central differences", fmt(gfd));
show("by ½ tr((ααᵀ - K⁻¹) ∂K/∂log ℓ)", fmt(textbook));
checks.push(close("GP gradient vs central differences", g, gfd, 1e-6));
checks.push(close("GP gradient vs the textbook formula", g, textbook, 1e-9));

// gradient ascent on log ℓ, compiled once
const step = jit((logL: Tensor) => np.add(logL, np.multiply(0.05, grad(logMarginal)(logL))));
let logL = np.array(logL0);
for (let i = 0; i < 40; i++) logL = step(logL);
const fitted = logMarginal(logL).item();
show("\nafter 40 steps of gradient ascent (rate 0.05): ℓ and log p(y | ℓ)", `${fmt(Math.exp(logL.item()), 6)}  ${fmt(fitted, 6)}`);
checks.push({ what: "gradient ascent increases the marginal likelihood", ok: fitted > lml, detail: `${lml} → ${fitted}` });
checks.push(close("the fitted ℓ is a stationary point (|gradient| small)", grad(logMarginal)(logL), 0, 1e-2));

verify(checks);
