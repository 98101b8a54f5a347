import { generateSigningKey } from '../platform/audit/audit-keys';
import { CliIo, EXIT, parseArgs, processIo } from './cli-support';

const USAGE = `usage: npm run audit:keygen

Prints a new Ed25519 key pair for signing the daily audit checkpoints:
  ANXIN_AUDIT_SIGNING_KEY  the private key (base64 of the 32-byte seed): give it to the workers only
  ANXIN_AUDIT_PUBLIC_KEY   the public key (base64 of the raw 32 bytes, and as PEM): give it to whoever verifies
Nothing is written anywhere; store the private key as a secret.`;

/** `npm run audit:keygen`: a fresh audit signing key in the forms ANXIN_AUDIT_SIGNING_KEY and the verifiers take. */
export async function run(argv: string[], io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv, [], ['--help']);
  if (typeof args === 'string') {
    io.err(`audit:keygen: ${args}\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (args.flags.has('--help')) {
    io.out(USAGE);
    return EXIT.OK;
  }
  const key = generateSigningKey();
  io.out(`ANXIN_AUDIT_SIGNING_KEY=${key.privateKey}`);
  io.out(`ANXIN_AUDIT_PUBLIC_KEY=${key.publicKey}`);
  io.out(`# key id ${key.keyId}; the public key as PEM:`);
  io.out(key.publicKeyPem.trimEnd());
  return EXIT.OK;
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => process.exit(code));
}
