/**
 * One reading of the CI variable for every test runner (scripts/test.js, the e2e and browser suites): CI is on for
 * any value but '', 'false' and '0' (CI=true, CI=1, …). Under CI a missing MariaDB, Chromium or poppler-utils is a
 * failure; outside it those tests are skipped and counted as skipped.
 */
exports.ciIsOn = (value = process.env.CI) => !!value && value !== 'false' && value !== '0';
