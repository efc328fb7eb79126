import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACTS_DIR, readContractFiles, readContracts } from '../../../config/contracts/load';
import { lockContracts } from '../../../config/contracts/lock-cli';

describe('npm run contracts:lock', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'lakehouse-lock-')), 'contracts');
  cpSync(CONTRACTS_DIR, dir, { recursive: true });
  const lockFile = join(dir, 'versions.lock.json');

  test('publishes a new version and nothing else; the repository lock is complete', () => {
    expect(lockContracts(dir)).toEqual([]);
    const v2 = JSON.parse(readFileSync(join(dir, 'orders', 'v2.avsc'), 'utf8'));
    v2.fields.push({ name: 'coupon', type: ['null', 'string'], default: null });
    writeFileSync(join(dir, 'orders', 'v3.avsc'), JSON.stringify(v2, null, 2));
    const before = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(lockContracts(dir)).toEqual(['orders/v3.avsc']);
    const after = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(after).toEqual({ ...before, 'orders/v3.avsc': expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(readContracts(readContractFiles(dir)).problems).toEqual([]);
  });

  test('never rewrites a published entry: an edited version stays an error', () => {
    const v1 = join(dir, 'orders', 'v1.avsc');
    writeFileSync(v1, readFileSync(v1, 'utf8').replace('"orderId"', '"order_id"'));
    expect(lockContracts(dir)).toEqual([]);
    expect(readContracts(readContractFiles(dir)).problems.map((p) => p.message)).toEqual([
      expect.stringContaining('published version edited in place'),
    ]);
  });
});
