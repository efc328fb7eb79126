const temp = require('./global-temp');
const guard = require('./repo-guard');

module.exports = async (globalConfig) => {
  await guard.setup(globalConfig);
  await temp.setup();
};
