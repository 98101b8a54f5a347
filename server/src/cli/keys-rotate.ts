import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, masterKeyId } from '../platform/config/app-config';
import { unwrapKey, wrapKey } from '../platform/crypto/aes-gcm';
import { SchoolKeyEntity } from '../platform/crypto/school-key.entity';
import { dataSourceOptions } from '../platform/database/data-source-options';
import { inTransaction } from '../platform/database/transaction';

/**
 * `npm run keys:rotate`: re-wraps every school data key under a new master key.
 *
 *   ANXIN_MASTER_KEY=<current> ANXIN_NEW_MASTER_KEY=<new, 32 bytes base64> npm run keys:rotate [-- --dry-run]
 *
 * Only the wrapping changes (school_keys.wrapped_key / master_key_id), in one transaction; no ciphertext is
 * touched, because each ciphertext names its data key and the data keys themselves stay the same. Roster phone
 * hashes are keyed by the data keys too (tenancy/phone-hash.ts), so phone auto-approval keeps working; only rows
 * still in the older master-key form (not rewritten by a roster import since that change) stop matching. Rows already
 * wrapped by the new key are skipped, so a rerun after an interruption is safe. Afterwards the operator sets
 * ANXIN_MASTER_KEY to the new key and restarts the servers (a server refuses to start decrypting with the old
 * key: it names the mismatch).
 */
export interface RotateResult {
  rewrapped: number;
  alreadyNew: number;
  oldKeyId: string;
  newKeyId: string;
  dryRun: boolean;
}

export async function run(argv: string[], env: Record<string, string | undefined> = process.env, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<RotateResult> {
  const config = loadConfig(env);
  if (!env.ANXIN_NEW_MASTER_KEY) throw new ConfigError('ANXIN_NEW_MASTER_KEY', 'is required: the new 32-byte master key in base64');
  const newKey = Buffer.from(env.ANXIN_NEW_MASTER_KEY, 'base64');
  if (newKey.length !== 32) throw new ConfigError('ANXIN_NEW_MASTER_KEY', `must be 32 bytes in base64 (got ${newKey.length} bytes)`);
  const newKeyId = masterKeyId(newKey);
  const dryRun = argv.includes('--dry-run');
  if (newKeyId === config.masterKeyId) throw new ConfigError('ANXIN_NEW_MASTER_KEY', 'is the same as ANXIN_MASTER_KEY');

  const ds = new DataSource(dataSourceOptions(config.database));
  await ds.initialize();
  try {
    const result = await inTransaction(ds, async (m) => {
      const rows = await m.find(SchoolKeyEntity, { order: { createdAt: 'ASC' } });
      let rewrapped = 0;
      let alreadyNew = 0;
      for (const row of rows) {
        if (row.masterKeyId === newKeyId) {
          alreadyNew++;
          continue;
        }
        if (row.masterKeyId !== config.masterKeyId) {
          throw new Error(`school key ${row.id} is wrapped by master key ${row.masterKeyId}, neither the current (${config.masterKeyId}) nor the new one (${newKeyId})`);
        }
        // Unwrap with the current key (authenticated: a wrong key fails here, before anything is written).
        const dataKey = unwrapKey(config.masterKey, row.wrappedKey, row.id, row.schoolId);
        const wrapped = wrapKey(newKey, dataKey, row.id, row.schoolId);
        // The new wrapping must open with the new key before it replaces the old one.
        if (!unwrapKey(newKey, wrapped, row.id, row.schoolId).equals(dataKey)) throw new Error(`re-wrap check failed for ${row.id}`);
        if (!dryRun) {
          await m.update(SchoolKeyEntity, { id: row.id, masterKeyId: config.masterKeyId }, { wrappedKey: wrapped, masterKeyId: newKeyId, rewrappedAt: new Date() });
        }
        rewrapped++;
      }
      return { rewrapped, alreadyNew };
    });
    const summary: RotateResult = { ...result, oldKeyId: config.masterKeyId, newKeyId, dryRun };
    out(`${dryRun ? '[dry run] would re-wrap' : 're-wrapped'} ${result.rewrapped} school key(s) from master key ${config.masterKeyId} to ${newKeyId}` +
      (result.alreadyNew ? ` (${result.alreadyNew} already under the new key)` : ''));
    if (!dryRun) out('Now set ANXIN_MASTER_KEY to the new key and restart the servers.');
    return summary;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`${e instanceof ConfigError ? e.message : e?.stack ?? e}\n`);
    process.exit(e instanceof ConfigError ? 78 : 1);
  });
}
