import { environmentDifferences, renderEnvironmentDifferences, settings } from '../../review/env-diff';
import { environment } from '../helpers/synth';

describe('environment difference report (--envs)', () => {
  const dev = environment('dev');
  const prod = environment('prod');
  const rows = () => new Map(environmentDifferences([dev, prod]).map((d) => [d.setting, d.values] as const));

  test('every setting that differs, side by side; equal ones left out', () => {
    const differences = rows();
    expect(differences.get('protection.preventDestroy')).toEqual(['false', 'true']);
    expect(differences.get('network.privateEndpoints')).toEqual(['false', 'true']);
    expect(differences.get('lake.replication')).toEqual(['LRS', 'GZRS']);
    expect(differences.get('eventHubs.sku')).toEqual(['Standard', 'Premium']);
    // Named list items are matched by name, not position.
    expect(differences.get('eventHubs.domains[orders].partitions')).toEqual(['2', '8']);
    // Set in one environment only: the other uses the default.
    expect(differences.get('monitoring.dailyQuotaGb')).toEqual(['5', undefined]);
    expect(differences.has('project')).toBe(false);
    expect(differences.has('name')).toBe(false);
  });

  test('every row really differs, and the report lists each one', () => {
    const differences = environmentDifferences([dev, prod]);
    for (const d of differences) expect(new Set(d.values).size).toBeGreaterThan(1);
    const text = renderEnvironmentDifferences([dev, prod]);
    expect(text.startsWith('# Environment differences: dev vs prod\n')).toBe(true);
    expect(text).toContain('| <code>lake.replication</code> | <code>LRS</code> | <code>GZRS</code> |');
    expect(text).toContain('| <code>monitoring.dailyQuotaGb</code> | <code>5</code> | — |');
    expect(text.split('\n').filter((l) => l.startsWith('| <code>')).length).toBe(differences.length);
  });

  test('identical environments: no setting differs', () => {
    expect(renderEnvironmentDifferences([dev, { ...dev, name: 'dev2' }])).toBe(
      '# Environment differences: dev vs dev2\n\nNo setting differs.\n',
    );
    expect(settings({ a: [1, 2], b: { c: 'x' } })).toEqual(
      new Map([
        ['a', '[1,2]'],
        ['b.c', 'x'],
      ]),
    );
  });
});
