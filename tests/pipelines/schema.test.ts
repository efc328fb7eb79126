/**
 * Every pipeline and template validates against the Azure Pipelines YAML schema (the service schema,
 * which knows the built-in tasks and their inputs), with the same language service that the VS Code
 * extension uses. Warnings count: an unknown property is a warning there and a silent no-op on the server.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  getLanguageService,
  type LanguageService,
  parse,
  TextDocument,
} from 'azure-pipelines-language-service';
import { PIPELINES, REPO } from './support';

/**
 * The service schema (microsoft/azure-pipelines-vscode, service-schema.json), kept in the repository: where it
 * comes from and how to refresh it is in pipelines/schema/README.md.
 */
const SCHEMA_FILE = join(PIPELINES, 'schema', 'azure-pipelines-schema.json');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const files = yamlFiles(PIPELINES).map((file) => relative(REPO, file));

test('the pipelines folder has the three pipelines and their templates', () => {
  expect(files.sort()).toEqual([
    'pipelines/azure-pipelines.yml',
    'pipelines/drift.yml',
    'pipelines/pull-request.yml',
    'pipelines/templates/environments.yml',
    'pipelines/templates/jobs/apply.yml',
    'pipelines/templates/jobs/build.yml',
    'pipelines/templates/jobs/drift.yml',
    'pipelines/templates/jobs/plan.yml',
    'pipelines/templates/jobs/rollout.yml',
    'pipelines/templates/stages/drift.yml',
    'pipelines/templates/stages/promote.yml',
    'pipelines/templates/steps/checks.yml',
    'pipelines/templates/steps/node.yml',
    'pipelines/templates/steps/pr-plan.yml',
    'pipelines/templates/steps/report-failure.yml',
    'pipelines/templates/steps/terraform-plan.yml',
    'pipelines/templates/steps/tools.yml',
  ]);
});

describe('Azure Pipelines schema', () => {
  let service: LanguageService;

  beforeAll(() => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    const uri = 'file:///azure-pipelines-schema.json';
    // No custom schema per document (rejecting falls back to the fileMatch below) and nothing fetched over
    // the network: every document gets the local schema.
    const none = () => Promise.reject(new Error('not used'));
    service = getLanguageService(none, [], none);
    service.configure({ validate: true, schemas: [{ uri, fileMatch: ['*'], schema }] });
  });

  /** Diagnostics as `line: message`; the language service logs to the console while resolving, so mute it. */
  async function validate(name: string, text: string): Promise<string[]> {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const doc = TextDocument.create(`file:///${name}`, 'yaml', 1, text);
      const diagnostics = await service.doValidation(doc, parse(text));
      return diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`);
    } finally {
      log.mockRestore();
    }
  }

  test.each(files)('%s validates against the Azure Pipelines schema', async (file) => {
    expect(await validate(file, readFileSync(join(REPO, file), 'utf8'))).toEqual([]);
  });

  describe('the validation catches mistakes', () => {
    const valid = readFileSync(join(PIPELINES, 'templates', 'jobs', 'apply.yml'), 'utf8');

    test('a misspelled property', async () => {
      const broken = `stages:\n  - stage: Deploy_dev\n    lockBehaviour: sequential\n    jobs:\n      - job: A\n        steps:\n          - bash: echo\n`;
      expect(await validate('misspelled.yml', broken)).toEqual(['3: Unexpected property lockBehaviour']);
    });

    test('a value outside the allowed ones', async () => {
      const broken = valid.replace('runOnce:', 'runTwice:');
      expect(broken).not.toBe(valid);
      expect((await validate('strategy.yml', broken)).join('\n')).toContain('Unexpected property runTwice');
    });

    test('a task input that AzureCLI@2 does not have', async () => {
      const broken = valid.replace('addSpnToEnvironment: true', 'addSpnToEnv: true');
      expect((await validate('input.yml', broken)).join('\n')).toContain('Unexpected property addSpnToEnv');
    });

    test('a task that is not built in', async () => {
      const broken = 'steps:\n  - task: TerraformTaskV4@4\n    inputs:\n      command: init\n';
      expect((await validate('task.yml', broken)).join('\n')).toMatch(
        /2: Value is not accepted. Valid values: .*"AzureCLI@2"/,
      );
    });

    test('a document that is not YAML', async () => {
      const diagnostics = await validate('syntax.yml', 'stages:\n  - stage: A\n   jobs: [\n');
      expect(diagnostics.length).toBeGreaterThan(0);
      expect(diagnostics.join('\n')).not.toContain('Unable to load schema');
    });
  });
});
