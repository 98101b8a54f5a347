import { formatInviteCode, inviteQrText, parseInviteText } from '@anxin/shared';
import { hashInviteCode } from '../tenancy/staff.service';
import { hashOnboardingCode } from './onboarding-invites';

describe('invite codes as people type, scan and read them', () => {
  it('reads a code from a QR text, a page path, a share link or a typed code with dashes, spaces and lower case', () => {
    expect(parseInviteText(inviteQrText('ABCD2345EFGH'))).toBe('ABCD2345EFGH');
    expect(parseInviteText('subpackages/onboarding/invite/index?code=ABCD2345EFGH')).toBe('ABCD2345EFGH');
    expect(parseInviteText('/subpackages/onboarding/invite/index?share=x&code=abcd-2345-efgh&from=card')).toBe('ABCD2345EFGH');
    expect(parseInviteText(' abcd 2345 efgh ')).toBe('ABCD2345EFGH');
    expect(parseInviteText('ABCD-2345-EFGH')).toBe('ABCD2345EFGH');
  });

  it('gives null for anything that is not a code (scanned text is anyone\'s)', () => {
    for (const junk of ['', '   ', 'https://example.com/?x=1', 'AB', '这不是邀请码', 'anxin://invite?code=<script>', 'A'.repeat(31), null, undefined]) {
      expect(parseInviteText(junk)).toBeNull();
    }
  });

  it('groups a code in fours for reading aloud', () => {
    expect(formatInviteCode('ABCD2345EFGH')).toBe('ABCD-2345-EFGH');
    expect(formatInviteCode('ABCDE')).toBe('ABCD-E');
  });

  it('hashes onboarding codes apart from staff invite codes, and ignores how the code was typed', () => {
    expect(hashOnboardingCode('ABCD2345EFGH')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOnboardingCode('abcd-2345-efgh')).toBe(hashOnboardingCode('ABCD2345EFGH'));
    expect(hashOnboardingCode('ABCD2345EFGH')).not.toBe(hashInviteCode('ABCD2345EFGH'));
  });
});
