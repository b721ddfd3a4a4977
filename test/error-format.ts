/** The OpenAI-compatible routes answer errors in OpenAI's JSON shape; the rest in RFC 9457. */
export function errorContentType(path: string): string {
  return path === "/api/v1/chat/completions" || path === "/api/v1/models"
    ? "application/json"
    : "application/problem+json";
}
