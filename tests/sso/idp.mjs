// A real OpenID Connect provider for the sign-in tests (npm's oidc-provider), on
// 127.0.0.1. Started by tests/sso/provider.py with one argument, a JSON file:
//   {"port": 0, "client_id": "...", "client_secret": "...", "redirect_uris": ["..."],
//    "accounts": {"<login>": {"email": "...", "email_verified": true, "amr": ["pwd"]}}}
// Its sign-in page asks for the login only (no password: the test chooses the person),
// signs that account in with the amr the test gave it, and grants the portal's scopes.
// It prints "listening <issuer>" when ready.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import Provider from "oidc-provider";

const config = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = createServer();
await new Promise((resolve) => server.listen(config.port, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: config.client_id,
      client_secret: config.client_secret,
      redirect_uris: config.redirect_uris,
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    // amr in every ID token, as Entra ID sends it: how the person signed in ("mfa": two
    // factors), from the sign-in below.
    openid: ["sub", "amr"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name"],
  },
  async findAccount(ctx, id) {
    const account = config.accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // Test keys only: the cookies of a throwaway provider on the loopback address.
  cookies: { keys: ["ror-portal-test-provider"] },
});
provider.on("server_error", (ctx, error) => console.error(error));

const page = (uid, message = "") => `<!DOCTYPE html>
<html lang="nb"><head><meta charset="utf-8"><title>Testkommunens innlogging</title></head>
<body><main><h1>Testkommunens innlogging</h1>${message}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Bruker i kommunen</label> <input id="login" name="login" autocomplete="username">
<button type="submit">Logg inn i kommunen</button></form></main></body></html>`;

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res) {
  const match = req.url.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return false;
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === "consent") {
    // The portal is a first-party client: its scopes are granted without asking.
    const grant = new provider.Grant({
      accountId: details.session.accountId,
      clientId: details.params.client_id,
    });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  } else if (req.method === "POST" && match[2]) {
    const login = (await readForm(req)).get("login");
    const account = config.accounts[login];
    if (!account) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page(details.uid, "<p role=\"alert\">Ukjent bruker.</p>"));
      return true;
    }
    await provider.interactionFinished(req, res, {
      login: { accountId: login, amr: account.amr || ["pwd"] },
    });
  } else {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page(details.uid));
  }
  return true;
}

const callback = provider.callback();
server.on("request", async (req, res) => {
  try {
    if (!(await interaction(req, res))) callback(req, res);
  } catch (error) {
    console.error(error);
    res.writeHead(500);
    res.end(String(error));
  }
});
console.log(`listening ${issuer}`);
