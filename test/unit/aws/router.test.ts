// The router on its own: (method, raw path, query) → operation and decoded labels, from models written here
// and from the four vendored ones. No server: these are the rules a request meets before anything else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadServiceModel, type Operation, ServiceModel } from '../../../src/aws/model.js';
import { parseQuery } from '../../../src/aws/codec.js';
import { Router } from '../../../src/aws/router.js';

function modelOf(operations: Record<string, [method: string, requestUri: string]>): ServiceModel {
  return new ServiceModel(
    {
      metadata: { signingName: 'test', serviceId: 'Test', apiVersion: '2026-01-01', endpointPrefix: 'test' },
      operations: Object.fromEntries(
        Object.entries(operations).map(([name, [method, requestUri]]) => [
          name,
          { name, http: { method, requestUri } } as Operation,
        ]),
      ),
      shapes: {},
    },
    {},
  );
}

function route(router: Router, method: string, url: string) {
  const [path, query = ''] = url.split('?', 2) as [string, string?];
  const match = router.match(method, path, parseQuery(query));
  return match && { operation: match.operation.name, labels: match.labels };
}

describe('router: the most literal template wins', () => {
  const router = new Router(
    modelOf({
      GetObject: ['GET', '/objects/{key+}'],
      GetObjectMeta: ['GET', '/objects/{bucket}/meta'],
      GetThing: ['GET', '/things/{name}'],
      GetSpecialThing: ['GET', '/things/special'],
      GetThingPart: ['GET', '/things/{name}/parts/{part}'],
      GetThingPartLatest: ['GET', '/things/{name}/parts/latest'],
      PutThing: ['PUT', '/things/{name}'],
    }),
  );

  it('a literal segment beats a label in the same place', () => {
    assert.deepEqual(route(router, 'GET', '/things/special'), { operation: 'GetSpecialThing', labels: {} });
    assert.deepEqual(route(router, 'GET', '/things/ordinary'), { operation: 'GetThing', labels: { name: 'ordinary' } });
    assert.deepEqual(route(router, 'GET', '/things/a/parts/latest'), {
      operation: 'GetThingPartLatest',
      labels: { name: 'a' },
    });
  });

  it('between templates with as many labels, more literal characters win over a greedy label', () => {
    assert.deepEqual(route(router, 'GET', '/objects/b1/meta'), {
      operation: 'GetObjectMeta',
      labels: { bucket: 'b1' },
    });
    assert.deepEqual(route(router, 'GET', '/objects/b1/other/deep'), {
      operation: 'GetObject',
      labels: { key: 'b1/other/deep' },
    });
  });

  it('the method is part of the route; an unknown path or method matches nothing', () => {
    assert.equal(route(router, 'PUT', '/things/special')?.operation, 'PutThing');
    assert.equal(route(router, 'DELETE', '/things/a'), undefined);
    assert.equal(route(router, 'GET', '/nothing/here'), undefined);
    assert.equal(route(router, 'GET', '/things/a/parts'), undefined);
  });

  it('a trailing slash is tolerated, an empty label is not', () => {
    assert.equal(route(router, 'GET', '/things/a/')?.operation, 'GetThing');
    assert.equal(route(router, 'GET', '/things//parts/x'), undefined);
  });
});

describe('router: fixed query parameters in the template', () => {
  const router = new Router(
    modelOf({
      ListItems: ['GET', '/items'],
      ListItemsByOwner: ['GET', '/items?owner'],
      ListItemsInTrash: ['GET', '/items?view=trash'],
      ListItemsInTrashByOwner: ['GET', '/items?view=trash&owner'],
    }),
  );

  it('the template with more fixed parameters wins when the request has them', () => {
    assert.equal(route(router, 'GET', '/items')?.operation, 'ListItems');
    assert.equal(route(router, 'GET', '/items?owner=me')?.operation, 'ListItemsByOwner');
    assert.equal(route(router, 'GET', '/items?view=trash')?.operation, 'ListItemsInTrash');
    assert.equal(route(router, 'GET', '/items?owner=me&view=trash')?.operation, 'ListItemsInTrashByOwner');
  });

  it('a fixed parameter with a value matches only that value', () => {
    assert.equal(route(router, 'GET', '/items?view=archive')?.operation, 'ListItems');
    assert.equal(route(router, 'GET', '/items?view=archive&owner')?.operation, 'ListItemsByOwner');
  });
});

