/** Auth.js session cookie names: `__Secure-` on HTTPS deployments, plain on http://localhost. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** The organization a signed-in user works in (the dashboard's switcher sets it; REST and tRPC read it). */
export const ACTIVE_ORG_COOKIE = "brikk_org";
