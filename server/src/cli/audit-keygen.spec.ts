import { keyIdOf, parsePrivateKey, parsePublicKey, publicKeyOf } from '../platform/audit/audit-keys';
import { run } from './audit-keygen';

describe('npm run audit:keygen', () => {
  it('prints a signing key the configuration accepts and the public key that verifies it', async () => {
    const out: string[] = [];
    expect(await run([], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    const text = out.join('\n');
    const priv = parsePrivateKey(/^ANXIN_AUDIT_SIGNING_KEY=(\S+)$/m.exec(text)![1]);
    const pub = parsePublicKey(/^ANXIN_AUDIT_PUBLIC_KEY=(\S+)$/m.exec(text)![1]);
    expect(keyIdOf(pub)).toBe(keyIdOf(publicKeyOf(priv)));
    expect(text).toContain(`key id ${keyIdOf(pub)}`);
    expect(keyIdOf(parsePublicKey(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(text)![0]))).toBe(keyIdOf(pub));
  });

  it('refuses unknown arguments with exit 2', async () => {
    const err: string[] = [];
    expect(await run(['--force'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toContain('unknown argument "--force"');
  });
});
