/**
 * Configuration flows one way: environments/ → config/ and naming/ → stacks/, charts/, policies/, review/, app/.
 * The lower layers must not reach up (a shared helper belongs in the lowest layer that needs it: the region
 * table in naming/, image references in config/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = join(__dirname, '..');

/** What each lower layer may import from the project (besides itself and packages). */
const ALLOWED: Record<string, readonly string[]> = {
  environments: [],
  naming: ['environments'],
  config: ['environments', 'naming'],
};

/** The top-level folders the relative imports of a layer's files reach, as `file → folder`. */
function importsOf(layer: string): string[] {
  const files = readdirSync(join(ROOT, layer), { recursive: true, encoding: 'utf8' }).filter((f) =>
    /\.(ts|js|mjs|cjs)$/.test(f),
  );
  return files.flatMap((file) => {
    const path = join(ROOT, layer, file);
    const source = readFileSync(path, 'utf8');
    return [...source.matchAll(/(?:from|import|require\()\s*['"](\.\.?\/[^'"]+)['"]/g)].map(
      (m) => `${layer}/${file} → ${relative(ROOT, resolve(dirname(path), m[1])).split(sep)[0]}`,
    );
  });
}

test.each(Object.keys(ALLOWED))('%s/ imports only from the layers below it', (layer) => {
  const imports = importsOf(layer);
  expect(imports.length).toBeGreaterThan(0);
  const upward = imports.filter((edge) => {
    const target = edge.split(' → ')[1];
    return target !== layer && !ALLOWED[layer].includes(target);
  });
  expect(upward).toEqual([]);
});
