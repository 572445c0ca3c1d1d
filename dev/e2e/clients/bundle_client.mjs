#!/usr/bin/env node
// The MCP Bundle as a host runs it: unpack the .mcpb, read its manifest.json,
// resolve the launch config with mcpb's own getMcpConfigForManifest (the
// library the bundle hosts share: platform_overrides, ${__dirname},
// ${user_config.*} with array expansion), start exactly that command, args and
// env, and drive it with the official TypeScript SDK client (the one in Claude
// Desktop) over stdio to a finished video saved into the allowed directory.
//
//   node bundle_client.mjs --bundle <file.mcpb> --version <X.Y.Z> [--speed <n>]
//
// User settings chosen: sandbox on, no API key, one allowed directory. The
// only thing added to the resolved env is HEYGEN_SANDBOX_SPEED (the sandbox
// pace, not a bundle setting), as an inherited variable of the host would be.
// The pinned mcpb comes from scripts/mcpb (scripts/bundle.sh installs it).

import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, getDefaultEnvironment } from "@modelcontextprotocol/sdk/client/stdio.js";

import { check, Check, HERE, oneLine, reporter } from "./common.mjs";

const SANDBOX_MARK = "SIMULATED (sandbox mode)";
const opts = { speed: "50" };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i], v = process.argv[++i];
  if (v === undefined) usage(`${a} needs a value`);
  if (a === "--bundle") opts.bundle = v;
  else if (a === "--version") opts.version = v;
  else if (a === "--speed") opts.speed = v;
  else usage(`unknown argument ${a}`);
}
if (!opts.bundle || !opts.version) usage("--bundle and --version are required");
function usage(msg) {
  console.error(`bundle_client: ${msg}\nusage: node bundle_client.mjs --bundle <file.mcpb> --version <X.Y.Z> [--speed <n>]`);
  process.exit(2);
}

const mcpbEntry = createRequire(path.resolve(HERE, "../../../scripts/mcpb/package.json")).resolve("@anthropic-ai/mcpb");
const { unpackExtension, getMcpConfigForManifest } = await import(pathToFileURL(mcpbEntry).href);

const report = reporter("mcpb-bundle/stdio");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "heygen-mcpb-"));
const extDir = path.join(work, "extension");
const allowed = path.join(work, "allowed dir"); // a space, as in many real paths
fs.mkdirSync(allowed);

async function step(name, fn) {
  try {
    report.line(true, name, await fn());
    return true;
  } catch (e) {
    report.line(false, name, e instanceof Check ? e.message : `threw ${e?.constructor?.name}: ${e?.message ?? e}`);
    return false;
  }
}

function ok(res, name) {
  check(res && !res.isError, `${name} returned isError: ${oneLine(res?.content?.[0]?.text)}`);
  check(res.structuredContent && typeof res.structuredContent === "object", `${name}: no structuredContent`);
  check((res.content?.[0]?.text ?? "").startsWith(SANDBOX_MARK), `${name}: text does not start with "${SANDBOX_MARK}"`);
  return res.structuredContent;
}

