// Test double of scripts/fill-k8s-outputs.mjs, used only while the real script does not exist yet:
// same command line (--manifests <dir> --outputs <terraform output -json> [--out <dir>]), same rule
// (every <<tf-output:<output>.<key>>> replaced, non-zero exit if one is left).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
const outputs = JSON.parse(readFileSync(args.outputs, 'utf8'));
const out = args.out ?? args.manifests;
mkdirSync(out, { recursive: true });
let missing = 0;
for (const file of readdirSync(args.manifests).filter((name) => name.endsWith('.yaml'))) {
  const text = readFileSync(join(args.manifests, file), 'utf8').replace(
    /<<tf-output:([^>]+)>>/g,
    (whole, path) => {
      const [name, ...keys] = path.split('.');
      let value = outputs[name]?.value;
      for (const key of keys) value = value?.[key];
      if (typeof value !== 'string') {
        missing++;
        process.stderr.write(`no value for ${whole} in ${file}\n`);
        return whole;
      }
      return value;
    },
  );
  writeFileSync(join(out, file), text);
}
process.exit(missing > 0 ? 1 : 0);
