import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'generate-odcs-validator.mjs');

test('the generated ODCS validator is what ajv makes of the vendored schema today', () => {
  const result = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
});
