// What `npm start` prints, and the AWS shared-credentials profile it writes, so a user can paste and go.
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
export const PROFILE_NAME = 'quiver';
export async function writeCredentialsFile(dataDir, root, region) {
    const path = join(dataDir, 'aws-credentials');
    await writeFile(path, [
        `[${PROFILE_NAME}]`,
        `aws_access_key_id = ${root.accessKeyId}`,
        `aws_secret_access_key = ${root.secretAccessKey}`,
        `region = ${region}`,
        '',
    ].join('\n'), { mode: 0o600 });
    await chmod(path, 0o600);
    return path;
}
export function banner(endpoint, root, region, credentialsPath, settings) {
    return [
        '',
        `Quiver is serving on ${endpoint}`,
        '',
        `  endpoint           ${endpoint}`,
        `  region             ${region}`,
        `  account id         ${root.accountId}`,
        `  access key id      ${root.accessKeyId}`,
        `  secret access key  ${root.secretAccessKey}`,
        '',
        'Use it from a shell:',
        `  export AWS_ACCESS_KEY_ID=${root.accessKeyId}`,
        `  export AWS_SECRET_ACCESS_KEY=${root.secretAccessKey}`,
        `  export AWS_DEFAULT_REGION=${region}`,
        `  aws codeartifact list-domains --endpoint-url ${endpoint}`,
        '',
        'Or with the profile written for you:',
        `  AWS_SHARED_CREDENTIALS_FILE=${credentialsPath} aws --profile ${PROFILE_NAME} codeartifact list-domains --endpoint-url ${endpoint}`,
        '',
        `Settings: ${Object.entries(settings)
            .map(([key, value]) => `${key}=${value}`)
            .join(', ')}`,
        '',
    ].join('\n');
}
//# sourceMappingURL=banner.js.map