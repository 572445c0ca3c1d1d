#!/usr/bin/env node
// Real-client suite: the official MCP TypeScript SDK client (the one inside
// Claude Desktop and Claude Code) against the BUILT heygen-mcp binary.
//
//   node ts_client.mjs --stdio <binary>                 # spawns <binary> --sandbox itself
//   node ts_client.mjs --http <url> --binary <binary>   # <url>: a running --sandbox --transport http server
//
// Options: --speed <n> (sandbox speed for the servers this file starts; default 50).
// In --http mode, <binary> starts the extra servers the error scenarios need
// (no key, real mode against a fake upstream, unreachable upstream) over HTTP
// too; without --binary those cases FAIL with a note.
//
// Like a real client it calls listTools() first, so the SDK validates every
// structuredContent against the tool's outputSchema. Each scenario prints one
// PASS/FAIL line (scenario 4 one per error kind); the exit code is 1 on any
// failure. Nothing here reads or prints a real HeyGen key: every server gets a
// clean environment (no HEYGEN_* from the caller) and real mode uses a fake key
// against a fake upstream on 127.0.0.1.

import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

import {
  Check, check, cleanEnv, ERROR_KINDS, ERROR_META_KEY, EXPECTED_TOOLS, loadRegistry, oneLine, parseArgs, reporter,
} from "./common.mjs";

const REGISTRY = loadRegistry();

// ---------------------------------------------------------------- arguments

const { opts, MODE, TAG } = parseArgs({
  prog: "ts_client",
  synopsis: "node ts_client.mjs --stdio <binary> | --http <url> [--binary <binary>] [--speed <n>]",
  tagPrefix: "ts-sdk",
  withBinary: true,
});
if (opts.stdio) opts.binary = opts.stdio;

const FAKE_KEY = "sk-test-realclients-not-a-real-key";
const SANDBOX_MARK = "SIMULATED (sandbox mode)";

// ---------------------------------------------------------------- reporting

