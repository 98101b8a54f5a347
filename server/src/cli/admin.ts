import 'reflect-metadata';
import { userInfo } from 'node:os';
import * as QRCode from 'qrcode';
import { DataSource, In, IsNull, MoreThan } from 'typeorm';
import { DistrictRole, formatDateTime, formatInviteCode, INVITE_PAGE, inviteQrText, SCHOOL_STAGE_LABELS } from '@anxin/shared';
import { appendAuditEntry } from '../platform/audit/audit.service';
import { Clock } from '../platform/common/clock/clock';
import { inTransaction } from '../platform/database/transaction';
import { UserEntity } from '../features/identity/user.entity';
import { OnboardingInviteEntity } from '../features/onboarding/onboarding-invite.entity';
import { issueOnboardingInvite, type AppendAudit } from '../features/onboarding/onboarding-invites';
import { DistrictEntity } from '../features/tenancy/district.entity';
import { districtAuditRecord } from '../features/tenancy/district-audit';
import { SchoolEntity } from '../features/tenancy/school.entity';
import { StaffRoleEntity } from '../features/tenancy/staff-role.entity';
import { CliIo, describeDatabase, Env, errorMessage, EXIT, loadCliConfig, openDatabase, parseArgs, processIo } from './cli-support';
import { pendingNames } from './migrate';

const USAGE = `usage: npm run admin -- <command> [options]

Brings a deployment's districts into being. No HTTP route creates a district; this command does, on the database
in DATABASE_URL (run it with the servers' configuration). Every step is written to the district's audit chain.

  create-district --name <name> --region-code <code>
        creates a district (its name, e.g. 北京市海淀区教育委员会, and its 6-digit administrative region code,
        行政区划代码, e.g. 110108) and prints a one-time invite for its first district officer
  grant-officer --district <region code or id>
        prints a new one-time officer invite for an existing district (another officer, or a lost invite)
  list
        lists the districts, their schools and their officers (display names only)

An invite works once, for 72 hours. Give it to the officer only; it is printed once and stored only as a hash.
Exit 0: done; 1: failed (the database, a region code that is taken or unknown); 2: bad arguments; 78: bad configuration.`;

const REGION_CODE = /^\d{6}$/;

/**
 * `npm run admin`: the operator's commands for onboarding (docs/DEPLOYMENT.md). Runs with database access and no
 * caller: the audit entries name the operating-system account that ran it.
 */
export async function run(argv: string[], env: Env, io: CliIo = processIo, clock: Clock = new Clock()): Promise<number> {
  const [command, ...rest] = argv;
  if (!command) {
    io.err(USAGE);
    return EXIT.USAGE;
  }
  if (command === '--help' || command === 'help') {
    io.out(USAGE);
    return EXIT.OK;
  }
  const spec = ({
    'create-district': { valued: ['--name', '--region-code'], required: ['--name', '--region-code'] },
    'grant-officer': { valued: ['--district'], required: ['--district'] },
    list: { valued: [], required: [] },
  } as Record<string, { valued: string[]; required: string[] }>)[command];
  if (!spec) {
    io.err(`admin: unknown command "${command}"\n${USAGE}`);
    return EXIT.USAGE;
  }
  const args = parseArgs(rest, spec.valued, []);
  const missing = typeof args === 'string' ? args : spec.required.filter((r) => !args.values[r]).map((r) => `${r} is required`)[0];
  if (typeof args === 'string' || missing) {
    io.err(`admin ${command}: ${missing}\n${USAGE}`);
    return EXIT.USAGE;
  }
  const name = args.values['--name']?.trim();
  const regionCode = args.values['--region-code']?.trim();
  if (command === 'create-district') {
    if (!name || Array.from(name).length > 100) {
      io.err('admin create-district: --name must be 1 to 100 characters');
      return EXIT.USAGE;
    }
    if (!REGION_CODE.test(regionCode!)) {
      io.err('admin create-district: --region-code must be the 6-digit administrative region code (行政区划代码), e.g. 110108');
      return EXIT.USAGE;
    }
  }

  const config = loadCliConfig(env, io);
  if (typeof config === 'number') return config;
  const ds = await openDatabase(config, io, 'admin');
  if (typeof ds === 'number') return ds;
  const where = describeDatabase(config.database);
  try {
    const pending = await pendingNames(ds);
    if (pending.length) {
      io.err(`admin: ${where} has ${pending.length} pending migration(s) (${pending[0]}, …): run npm run migrate (or start the server) first`);
      return EXIT.FAILED;
    }
    const append: AppendAudit = (m, record) => appendAuditEntry(m, clock.now(), record);
    if (command === 'create-district') return await createDistrict(ds, io, append, clock, { name: name!, code: regionCode! });
    if (command === 'grant-officer') return await grantOfficer(ds, io, append, clock, args.values['--district']!.trim());
    return await list(ds, io, clock, where);
  } catch (e) {
    io.err(`admin ${command}: failed on ${where}: ${errorMessage(e)}`);
    return EXIT.FAILED;
  } finally {
    await ds.destroy().catch(() => undefined);
  }
}

