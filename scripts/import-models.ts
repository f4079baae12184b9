// Vendors the AWS service models Quiver serves from ../shared/aws-models into src/aws/models.
// The models are botocore's service-2.json files (Apache-2.0); we keep them byte-for-byte, record the
// botocore version they came from, and keep the NOTICE beside them. Beside each model it writes types.ts, the
// handlers' input and output types generated from the model as the engine loads it (with Quiver's own
// extensions merged in), so a handler that returns a member the model does not have fails to compile.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedModelTypes, VENDORED_SERVICES } from './model-types.js';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.argv[2] ?? join(here, '..', '..', 'shared', 'aws-models'));
const target = join(here, '..', 'src', 'aws', 'models');
const services = VENDORED_SERVICES;

for (const service of services) {
  mkdirSync(join(target, service), { recursive: true });
  for (const file of ['service-2.json', 'paginators-1.json']) {
    copyFileSync(join(source, service, file), join(target, service, file));
  }
}
const version = readFileSync(join(source, 'BOTOCORE_VERSION'), 'utf8').trim();
writeFileSync(join(target, 'BOTOCORE_VERSION'), `${version}\n`);
for (const service of services) writeFileSync(join(target, service, 'types.ts'), generatedModelTypes(service));
console.log(`imported ${services.join(', ')} from botocore ${version}, and wrote their types.ts`);
