const temp = require('./global-temp');
const guard = require('./repo-guard');

module.exports = async (globalConfig) => {
  try {
    await guard.teardown(globalConfig);
  } finally {
    await temp.teardown();
  }
};
