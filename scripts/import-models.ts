// Vendors the AWS service models Quiver serves from ../shared/aws-models into src/aws/models.
// The models are botocore's service-2.json files (Apache-2.0); we keep them byte-for-byte, record the
// botocore version they came from, and keep the NOTICE beside them. Beside each model it writes types.ts, the
// handlers' input and output types generated from the model as the engine loads it (with Quiver's own
// extensions merged in), so a handler that returns a member the model does not have fails to compile.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServiceModel } from '../src/aws/model.js';
import { emitModelTypes } from './model-types.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '..', '..', 'shared', 'aws-models'));
const target = join(here, '..', 'src', 'aws', 'models');
const services = ['codeartifact', 'iot', 'panorama', 'imagebuilder'];

for (const service of services) {
  mkdirSync(join(target, service), { recursive: true });
  for (const file of ['service-2.json', 'paginators-1.json']) {
    copyFileSync(join(source, service, file), join(target, service, file));
  }
}
const version = readFileSync(join(source, 'BOTOCORE_VERSION'), 'utf8').trim();
writeFileSync(join(target, 'BOTOCORE_VERSION'), `${version}\n`);
const generated = services.map((service) => {
  const file = join(target, service, 'types.ts');
  const extended = existsSync(join(here, '..', 'src', 'aws', 'extensions', `${service}.json`));
  writeFileSync(file, emitModelTypes(loadServiceModel(service), service, extended));
  return file;
});
// Formatted by the project's formatter, so the generated files pass `npm run lint` like hand-written ones.
const biome = spawnSync(join(here, '..', 'node_modules', '.bin', 'biome'), ['format', '--write', ...generated], {
  stdio: 'inherit',
});
if (biome.status !== 0) throw new Error('biome could not format the generated types');
console.log(`imported ${services.join(', ')} from botocore ${version}; wrote ${generated.length} types.ts`);
