// A real OpenID provider for the tests (issue 22): node's oidc-provider on 127.0.0.1, one
// client (PKCE required), and a login page where the test chooses who it is: the e-mail,
// whether the provider asserts it verified, and whether a second factor was used (amr).
// Started by tests/oidc/conftest.py: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS and
// POST_LOGOUT_REDIRECT_URIS (comma-separated) come from the environment.
import http from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const people = new Map(); // sub -> claims, as the last login at the form gave them

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(','),
    post_logout_redirect_uris: process.env.POST_LOGOUT_REDIRECT_URIS.split(','),
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  claims: { // acr and amr with the openid scope: in every ID token, as Entra and ID-porten give them
    sid: null, auth_time: null, iss: null,
    openid: ['sub', 'acr', 'amr'], email: ['email', 'email_verified'], profile: ['name'],
  },
  conformIdTokenClaims: false, // the scopes' claims in the ID token, as Entra and ID-porten give them
  cookies: { keys: ['bare-for-tester'] },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaksjon/${interaction.uid}` },
  findAccount: async (ctx, sub) => (people.has(sub)
    ? { accountId: sub, claims: async () => ({ sub, ...people.get(sub) }) }
    : undefined),
});
provider.proxy = false;

const page = (uid) => `<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Testleverandør</title></head>
<body><h1>Testleverandør: logg inn</h1>
<form method="post" action="/interaksjon/${uid}">
<p><label for="epost">E-post hos leverandøren</label> <input id="epost" name="email" type="email" required></p>
<p><input id="verifisert" name="verified" type="checkbox" value="1"> <label for="verifisert">E-posten er bekreftet</label></p>
<p><input id="mfa" name="mfa" type="checkbox" value="1"> <label for="mfa">Med to-faktor (MFA)</label></p>
<p><button type="submit">Fortsett</button></p>
</form></body></html>`;

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'consent') { // our own client: no consent page
    const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    return res.end(page(uid));
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const email = form.get('email').trim().toLowerCase();
  const sub = `person-${email}`;
  people.set(sub, { email, email_verified: form.get('verified') === '1', name: email.split('@')[0] });
  const amr = form.get('mfa') === '1' ? ['pwd', 'mfa'] : ['pwd'];
  return provider.interactionFinished(req, res, { login: { accountId: sub, amr } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
http.createServer((req, res) => {
  const match = req.url.match(/^\/interaksjon\/([\w-]+)/);
  if (match) {
    interaction(req, res, match[1]).catch((error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  } else {
    callback(req, res);
  }
}).listen(port, '127.0.0.1', () => console.log(`ready ${issuer}`));
