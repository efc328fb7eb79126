import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYNTH_NODE_ARGS } from '../../review/sources';

test('the review synthesizes with exactly what npm run synth runs', () => {
  const { scripts } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(scripts.synth).toBe(['node', ...SYNTH_NODE_ARGS].join(' '));
});
