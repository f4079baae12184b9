// Real mvn 3.8.7 against a Quiver repository, kept off this machine's ~/.m2: each world has its own settings.xml
// (server `quiver`, username `aws`, the token as password, as the CodeArtifact guide configures it) and its own
// local repository (-Dmaven.repo.local). Maven's plugins resolve offline here only from ~/.m2 (formats.md §2.4),
// so the settings mirror `central` to that directory as a file:// repository: plugins are copied from it into the
// temporary local repository and nothing is written to ~/.m2. Projects pin the plugin versions §2.4 names and
// switch surefire off.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp.js';

const run = promisify(execFile);

/** The plugin versions a test POM pins: the ones ~/.m2 holds on this machine (formats.md §2.4). */
export const MAVEN_PLUGINS = [
  ['maven-resources-plugin', '3.3.1'],
  ['maven-compiler-plugin', '3.13.0'],
  ['maven-jar-plugin', '3.4.1'],
  ['maven-install-plugin', '3.1.1'],
  ['maven-deploy-plugin', '3.1.1'],
  ['maven-surefire-plugin', '3.2.5'],
] as const;

export interface MavenProject {
  groupId: string;
  artifactId: string;
  version: string;
  /** Java source of `<package>/<Class>.java`, keyed by path under src/main/java. */
  sources: Record<string, string>;
  dependencies?: { groupId: string; artifactId: string; version: string; scope?: string }[];
  /** Extra POM elements (name, description, url, licenses…) inside <project>. */
  extra?: string;
}

export function pomXml(project: MavenProject, repositoryUrl?: string): string {
  const dependencies = (project.dependencies ?? [])
    .map(
      (d) =>
        `<dependency><groupId>${d.groupId}</groupId><artifactId>${d.artifactId}</artifactId><version>${d.version}</version>${d.scope ? `<scope>${d.scope}</scope>` : ''}</dependency>`,
    )
    .join('');
  const plugins = MAVEN_PLUGINS.filter(([artifactId]) => artifactId !== 'maven-surefire-plugin')
    .map(
      ([artifactId, version]) =>
        `<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></plugin>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${project.groupId}</groupId>
  <artifactId>${project.artifactId}</artifactId>
  <version>${project.version}</version>
  <packaging>jar</packaging>
  ${project.extra ?? ''}
  <properties><maven.compiler.release>17</maven.compiler.release><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  ${repositoryUrl ? `<repositories><repository><id>quiver</id><url>${repositoryUrl}</url><snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy></snapshots></repository></repositories>` : ''}
  <dependencies>${dependencies}</dependencies>
  <build><plugins>${plugins}
    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version>
      <executions><execution><id>default-test</id><phase>none</phase></execution></executions></plugin>
  </plugins></build>
</project>
`;
}

export interface MavenWorld {
  dir: string;
  localRepository: string;
  /** Writes a project into a fresh directory and returns it. */
  project(project: MavenProject, repositoryUrl?: string): string;
  /** `mvn -B -s settings.xml <args>` in a project directory; rejects with mvn's output when it fails. */
  mvn(projectDir: string, ...args: string[]): Promise<string>;
  /** Forgets what the local repository holds of a group (so the next build asks Quiver again). */
  forget(groupId: string): void;
  remove(): void;
}

export function mavenWorld(token: string): MavenWorld {
  const dir = tempDir('quiver-mvn-');
  const localRepository = join(dir, 'local');
  const settings = join(dir, 'settings.xml');
  const cache = join(homedir(), '.m2', 'repository');
  writeFileSync(
    settings,
    `<settings>
  <servers><server><id>quiver</id><username>aws</username><password>${token}</password></server></servers>
  <mirrors><mirror><id>m2-cache</id><mirrorOf>central</mirrorOf><url>file://${cache}</url></mirror></mirrors>
</settings>
`,
  );
  let projects = 0;
  return {
    dir,
    localRepository,
    project(project, repositoryUrl) {
      const root = join(dir, `project-${++projects}`);
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'pom.xml'), pomXml(project, repositoryUrl));
      for (const [path, source] of Object.entries(project.sources)) {
        const file = join(root, 'src/main/java', path);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, source);
      }
      return root;
    },
    async mvn(projectDir, ...args) {
      try {
        const { stdout } = await run(
          'mvn',
          ['-B', '-s', settings, `-Dmaven.repo.local=${localRepository}`, '--no-transfer-progress', ...args],
          { cwd: projectDir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, MAVEN_OPTS: '-Xshare:auto' } },
        );
        return stdout;
      } catch (error) {
        const failure = error as { stdout?: string; stderr?: string };
        throw new Error(`mvn ${args.join(' ')} failed:\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}`);
      }
    },
    forget(groupId) {
      rmSync(join(localRepository, ...groupId.split('.')), { recursive: true, force: true });
    },
    remove() {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}