const report = reporter(TAG);
const { line } = report;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function withTimeout(p, ms, what) {
  let t;
  return Promise.race([
    p,
    new Promise((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(t));
}
// Runs one scenario; its function returns the PASS detail or throws the reason.
async function scenario(name, ms, fn) {
  try {
    line(true, name, await withTimeout(Promise.resolve().then(fn), ms, name));
  } catch (e) {
    line(false, name, errText(e));
  }
}
function errText(e) {
  if (e instanceof Check) return e.message;
  const code = e?.code !== undefined ? ` (code ${e.code})` : "";
  return `threw ${e?.constructor?.name ?? "error"}${code}: ${e?.message ?? e}`;
}

// ---------------------------------------------------------------- processes

const children = new Set();
function killChildren() {
  for (const c of children) {
    try { c.kill("SIGTERM"); } catch { /* already gone */ }
  }
}
process.on("exit", killChildren);
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => { killChildren(); process.exit(130); });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// startHTTPServer runs the binary with --transport http on a free port and
// resolves with its MCP URL once the "serving MCP" log line names it.
async function startHTTPServer(binary, args, env) {
  let lastErr;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(binary, [...args, "--transport", "http", "--addr", `127.0.0.1:${port}`],
      { env: cleanEnv({ ...env, HEYGEN_LOG_LEVEL: "info" }), stdio: ["ignore", "ignore", "pipe"] });
    children.add(child);
    child.on("exit", () => children.delete(child));
    try {
      const url = await new Promise((resolve, reject) => {
        let buf = "";
        const t = setTimeout(() => reject(new Error(`no "serving MCP" log line within 20 s; stderr: ${buf.slice(-400)}`)), 20000);
        child.stderr.on("data", (d) => {
          buf += d;
          const m = /serving MCP over streamable HTTP.*?url=(\S+)/.exec(buf);
          if (m) { clearTimeout(t); resolve(m[1].replace(/^"|"$/g, "")); }
        });
        child.on("exit", (code) => { clearTimeout(t); reject(new Error(`server exited (${code}) before listening; stderr: ${buf.slice(-400)}`)); });
      });
      child.stderr.resume();
      return { url, stop: () => child.kill("SIGTERM") };
    } catch (e) {
      lastErr = e;
      child.kill("SIGTERM");
    }
  }
  throw lastErr;
}

// ---------------------------------------------------------------- connections

// connect opens a TS SDK client over stdio (spawning binary with args/env) or
// streamable HTTP (url). It records progress notifications that arrived after
// their call had ended (the SDK reports those through onerror).
async function connect(target) {
  const client = new Client({ name: "heygen-mcp-realclients", version: "1.0.0" }, { capabilities: {} });
  const conn = { client, lateProgress: [], otherErrors: [], stderr: "" };
  client.onerror = (e) => {
    const msg = String(e?.message ?? e);
    if (msg.includes("progress notification for an unknown token")) conn.lateProgress.push(msg);
    else conn.otherErrors.push(msg);
  };
  if (target.url) {
    let opened;
    conn.getStreamOpen = new Promise((r) => { opened = r; });
    // The SDK opens the standalone GET stream by itself after initialization;
    // watching its fetch tells us when the server has accepted it.
    const watchingFetch = async (u, init) => {
      const res = await fetch(u, init);
      if ((init?.method ?? "GET") === "GET" && res.ok) opened(true);
      return res;
    };
    const transport = new StreamableHTTPClientTransport(new URL(target.url), { fetch: watchingFetch });
    await client.connect(transport);
    conn.close = async () => {
      try { await transport.terminateSession(); } catch { /* best effort */ }
      await client.close();
    };
  } else {
    const transport = new StdioClientTransport({
      command: target.binary, args: target.args, env: cleanEnv(target.env), stderr: "pipe",
    });
    transport.stderr?.on("data", (d) => { conn.stderr = (conn.stderr + d).slice(-4000); });
    await client.connect(transport);
    conn.close = () => client.close();
  }
  return conn;
}

// A server for one configuration, over this run's transport.
async function openServer(binary, args, env) {
  if (MODE === "stdio") return connect({ binary, args, env });
  const srv = await startHTTPServer(binary, args, env);
  const conn = await connect({ url: srv.url });
  const close = conn.close;
  conn.close = async () => { await close(); srv.stop(); };
  return conn;
}

// ---------------------------------------------------------------- helpers

async function call(conn, name, args, options) {
  return conn.client.callTool({ name, arguments: args }, undefined, options);
}

// ok checks a successful result: not an error, structuredContent present
// (the SDK already validated it against the outputSchema), text present.
function ok(res, name, { sandbox = true } = {}) {
  check(res && !res.isError, `${name} returned isError: ${oneLine(res?.content?.[0]?.text)}`);
  check(res.structuredContent && typeof res.structuredContent === "object", `${name}: no structuredContent`);
  const text = res.content?.[0]?.text ?? "";
  check(res.content?.[0]?.type === "text" && text.length > 0, `${name}: no text content`);
  if (sandbox) check(text.startsWith(SANDBOX_MARK), `${name}: text does not start with "${SANDBOX_MARK}"`);
  return res.structuredContent;
}

// parseDetails reads "Details: kind=x, a=b, ..." into an object of strings.
function parseDetails(lastLine) {
  check(lastLine.startsWith("Details: "), `last text line is not "Details: ...": ${JSON.stringify(lastLine)}`);
  const out = {};
  for (const part of lastLine.slice("Details: ".length).split(", ")) {
    const eq = part.indexOf("=");
    check(eq > 0, `Details part ${JSON.stringify(part)} is not name=value`);
    out[part.slice(0, eq)] = part.slice(eq + 1);
  }
  check(Object.keys(out)[0] === "kind", `Details does not start with kind=: ${JSON.stringify(lastLine)}`);
  return out;
}

// expectToolError asserts the error-result contract and the expected facts;
// it returns a short description for the PASS line.
function expectToolError(res, want) {
  check(res && typeof res === "object", "no result");
  check(res.isError === true, `isError is ${JSON.stringify(res.isError)}, want true; text: ${oneLine(res.content?.[0]?.text)}`);
  check(!("structuredContent" in res), `an error result carries structuredContent: ${oneLine(JSON.stringify(res.structuredContent))}`);
  const c0 = res.content?.[0];
  check(c0?.type === "text" && typeof c0.text === "string", "content[0] is not text");
  const lines = c0.text.trimEnd().split("\n");
  const details = parseDetails(lines[lines.length - 1]);
  const explanation = lines.slice(0, -1).filter((l) => !l.startsWith(SANDBOX_MARK)).join(" ").trim();
  check(explanation.length >= 20, `no human explanation above the Details line: ${JSON.stringify(c0.text)}`);

  const meta = res._meta?.[ERROR_META_KEY];
  check(meta && typeof meta === "object" && !Array.isArray(meta), `_meta["${ERROR_META_KEY}"] is missing or not an object`);
  check(ERROR_KINDS.includes(meta.kind), `_meta kind ${JSON.stringify(meta.kind)} is not one of ${ERROR_KINDS.join(", ")}`);
  check(typeof meta.message === "string" && meta.message.length > 0, "_meta message is missing");
  check(typeof meta.safe_to_retry === "boolean", "_meta safe_to_retry is not a bool");
  check(typeof meta.sent_to_heygen === "boolean", "_meta sent_to_heygen is not a bool");
  for (const [k, type] of Object.entries({ http_status: "number", retry_after_seconds: "number", code: "string",
    param: "string", doc_url: "string", request_id: "string" })) {
    check(meta[k] === undefined || typeof meta[k] === type, `_meta ${k} is not a ${type}`);
  }
  const allowed = new Set(["kind", "message", "http_status", "code", "param", "doc_url", "request_id",
    "retry_after_seconds", "safe_to_retry", "sent_to_heygen"]);
  for (const k of Object.keys(meta)) check(allowed.has(k), `_meta has an unexpected field ${k}`);

  // The text's Details line and _meta carry the same facts.
  for (const k of ["kind", "safe_to_retry", "sent_to_heygen"]) check(k in details, `Details line lacks ${k}`);
  for (const k of ["http_status", "code", "param", "request_id", "retry_after_seconds"]) {
    if (meta[k] !== undefined) check(k in details, `_meta has ${k}=${meta[k]} but the Details line does not`);
  }
  for (const [k, v] of Object.entries(details)) {
    check(k in meta, `Details has ${k}=${v} but _meta does not`);
    check(String(meta[k]) === v, `Details ${k}=${v} but _meta ${k}=${JSON.stringify(meta[k])}`);
  }

  for (const [k, v] of Object.entries(want)) {
    if (k === "textIncludes") {
      for (const s of v) check(c0.text.includes(s), `text does not mention ${JSON.stringify(s)}: ${oneLine(c0.text)}`);
    } else if (v instanceof RegExp) {
      check(v.test(String(meta[k] ?? "")), `_meta ${k}=${JSON.stringify(meta[k])} does not match ${v}`);
    } else {
      check(meta[k] === v, `_meta ${k}=${JSON.stringify(meta[k])}, want ${JSON.stringify(v)}`);
    }
  }
  return `${lines[lines.length - 1]}`;
}

// waitUntil loops wait_for_video (short timeouts: the server answers with a
// fresh fetch at the start of each call) until stop(result) or done.
async function waitLoop(conn, sessionID, { onprogress, stop = () => false, limitMs = 45000 } = {}) {
  const deadline = Date.now() + limitMs;
  let last;
  for (let i = 1; Date.now() < deadline; i++) {
    const res = await call(conn, "wait_for_video", { session_id: sessionID, timeout_seconds: 1 },
      { onprogress, resetTimeoutOnProgress: true, timeout: 30000 });
    last = ok(res, "wait_for_video");
    if (last.done || stop(last)) return { result: last, calls: i };
  }
  throw new Check(`wait_for_video not done within ${limitMs / 1000} s; last: ${oneLine(JSON.stringify(last))}`);
}

async function checkVideoFile(url) {
  if (url.startsWith("file://")) {
    const st = fs.statSync(fileURLToPath(url));
    check(st.isFile() && st.size > 0, `${url} is not a non-empty file`);
    return `${st.size} B file`;
  }
  const r = await fetch(url);
  check(r.ok, `GET ${url}: HTTP ${r.status}`);
  const body = Buffer.from(await r.arrayBuffer());
  check(body.length > 0, `GET ${url}: empty body`);
  return `${body.length} B served as ${r.headers.get("content-type")}`;
}

// ---------------------------------------------------------------- fake HeyGen

// A tiny HeyGen stand-in on 127.0.0.1 answering HeyGen's error shape with an
// X-Request-Id (the header heygen/client.go reads). Routes:
//   GET  /v3/users/me                   -> 429 + Retry-After: 1 (get_account; the client retries 429)
//   POST /v3/video-agents/sess_fake5xx  -> 500 (send_message: a POST, never retried on 5xx)
//   GET  /v3/video-agents/sess_badreply -> 200 text/html, not JSON (get_session)
//   anything else                       -> 404 not_found
function startFakeHeyGen() {
  const seen = {};
  let keyless = 0;
  let n = 0;
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const key = `${req.method} ${path}`;
    seen[key] = (seen[key] ?? 0) + 1;
    if (req.headers["x-api-key"] !== FAKE_KEY) keyless++;
    req.resume();
    req.on("end", () => {
      const rid = `req_fake_${++n}`;
      const send = (status, body, headers = {}) => {
        res.writeHead(status, { "X-Request-Id": rid, ...headers });
        res.end(body);
      };
      const err = (status, code, message, param, extra) => send(status,
        JSON.stringify({ error: { code, message, param, doc_url: `https://developers.heygen.com/docs/error-codes#${code}` } }),
        { "Content-Type": "application/json", ...extra });
      if (key === "GET /v3/users/me") {
        return err(429, "rate_limit_exceeded", "Too many requests (fake upstream)", null, { "Retry-After": "1" });
      }
      if (key === "POST /v3/video-agents/sess_fake5xx") {
        return err(500, "internal_error", "The Video Agent had an internal error (fake upstream)", null);
      }
      if (key === "GET /v3/video-agents/sess_badreply") {
        return send(200, "<html><body><h1>502 Bad Gateway</h1>a proxy page, not JSON</body></html>",
          { "Content-Type": "text/html; charset=utf-8" });
      }
      return err(404, "not_found", `No route ${key} (fake upstream)`, null);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      seen: (k) => seen[k] ?? 0,
      keyless: () => keyless,
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
    }));
  });
}

