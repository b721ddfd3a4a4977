#!/usr/bin/env node
// The one upstream of `npm run bench:gateway`: an OpenAI-compatible chat-completions server that
// answers at once (so what the gateways add is all that is measured), in OpenAI's format: a
// completion with usage, or a stream of role/content/finish chunks, a usage chunk when
// stream_options.include_usage is set, then [DONE]. Listens on 127.0.0.1:PORT (argv[2]).
import http from "node:http";

const port = Number(process.argv[2] ?? 0);
const WORDS = ["Brikk", " routes", " every", " call", "."];
const usage = { prompt_tokens: 12, completion_tokens: WORDS.length, total_tokens: 12 + WORDS.length };

function completion(model) {
  return JSON.stringify({
    id: "chatcmpl-bench",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: "fp_bench",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: WORDS.join("") },
        logprobs: null,
        finish_reason: "stop",
      },
    ],
    usage,
  });
}

function streamTo(res, model, includeUsage) {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta, finish, extra = {}) =>
    `data: ${JSON.stringify({
      id: "chatcmpl-bench",
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: "fp_bench",
      choices: delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    })}\n\n`;
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(chunk({ role: "assistant", content: "" }, null));
  for (const word of WORDS) res.write(chunk({ content: word }, null));
  res.write(chunk({}, "stop"));
  if (includeUsage) res.write(chunk(null, null, { usage }));
  res.end("data: [DONE]\n\n");
}

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url?.endsWith("/models")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ object: "list", data: [{ id: "gpt-4o-mini", object: "model", owned_by: "openai" }] }),
    );
    return;
  }
  const parts = [];
  req.on("data", (part) => parts.push(part));
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString("utf8"));
    } catch {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "invalid JSON", type: "invalid_request_error" } }));
      return;
    }
    const model = String(body.model ?? "gpt-4o-mini");
    if (body.stream) return streamTo(res, model, body.stream_options?.include_usage === true);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(completion(model));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.info(`fake upstream on ${server.address().port}`));
