#!/usr/bin/env node
// Real-client suite, part 2: the official MCP Inspector CLI (the pinned local
// install, `npx --no-install inspector --cli`) against the BUILT heygen-mcp.
//
//   node inspector.mjs --stdio <binary> [--speed <n>]   # the CLI spawns <binary> --sandbox per call
//   node inspector.mjs --http <url>                     # a running --sandbox --transport http server
//
// The CLI makes one call per process. Over stdio every call therefore meets a
// fresh server (and a fresh sandbox), so the steps that need a session from an
// earlier call (resources/read of it, the wait_for_video loop) run over HTTP;
// over stdio a finished video comes from one create_video with wait_seconds,
// and resources/read reads heygen://styles.
//
// Each step prints one PASS/FAIL line; the exit code is 1 on any failure.

import { spawn } from "node:child_process";

import {
  Check, check, envWithoutHeygen, ERROR_KINDS, ERROR_META_KEY, EXPECTED_TOOLS, HERE, oneLine, parseArgs, reporter,
} from "./common.mjs";

const { opts, MODE, TAG } = parseArgs({
  prog: "inspector",
  synopsis: "node inspector.mjs --stdio <binary> [--speed <n>] | --http <url>",
  tagPrefix: "inspector",
});

// What a schema complaint looks like, from the SDK (-32602) or from the
// Inspector's own validator (ajv: "data must have required property ...").
const SCHEMA_COMPLAINT = /-32602|output schema|must have required property|must NOT have additional properties/i;

const report = reporter(TAG);
const { line } = report;
async function step(name, fn) {
  try {
    line(true, name, await fn());
  } catch (e) {
    line(false, name, e instanceof Check ? e.message : `threw: ${e?.stack ?? e}`);
  }
}

// inspector runs one CLI call and returns {code, stdout, stderr, json}.
// --format json: one JSON object on stdout ({"result": ...}) and, on failure,
// an error envelope on stderr ({"error": {...}}); -q keeps the server's own
// stderr out of it.
const running = new Set();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    for (const c of running) c.kill("SIGTERM");
    process.exit(130);
  });
}

