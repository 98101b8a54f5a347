import { parseTc3Authorization, tc3Authorization, tc3CanonicalRequest, tc3Signature } from './tc3-signer';
import { createHash } from 'node:crypto';

/** Tencent Cloud's published example (API 3.0 "Signature v3", CVM DescribeInstances, 2019-02-25). */
const EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
};

describe('TC3-HMAC-SHA256 signer', () => {
  it('reproduces the published example: payload hash, canonical request hash and signature', () => {
    const canonical = tc3CanonicalRequest(EXAMPLE);
    expect(canonical.split('\n').pop()).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(createHash('sha256').update(canonical).digest('hex')).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(tc3Signature(EXAMPLE)).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  it('builds the Authorization header Tencent expects, and it parses back', () => {
    const header = tc3Authorization(EXAMPLE);
    expect(header).toBe('TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, '
      + 'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(parseTc3Authorization(header)).toEqual({
      secretId: EXAMPLE.secretId, date: '2019-02-25', service: 'cvm', signedHeaders: 'content-type;host',
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
  });

  it('a wrong key, another body or another day gives another signature', () => {
    const good = tc3Signature(EXAMPLE);
    expect(tc3Signature({ ...EXAMPLE, secretKey: 'wrong' })).not.toBe(good);
    expect(tc3Signature({ ...EXAMPLE, payload: `${EXAMPLE.payload} ` })).not.toBe(good);
    expect(tc3Signature({ ...EXAMPLE, timestamp: EXAMPLE.timestamp + 86_400 })).not.toBe(good);
  });
});