// ---------------------------------------------------------------- scenarios

const sandboxArgs = ["--sandbox", "--sandbox-speed", opts.speed];
const state = {};

async function run() {
  const started = Date.now();
  console.log(`== ${TAG}: @modelcontextprotocol/sdk client against ${opts.stdio ?? opts.http} (sandbox speed ${MODE === "stdio" ? opts.speed : "set by the runner"})`);
  const main = MODE === "stdio" ? await connect({ binary: opts.binary, args: sandboxArgs }) : await connect({ url: opts.http });
  const progress = { count: 0, messages: [] };
  const onprogress = (p) => { progress.count++; progress.messages.push(p.message); };

  try {
    // 1. listTools first, as real clients do: it turns outputSchema validation on.
    // The expected names come from the tool snapshots (common.mjs).
    await scenario(`1 listTools: ${EXPECTED_TOOLS.length} tools with input and output schemas`, 20000, async () => {
      const { tools } = await main.client.listTools();
      const names = tools.map((t) => t.name).sort();
      const want = EXPECTED_TOOLS;
      check(JSON.stringify(names) === JSON.stringify(want),
        `tools differ from the tool snapshots (tools/testdata/toolsnaps): got [${names.join(", ")}], want [${want.join(", ")}]`);
      for (const t of tools) {
        check(t.inputSchema?.type === "object", `${t.name}: inputSchema is not an object schema`);
        check(t.outputSchema?.type === "object", `${t.name}: no outputSchema of type object`);
      }
      return `${tools.length} tools, each with inputSchema and outputSchema`;
    });

    // 2. The core flow to a finished video (generate mode).
    await scenario("2 generate flow: get_account, list_styles, create_video, wait_for_video (progress), get_session, get_video", 60000, async () => {
      const acct = ok(await call(main, "get_account", {}), "get_account");
      check(acct.email || acct.username, "get_account: no email or username");
      const styles = ok(await call(main, "list_styles", {}), "list_styles");
      check(Array.isArray(styles.styles) && styles.styles.length > 0, "list_styles: no styles");
      const created = ok(await call(main, "create_video", { prompt: "A 30-second explainer of the heygen-mcp real-client suite." }), "create_video");
      check(/^sess_/.test(created.session_id ?? ""), `create_video: session_id ${JSON.stringify(created.session_id)}`);
      state.sessionID = created.session_id;
      const { result, calls } = await waitLoop(main, created.session_id, { onprogress });
      check(result.status === "completed" && result.video_url, `wait_for_video ended with status ${result.status}, video_url ${result.video_url}`);
      const late = main.lateProgress.length;
      check(progress.count > 0 || late > 0, `no progress notification arrived in ${calls} wait_for_video calls`);
      const sess = ok(await call(main, "get_session", { session_id: created.session_id }), "get_session");
      check(sess.status === "completed" && sess.video_id === result.video_id,
        `get_session: status ${sess.status}, video_id ${sess.video_id} (want completed, ${result.video_id})`);
      const vid = ok(await call(main, "get_video", { video_id: sess.video_id }), "get_video");
      check(vid.status === "completed" && vid.video_url, `get_video: status ${vid.status}, video_url ${vid.video_url}`);
      const file = await checkVideoFile(vid.video_url);
      const lateNote = late ? ` (+${late} that arrived after their call's result, so the SDK could not route them)` : "";
      return `${created.session_id} completed after ${calls} wait_for_video call(s); ${progress.count} progress notification(s) during the calls${lateNote}; video_url ${vid.video_url} (${file})`;
    });

    // 3. Chat mode: the agent asks, the model answers with send_message.
    await scenario("3 chat flow: needs_input question, send_message, completed video", 60000, async () => {
      const created = ok(await call(main, "create_video", { prompt: "A short welcome video for new engineers.", mode: "chat" }), "create_video");
      check(created.mode === "chat", `create_video: mode ${created.mode}`);
      const sid = created.session_id;
      const asked = [];
      let result;
      for (let round = 0; ; round++) {
        ({ result } = await waitLoop(main, sid, { stop: (r) => r.needs_input }));
        if (result.done) break;
        check(result.needs_input === true && typeof result.question === "string" && result.question.length > 0,
          `needs_input without a question: ${oneLine(JSON.stringify(result))}`);
        check(round < 4, `still asking after ${round} answers: ${result.question}`);
        asked.push(result.question);
        const answer = round === 0 ? "You pick the voice." : "approve";
        const sent = ok(await call(main, "send_message", { session_id: sid, message: answer }), "send_message");
        check(sent.session_id === sid, `send_message: session_id ${sent.session_id}`);
      }
      check(asked.length >= 1, "the chat session finished without asking a question (needs_input never seen)");
      check(result.status === "completed" && result.video_url, `chat session ended with status ${result.status}, video_url ${result.video_url}`);
      return `${sid}: ${asked.length} question(s) answered with send_message (first: ${JSON.stringify(asked[0].slice(0, 60))}…), video ${result.video_id} completed`;
    });

    // 4. Every error kind as a clear tool error: the TS client must not throw.
    await errorScenarios(main);

    // 5. Resources: read, subscribe, updated notifications.
    await scenario("5 resources: read heygen://sessions/{id}, subscribe, notifications/resources/updated", 60000, async () => {
      check(main.client.getServerCapabilities()?.resources?.subscribe === true, "server does not declare resources.subscribe");
      check(state.sessionID, "no session from scenario 2 to read");
      const read = await main.client.readResource({ uri: `heygen://sessions/${state.sessionID}` });
      const c0 = read.contents?.[0];
      check(c0?.uri === `heygen://sessions/${state.sessionID}` && c0.mimeType === "application/json", `read: ${oneLine(JSON.stringify(c0))}`);
      const doc = JSON.parse(c0.text);
      check(doc.session_id === state.sessionID && doc.status === "completed" && doc.video_id,
        `read: session ${doc.session_id} status ${doc.status} video_id ${doc.video_id}`);

      if (main.getStreamOpen) {
        await withTimeout(main.getStreamOpen, 10000, "the standalone GET stream (server-to-client notifications)");
      }
      const created = ok(await call(main, "create_video", { prompt: "A subscription test video." }), "create_video");
      const uri = `heygen://sessions/${created.session_id}`;
      const updates = [];
      let notify;
      main.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
        if (n.params.uri === uri) { updates.push(Date.now()); notify?.(); }
      });
      await main.client.subscribeResource({ uri });
      const { result } = await waitLoop(main, created.session_id);
      check(result.status === "completed", `subscribed session ended with ${result.status}`);
      if (updates.length === 0) {
        await withTimeout(new Promise((r) => { notify = r; }), 15000, `a notifications/resources/updated for ${uri}`);
      }
      const after = JSON.parse((await main.client.readResource({ uri })).contents[0].text);
      check(after.status === "completed", `re-read after the update: status ${after.status}`);
      await main.client.unsubscribeResource({ uri });
      return `read ${state.sessionID} (completed); ${updates.length} notifications/resources/updated for ${uri}; re-read shows completed`;
    });

    // 6. Every tool outside the default toolset, end to end on a server with
    // --toolsets all: creates first, then reads and waits, deletes last; the
    // ids each result returns fill the next calls' example ids.
    await scenario("6 --toolsets all: every tool outside video_agent, called with its example", 180000, async () => {
      check(opts.binary, "needs --binary to start a --toolsets all server (the runner passes it)");
      const c = await openServer(opts.binary, [...sandboxArgs, "--toolsets", "all"], {});
      try {
        return await walkToolsets(c);
      } finally {
        await c.close().catch(() => {});
      }
    });

    // 7. --dynamic-toolsets: enable_toolset adds a toolset's tools and the
    // client hears notifications/tools/list_changed.
    await scenario("7 --dynamic-toolsets: enable_toolset, notifications/tools/list_changed, the new tools listed", 60000, async () => {
      check(opts.binary, "needs --binary to start a --dynamic-toolsets server (the runner passes it)");
      const c = await openServer(opts.binary, [...sandboxArgs, "--dynamic-toolsets"], {});
      try {
        let changed = 0;
        c.client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed++; });
        const before = new Set((await c.client.listTools()).tools.map((t) => t.name));
        check(before.has("enable_toolset") && before.has("list_toolsets"), `listed: ${[...before].join(", ")}`);
        const target = REGISTRY.tools.find((t) => !t.toolsets.some((ts) => REGISTRY.default_toolsets.includes(ts) || ts === "dynamic"));
        check(target, "the registry has no tool outside the default toolsets");
        const toolset = target.toolsets[0];
        const res = await c.client.callTool({ name: "enable_toolset", arguments: { toolset } });
        check(!res.isError, `enable_toolset ${toolset}: ${oneLine(res.content?.[0]?.text ?? "")}`);
        const added = res.structuredContent?.added ?? [];
        check(added.includes(target.name), `enable_toolset ${toolset} added [${added.join(", ")}], not ${target.name}`);
        for (let i = 0; i < 50 && changed === 0; i++) await sleep(100);
        check(changed > 0, "no notifications/tools/list_changed within 5 s");
        const after = new Set((await c.client.listTools()).tools.map((t) => t.name));
        const missing = added.filter((n) => !after.has(n));
        check(missing.length === 0, `listed after enabling: missing ${missing.join(", ")}`);
        return `enable_toolset ${toolset}: ${added.length} tool(s) added (${added.join(", ")}), ${changed} list_changed, listed`;
      } finally {
        await c.close().catch(() => {});
      }
    });
  } finally {
    if (main.otherErrors.length) console.log(`note [${TAG}]: client errors: ${oneLine(main.otherErrors.join(" | "))}`);
    await main.close().catch(() => {});
  }
  console.log(`== ${TAG}: ${report.passes} passed, ${report.failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// walkToolsets calls every tool whose toolsets do not include the default
// one, with its registry example: creates first, then reads (waits included),
// destructive tools last. Ids ("*_id" fields) of each result replace the
// example ids ("..._abc123") of later calls with the same argument name.
async function walkToolsets(c) {
  await c.client.listTools(); // as a client does: the SDK then checks every structuredContent
  const walk = REGISTRY.tools.filter((t) => !t.toolsets.some((ts) => ts === "video_agent" || ts === "dynamic"));
  check(walk.length > 0, "the registry has no tool outside the video_agent toolset");
  const phase = (t) => (t.destructive ? 2 : t.read_only ? 1 : 0);
  walk.sort((a, b) => phase(a) - phase(b));
  const ids = {};
  const harvest = (v, depth = 0) => {
    if (!v || typeof v !== "object" || depth > 2) return;
    if (Array.isArray(v)) { harvest(v[0], depth + 1); return; }
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === "string" && x !== "" && k.endsWith("_id") && !(k in ids)) ids[k] = x;
      else if (x && typeof x === "object") harvest(x, depth + 1);
    }
  };
  const done = [];
  for (const t of walk) {
    const args = {};
    for (const [k, v] of Object.entries(t.example)) {
      args[k] = typeof v === "string" && v.includes("_abc123") && ids[k] ? ids[k] : v;
    }
    if ("timeout_seconds" in args) args.timeout_seconds = 60;
    const res = await c.client.callTool({ name: t.name, arguments: args }, undefined, { timeout: 90000 });
    const text = res.content?.find((x) => x.type === "text")?.text ?? "";
    check(!res.isError, `${t.name}(${oneLine(JSON.stringify(args))}) failed: ${oneLine(text).slice(0, 400)}`);
    check(text.startsWith(SANDBOX_MARK), `${t.name}: the text does not start with the sandbox notice`);
    if (t.name.startsWith("wait_for_")) {
      check(res.structuredContent?.done === true, `${t.name}: not done after its wait: ${oneLine(text).slice(0, 300)}`);
    }
    harvest(res.structuredContent);
    done.push(t.name);
  }
  return `${done.length} tools: ${done.join(", ")}`;
}

async function errorScenarios(main) {
  const bin = opts.binary;
  const need = (what) => check(bin, `needs --binary to start ${what} (the runner passes it)`);
  let fake;
  const extra = [];
  const cases = [
    ["4a error invalid_argument: unknown argument (get_session {bogus:1})", async () =>
      expectToolError(await call(main, "get_session", { bogus: 1 }),
        { kind: "invalid_argument", param: "bogus", sent_to_heygen: false, textIncludes: ["bogus"] })],
    ["4b error invalid_argument: missing required argument (get_session {})", async () =>
      expectToolError(await call(main, "get_session", {}),
        { kind: "invalid_argument", param: "session_id", sent_to_heygen: false, textIncludes: ["session_id"] })],
    ["4c error heygen_api 404 (get_session sess_doesnotexist, sandbox)", async () =>
      expectToolError(await call(main, "get_session", { session_id: "sess_doesnotexist" }),
        { kind: "heygen_api", http_status: 404, code: "not_found", safe_to_retry: true, sent_to_heygen: true,
          request_id: /./, textIncludes: ["404"] })],
    ["4d error no_api_key (no --sandbox, no HEYGEN_API_KEY)", async () => {
      need("a keyless server");
      const c = await openServer(bin, [], {});
      extra.push(c);
      await c.client.listTools();
      return expectToolError(await call(c, "get_account", {}),
        { kind: "no_api_key", sent_to_heygen: false, textIncludes: ["HEYGEN_API_KEY"] });
    }],
    ["4e error heygen_api 5xx (send_message, real mode against a fake upstream)", async () => {
      need("a real-mode server");
      const c = await realServer();
      const d = expectToolError(await call(c, "send_message", { session_id: "sess_fake5xx", message: "hello" }),
        { kind: "heygen_api", http_status: 500, code: "internal_error", request_id: /^req_fake_\d+$/,
          safe_to_retry: false, sent_to_heygen: true, textIncludes: ["500", "internal error (fake upstream)"] });
      const n = fake.seen("POST /v3/video-agents/sess_fake5xx");
      check(n === 1, `the fake upstream saw ${n} POSTs, want 1 (send_message is never retried on 5xx)`);
      return `${d} (1 POST, not retried)`;
    }],
    ["4f error heygen_api 429 with Retry-After (get_account, real mode against a fake upstream)", async () => {
      need("a real-mode server");
      const c = await realServer();
      const d = expectToolError(await call(c, "get_account", {}),
        { kind: "heygen_api", http_status: 429, code: "rate_limit_exceeded", retry_after_seconds: 1,
          request_id: /^req_fake_\d+$/, safe_to_retry: true, sent_to_heygen: true, textIncludes: ["429"] });
      return `${d} (${fake.seen("GET /v3/users/me")} GETs: the client honoured Retry-After and retried)`;
    }],
    ["4g error heygen_unreachable (HEYGEN_BASE_URL on a closed port)", async () => {
      need("a real-mode server");
      const port = await freePort();
      const c = await openServer(bin, [], { HEYGEN_API_KEY: FAKE_KEY, HEYGEN_BASE_URL: `http://127.0.0.1:${port}` });
      extra.push(c);
      await c.client.listTools();
      return expectToolError(await call(c, "get_account", {}, { timeout: 45000 }),
        { kind: "heygen_unreachable", textIncludes: ["could not be reached"] });
    }],
    ["4h error heygen_bad_reply (2xx with an HTML body; get_session, real mode against a fake upstream)", async () => {
      need("a real-mode server");
      const c = await realServer();
      return expectToolError(await call(c, "get_session", { session_id: "sess_badreply" }),
        { kind: "heygen_bad_reply", sent_to_heygen: true, textIncludes: ["could not be read"] });
    }],
  ];
  // One real-mode server against the fake upstream serves 4e, 4f and 4h.
  let real;
  const realServer = () => (real ??= (async () => {
    fake = await startFakeHeyGen();
    const c = await openServer(bin, [], { HEYGEN_API_KEY: FAKE_KEY, HEYGEN_BASE_URL: fake.url });
    extra.push(c);
    await c.client.listTools();
    return c;
  })());

  // The cases are independent: run them at once (the retried ones take
  // seconds of backoff), then report in order.
  const outcomes = await Promise.all(cases.map(async ([name, fn]) => {
    try {
      return [name, true, await withTimeout(fn(), 60000, name)];
    } catch (e) {
      return [name, false, errText(e)];
    }
  }));
  for (const [name, good, detail] of outcomes) line(good, name, detail);
  if (fake) {
    line(fake.keyless() === 0, "4i real mode sends the key", fake.keyless() === 0
      ? "every request to the fake upstream carried the configured X-Api-Key"
      : `${fake.keyless()} request(s) reached the fake upstream without the configured X-Api-Key`);
  }
  await Promise.all(extra.map((c) => c.close().catch(() => {})));
  await fake?.close();
}

const hardStop = setTimeout(() => {
  console.log(`FAIL [${TAG}] suite: still running after 240 s; giving up`);
  killChildren();
  process.exit(1);
}, 240000);
hardStop.unref();

run().then(
  () => { killChildren(); process.exit(report.failures > 0 || report.passes === 0 ? 1 : 0); },
  (e) => { console.log(`FAIL [${TAG}] suite: ${errText(e)}`); killChildren(); process.exit(1); },
);
