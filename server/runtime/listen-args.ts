// The listener's address from `-p/--port` and `-H/--hostname` (as `next start` takes them), then
// PORT and HOSTNAME, then Next's defaults: port 3000 on every interface.

export class ListenArgsError extends Error {}

export type ListenAddress = { port: number; hostname: string | undefined };

export function parseListenArgs(argv: string[], env: Record<string, string | undefined>): ListenAddress {
  let port = env.PORT;
  let hostname = env.HOSTNAME || undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split("=", 2) as [string, string | undefined];
    const value = () => {
      const given = inline ?? argv[++i];
      if (given === undefined) throw new ListenArgsError(`${flag} needs a value`);
      return given;
    };
    if (flag === "-p" || flag === "--port") port = value();
    else if (flag === "-H" || flag === "--hostname") hostname = value();
    else throw new ListenArgsError(`unknown option ${flag} (expected -p/--port, -H/--hostname)`);
  }
  const parsed = Number(port ?? 3000);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new ListenArgsError(`invalid port ${JSON.stringify(port)}: expected an integer from 0 to 65535`);
  }
  if (hostname === "") throw new ListenArgsError("empty hostname");
  return { port: parsed, hostname };
}
