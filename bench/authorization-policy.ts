// The 10-statement identity policy the authorization benchmarks attach: wildcards and conditions, one statement
// granting the measured operations.
export const TEN_STATEMENTS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    ...Array.from({ length: 8 }, (_, i) => ({
      Sid: `Other${i}`,
      Effect: i % 2 === 0 ? 'Allow' : 'Deny',
      Action: [`codeartifact:Describe*`, `iot:Get*`],
      Resource: `arn:aws:codeartifact:*:*:repository/other-${i}/*`,
      Condition: { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/ci-*' } },
    })),
    {
      Sid: 'NoDisposals',
      Effect: 'Deny',
      Action: 'codeartifact:Dispose*',
      Resource: '*',
    },
    {
      Sid: 'Bench',
      Effect: 'Allow',
      Action: ['codeartifact:List*', 'codeartifact:UpdatePackageVersionsStatus'],
      Resource: ['arn:aws:codeartifact:*:*:repository/bench/*', 'arn:aws:codeartifact:*:*:package/bench/repo/*'],
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    },
  ],
});
