import { parseArgs, UsageError } from '../../app/cli';

test('environments from repeated, comma-separated and inline --env', () => {
  expect(parseArgs(['--env', 'dev,test', '--env=prod']).envs).toEqual(['dev', 'test', 'prod']);
  expect(parseArgs([]).envs).toEqual([]);
});

test('--outputs and --bootstrap', () => {
  expect(parseArgs(['--outputs', 'out.json', '--bootstrap'])).toMatchObject({
    outputs: 'out.json',
    bootstrap: true,
  });
  expect(parseArgs([]).bootstrap).toBe(process.env.LAKEHOUSE_BOOTSTRAP === '1');
});

test('a flag without its value, and an unknown option, say how to fix them', () => {
  expect(() => parseArgs(['--env'])).toThrow(new UsageError('--env needs a value. Fix: --env <value>'));
  expect(() => parseArgs(['--outputs', '--env', 'dev'])).toThrow(
    '--outputs needs a value. Fix: --outputs <value>',
  );
  expect(() => parseArgs(['--envs', 'dev'])).toThrow(
    'unknown option "--envs". Fix: use --env <name>[,<name>], --outputs <file> or --bootstrap',
  );
});
