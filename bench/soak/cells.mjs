/**
 * The cells of the soak run (bench/soak/run.mjs and test/robustness/soak.test.ts): each creates
 * and discards tensors and displays, as a learner's session does. Every tensor a cell makes is
 * disposed, so growth in the kernel's memory is the kernel's own, not tfjs's. Cell sources differ
 * by `i`, so the compiler and the type checker see a new cell every time.
 */
const CELLS = [
  (i) => `{ const x = np.random.uniform(0, 1, [64, 64]); const y = tf.matMul(x, x); display(y); x.dispose(); y.dispose(); } // ${i}`,
  (i) =>
    `{ const net = new nn.Sequential(); net.add(new nn.Dense(32, { activation: "relu" }), new nn.Dense(10)); net.initialize();\n` +
    `  const X = np.random.uniform(0, 1, [4, 20]); const out = net.forward(X); display(net.collectParams());\n` +
    `  out.dispose(); X.dispose(); for (const p of net.collectParams()) p.data().dispose(); } // ${i}`,
  (i) => `{ const t = tf.tidy(() => tf.add(np.random.normal(0, 1, [3, 4]), ${i})); display(t); t.dispose(); }`,
  (i) => `const soakValue${i % 50} = { cell: ${i}, text: "x".repeat(1000) };\nconsole.log("cell ${i}", tf.memory().numTensors)`,
];

/** Source of soak cell number `i` (0-based). */
export function soakCell(i) {
  return CELLS[i % CELLS.length](i);
}
