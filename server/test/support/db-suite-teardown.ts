import { removeSchemaTemplate } from './schema-template';

/** The database suite's global teardown: the schema template made by db-suite-setup.ts is dropped. */
export default async function teardown(): Promise<void> {
  await removeSchemaTemplate();
}
