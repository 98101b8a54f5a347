/**
 * The database suite's global setup: the schema template its apps' databases are copied from (schema-template.ts).
 *
 * It runs in the test process itself (`--runInBand`), outside the test files' sandboxes, and Jest copies into each test
 * file's global object every property the process's own global object has gained. TypeORM keeps its decorators'
 * registry there (`typeormMetadataArgsStorage`): left behind, every test file registered its classes in that one
 * registry, which then held each file's whole module graph for the rest of the run (a run reached 4 GB per process by
 * its 75th file, and took longer than migrating every database had). So the server's modules are loaded only here, after noting the global object's properties, and whatever
 * they added is removed.
 */
export default async function setup(): Promise<void> {
  const globals = new Set(Object.getOwnPropertyNames(globalThis));
  try {
    const { buildSchemaTemplate } = require('./schema-template') as typeof import('./schema-template');
    const { testEngine } = require('./test-database') as typeof import('./test-database');
    await buildSchemaTemplate(testEngine());
  } finally {
    for (const name of Object.getOwnPropertyNames(globalThis)) if (!globals.has(name)) delete (globalThis as Record<string, unknown>)[name];
  }
}
