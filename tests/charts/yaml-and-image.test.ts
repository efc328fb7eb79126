import { parseAllDocuments } from 'yaml';
import { renderManifests } from '../../charts/manifests';
import { toYaml, toYamlDocuments } from '../../charts/yaml';
import { parseImageReference, resolveImage, unpinnedReason } from '../../config/image';
import { ENVIRONMENT_NAMES, environment, objectsOf } from './synth';

/** Parses YAML with the `yaml` package, as YAML 1.2 and as YAML 1.1 (kubectl's parser is 1.1). */
function parseBoth(text: string): { v12: unknown[]; v11: unknown[] } {
  const parse = (version: '1.1' | '1.2') =>
    parseAllDocuments(text, { version }).map((document) => {
      if (document.errors.length > 0) throw new Error(document.errors.map((e) => e.message).join('; '));
      return document.toJS();
    });
  return { v12: parse('1.2'), v11: parse('1.1') };
}

describe('the YAML writer', () => {
  test.each(ENVIRONMENT_NAMES)('%s manifests read back as the objects they were written from', (name) => {
    const charts = renderManifests([environment(name)]);
    const objects = [...charts.values()].flatMap((text) => parseBoth(text).v11);
    expect(objects).toEqual(objectsOf(name));
  });

  const TRICKY = [
    'true',
    'No',
    'on',
    'Y',
    'null',
    '~',
    '',
    ' lead',
    'trail ',
    '1.4.2',
    '010',
    '0x1F',
    '1e3',
    '.5',
    '+1',
    '-1',
    '.inf',
    '2024-01-01',
    '12:30',
    'a: b',
    'a #b',
    '- x',
    '#c',
    '<<tf-output:x.y>>',
    '@a',
    '*a',
    '&a',
    '!t',
    '%x',
    '`x',
    "it's",
    'say "hi"',
    '{a}',
    '[a]',
    '? x',
    '| x',
    '> x',
    'line\nbreak',
    'tab\there',
    'ünïcode',
    '/tmp',
    'app.kubernetes.io/name',
    'v1.28',
    'None',
  ];

  test('strings that look like something else stay strings, in YAML 1.1 and 1.2', () => {
    const value = { strings: TRICKY, keys: Object.fromEntries(TRICKY.map((s, i) => [s, i])) };
    const { v12, v11 } = parseBoth(toYaml(value));
    expect(v12).toEqual([value]);
    expect(v11).toEqual([value]);
  });

  test('nesting: lists of maps, lists of lists, empty containers, numbers and booleans', () => {
    const value = {
      a: [{ b: 1, c: [{ d: true }, []] }, [['x'], {}], null, false],
      e: {},
      f: [],
      g: -1.5,
      h: { i: undefined, j: 'k' },
    };
    expect(toYaml(value)).toBe(
      [
        'a:',
        '  - b: 1',
        '    c:',
        '      - d: true',
        '      - []',
        '  -',
        '    -',
        '      - x',
        '    - {}',
        '  - null',
        '  - false',
        'e: {}',
        'f: []',
        'g: -1.5',
        'h:',
        '  j: k',
        '',
      ].join('\n'),
    );
    expect(parseBoth(toYaml(value)).v12).toEqual([JSON.parse(JSON.stringify(value))]);
  });

  test('documents are separated by ---', () => {
    expect(toYamlDocuments([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });
});

describe('image references', () => {
  test.each([
    [
      'lakehouseacr.azurecr.io/contract-validator:1.4.2',
      { registry: 'lakehouseacr.azurecr.io', repository: 'contract-validator', tag: '1.4.2' },
    ],
    ['localhost:5000/team/app:v2', { registry: 'localhost:5000', repository: 'team/app', tag: 'v2' }],
    ['team/app:1', { repository: 'team/app', tag: '1' }],
    [`app@sha256:${'a'.repeat(64)}`, { repository: 'app', digest: `sha256:${'a'.repeat(64)}` }],
  ])('%s', (text, expected) => {
    expect(parseImageReference(text)).toEqual({
      registry: undefined,
      tag: undefined,
      digest: undefined,
      ...expected,
    });
  });

  test.each(['UPPER/app:1', 'app:', 'app:bad tag', 'https://acr.io/app:1', 'app@sha256:short'])(
    '%s is not a reference',
    (text) => {
      expect(parseImageReference(text)).toBeUndefined();
    },
  );

  test('pinned means a tag other than latest, or a digest', () => {
    const reason = (text: string) =>
      unpinnedReason(parseImageReference(text) ?? { repository: 'not-parsed' });
    expect(reason('acr.io/app:1.0.0')).toBeUndefined();
    expect(reason(`acr.io/app@sha256:${'b'.repeat(64)}`)).toBeUndefined();
    expect(reason('acr.io/app:latest')).toBe('":latest" moves with every push, so it pins nothing');
    expect(reason('acr.io/app')).toBe('it has no tag or digest, so Kubernetes pulls ":latest"');
  });

  test('an image without a registry comes from the environment registry', () => {
    expect(resolveImage('app:1', 'acrx.azurecr.io')).toBe('acrx.azurecr.io/app:1');
    expect(resolveImage('other.azurecr.io/app:1', 'acrx.azurecr.io')).toBe('other.azurecr.io/app:1');
  });
});
