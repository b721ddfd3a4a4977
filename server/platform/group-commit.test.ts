import { describe, expect, it } from "vitest";
import { ALONE, GroupCommit } from "./group-commit";

describe("GroupCommit", () => {
  it("batches what arrives during a write, writes ALONE items and failed batches one by one", async () => {
    const batches: string[][] = [];
    const alone: string[] = [];
    const commits = new GroupCommit<string, string>({
      writeBatch: async (items) => {
        batches.push(items);
        if (items.includes("boom")) throw new Error("check violation");
        return items.map((item) => (item.startsWith("odd") ? ALONE : `batch:${item}`));
      },
      writeOne: async (item) => {
        alone.push(item);
        if (item === "boom") throw new Error("insufficient");
        return `one:${item}`;
      },
      idOf: (item) => item,
      batchSingles: true,
    });
    const first = await Promise.all([commits.submit("a"), commits.submit("b"), commits.submit("odd-c")]);
    expect(first).toEqual(["batch:a", "batch:b", "one:odd-c"]);
    const second = await Promise.allSettled([commits.submit("x"), commits.submit("boom")]);
    expect(second.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect(alone).toEqual(["odd-c", "x", "boom"]);
  });

  it("retries a batch on a serialization failure and never shares a statement between equal ids", async () => {
    let calls = 0;
    const batches: string[][] = [];
    const commits = new GroupCommit<string, string>({
      writeBatch: async (items) => {
        batches.push(items);
        if (++calls === 1) throw Object.assign(new Error("could not serialize"), { code: "40001" });
        return items;
      },
      writeOne: async (item) => `one:${item}`,
      idOf: (item) => item,
      batchSingles: true,
    });
    expect(await commits.submit("r")).toBe("r");
    expect(batches).toEqual([["r"], ["r"]]);
    const same = await Promise.all([commits.submit("d"), commits.submit("d")]);
    expect(same).toContain("one:d");
  });
});
