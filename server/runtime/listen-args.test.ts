import { describe, expect, it } from "vitest";
import { parseListenArgs } from "./listen-args";

describe("listen address", () => {
  it("takes next start's flags, then PORT/HOSTNAME, then port 3000 on every interface", () => {
    expect(parseListenArgs([], {})).toEqual({ port: 3000, hostname: undefined });
    expect(parseListenArgs([], { PORT: "4000", HOSTNAME: "127.0.0.1" })).toEqual({
      port: 4000,
      hostname: "127.0.0.1",
    });
    expect(parseListenArgs(["-p", "3100", "-H", "::1"], { PORT: "4000" })).toEqual({
      port: 3100,
      hostname: "::1",
    });
    expect(parseListenArgs(["--port=3200", "--hostname=localhost"], {})).toEqual({
      port: 3200,
      hostname: "localhost",
    });
  });

  it("refuses a bad port or an unknown flag with a message naming it", () => {
    expect(() => parseListenArgs(["-p", "70000"], {})).toThrow(/invalid port "70000"/);
    expect(() => parseListenArgs(["-p"], {})).toThrow(/-p needs a value/);
    expect(() => parseListenArgs([], { PORT: "abc" })).toThrow(/invalid port "abc"/);
    expect(() => parseListenArgs(["--turbo"], {})).toThrow(/unknown option --turbo/);
    expect(() => parseListenArgs(["-H="], {})).toThrow(/empty hostname/);
  });
});