describe('router: labels are decoded after matching, so %2F stays inside its label', () => {
  const router = new Router(
    modelOf({
      GetPackage: ['GET', '/packages/{PackageId}'],
      GetPackageVersion: ['GET', '/packages/{PackageId}/versions/{Version}'],
    }),
  );

  it("Panorama's packageName/<name> id travels as one label", () => {
    assert.deepEqual(route(router, 'GET', '/packages/packageName%2Fmy-app'), {
      operation: 'GetPackage',
      labels: { PackageId: 'packageName/my-app' },
    });
    assert.deepEqual(route(router, 'GET', '/packages/packageName%2Fmy-app/versions/1.0%2B1'), {
      operation: 'GetPackageVersion',
      labels: { PackageId: 'packageName/my-app', Version: '1.0+1' },
    });
  });

  it('an unencoded / is a segment boundary, and a bad escape matches nothing rather than throwing', () => {
    assert.equal(route(router, 'GET', '/packages/packageName/my-app'), undefined);
    assert.equal(route(router, 'GET', '/packages/%E0%A4%A'), undefined);
    assert.deepEqual(route(router, 'GET', '/packages/caf%C3%A9%20bar')?.labels, { PackageId: 'café bar' });
  });
});

describe('router: routes are tried by method and first segment, labels first included', () => {
  const router = new Router(
    modelOf({
      GetPrefixed: ['GET', '/pre{id}/y'],
      GetAnyZ: ['GET', '/{any}/z'],
      GetPackage: ['GET', '/packages/{name}'],
      ListPackages: ['GET', '/packages'],
      GetRoot: ['GET', '/'],
    }),
  );
  it('a first segment with a label in it, or one that is a label, is tried for any first segment', () => {
    assert.deepEqual(route(router, 'GET', '/prefoo/y'), { operation: 'GetPrefixed', labels: { id: 'foo' } });
    // Still the most literal template first: /packages/{name} before /{any}/z.
    assert.deepEqual(route(router, 'GET', '/packages/z'), { operation: 'GetPackage', labels: { name: 'z' } });
    assert.deepEqual(route(router, 'GET', '/other/z'), { operation: 'GetAnyZ', labels: { any: 'other' } });
    assert.deepEqual(route(router, 'GET', '/packages/p'), { operation: 'GetPackage', labels: { name: 'p' } });
    assert.deepEqual(route(router, 'GET', '/packages/'), { operation: 'ListPackages', labels: {} });
    assert.deepEqual(route(router, 'GET', '/'), { operation: 'GetRoot', labels: {} });
    assert.equal(route(router, 'GET', '*'), undefined);
    assert.equal(route(router, 'GET', '/nothing'), undefined);
  });
});

describe('router: every operation of the vendored models is reachable from its own template', () => {
  for (const service of ['codeartifact', 'panorama', 'iot', 'imagebuilder']) {
    it(service, () => {
      const model = loadServiceModel(service);
      const router = new Router(model);
      let checked = 0;
      for (const [name, operation] of Object.entries(model.operations)) {
        const labels: Record<string, string> = {};
        const [template, fixed] = operation.http.requestUri.split('?', 2) as [string, string?];
        const path = template.replace(/\{([^}+]+)(\+?)\}/g, (_all, label: string, greedy: string) => {
          labels[label] = greedy ? `v-${label}/with/slash` : `v ${label}/é`;
          return greedy ? `v-${label}/with/slash` : encodeURIComponent(labels[label]!);
        });
        const match = router.match(operation.http.method.toUpperCase(), path, parseQuery(fixed ?? ''));
        assert.equal(match?.operation.name, name, `${operation.http.method} ${path}`);
        assert.deepEqual(match?.labels, labels, name);
        checked++;
      }
      assert.ok(checked > 10, `${service} has ${checked} operations`);
    });
  }
});
