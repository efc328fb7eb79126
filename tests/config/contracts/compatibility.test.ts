import { describeIncompatibility, incompatibilities } from '../../../config/contracts/compatibility';
import { COMPATIBILITIES, type Compatibility } from '../../../config/contracts/model';

/** A base record and its evolutions, checked with avsc's schema resolution under each mode. */
const record = (fields: unknown[]) => ({
  type: 'record',
  name: 'OrderEvent',
  namespace: 'com.contoso',
  fields,
});
const BASE = record([
  { name: 'orderId', type: 'string' },
  { name: 'amount', type: 'int' },
  { name: 'note', type: ['null', 'string'], default: null },
]);
const CHANGES: Record<string, unknown> = {
  'add optional field': record([
    ...BASE.fields,
    { name: 'channel', type: ['null', 'string'], default: null },
  ]),
  'add required field without default': record([...BASE.fields, { name: 'channel', type: 'string' }]),
  'remove required field': record([BASE.fields[0], BASE.fields[2]]),
  'remove optional field': record([BASE.fields[0], BASE.fields[1]]),
  'change type (int to string)': record([BASE.fields[0], { name: 'amount', type: 'string' }, BASE.fields[2]]),
  'widen type (int to long)': record([BASE.fields[0], { name: 'amount', type: 'long' }, BASE.fields[2]]),
  'rename with alias': record([
    BASE.fields[0],
    { name: 'total', type: 'int', aliases: ['amount'] },
    BASE.fields[2],
  ]),
};

function verdict(change: string, mode: Compatibility): string {
  const found = incompatibilities(
    [
      { version: 1, schema: BASE },
      { version: 2, schema: CHANGES[change] },
    ],
    mode,
  );
  return found.length === 0 ? 'ok' : found.map((f) => f.direction).join('+');
}

describe('compatibility matrix (Event Hubs schema registry modes, checked offline with avsc)', () => {
  // backward: the new schema must read old data; forward: old schemas must read new data; Full: both.
  const expected: Record<string, Record<Compatibility, string>> = {
    'add optional field': { None: 'ok', Backward: 'ok', Forward: 'ok', Full: 'ok' },
    'add required field without default': {
      None: 'ok',
      Backward: 'backward',
      Forward: 'ok',
      Full: 'backward',
    },
    'remove required field': { None: 'ok', Backward: 'ok', Forward: 'forward', Full: 'forward' },
    'remove optional field': { None: 'ok', Backward: 'ok', Forward: 'ok', Full: 'ok' },
    'change type (int to string)': {
      None: 'ok',
      Backward: 'backward',
      Forward: 'forward',
      Full: 'backward+forward',
    },
    'widen type (int to long)': { None: 'ok', Backward: 'ok', Forward: 'forward', Full: 'forward' },
    'rename with alias': { None: 'ok', Backward: 'ok', Forward: 'forward', Full: 'forward' },
  };
  for (const change of Object.keys(CHANGES)) {
    test.each(COMPATIBILITIES)(`${change} under %s`, (mode) => {
      expect(verdict(change, mode)).toBe(expected[change][mode]);
    });
  }

  test('every older version is checked, not only the previous one', () => {
    const v2 = CHANGES['remove optional field'];
    const v3 = record([BASE.fields[0], BASE.fields[1], { name: 'note', type: 'string' }]); // note back, required
    const found = incompatibilities(
      [
        { version: 1, schema: BASE },
        { version: 2, schema: v2 },
        { version: 3, schema: v3 },
      ],
      'Backward',
    );
    expect(found.map(describeIncompatibility)).toEqual([
      expect.stringMatching(/^v3 cannot read data written with v1 \(/),
      expect.stringMatching(/^v3 cannot read data written with v2 \(/),
    ]);
    // A review checks only the added versions (from an index): v3 against v1 and v2, v2 not again.
    const all = [
      { version: 1, schema: BASE },
      { version: 2, schema: v2 },
      { version: 3, schema: v3 },
    ];
    expect(incompatibilities(all, 'Forward', 2)).toEqual([]);
    expect(incompatibilities(all, 'Backward', 2)).toHaveLength(2);
  });
});
