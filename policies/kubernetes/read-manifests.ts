import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { ManifestObject } from '../rule';
import type { ManifestFile } from './evaluate-manifests';

/** Reads every `*.yaml`/`*.yml` file of a folder (multi-document files included), sorted by name. */
export function readManifestDir(dir: string, shownAs: string = dir): ManifestFile[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({
      file: join(shownAs, f),
      objects: parseAllDocuments(readFileSync(join(dir, f), 'utf8'))
        .map((doc) => doc.toJSON() as ManifestObject | null)
        .filter((o): o is ManifestObject => o !== null && typeof o === 'object'),
    }));
}
