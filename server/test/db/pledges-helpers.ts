import { randomUUID } from 'node:crypto';
import { CHILD_DATA_CONSENT_VERSION, type OpenPledgeRequest, type SignPledgeRequest } from '@anxin/shared';
import { DEFAULT_PLEDGE_TEMPLATE } from '../../src/features/pledges/pledge-default-text';
import { PledgeSends } from '../../src/features/pledges/pledge-sends.service';
import type { TestApp } from '../support/test-app';
import { strokePng } from '../support/stroke-png';
import { signaturePng } from './notices-helpers';

/** An opening request with the default text (to the whole school unless `over` says otherwise). */
export function openRequest(over: Partial<OpenPledgeRequest> = {}): OpenPledgeRequest {
  return { schoolYear: '2031-2032', text: DEFAULT_PLEDGE_TEMPLATE.text, deadline: '2031-03-20', ...over };
}

/** A child's signature: a different stroke from the guardian's. */
export function childPng(): Promise<Buffer> {
  return strokePng('M8 60 L 60 12 L 110 64 L 190 20', { width: 200, height: 80, colour: '#a33' });
}

/** A signature request as the app sends it: both signatures, the consent, a fresh client key (unless `over` sets them). */
export async function signBody(studentId: string, versionNumber: number, over: Partial<SignPledgeRequest> = {}): Promise<SignPledgeRequest> {
  return {
    studentId, versionNumber, guardianSignature: (await signaturePng()).toString('base64'), studentSignature: (await childPng()).toString('base64'),
    clientKey: randomUUID().replace(/-/g, ''), childConsentVersion: CHILD_DATA_CONSENT_VERSION, ...over,
  };
}

/** The worker's message rounds until nothing is left. */
export async function runSends(t: TestApp): Promise<void> {
  const sends = t.get(PledgeSends);
  while ((await sends.run()) > 0) { /* batches until none is left */ }
}
