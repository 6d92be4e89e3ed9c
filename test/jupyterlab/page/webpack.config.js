module.exports = require('./webpack.page.js')(__dirname);
