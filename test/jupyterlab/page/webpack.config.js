// Bundles src/index.js into build/ for d2l_lab_page.py to serve. JupyterLab's packages import
// CSS (style-loader puts it in the page), SVG icons as strings from JavaScript, and fonts and
// images from CSS.
const path = require('path');

module.exports = {
  entry: './src/index.js',
  output: {
    path: path.resolve(__dirname, 'build'),
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
    fallback: { path: false, url: false, buffer: false, crypto: false, process: false },
  },
};