/** Who ran the command, for the audit entries: the operating-system account. */
function operator(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

async function createDistrict(ds: DataSource, io: CliIo, append: AppendAudit, clock: Clock, d: { name: string; code: string }): Promise<number> {
  const made = await inTransaction(ds, async (m) => {
    const taken = await m.findOne(DistrictEntity, { where: { code: d.code } });
    if (taken) return { taken } as const;
    const now = clock.now();
    const district = await m.save(m.create(DistrictEntity, { name: d.name, code: d.code, createdAt: now }));
    const via = { via: 'admin-cli', operator: operator() };
    await append(m, districtAuditRecord(district.id, {
      actorUserId: null, actorRole: 'operator', action: 'district.created', targetType: 'district', targetId: district.id,
      details: { name: d.name, code: d.code, ...via },
    }));
    const issued = await issueOnboardingInvite(m, append, {
      kind: 'district_officer', districtId: district.id, schoolId: null, createdBy: null, actorRole: 'operator', now, details: via,
    });
    return { district, ...issued, taken: null } as const;
  });
  if (made.taken) {
    io.err(`admin create-district: region code ${d.code} already belongs to ${made.taken.name} (id ${made.taken.id}); for another officer run: npm run admin -- grant-officer --district ${d.code}`);
    return EXIT.FAILED;
  }
  const { district, invite, code } = made;
  io.out(`admin: created the district ${district.name} (region code ${district.code}, id ${district.id})`);
  await printInvite(io, district, invite, code);
  return EXIT.OK;
}

async function grantOfficer(ds: DataSource, io: CliIo, append: AppendAudit, clock: Clock, which: string): Promise<number> {
  const district = await ds.getRepository(DistrictEntity).findOne({ where: REGION_CODE.test(which) ? { code: which } : { id: which } });
  if (!district) {
    io.err(`admin grant-officer: no district with region code or id "${which}" (npm run admin -- list shows them)`);
    return EXIT.FAILED;
  }
  const { invite, code } = await inTransaction(ds, (m) => issueOnboardingInvite(m, append, {
    kind: 'district_officer', districtId: district.id, schoolId: null, createdBy: null, actorRole: 'operator', now: clock.now(),
    details: { via: 'admin-cli', operator: operator() },
  }));
  await printInvite(io, district, invite, code);
  return EXIT.OK;
}

async function printInvite(io: CliIo, district: DistrictEntity, invite: OnboardingInviteEntity, code: string): Promise<void> {
  const qr = await QRCode.toString(inviteQrText(code), { type: 'utf8', errorCorrectionLevel: 'M', margin: 2 });
  io.out([
    '',
    `One-time invite for a district officer of ${district.name}. It works once, until ${formatDateTime(invite.expiresAt)} (Asia/Shanghai).`,
    '',
    `  code:  ${formatInviteCode(code)}`,
    `  page:  ${INVITE_PAGE}?code=${code}`,
    '',
    'The officer opens the 安心家校 mini-program in WeChat, goes to 我的 → 输入邀请码, and types the code (or taps 扫码',
    'there and scans the QR code below), then enters their name. The page path above opens the same page with the code',
    'filled in (for a mini-program code made in the WeChat admin console, or a link in a message).',
    '',
    qr.trimEnd(),
    '',
    'Give it to the officer only, by a channel you trust: it is not stored and will not be shown again.',
  ].join('\n'));
}

async function list(ds: DataSource, io: CliIo, clock: Clock, where: string): Promise<number> {
  const districts = await ds.getRepository(DistrictEntity).find({ order: { name: 'ASC' } });
  if (!districts.length) {
    io.out(`admin: no districts in ${where}. Create one: npm run admin -- create-district --name <name> --region-code <code>`);
    return EXIT.OK;
  }
  const ids = districts.map((d) => d.id);
  const [schools, officers, openInvites] = await Promise.all([
    ds.getRepository(SchoolEntity).find({ where: { districtId: In(ids) }, order: { name: 'ASC' } }),
    ds.getRepository(StaffRoleEntity).find({ where: { districtId: In(ids), schoolId: IsNull(), role: DistrictRole.OFFICER }, order: { createdAt: 'ASC' } }),
    ds.getRepository(OnboardingInviteEntity).find({
      where: { districtId: In(ids), kind: 'district_officer', redeemedAt: IsNull(), expiresAt: MoreThan(clock.now()) }, select: { districtId: true },
    }),
  ]);
  const userIds = [...new Set(officers.map((o) => o.userId))];
  const users = userIds.length ? await ds.getRepository(UserEntity).find({ where: { id: In(userIds) }, select: { id: true, displayName: true } }) : [];
  for (const d of districts) {
    const own = schools.filter((s) => s.districtId === d.id);
    const names = officers.filter((o) => o.districtId === d.id).map((o) => users.find((u) => u.id === o.userId)?.displayName ?? '?');
    const pending = openInvites.filter((i) => i.districtId === d.id).length;
    io.out(`${d.name} (region code ${d.code}, id ${d.id})`);
    io.out(`  officers: ${names.length ? names.join('、') : 'none yet'}${pending ? ` (${pending} officer invite(s) not yet used)` : ''}`);
    io.out(`  schools: ${own.length}`);
    for (const s of own) io.out(`    ${s.name}${s.stage ? ` · ${SCHOOL_STAGE_LABELS[s.stage]}` : ''}${s.nationalCode ? ` · ${s.nationalCode}` : ''}`);
  }
  return EXIT.OK;
}

if (require.main === module) {
  run(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`admin: ${e?.stack ?? e}\n`);
      process.exit(EXIT.FAILED);
    },
  );
}
