import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashReceipt, newReceipt, RECEIPT_PATTERN, verifyReceipt } from './receipt';

describe('receipts', () => {
  it('are 16 digits and unique over 10^5 draws', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const r = newReceipt();
      expect(RECEIPT_PATTERN.test(r)).toBe(true);
      seen.add(r);
    }
    expect(seen.size).toBe(100_000);
  });

  it('come from the CSPRNG, never Math.random', () => {
    const src = readFileSync(join(__dirname, 'receipt.ts'), 'utf8');
    expect(src).toContain('randomInt');
    expect(src).not.toContain('Math.random');
  });

  it('are stored as a salted scrypt hash that verifies only the right receipt', async () => {
    const r = newReceipt();
    const [h1, h2] = [await hashReceipt(r), await hashReceipt(r)];
    expect(h1).toMatch(/^scrypt\$8192\$8\$1\$/);
    expect(h1).not.toBe(h2); // salted
    expect(h1).not.toContain(r);
    expect(await verifyReceipt(r, h1)).toBe(true);
    const other = r.slice(0, 15) + String((Number(r[15]) + 1) % 10);
    expect(await verifyReceipt(other, h1)).toBe(false);
    expect(await verifyReceipt(r, 'garbage')).toBe(false);
  });
});
