import { createHash } from "node:crypto";

// @upstash/ratelimit's Lua scripts start with `#!lua flags=allow-key-locking`, a flag only
// Upstash accepts; a real Redis answers "ERR Unexpected flag in script shebang". We drop the
// flag before EVAL and remember which original hash maps to which script, so EVALSHA with the
// library's hash finds the compatible script Redis has cached.

const SHEBANG_WITH_FLAGS = /^#!lua flags=[^\n]*\n/;

export const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

export function compatibleScript(script: string): string {
  return script.replace(SHEBANG_WITH_FLAGS, "#!lua\n");
}

export class ScriptRegistry {
  private readonly byOriginalHash = new Map<string, string>();

  /** Returns the script Redis should run, remembering the original's hash. */
  register(script: string): { compatible: string; compatibleHash: string } {
    const compatible = compatibleScript(script);
    const compatibleHash = sha1(compatible);
    this.byOriginalHash.set(sha1(script), compatibleHash);
    return { compatible, compatibleHash };
  }

  /** The hash Redis knows for an original hash, if its script has been seen. */
  resolve(originalHash: string): string | undefined {
    return this.byOriginalHash.get(originalHash);
  }
}

export const NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

/**
 * Rewrites one command so a real Redis accepts it. EVALSHA of a script not yet seen answers
 * NOSCRIPT, which makes the client fall back to EVAL with the full script.
 */
export function rewriteCommand(command: unknown[], scripts: ScriptRegistry): unknown[] | { error: string } {
  const [name, ...args] = command;
  const verb = String(name).toLowerCase();
  if (verb === "eval" || verb === "eval_ro") {
    return [name, scripts.register(String(args[0])).compatible, ...args.slice(1)];
  }
  if (verb === "evalsha" || verb === "evalsha_ro") {
    const resolved = scripts.resolve(String(args[0]));
    return resolved ? [name, resolved, ...args.slice(1)] : { error: NOSCRIPT };
  }
  if (verb === "script" && String(args[0]).toLowerCase() === "load") {
    return ["script", "load", scripts.register(String(args[1])).compatible];
  }
  return command;
}
