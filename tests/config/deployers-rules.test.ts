import { problemsAfter } from '../helpers/config';

test('the real environments name valid, distinct deployers', () => {
  for (const name of ['dev', 'test', 'prod']) expect(problemsAfter(name, () => {})).toEqual([]);
});

test('deployers are optional (an administrator then grants the roles by hand)', () => {
  expect(
    problemsAfter('dev', (c) => {
      delete c.deployers;
    }),
  ).toEqual([]);
});

test('a client id or a name instead of an object id: one line with file, field, value and fix', () => {
  expect(
    problemsAfter('prod', (c) => {
      c.deployers = { apply: { principalId: 'lakehouse-prod' } };
    }),
  ).toEqual([
    expect.stringMatching(
      /^environments\/prod\.ts: deployers\.apply\.principalId = "lakehouse-prod": .* Fix: use the object id \(GUID\)/,
    ),
  ]);
});

test('apply is required; unknown fields are reported', () => {
  const lines = problemsAfter('dev', (c) => {
    c.deployers = { plan: { principalId: '00000000-0000-4000-8000-000000000001' }, deploy: {} } as never;
  });
  expect(lines).toEqual(
    expect.arrayContaining([
      expect.stringContaining('deployers.apply = (missing)'),
      expect.stringContaining('deployers.deploy'),
    ]),
  );
});

test('the plan identity must not be the apply identity', () => {
  const id = '00000000-0000-4000-8000-000000000001';
  expect(
    problemsAfter('dev', (c) => {
      c.deployers = { apply: { principalId: id }, plan: { principalId: id.toUpperCase() } };
    }),
  ).toEqual([
    expect.stringContaining(
      'deployers.plan.principalId = "00000000-0000-4000-8000-000000000001": the plan identity is the apply identity',
    ),
  ]);
});
