import { expect } from "vitest";
import type { EndpointContract } from "@/server/http/endpoint";

/**
 * The JSON body of a success, checked against the response schema its route declares (what the
 * API reference promises). Fails the test, naming the field, when the two disagree.
 */
export async function declaredBody<T = Record<string, unknown>>(handler: unknown, res: Response): Promise<T> {
  const declared = (handler as Partial<{ contract: EndpointContract }>).contract?.response;
  expect(declared, "the route declares a response schema").toBeDefined();
  const body = await res.clone().json();
  const parsed = declared?.safeParse(body);
  const issue = parsed?.success === false ? parsed.error.issues[0] : undefined;
  expect(
    issue && `/${issue.path.join("/")}: ${issue.message}`,
    "the body matches the declared schema",
  ).toBeUndefined();
  return body as T;
}
