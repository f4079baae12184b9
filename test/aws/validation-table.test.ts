// A table generated from the model: for every input member of every implemented operation, one value
// breaking each of its constraints gets 400 ValidationException naming the member's wire name and the
// constraint. Nothing here is written per operation: a new handler is covered the moment it exists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validationErrorFor } from '../../src/aws/engine.js';
import type { AwsServiceBinding } from '../../src/aws/service.js';
import { codeArtifactService } from '../../src/aws/services/codeartifact/index.js';
import { panoramaService } from '../../src/aws/services/panorama/index.js';
import { iotService } from '../../src/aws/services/iot/index.js';
import { imageBuilderService } from '../../src/aws/services/imagebuilder/index.js';
import { signedFetch } from '../helpers/clients.js';
import { applyBreaking, breakings, validValue } from '../helpers/model-values.js';
import { startQuiver, type RunningQuiver } from '../helpers/quiver.js';
import { wireRequest } from '../helpers/wire-request.js';

let server: RunningQuiver;
before(async () => {
  server = await startQuiver();
});
after(async () => {
  await server.stop();
});

// The bindings under test; their handlers are never reached (validation answers first), so the domain
// services they were built with do not matter.
const services: { name: string; binding: AwsServiceBinding; validationError: string }[] = [
  { name: 'codeartifact', binding: codeArtifactService(null as never), validationError: 'ValidationException' },
  { name: 'panorama', binding: panoramaService(null as never, null as never), validationError: 'ValidationException' },
  { name: 'iot', binding: iotService(null as never, null as never), validationError: 'ValidationException' },
  {
    name: 'imagebuilder',
    binding: imageBuilderService(null as never),
    validationError: 'InvalidParameterValueException',
  },
];

for (const { name: service, binding, validationError } of services) {
  describe(`${service}: every constraint of every implemented operation`, () => {
    const model = binding.model;
    for (const operationName of Object.keys(binding.handlers).sort()) {
      const operation = model.operation(operationName);
      if (!operation.input) continue;
      const inputRef = { shape: operation.input.shape };
      const inputShape = model.shape(operation.input.shape);
      const base = validValue(model, inputRef) as Record<string, unknown>;
      const cases = Object.entries(inputShape.members ?? {}).flatMap(([member, ref]) =>
        breakings(
          model,
          member,
          ref,
          inputShape.required?.includes(member) ?? false,
          [member],
          ref.locationName ?? member,
        ),
      );

      it(`${operationName}: bad input is an input error its model lists (else the service's own)`, () => {
        const expected = validationErrorFor(binding, operation);
        const inputErrors = (operation.errors ?? [])
          .map((e) => e.shape)
          .filter((name) => /Validation|Invalid/.test(name));
        if (binding.errorNames.validationEverywhere || inputErrors.length === 0)
          assert.equal(expected, validationError);
        else assert.ok(inputErrors.includes(expected), `${expected} is not among ${inputErrors.join(', ')}`);
      });

      it(`${operationName}: ${cases.length} broken constraints, each a 400 naming the member`, async () => {
        assert.ok(cases.length > 0 || Object.keys(inputShape.members ?? {}).length === 0);
        for (const breaking of cases) {
          const input = applyBreaking(model, inputRef, base, breaking);
          const response = await signedFetch(server.endpoint, server.credentials, {
            ...wireRequest(model, operation, input),
            service,
          });
          const label = `${operationName} ${breaking.wirePath} (${breaking.constraint}) = ${JSON.stringify(breaking.value)?.slice(0, 60)}`;
          assert.equal(response.status, 400, `${label}: ${response.text}`);
          // The operation's own modelled input error (IoT's tag operations: InvalidRequestException), by the
          // engine's own rule; that it is one the operation's model lists is checked below.
          assert.equal(response.headers.get('x-amzn-errortype'), validationErrorFor(binding, operation), label);
          // The message member is spelled as the service's error shape spells it (Panorama: Message).
          assert.match(response.json.message ?? response.json.Message, breaking.expectedMessage, label);
        }
      });
    }
  });
}
