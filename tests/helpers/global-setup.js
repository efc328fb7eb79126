module.exports = require('./global-temp').setup;
