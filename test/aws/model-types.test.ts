// The handlers' types are generated from the models (scripts/import-models.ts); this fails when a model or
// one of Quiver's extensions changed and `npm run models:import` was not run, so the types the handlers are
// checked against would describe an API the engine no longer serves. It also fails when a handler does not
// declare its output type: without it TypeScript lets a misspelt output member through (docs/CONTRIBUTING.md).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { generatedModelTypes, VENDORED_SERVICES } from '../../scripts/model-types.js';

describe('generated model types', () => {
  for (const service of VENDORED_SERVICES) {
    it(`src/aws/models/${service}/types.ts is what the model (and its extension) generates`, () => {
      const committed = readFileSync(new URL(`../../src/aws/models/${service}/types.ts`, import.meta.url), 'utf8');
      assert.ok(
        committed === generatedModelTypes(service),
        `src/aws/models/${service}/types.ts is stale: run \`npm run models:import -- <path to botocore data>\``,
      );
    });
  }
});

describe('service handlers', () => {
  const servicesDir = new URL('../../src/aws/services/', import.meta.url);
  const files = readdirSync(servicesDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  it('each declares its output type, so a misspelt output member is a compile error', () => {
    const undeclared: string[] = [];
    let handlers = 0;
    for (const file of files) {
      const source = readFileSync(new URL(file, servicesDir), 'utf8');
      for (const match of source.matchAll(/^ {4}async (\w+)\(input(?:, context)?\)(: Promise<\w+>)? \{/gm)) {
        handlers++;
        if (!match[2]) undeclared.push(`${file}: ${match[1]}`);
      }
    }
    assert.ok(handlers > 50, `found only ${handlers} handlers: has their shape changed?`);
    assert.deepEqual(undeclared, []);
  });
});
