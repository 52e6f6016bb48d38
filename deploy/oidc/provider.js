// A real OpenID Connect provider on loopback, for trying the workspace sign-in (`make workspace`)
// and for its browser test (tests/browser/test_sign_in.py). Never for production: the accounts
// and their passwords are the two demo consultants below, keys and cookies live in memory.
//
// oidc-provider (certified, https://github.com/panva/node-oidc-provider) does the protocol: the
// authorization-code flow with PKCE (required here, S256, as st.login sends it), ID tokens signed
// with a key made at start, RP-initiated logout. This file adds only what the library leaves to
// its user: the accounts (findAccount), a login form (the interaction pages) and consent that is
// given for our one first-party client (loadExistingGrant). The pages load nothing from another
// host (the library's development pages import a web font from Google).
//
//   node provider.js --port 9400 --client-id pia-workspace --client-secret S \
//     --redirect-uri http://localhost:8501/oauth2callback
//
// Each option can also come from the environment: OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URIS (comma-separated). It listens on 127.0.0.1 only; the issuer is
// http://127.0.0.1:PORT (another host name than the app's localhost, so the browser keeps the
// two servers' cookies apart).

import { generateKeyPairSync, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

import Provider from "oidc-provider";

// The demo consultants: anna is on the allow-list of `make workspace` (and its admin), bram is not.
const ACCOUNTS = {
  "anna@adviesbureau.example": { name: "Anna de Vries", password: "anna-demo" },
  "bram@elders.example": { name: "Bram Elders", password: "bram-demo" },
};

const { values: options } = parseArgs({
  options: {
    port: { type: "string", default: process.env.OIDC_PORT ?? "9400" },
    "client-id": { type: "string", default: process.env.OIDC_CLIENT_ID ?? "pia-workspace" },
    "client-secret": { type: "string", default: process.env.OIDC_CLIENT_SECRET },
    "redirect-uri": {
      type: "string",
      multiple: true,
      default: (process.env.OIDC_REDIRECT_URIS ?? "http://localhost:8501/oauth2callback").split(","),
    },
  },
});

if (!options["client-secret"]) {
  console.error("provider.js: give --client-secret (or OIDC_CLIENT_SECRET)");
  process.exit(2);
}

const port = Number(options.port);
const issuer = `http://127.0.0.1:${port}`;
const clientId = options["client-id"];
const redirectUris = options["redirect-uri"];

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: "dev", use: "sig", alg: "RS256" };

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

const STYLE = `body{font-family:sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem;color:#1c2430}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;box-sizing:border-box;font-size:1rem}
button{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}.error{color:#a4262c}`;

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function loginForm(uid, loginHint, error) {
  const message = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : "";
  return page(
    "Demo identity provider",
    `<p>Sign in as one of the demo consultants (see README, "Workspace sign-in").</p>${message}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label for="email">E-mail</label><input id="email" name="email" type="email" required value="${escapeHtml(loginHint ?? "")}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<p><a href="/interaction/${escapeHtml(uid)}/abort">Cancel</a></p>`,
  );
}

function passwordMatches(account, given) {
  const expected = Buffer.from(account.password);
  const actual = Buffer.from(given ?? "");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: options["client-secret"],
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris, // st.logout returns through /oauth2callback
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // st.login reads the person from the ID token (Authlib does not call the userinfo endpoint),
  // as Google and Entra ID put e-mail and name there too.
  conformIdTokenClaims: false,
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  jwks: { keys: [signingKey] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page(
          "Sign out",
          `<p>Sign out of the demo identity provider?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`,
        );
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: sub, email_verified: true, name: account.name };
      },
    };
  },
  // Our one client is first-party: the consultant is not asked to consent to it.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (ctx.oidc.client.clientId !== clientId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = "html";
    ctx.body = page(
      "Sign-in error",
      Object.entries(out)
        .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
        .join(""),
    );
  },
};

const provider = new Provider(issuer, configuration);
const oidc = provider.callback();

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 10_000) throw new Error("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf-8"));
}

function send(res, status, html) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

// The interaction pages: /interaction/:uid (the form), /interaction/:uid/login, /interaction/:uid/abort.
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid || details.prompt.name !== "login") {
    send(res, 400, page("Sign-in error", "<p>This sign-in has expired; start again from the app.</p>"));
    return;
  }
  if (action === "" && req.method === "GET") {
    send(res, 200, loginForm(uid, details.params.login_hint));
    return;
  }
  if (action === "/abort" && req.method === "GET") {
    const result = { error: "access_denied", error_description: "End-User aborted interaction" };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  if (action === "/login" && req.method === "POST") {
    const form = await readForm(req);
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const account = ACCOUNTS[email];
    if (!account || !passwordMatches(account, form.get("password"))) {
      send(res, 401, loginForm(uid, email, "Unknown e-mail address or wrong password."));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
    return;
  }
  send(res, 405, page("Sign-in error", "<p>Not allowed.</p>"));
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(\/login|\/abort)?$/;

const server = createServer((req, res) => {
  const match = INTERACTION.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    oidc(req, res);
    return;
  }
  interaction(req, res, match[1], match[2] ?? "").catch((error) => {
    console.error("interaction failed:", error.message);
    if (!res.headersSent) send(res, 400, page("Sign-in error", "<p>This sign-in has expired; start again from the app.</p>"));
  });
});

server.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening: ${issuer}/.well-known/openid-configuration`);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
