/** Auth.js session cookie names: `__Secure-` on HTTPS deployments, plain on http://localhost. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
