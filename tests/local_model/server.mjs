// A real small model behind an OpenAI-compatible endpoint on loopback, for lotara's tests.
//
// node-llama-cpp runs a GGUF model on the CPU with its prebuilt llama.cpp binaries (nothing
// is compiled or downloaded). It answers POST /v1/chat/completions; a `response_format`
// JSON schema (what LiteLLM sends for lotara's structured output) becomes a grammar, so the
// answer is JSON of that shape. Usage: node server.mjs MODEL.gguf PORT
import http from "node:http";
import {getLlama, LlamaChatSession} from "node-llama-cpp";

const [modelPath, port] = process.argv.slice(2);
const llama = await getLlama({gpu: false, build: "never", logLevel: "error", maxThreads: 2});
const model = await llama.loadModel({modelPath});
const context = await model.createContext({contextSize: 4096, threads: 2});

// The JSON-schema subset node-llama-cpp's grammars take: pydantic's anyOf-with-null becomes
// oneOf, and keys it does not know are left out.
function simplify(schema) {
  if (Array.isArray(schema)) return schema.map(simplify);
  if (!schema || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (["title", "default", "description", "maxLength", "minLength", "format"].includes(key)) continue;
    if (key === "anyOf") out.oneOf = simplify(value);
    else if (key === "properties") out.properties = Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, simplify(v)]));
    else out[key] = simplify(value);
  }
  if (out.type === "object" && out.properties && !out.required) out.required = Object.keys(out.properties);
  return out;
}

async function grammarFor(format) {
  const schema = format?.json_schema?.schema ?? format?.schema;
  if (schema) {
    try {
      return await llama.createGrammarForJsonSchema(simplify(schema));
    } catch {
      // a schema outside the subset: any JSON
    }
  }
  return format ? await llama.getGrammarFor("json") : undefined;
}

function text(content) {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

let queue = Promise.resolve();

async function complete(body) {
  const messages = body.messages ?? [];
  const system = messages.filter((m) => m.role === "system").map((m) => text(m.content)).join("\n");
  const user = messages.filter((m) => m.role !== "system").map((m) => text(m.content)).join("\n");
  const sequence = context.getSequence();
  try {
    const session = new LlamaChatSession({contextSequence: sequence, systemPrompt: system});
    const answer = await session.prompt(user, {
      grammar: await grammarFor(body.response_format),
      maxTokens: Math.min(body.max_tokens ?? 256, 256),
      temperature: 0,
    });
    session.dispose();
    return answer;
  } finally {
    sequence.dispose();
  }
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (chunk) => (raw += chunk));
  req.on("end", () => {
    if (req.method !== "POST" || !req.url.endsWith("/chat/completions")) {
      res.writeHead(404, {"content-type": "application/json"});
      res.end(JSON.stringify({error: {message: "not found"}}));
      return;
    }
    const body = JSON.parse(raw || "{}");
    queue = queue.then(async () => {
      try {
        const content = await complete(body);
        res.writeHead(200, {"content-type": "application/json"});
        res.end(JSON.stringify({
          id: "chatcmpl-local", object: "chat.completion", created: Math.floor(Date.now() / 1000),
          model: body.model, choices: [{index: 0, message: {role: "assistant", content}, finish_reason: "stop"}],
          usage: {prompt_tokens: 0, completion_tokens: 0, total_tokens: 0},
        }));
      } catch (error) {
        res.writeHead(500, {"content-type": "application/json"});
        res.end(JSON.stringify({error: {message: String(error)}}));
      }
    });
  });
});
server.listen(Number(port), "127.0.0.1", () => console.log(`listening on ${port}`));