function inspector(args, timeoutMs = 60000) {
  const target = MODE === "stdio"
    ? ["-e", "HEYGEN_LOG_LEVEL=warn", ...args, "--", opts.stdio, "--sandbox", "--sandbox-speed", opts.speed]
    // Each CLI call is a new MCP session; a keyless sandbox client over HTTP gets
    // a simulated account per session, so the calls share one by sending a key
    // (any value names a sandbox account).
    : [opts.http, "--transport", "http", "--header", "X-Api-Key: realclients-inspector", ...args];
  const argv = ["--no-install", "inspector", "--cli", "--format", "json", "-q", ...target];
  return new Promise((resolve, reject) => {
    const child = spawn("npx", argv, { cwd: HERE, env: envWithoutHeygen(), stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    const t = setTimeout(() => { child.kill("SIGKILL"); reject(new Check(`inspector ${args.join(" ")}: no exit within ${timeoutMs / 1000} s`)); }, timeoutMs);
    child.on("error", (e) => { clearTimeout(t); reject(e); });
    child.on("close", (code) => {
      running.delete(child);
      clearTimeout(t);
      let json;
      try { json = JSON.parse(stdout); } catch { /* checked by the caller */ }
      let errEnv;
      try { errEnv = JSON.parse(stderr.trim().split("\n").pop() || "null"); } catch { /* not JSON */ }
      resolve({ code, stdout, stderr, json, errEnv, cmd: `npx ${argv.join(" ")}` });
    });
  });
}

// okResult checks a successful tools/call and returns its structuredContent.
function okResult(r, what) {
  check(r.code === 0, `${what}: exit ${r.code}; stderr: ${oneLine(r.stderr)}`);
  const res = r.json?.result;
  check(res && !res.isError, `${what}: not a successful result: ${oneLine(r.stdout)}`);
  check(res.structuredContent && typeof res.structuredContent === "object", `${what}: no structuredContent`);
  check(res.content?.[0]?.type === "text", `${what}: no text content`);
  return res.structuredContent;
}

function toolCall(name, args) {
  return inspector(["--method", "tools/call", "--tool-name", name, "--tool-args-json", JSON.stringify(args)]);
}

async function run() {
  const started = Date.now();
  console.log(`== ${TAG}: MCP Inspector CLI against ${opts.stdio ?? opts.http}`);
  let sessionID;

  // The expected names come from the tool snapshots (common.mjs).
  await step(`tools/list: ${EXPECTED_TOOLS.length} tools with output schemas`, async () => {
    const r = await inspector(["--method", "tools/list"]);
    check(r.code === 0, `exit ${r.code}; stderr: ${oneLine(r.stderr)}`);
    const tools = r.json?.result?.tools;
    check(Array.isArray(tools), `no tools in ${oneLine(r.stdout)}`);
    const names = tools.map((t) => t.name).sort();
    const want = EXPECTED_TOOLS;
    check(JSON.stringify(names) === JSON.stringify(want), `got [${names.join(", ")}], want [${want.join(", ")}]`);
    const noOut = tools.filter((t) => t.outputSchema?.type !== "object").map((t) => t.name);
    check(noOut.length === 0, `tools without an object outputSchema: ${noOut.join(", ")}`);
    return `${tools.length} tools`;
  });

  await step("tools/call create_video (--tool-arg prompt=...)", async () => {
    const r = await inspector(["--method", "tools/call", "--tool-name", "create_video",
      "--tool-arg", "prompt=A short video made by the MCP Inspector CLI"]);
    const sc = okResult(r, "create_video");
    check(/^sess_/.test(sc.session_id ?? ""), `session_id ${JSON.stringify(sc.session_id)}`);
    sessionID = sc.session_id;
    return `session ${sessionID}, status ${sc.status}`;
  });

  await step("tools/call get_session sess_doesnotexist: exit 5 with our error, not a schema complaint", async () => {
    const r = await inspector(["--method", "tools/call", "--tool-name", "get_session", "--tool-arg", "session_id=sess_doesnotexist"]);
    check(!SCHEMA_COMPLAINT.test(r.stdout + r.stderr), `exit ${r.code} and a schema complaint instead of the tool's error: ${oneLine(r.stderr || r.stdout)}`);
    check(r.code === 5, `exit ${r.code}, want 5 (the CLI's code for isError); stderr: ${oneLine(r.stderr)}`);
    check(r.errEnv?.error?.code === "tool_is_error", `stderr envelope ${oneLine(r.stderr)}, want {"error":{"code":"tool_is_error",...}}`);
    const res = r.json?.result;
    check(res?.isError === true, `stdout result is not isError: ${oneLine(r.stdout)}`);
    check(!("structuredContent" in res), `the error result carries structuredContent: ${oneLine(JSON.stringify(res.structuredContent))}`);
    const text = res.content?.[0]?.text ?? "";
    const last = text.trimEnd().split("\n").pop();
    check(last.startsWith("Details: kind=heygen_api, http_status=404, code=not_found"), `last text line: ${JSON.stringify(last)}`);
    check(/safe_to_retry=true/.test(last) && /sent_to_heygen=true/.test(last), `Details line lacks safe_to_retry/sent_to_heygen: ${last}`);
    check(text.includes("HeyGen returned HTTP 404"), `text does not explain the 404: ${oneLine(text)}`);
    const meta = res._meta?.[ERROR_META_KEY];
    check(meta && ERROR_KINDS.includes(meta.kind), `_meta["${ERROR_META_KEY}"]: ${oneLine(JSON.stringify(res._meta))}`);
    check(meta.kind === "heygen_api" && meta.http_status === 404 && meta.code === "not_found" &&
      meta.safe_to_retry === true && meta.sent_to_heygen === true && typeof meta.message === "string",
    `_meta facts: ${oneLine(JSON.stringify(meta))}`);
    return `exit 5, stderr ${oneLine(r.stderr)}; ${last}`;
  });

  if (MODE === "http") {
    await step(`resources/read heygen://sessions/{id}`, async () => {
      check(sessionID, "no session from create_video");
      const r = await inspector(["--method", "resources/read", "--uri", `heygen://sessions/${sessionID}`]);
      check(r.code === 0, `exit ${r.code}; stderr: ${oneLine(r.stderr)}`);
      const c0 = r.json?.result?.contents?.[0];
      check(c0?.mimeType === "application/json", `contents: ${oneLine(r.stdout)}`);
      const doc = JSON.parse(c0.text);
      check(doc.session_id === sessionID && typeof doc.status === "string", `session document: ${oneLine(c0.text)}`);
      return `${sessionID}: status ${doc.status}`;
    });

    // A chat-mode session makes the loop real: the agent pauses with a
    // question, which the CLI answers with send_message, then renders.
    await step("tools/call wait_for_video, once per process, until done (chat mode, answered with send_message)", async () => {
      const created = okResult(await inspector(["--method", "tools/call", "--tool-name", "create_video",
        "--tool-arg", "prompt=A chat-mode video made by the MCP Inspector CLI", "mode=chat"]), "create_video");
      const sid = created.session_id;
      check(created.mode === "chat", `create_video: mode ${created.mode}`);
      const deadline = Date.now() + 90000;
      let answers = 0;
      for (let calls = 1; Date.now() < deadline; calls++) {
        const r = await inspector(["--method", "tools/call", "--tool-name", "wait_for_video",
          "--tool-arg", `session_id=${sid}`, "timeout_seconds=1"]);
        const sc = okResult(r, "wait_for_video");
        if (sc.done) {
          check(sc.status === "completed" && sc.video_url, `done with status ${sc.status}, video_url ${sc.video_url}`);
          check(answers >= 1, "the chat session never asked a question");
          const again = await inspector(["--method", "resources/read", "--uri", `heygen://sessions/${sid}`]);
          const doc = JSON.parse(again.json?.result?.contents?.[0]?.text ?? "{}");
          check(doc.status === "completed", `resources/read after done: status ${doc.status}`);
          return `${sid} completed after ${calls} wait_for_video call(s) and ${answers} send_message call(s): ${sc.video_url}; resources/read now says completed`;
        }
        if (sc.needs_input) {
          check(sc.question, "needs_input without a question");
          check(answers < 4, `still asking after ${answers} answers`);
          const sent = await inspector(["--method", "tools/call", "--tool-name", "send_message",
            "--tool-arg", `session_id=${sid}`, `message=${answers === 0 ? "You pick the voice." : "approve"}`]);
          okResult(sent, "send_message");
          answers++;
        }
      }
      throw new Check("not done within 90 s");
    });
  } else {
    await step("resources/read heygen://styles (each stdio call is a fresh server: no session survives)", async () => {
      const r = await inspector(["--method", "resources/read", "--uri", "heygen://styles"]);
      check(r.code === 0, `exit ${r.code}; stderr: ${oneLine(r.stderr)}`);
      const c0 = r.json?.result?.contents?.[0];
      check(c0?.uri === "heygen://styles" && c0.mimeType === "application/json", `contents: ${oneLine(r.stdout)}`);
      const n = JSON.parse(c0.text).styles?.length ?? 0;
      check(n > 0, "no styles");
      return `${n} styles`;
    });

    await step("tools/call create_video with wait_seconds: a finished video in one stdio call", async () => {
      const r = await toolCall("create_video", { prompt: "A finished video in one Inspector call", wait_seconds: 40 });
      const sc = okResult(r, "create_video");
      check(sc.wait?.done === true && sc.wait?.status === "completed" && sc.wait?.video_url,
        `wait: ${oneLine(JSON.stringify(sc.wait))}`);
      return `${sc.session_id}: completed, ${sc.wait.video_url}`;
    });
  }

  console.log(`== ${TAG}: ${report.passes} passed, ${report.failures} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

run().then(
  () => process.exit(report.failures > 0 || report.passes === 0 ? 1 : 0),
  (e) => { console.log(`FAIL [${TAG}] suite: ${e?.stack ?? e}`); process.exit(1); },
);
