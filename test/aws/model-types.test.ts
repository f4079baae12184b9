// The handlers' types are generated from the models (scripts/import-models.ts); this fails when a model or
// one of Quiver's extensions changed and `npm run models:import` was not run, so the types the handlers are
// checked against would describe an API the engine no longer serves.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
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
