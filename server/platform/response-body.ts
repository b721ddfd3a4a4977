// The text of responses this server built itself, so storing one for idempotent replay does not
// need Response.clone() (which tees the body stream: measurable on every write request).

const bodies = new WeakMap<Response, string>();

export function jsonResponse(text: string, init: ResponseInit): Response {
  const response = new Response(text, init);
  bodies.set(response, text);
  return response;
}

export async function responseText(response: Response): Promise<string> {
  return knownBodyText(response) ?? (await response.clone().text());
}

/** The text of a response made by jsonResponse(), without touching its body stream. */
export function knownBodyText(response: Response): string | undefined {
  return bodies.get(response);
}
