import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** The package root loads all 1,500 resource classes (about 1 s and 400 MB); deep paths load one. */
test('no TypeScript file imports @cdktf/provider-azurerm or @cdktf/provider-databricks by its root', () => {
  const files = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mjs', '*.cjs', '*.js'],
    { cwd: ROOT, encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  expect(files.length).toBeGreaterThan(10);
  const offenders = files.filter((file) =>
    /(from\s+|require\()\s*['"]@cdktf\/provider-(azurerm|databricks)(\/lib)?['"]/.test(
      readFileSync(join(ROOT, file), 'utf8'),
    ),
  );
  expect(offenders).toEqual([]);
});
