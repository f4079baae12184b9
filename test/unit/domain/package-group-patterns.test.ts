// Package group patterns (src/domain/codeartifact/package-groups/pattern.ts, tree.ts): the six forms of the user
// guide's grammar and its refusals, matching with normalised names, prefix strength, specificity and parents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CatalogError } from '../../../src/domain/shared/errors.js';
import { contains, matchPackage, parsePattern } from '../../../src/domain/codeartifact/package-groups/pattern.js';
import { GroupTree, implicitRoot } from '../../../src/domain/codeartifact/package-groups/tree.js';
import type { PackageGroupRecord } from '../../../src/store/records.js';

const scope = { accountId: '111122223333', region: 'us-east-1' };
const group = (pattern: string, modes: Partial<PackageGroupRecord['modes']> = {}): PackageGroupRecord => ({
  ...scope,
  domainName: 'd',
  pattern,
  format: parsePattern(pattern).format ?? '',
  modes: { PUBLISH: 'INHERIT', EXTERNAL_UPSTREAM: 'INHERIT', INTERNAL_UPSTREAM: 'INHERIT', ...modes },
  namespacePrefix: false,
  createdAt: 0,
});

describe('package group patterns', () => {
  it('parses the six forms of the user guide', () => {
    assert.equal(parsePattern('/*').level, 'all');
    assert.deepEqual(parsePattern('/npm/*'), {
      text: '/npm/*',
      level: 'format',
      format: 'npm',
      namespace: undefined,
      name: undefined,
    });
    assert.equal(parsePattern('/maven/com.anycompany~').level, 'namespace-prefix');
    assert.equal(parsePattern('/npm/space/*').level, 'namespace');
    assert.equal(parsePattern('/npm//*').namespace, '');
    assert.equal(parsePattern('/npm/space/anycompany-ui~').level, 'name-prefix');
    const exact = parsePattern('/maven/org.apache.logging.log4j/log4j-core$');
    assert.deepEqual([exact.level, exact.namespace, exact.name], ['name', 'org.apache.logging.log4j', 'log4j-core']);
    assert.equal(parsePattern('/pypi//requests$').name, 'requests');
  });

  it('refuses everything else, naming the field and the reason', () => {
    const refusals: [string, RegExp][] = [
      ['npm/*', /must start with '\/'/],
      ['/npm', /must end with/],
      ['/npm*', /'\*' must follow a '\/'/],
      ['/npm/a/b/*', /'\*' may follow the format or the namespace only/],
      ['/npm~', /'~' may end a namespace or a name only/],
      ['/npm/a$', /'\$' ends a full/],
      ['/python/*', /not a package format/],
      ['/pypi/ns/*', /have no namespace/],
      ['/maven//core$', /must include it/],
      ['/npm/~', /namespace prefix is empty/],
      ['/npm//~', /name is empty/],
      ['/npm/a/$', /name is empty/],
      ['/npm/a*/b$', /only as the final suffix/],
      ['/pypi//Django$', /normalised pypi name 'django'/],
    ];
    for (const [text, why] of refusals) {
      assert.throws(
        () => parsePattern(text, 'packageGroup'),
        (error: unknown) =>
          error instanceof CatalogError &&
          error.kind === 'Invalid' &&
          /packageGroup/.test(error.message) &&
          why.test(error.message),
        text,
      );
    }
  });

  it('matches packages, prefixes at a word boundary STRONG and elsewhere WEAK', () => {
    const pkg = (format: string, namespace: string, name: string) => ({ format, namespace, name });
    assert.equal(matchPackage(parsePattern('/npm/*'), pkg('npm', '', 'x')), 'STRONG');
    assert.equal(matchPackage(parsePattern('/npm/*'), pkg('pypi', '', 'x')), undefined);
    assert.equal(matchPackage(parsePattern('/npm//*'), pkg('npm', 'acme', 'x')), undefined);
    assert.equal(matchPackage(parsePattern('/maven/com.acme~'), pkg('maven', 'com.acme.tools', 'x')), 'STRONG');
    assert.equal(matchPackage(parsePattern('/maven/com.acme~'), pkg('maven', 'com.acmecorp', 'x')), 'WEAK');
    assert.equal(matchPackage(parsePattern('/maven/com.acme.~'), pkg('maven', 'com.acme.x', 'x')), 'STRONG');
    assert.equal(matchPackage(parsePattern('/npm/s/ui~'), pkg('npm', 's', 'ui')), 'STRONG');
    assert.equal(matchPackage(parsePattern('/npm/s/ui~'), pkg('npm', 't', 'ui-kit')), undefined);
    assert.equal(matchPackage(parsePattern('/npm/s/ui$'), pkg('npm', 's', 'ui-kit')), undefined);
  });

  it('containment decides parents; the most specific group wins; INHERIT resolves upwards', () => {
    assert.ok(contains(parsePattern('/maven/com~'), parsePattern('/maven/com.acme/*')));
    assert.ok(!contains(parsePattern('/maven/com.acme/*'), parsePattern('/maven/com~')));
    assert.ok(contains(parsePattern('/npm/s/ui~'), parsePattern('/npm/s/ui-kit$')));
    assert.ok(!contains(parsePattern('/npm/*'), parsePattern('/pypi/*')));
    const tree = new GroupTree(
      [
        group('/npm/*', { PUBLISH: 'BLOCK' }),
        group('/npm/s~'),
        group('/npm/s/*', { EXTERNAL_UPSTREAM: 'ALLOW_SPECIFIC_REPOSITORIES' }),
        group('/npm/s/ui~'),
        group('/npm/s/ui-kit$', { PUBLISH: 'ALLOW' }),
      ],
      implicitRoot(scope, 'd', 0),
    );
    assert.equal(tree.parent(parsePattern('/npm/s/ui~'))?.pattern.text, '/npm/s/*');
    assert.equal(tree.parent(parsePattern('/npm/s/*'))?.pattern.text, '/npm/s~');
    assert.deepEqual(
      tree.children(tree.get('/npm/*')!).map((n) => n.pattern.text),
      ['/npm/s~'],
    );
    assert.equal(
      tree.associated({ format: 'npm', namespace: 's', name: 'ui-kit' }).node.pattern.text,
      '/npm/s/ui-kit$',
    );
    assert.equal(tree.associated({ format: 'npm', namespace: 's', name: 'uix' }).node.pattern.text, '/npm/s/ui~');
    assert.equal(tree.associated({ format: 'npm', namespace: 'sx', name: 'a' }).node.pattern.text, '/npm/s~');
    assert.equal(tree.associated({ format: 'pypi', namespace: '', name: 'a' }).node.pattern.text, '/*');
    const ui = tree.get('/npm/s/ui~')!;
    assert.deepEqual(
      [tree.resolve(ui, 'PUBLISH').effectiveMode, tree.resolve(ui, 'PUBLISH').from.pattern.text],
      ['BLOCK', '/npm/*'],
    );
    assert.equal(tree.resolve(ui, 'EXTERNAL_UPSTREAM').from.pattern.text, '/npm/s/*');
    assert.equal(tree.resolve(ui, 'INTERNAL_UPSTREAM').from.pattern.text, '/*');
    assert.equal(tree.resolve(tree.get('/npm/s/ui-kit$')!, 'PUBLISH').effectiveMode, 'ALLOW');
  });
});
