// The pure pieces of Maven: layout paths, Maven's version order, POMs and metadata, without a server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseUploadedMetadata, renderSnapshotMetadata } from '../../../src/domain/codeartifact/maven/metadata.js';
import { parseMavenPath } from '../../../src/domain/codeartifact/maven/paths.js';
import { checkPomCoordinates, parsePom } from '../../../src/domain/codeartifact/maven/pom.js';
import { compareMavenVersions } from '../../../src/domain/codeartifact/maven/versions.js';

const path = (p: string) => parseMavenPath(p.split('/'));

test('paths: files, checksums, artifact and snapshot metadata, as Gitea parses them', () => {
  assert.deepEqual(path('com/example/demo/1.0/demo-1.0-sources.jar.sha1'), {
    kind: 'file',
    checksum: 'sha1',
    file: {
      groupId: 'com.example',
      artifactId: 'demo',
      version: '1.0',
      filename: 'demo-1.0-sources.jar',
      build: undefined,
      classifier: 'sources',
      extension: 'jar',
    },
  });
  assert.deepEqual(path('com/example/demo/maven-metadata.xml.sha512'), {
    kind: 'artifact-metadata',
    groupId: 'com.example',
    artifactId: 'demo',
    checksum: 'sha512',
  });
  assert.deepEqual(path('com/example/demo/1.1-SNAPSHOT/maven-metadata.xml'), {
    kind: 'snapshot-metadata',
    groupId: 'com.example',
    artifactId: 'demo',
    version: '1.1-SNAPSHOT',
    checksum: undefined,
  });
  const snapshot = path('com/example/demo/1.1-SNAPSHOT/demo-1.1-20261201.094832-3.tar.gz');
  assert.equal(snapshot.kind, 'file');
  assert.deepEqual(snapshot.kind === 'file' && snapshot.file.build, {
    value: '1.1-20261201.094832-3',
    timestamp: '20261201.094832',
    buildNumber: 3,
  });
  assert.equal(snapshot.kind === 'file' && snapshot.file.extension, 'tar.gz');
  for (const bad of ['demo.jar', 'com/demo/1.0', 'com/ex:ample/demo/1.0/demo-1.0.jar', 'com/../demo/1.0/demo-1.0.jar'])
    assert.throws(() => path(bad), /not a maven2 repository path/, bad);
  assert.throws(() => path('com/example/demo/1.0/other-1.0.jar'), /named demo-1\.0/);
  assert.throws(() => path(`com/${'a'.repeat(256)}/maven-metadata.xml`), /artifactId is 256 characters long/);
  assert.throws(() => path('com/example/demo/1.0-SNAPSHOT/demo-1.0-SNAPSHOT.jar'), /unique snapshots only/);
});

test("Maven's version order: qualifiers, numbers, missing parts", () => {
  const sorted = [
    '1.10',
    '1.0',
    '1.0-SNAPSHOT',
    '1.0.1',
    '1.0-rc1',
    '1.0-alpha-1',
    '1.0-beta',
    '1.2',
    '1.0-sp1',
    '2.0-M1',
  ];
  sorted.sort(compareMavenVersions);
  assert.deepEqual(sorted, [
    '1.0-alpha-1',
    '1.0-beta',
    '1.0-rc1',
    '1.0-SNAPSHOT',
    '1.0',
    '1.0-sp1',
    '1.0.1',
    '1.2',
    '1.10',
    '2.0-M1',
  ]);
  assert.ok(compareMavenVersions('1.9.9', '1.10') < 0 && compareMavenVersions('1.0-ga', '1.0-rc9') > 0);
});

test('POMs: coordinates (from <parent> when absent), details, and refusals', () => {
  const pom = parsePom(
    Buffer.from(
      '<project><parent><groupId>org.p</groupId><version>2.0</version></parent><artifactId>kid</artifactId>' +
        '<name>Kid</name><licenses><license><name>MIT</name></license></licenses>' +
        '<dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version><scope>runtime</scope></dependency></dependencies></project>',
    ),
  );
  assert.equal(pom.groupId, 'org.p');
  assert.equal(pom.version, '2.0');
  assert.equal(pom.details.displayName, 'Kid');
  assert.deepEqual(pom.details.licenses, [{ name: 'MIT', url: undefined }]);
  assert.deepEqual(pom.details.dependencies, [
    { namespace: 'a', package: 'b', dependencyType: 'runtime', versionRequirement: '1' },
  ]);
  checkPomCoordinates(pom, 'org.p', 'kid', '2.0');
  assert.throws(() => checkPomCoordinates(pom, 'org.p', 'kid', '3.0'), /version is 2\.0/);
  assert.throws(() => parsePom(Buffer.from('<project><a></project>')), /not well-formed/);
  assert.throws(() => parsePom(Buffer.from('<metadata/>')), /no <project> root/);
});

test('metadata: a snapshot rendering reads back as the build it names', () => {
  const xml = renderSnapshotMetadata(
    'g',
    'a',
    '1.0-SNAPSHOT',
    { timestamp: '20261201.094832', buildNumber: 4 },
    [
      { extension: 'pom', value: '1.0-20261201.094832-4' },
      { extension: 'jar', value: '1.0-20261201.094832-4' },
      { extension: 'jar', classifier: 'sources', value: '1.0-20261201.094832-4' },
    ],
    Date.UTC(2026, 11, 1, 9, 48, 32),
  );
  const read = parseUploadedMetadata(Buffer.from(xml));
  assert.deepEqual(read.snapshot, { timestamp: '20261201.094832', buildNumber: 4 });
  assert.equal(read.version, '1.0-SNAPSHOT');
  assert.equal(read.lastUpdated, Date.UTC(2026, 11, 1, 9, 48, 32));
  assert.equal(xml.match(/<snapshotVersion>/g)?.length, 3);
});
