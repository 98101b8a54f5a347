import { GUARDIAN_PLEDGE_STATUS_LABELS, type GuardianPledgeStatus } from '@anxin/shared';
import { ROUTES } from '../../routes';

/** `2026-2027 学年防范校园欺凌承诺书` */
export const pledgeTitle = (schoolYear: string) => `${schoolYear} 学年防范校园欺凌承诺书`;

/** The signed copy's page. */
export const copyPath = (pledgeId: string, signatureId: string) =>
  `${ROUTES.pledgeCopy}?id=${encodeURIComponent(pledgeId)}&sid=${encodeURIComponent(signatureId)}`;

export { pledgeSignPath as signPath } from '../../state/guardian-pledges';

/** A guardian's state of a child's pledge, as the list says it, with the tone of its tag. */
export function pledgeState(status: GuardianPledgeStatus): { text: string; tone: 'todo' | 'done' | 'again' } {
  return { text: GUARDIAN_PLEDGE_STATUS_LABELS[status], tone: status === 'signed' ? 'done' : status === 'resign' ? 'again' : 'todo' };
}

/** The file name a signed copy is saved under: `2026-2027学年承诺书-王小明.pdf`. */
export const copyFileName = (schoolYear: string, studentName: string, ext: 'pdf' | 'png') => `${schoolYear}学年承诺书-${studentName}.${ext}`;
