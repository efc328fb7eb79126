module.exports = require('./global-temp').teardown;
