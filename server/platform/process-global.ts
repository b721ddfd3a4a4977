// One instance per server process, whichever bundle asks. Next bundles the instrumentation hook
// and each route separately, each with its own copy of every module, so a module-level `let`
// would exist once per copy; state that must be shared (breakers, pools, batchers) lives on
// globalThis under a registered symbol instead.

export function processGlobal<T>(name: string, create: () => T): T {
  const key = Symbol.for(`brikk.${name}`);
  const holder = globalThis as Record<symbol, unknown>;
  if (!(key in holder)) holder[key] = create();
  return holder[key] as T;
}
