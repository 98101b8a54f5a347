import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * One owner per rule: a tip's clock (shared/src/tip-rules.ts) and who the designated contact is
 * (features/tenancy/designated-contact.ts). These checks fail when a copy of either comes back in the server or the
 * app: a deadline compared with a time, the investigation's open statuses listed again, or the school's
 * `contactUserId` read to decide who the contact is.
 */
const ROOT = resolve(__dirname, '../../../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist' && name !== 'migrations') out.push(...sources(p));
    } else if (/\.tsx?$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name)) {
      out.push(p);
    }
  }
  return out;
}

const files = [...sources(join(ROOT, 'server/src')), ...sources(join(ROOT, 'miniprogram/src'))];
const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n').map((text, i) => ({ at: `${relative(ROOT, f)}:${i + 1}`, text })));

describe('one owner per rule', () => {
  it('no deadline is compared with a time outside shared/src/tip-rules.ts (and its SQL form for the list)', () => {
    const deadline = /ackDueAt|investigationDueAt|ack_due_at|investigation_due_at/;
    const comparison = /\s(<=|>=|<|>)\s/;
    // The list's SQL translation of the same rules; tips-list-rules.db-spec.ts fails when it parts from them.
    const sqlForm = 'server/src/features/tips/tip-list-query.ts:';
    expect(lines.filter((l) => deadline.test(l.text) && comparison.test(l.text) && !l.at.startsWith(sqlForm)).map((l) => l.at)).toEqual([]);
  });

  it('the statuses in which the investigation runs are listed only in shared/src/tip-rules.ts', () => {
    const copy = /['"]acknowledged['"][^\n]*['"]investigating['"]|['"]investigating['"][^\n]*['"]acknowledged['"]/;
    expect(lines.filter((l) => copy.test(l.text)).map((l) => l.at)).toEqual([]);
  });

  it('who the designated contact is: only tenancy/designated-contact.ts reads schools.contact_user_id to decide it', () => {
    // The column's own definition, the school service that names the contact (and audits the change), the staff
    // service that keeps the named contact when their role is revoked, the mapper that exposes it, the demo seed.
    const allowed = [
      'server/src/features/tenancy/designated-contact.ts', 'server/src/features/tenancy/school.entity.ts',
      'server/src/features/tenancy/school.service.ts', 'server/src/features/tenancy/staff.service.ts',
      'server/src/features/tenancy/tenancy.mappers.ts', 'server/src/features/tenancy/tenancy.dto.ts', 'server/src/features/demo/demo-seed.ts',
    ];
    const readers = lines.filter((l) => l.at.startsWith('server/') && /contactUserId|contact_user_id/.test(l.text) && !allowed.some((a) => l.at.startsWith(`${a}:`)));
    expect(readers.map((l) => l.at)).toEqual([]);
  });
});
