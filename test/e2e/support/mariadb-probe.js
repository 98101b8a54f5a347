/**
 * Jest global setup of the e2e suite: asks once whether MariaDB answers at TEST_MARIADB_URL and tells the suites
 * through ANXIN_E2E_MARIADB, so `describeOnEngines` can skip the MariaDB suites as skipped (not as passed) before
 * any test runs. Under CI an unreachable MariaDB stops the run instead.
 */
const { connect } = require('node:net');
const { ciIsOn } = require('../../../scripts/ci');

/** Whether MariaDB answers at TEST_MARIADB_URL (default 127.0.0.1:3306). Also used by the benchmarks. */
function mariadbReachable(url = new URL(process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306/test')) {
  return new Promise((resolve) => {
    const s = connect({ host: url.hostname, port: Number(url.port || 3306), timeout: 2000 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

module.exports = async function mariadbProbe() {
  const url = new URL(process.env.TEST_MARIADB_URL || 'mariadb://root@127.0.0.1:3306/test');
  const up = await mariadbReachable(url);
  if (!up && ciIsOn()) throw new Error(`MariaDB is not reachable at ${url.host} and CI is on: the MariaDB e2e tests must run`);
  if (!up) console.warn(`SKIPPED MariaDB e2e suites — MariaDB is not reachable at ${url.host}`);
  process.env.ANXIN_E2E_MARIADB = up ? 'reachable' : 'unreachable';
};
module.exports.mariadbReachable = mariadbReachable;
