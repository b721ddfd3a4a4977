import { describe, expect, it } from "vitest";
import { arrayLiteralIfArray } from "./client";

describe("arrayLiteralIfArray", () => {
  it("quotes and escapes every element, keeps NULLs, and leaves scalars alone", () => {
    expect(arrayLiteralIfArray(["a", 'say "hi"', "back\\slash", null, 3])).toBe(
      '{"a","say \\"hi\\"","back\\\\slash",NULL,"3"}',
    );
    expect(arrayLiteralIfArray([])).toBe("{}");
    expect(arrayLiteralIfArray("x")).toBe("x");
  });
});
