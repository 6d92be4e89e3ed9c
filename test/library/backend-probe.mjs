// Computes a fixed set of outputs and gradients with the d2l-ts build on the backend named by
// D2L_BACKEND and prints them as JSON; test/library/backends.test.ts runs it once per backend and
// compares. Every value comes from np.random with a fixed seed, drawn on the host, so both
// backends start from the same numbers.
const lib = await import(process.argv[2]);
const { nn, np, tf, backend } = lib;

const out = { backend: backend(), results: {} };
const put = (name, t) => (out.results[name] = { shape: t.shape, values: Array.from(t.dataSync()) });

function gradsOf(net, X, T) {
  net.forward(X); // shape pass: deferred weights exist from here on
  const loss = () => tf.mean(tf.square(tf.sub(net.forward(X), T)));
  put("loss", loss());
  const { grads } = tf.variableGrads(loss);
  const params = net.collectParams();
  for (const name of params.keys()) put(`grad ${name}`, grads[params.get(name).data().name]);
}

np.random.seed(5);
const mlp = new nn.Sequential().add(new nn.Dense(16, { activation: "relu" }), new nn.Dense(8, { activation: "tanh" }), new nn.Dense(3)).initialize();
const X = np.random.normal(0, 1, [7, 10]);
put("forward", mlp.forward(X));
put("softmax", tf.softmax(mlp.forward(X)));
const T = np.random.normal(0, 1, [7, 3]);
const prefix = (p) => Object.fromEntries(Object.entries(out.results).map(([k, v]) => [`${p} ${k}`, v]));
gradsOf(mlp, X, T);
const mlpResults = prefix("mlp");

out.results = {};
np.random.seed(6);
const cnn = new nn.Sequential().add(
  new nn.Conv2D(4, 3, { activation: "relu" }),
  new nn.MaxPool2D(2),
  new nn.Conv2D(6, 3, { padding: 1, activation: "sigmoid" }),
  new nn.AvgPool2D(2),
  new nn.Flatten(),
  new nn.Dense(5),
).initialize();
const I = np.random.uniform(0, 1, [2, 1, 10, 10]);
put("forward", cnn.forward(I));
gradsOf(cnn, I, np.random.normal(0, 1, [2, 5]));
out.results = { ...mlpResults, ...prefix("cnn") };
process.stdout.write(JSON.stringify(out));
