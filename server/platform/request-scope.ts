import { AsyncLocalStorage } from "node:async_hooks";

// Who sent the request being served (IP, user agent, request id), readable anywhere below the
// transport without threading it through every service signature. Audit rows use it to say where
// a change came from; services never need to know.

export type RequestScope = { requestId: string; ip: string | null; userAgent: string | null };

const SCOPE_KEY = Symbol.for("brikk.requestscope");
type Holder = { [SCOPE_KEY]?: AsyncLocalStorage<RequestScope> };

function storage(): AsyncLocalStorage<RequestScope> {
  const holder = globalThis as Holder;
  holder[SCOPE_KEY] ??= new AsyncLocalStorage<RequestScope>();
  return holder[SCOPE_KEY];
}

export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return storage().run(scope, fn);
}

export function currentRequestScope(): RequestScope | undefined {
  return storage().getStore();
}
