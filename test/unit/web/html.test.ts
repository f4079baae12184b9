// The web catalog's guards that need no browser: escaping by default, the readme sanitiser, and the session
// cookie (a forged, expired or stale cookie never becomes a caller; CSRF tokens are bound to their session).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { html, trusted } from '../../../src/web/html.js';
import { renderReadme } from '../../../src/web/readme.js';
import { Sessions } from '../../../src/web/session.js';

describe('html templates', () => {
  it('escape every interpolated value, in lists too, and never escape markup twice', () => {
    const name = `<img src=x onerror="alert('1')">&`;
    const out = html`<p title="${name}">${name}${[name, html`<b>${name}</b>`]}${undefined}${false}</p>`.value;
    assert.equal(out.includes('<img'), false);
    assert.equal(
      out,
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">' +
        '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;'.repeat(2) +
        '<b>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</b></p>',
    );
    assert.equal(html`${trusted('<i>ok</i>')}`.value, '<i>ok</i>');
  });
});

describe('readme sanitiser', () => {
  it('keeps markdown formatting and drops everything that could run or restyle the page', async () => {
    const out = (
      await renderReadme(
        [
          '# Title',
          '**bold** and [a link](https://example.com) and [bad](javascript:alert(1))',
          '<script>alert(1)</script><style>body{display:none}</style><iframe src="https://x"></iframe>',
          '<a href="https://x" onclick="alert(1)" style="color:red">raw</a> <img src="https://x/i.png" onerror="alert(1)">',
          '<form action="/ui/sign-out" method="post"><button>go</button></form>',
        ].join('\n\n'),
      )
    ).value;
    assert.match(out, /<h4>Title<\/h4>/, 'headings sit under the page’s own');
    assert.match(out, /<strong>bold<\/strong>/);
    assert.match(out, /<a href="https:\/\/example.com" rel="nofollow noopener noreferrer">a link<\/a>/);
    assert.match(out, /<img src="https:\/\/x\/i.png" \/>/);
    for (const forbidden of [
      /<script/i,
      /alert\(1\)<\/script/,
      /<style/i,
      /<iframe/i,
      /onclick/i,
      /onerror/i,
      /style=/i,
      /javascript:/i,
      /<form/i,
      /<button/i,
    ])
      assert.doesNotMatch(out, forbidden);
  });
});

describe('session cookies', () => {
  const key = { accountId: '111122223333', secretAccessKey: 'secret-1' };
  let current: typeof key | undefined = key;
  const sessions = new Sessions(randomBytes(32), async (id) => (id === 'AKIDEXAMPLE' ? current : undefined));
  const now = 1_800_000_000_000;

  it('sign in only with the right secret; the cookie gives the key’s account and a CSRF token bound to it', async () => {
    assert.equal(await sessions.signIn('AKIDEXAMPLE', 'wrong', 'us-east-1', now), undefined);
    assert.equal(await sessions.signIn('AKIDUNKNOWN', 'secret-1', 'us-east-1', now), undefined);
    const cookie = (await sessions.signIn('AKIDEXAMPLE', 'secret-1', 'eu-west-1', now))!;
    const session = (await sessions.verify(cookie, now + 1000))!;
    assert.deepEqual(session.caller, { accountId: '111122223333', region: 'eu-west-1', accessKeyId: 'AKIDEXAMPLE' });
    assert.equal(sessions.checkCsrf(session, session.csrfToken), true);
    assert.equal(sessions.checkCsrf(session, undefined), false);
    const other = (await sessions.verify((await sessions.signIn('AKIDEXAMPLE', 'secret-1', 'eu-west-1', now))!, now))!;
    assert.equal(sessions.checkCsrf(session, other.csrfToken), false, "another session's token does not fit");
  });

  it('a tampered, expired or stale cookie is no session', async () => {
    const cookie = (await sessions.signIn('AKIDEXAMPLE', 'secret-1', 'us-east-1', now))!;
    const [payload, mac] = cookie.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, region: 'us-west-2' })).toString('base64url');
    assert.equal(await sessions.verify(`${forged}.${mac}`, now), undefined, 'a changed payload');
    assert.equal(await sessions.verify(`${payload}.${mac}x`, now), undefined, 'a changed signature');
    assert.equal(await sessions.verify(cookie, now + 8 * 3600 * 1000 + 1), undefined, 'expired after 8 hours');
    current = { ...key, secretAccessKey: 'rotated' };
    assert.equal(await sessions.verify(cookie, now), undefined, "the key's secret changed");
    current = undefined;
    assert.equal(await sessions.verify(cookie, now), undefined, 'the key was deleted');
    current = key;
    assert.ok(await sessions.verify(cookie, now), 'and the untouched cookie is still good');
  });
});
