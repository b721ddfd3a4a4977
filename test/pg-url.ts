/** The same server, another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Where to run CREATE/DROP DATABASE: the server's `postgres` database. */
export function adminUrl(url: string): string {
  return databaseUrlFor(url, "postgres");
}