let manifest, config, client, stderr = "";
const started = Date.now();
console.log(`== mcpb-bundle/stdio: ${opts.bundle} unpacked and started as its manifest says (sandbox speed ${opts.speed})`);
try {
  const unpacked = await step("1 unpack with mcpb; manifest.json names this version and an executable binary", async () => {
    check(await unpackExtension({ mcpbPath: opts.bundle, outputDir: extDir, silent: true }), `mcpb could not unpack ${opts.bundle}`);
    manifest = JSON.parse(fs.readFileSync(path.join(extDir, "manifest.json"), "utf8"));
    check(manifest.version === opts.version, `manifest version ${manifest.version}, want ${opts.version}`);
    check(manifest.server?.type === "binary", `server.type ${manifest.server?.type}, want binary`);
    const platforms = manifest.compatibility?.platforms ?? [];
    check(platforms.length === 1 && platforms[0] === process.platform, `compatibility.platforms ${JSON.stringify(platforms)}, want ["${process.platform}"]`);
    const entry = path.join(extDir, manifest.server.entry_point);
    check((fs.statSync(entry).mode & 0o111) !== 0 || process.platform === "win32", `${manifest.server.entry_point} lost its executable bit in the bundle`);
    return `${manifest.name} ${manifest.version}, ${manifest.server.entry_point} (${fs.statSync(entry).size} B)`;
  });
  if (!unpacked) throw new Error("stop");

  await step("2 launch config resolved by mcpb: command in the bundle, dirs after --, key and sandbox in env", async () => {
    config = await getMcpConfigForManifest({
      manifest,
      extensionPath: extDir,
      systemDirs: { HOME: os.homedir(), DESKTOP: path.join(os.homedir(), "Desktop"), DOCUMENTS: path.join(os.homedir(), "Documents"), DOWNLOADS: path.join(os.homedir(), "Downloads") },
      userConfig: { sandbox: true, allowed_directories: [allowed] },
      pathSeparator: path.sep,
    });
    check(config, "mcpb returned no config (a required setting missing?)");
    const exe = process.platform === "win32" ? "heygen-mcp.exe" : "heygen-mcp";
    check(config.command === path.join(extDir, "server", exe) || config.command === `${extDir}/server/${exe}`,
      `command ${config.command}, want ${extDir}/server/${exe}`);
    check(JSON.stringify(config.args) === JSON.stringify(["--", allowed]), `args ${JSON.stringify(config.args)}, want ["--", "${allowed}"]`);
    check(config.env?.HEYGEN_SANDBOX === "true", `env HEYGEN_SANDBOX ${JSON.stringify(config.env?.HEYGEN_SANDBOX)}, want "true"`);
    check(config.env?.HEYGEN_API_KEY === "", `env HEYGEN_API_KEY is ${config.env?.HEYGEN_API_KEY === undefined ? "unset" : "not empty"}, want "" (no key given)`);
    return `${path.relative(extDir, config.command)} ${JSON.stringify(config.args)}, env ${Object.keys(config.env).sort().join(", ")}`;
  });
  if (!config) throw new Error("stop");

  await step("3 TypeScript SDK client over stdio: initialize reports the version; tools listed", async () => {
    const env = { ...getDefaultEnvironment(), ...config.env, HEYGEN_SANDBOX_SPEED: opts.speed };
    for (const k of Object.keys(env)) if (k.startsWith("HEYGEN_") && !(k in config.env) && k !== "HEYGEN_SANDBOX_SPEED") delete env[k];
    const transport = new StdioClientTransport({ command: config.command, args: config.args, env, stderr: "pipe" });
    transport.stderr?.on("data", (d) => { stderr += d; });
    client = new Client({ name: "heygen-mcp-bundle-check", version: "1.0.0" });
    await client.connect(transport);
    const sv = client.getServerVersion();
    check(sv?.name === "heygen-mcp" && sv?.version === opts.version, `serverInfo ${JSON.stringify(sv)}, want heygen-mcp ${opts.version}`);
    const { tools } = await client.listTools();
    for (const n of ["create_video", "wait_for_video", "download_video"]) check(tools.some((t) => t.name === n), `no ${n} tool`);
    return `serverInfo ${sv.name} ${sv.version}, ${tools.length} tools`;
  });
  if (!client) throw new Error("stop");

  await step("4 sandbox video to completion, downloaded into the allowed directory", async () => {
    const created = ok(await client.callTool({ name: "create_video", arguments: { prompt: "A 20-second tour of the heygen-mcp bundle." } }), "create_video");
    let done;
    const deadline = Date.now() + 120000;
    while (Date.now() < deadline) {
      done = ok(await client.callTool({ name: "wait_for_video", arguments: { session_id: created.session_id, timeout_seconds: 5 } },
        undefined, { timeout: 60000 }), "wait_for_video");
      if (done.done) break;
    }
    check(done?.status === "completed" && done.video_id, `session ${created.session_id} ended as ${done?.status}`);
    const saved = ok(await client.callTool({ name: "download_video", arguments: { video_id: done.video_id } }, undefined, { timeout: 60000 }), "download_video");
    const file = saved.files?.find((f) => f.kind === "video");
    check(file, `download_video saved no video: ${oneLine(JSON.stringify(saved))}`);
    check(path.dirname(fs.realpathSync(file.path)) === fs.realpathSync(allowed), `saved to ${file.path}, outside ${allowed}`);
    check(fs.statSync(file.path).size > 0, `${file.path} is empty`);
    return `${created.session_id} -> ${done.video_id}, saved ${path.basename(file.path)} (${fs.statSync(file.path).size} B) in the allowed directory`;
  });
} catch (e) {
  if (e?.message !== "stop") report.line(false, "unexpected", e?.message ?? String(e));
} finally {
  await client?.close().catch(() => {});
  fs.rmSync(work, { recursive: true, force: true });
}
if (report.failures > 0 && stderr) console.log(`server stderr (last 20 lines):\n${stderr.trimEnd().split("\n").slice(-20).join("\n")}`);
console.log(`mcpb-bundle: ${report.passes} passed, ${report.failures} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(report.failures > 0 || report.passes === 0 ? 1 : 0);
