import { TestApp } from '../support/test-app';

/**
 * main.ts alone answers SIGTERM/SIGINT and closes the app once. If the app also listened (Nest's
 * enableShutdownHooks), one signal would run two closes at once, and both would destroy the database pool: on
 * MariaDB the later one logs "Connection with mysql database is not established".
 */
describe('app lifecycle', () => {
  it('building the app adds no signal listener', async () => {
    const before = { SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT'), SIGHUP: process.listenerCount('SIGHUP') };
    const t = await TestApp.start();
    try {
      expect({ SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT'), SIGHUP: process.listenerCount('SIGHUP') }).toEqual(before);
    } finally {
      await t.stop();
    }
  });
});
