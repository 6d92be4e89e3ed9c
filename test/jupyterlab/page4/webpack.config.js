module.exports = require('../page/webpack.page.js')(__dirname);
