// The webpack config of both JupyterLab pages (page/ for 3.5, page4/ for 4): bundles a page's
// src/index.js into its build/ for d2l_lab_page.py to serve. JupyterLab's packages import CSS (style-loader puts it in the page), SVG
// icons as strings from JavaScript, and fonts and images from CSS.
const path = require('path');

/** The config for the page in `dir`: its src/index.js, its own node_modules, its build/. */
function pageConfig(dir) {
  return {
    context: dir,
    entry: './src/index.js',
    output: {
      path: path.resolve(dir, 'build'),
      filename: 'bundle.js',
      // Chunks (the theme CSS) load from wherever bundle.js was served.
      publicPath: 'auto',
      clean: true,
    },
    bail: true,
    devtool: false,
    performance: { hints: false },
    module: {
      rules: [
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        // @jupyterlab/ui-components imports its icons' SVG source as strings.
        { test: /\.svg$/, issuer: /\.js$/, type: 'asset/source' },
        { test: /\.svg$/, issuer: /\.css$/, type: 'asset/inline' },
        { test: /\.(png|jpe?g|gif|woff2?|ttf|eot)$/, type: 'asset/resource' },
        // Some JupyterLab 3 packages ship ESM that imports without extensions.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
      ],
    },
    resolve: {
      // The shared page logic (page/src/app.js) is bundled into both pages: whatever it or its CSS
      // needs comes from the page being built.
      modules: [path.resolve(dir, 'node_modules'), 'node_modules'],
      fallback: { path: false, url: false, buffer: false, crypto: false, process: false },
    },
    resolveLoader: { modules: [path.resolve(dir, 'node_modules'), 'node_modules'] },
  };
}

module.exports = pageConfig;
