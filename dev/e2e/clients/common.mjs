// Shared by the real-client suite's files (ts_client.mjs, inspector.mjs):
// argument parsing, the expected tool names, the error contract's constants,
// PASS/FAIL reporting and the clean environments for the processes they start.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// HERE is this directory (dev/e2e/clients), the home of both files.
export const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------- arguments

// parseArgs reads --stdio <binary> | --http <url> and --speed <n> (default
// 50), plus --binary <binary> when withBinary is set. prog names the file in
// error messages, synopsis is its usage line and tagPrefix starts TAG
// ("<tagPrefix>/<MODE>"). A bad command line prints the usage and exits 2.
export function parseArgs({ prog, synopsis, tagPrefix, withBinary = false }, argv = process.argv.slice(2)) {
  function usage(msg) {
    if (msg) console.error(`${prog}: ${msg}`);
    console.error(`usage: ${synopsis}`);
    process.exit(2);
  }
  const opts = { speed: "50" };
  const a = argv;
  for (let i = 0; i < a.length; i++) {
    const next = () => a[++i] ?? usage(`${a[i - 1]} needs a value`);
    switch (a[i]) {
      case "--stdio": opts.stdio = next(); break;
      case "--http": opts.http = next(); break;
      case "--binary":
        if (!withBinary) usage(`unknown argument ${a[i]}`);
        opts.binary = next();
        break;
      case "--speed": opts.speed = next(); break;
      default: usage(`unknown argument ${a[i]}`);
    }
  }
  if (!!opts.stdio === !!opts.http) usage("give exactly one of --stdio and --http");
  const MODE = opts.stdio ? "stdio" : "http";
  return { opts, MODE, TAG: `${tagPrefix}/${MODE}` };
}

// ---------------------------------------------------------------- the tools

// TOOLSNAPS_DIR holds the golden snapshot of every tool the Go registry
// defines, one <name>.json per tool, written by TestToolSnapshots in
// tools/definitions_test.go (UPDATE_TOOLSNAPS=1 go test ./tools/).
export const TOOLSNAPS_DIR = path.resolve(HERE, "../../../tools/testdata/toolsnaps");

// REGISTRY_FILE is the Go registry for programs that cannot import it
// (tools/testdata/registry.json, kept equal by TestRegistryFile): the default
// toolsets and, per tool, its toolsets, hints and example arguments.
export const REGISTRY_FILE = path.resolve(HERE, "../../../tools/testdata/registry.json");

export function loadRegistry(file = REGISTRY_FILE) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`the registry file ${file} cannot be read: ${e.message} (UPDATE_TOOLSNAPS=1 go test ./tools/ writes it)`);
  }
  if (!Array.isArray(doc?.tools) || !Array.isArray(doc?.default_toolsets)) {
    throw new Error(`the registry file ${file} has no tools or default_toolsets`);
  }
  return doc;
}

// loadExpectedTools returns the sorted names of the tools a server lists with
// its default toolsets: the snapshots in dir (each file's "name" field, which
// must match its file name) that the registry file puts in a default toolset.
// It throws when the directory is missing or empty, a file is not a tool
// snapshot, or the snapshots and the registry file disagree.
export function loadExpectedTools(dir = TOOLSNAPS_DIR, registry = loadRegistry()) {
  let files;
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (e) {
    throw new Error(`the tool snapshots (${dir}) cannot be read: ${e.message}`);
  }
  if (files.length === 0) {
    throw new Error(`no tool snapshots (*.json) in ${dir}: nothing to compare the server's tools with ` +
      "(UPDATE_TOOLSNAPS=1 go test ./tools/ writes them)");
  }
  const names = files.map((f) => {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    } catch (e) {
      throw new Error(`tool snapshot ${path.join(dir, f)}: ${e.message}`);
    }
    const name = doc?.name;
    if (typeof name !== "string" || name === "") {
      throw new Error(`tool snapshot ${path.join(dir, f)} has no "name" string`);
    }
    if (`${name}.json` !== f) {
      throw new Error(`tool snapshot ${path.join(dir, f)} names the tool ${JSON.stringify(name)}, not ${JSON.stringify(f.slice(0, -5))}`);
    }
    return name;
  });
  const inRegistry = new Set(registry.tools.map((t) => t.name));
  for (const n of names) {
    if (!inRegistry.has(n)) throw new Error(`tool snapshot ${n}.json has no entry in ${REGISTRY_FILE}`);
  }
  const byDefault = new Set(registry.tools
    .filter((t) => t.toolsets.some((ts) => registry.default_toolsets.includes(ts)))
    .map((t) => t.name));
  return names.filter((n) => byDefault.has(n)).sort();
}

// EXPECTED_TOOLS: the tools a client must list, sorted, from the snapshots.
// Loaded when the file is imported: without them the run stops at once with
// a FAIL line (counted by scripts/realclients.sh) and exit code 1.
export const EXPECTED_TOOLS = (() => {
  try {
    return Object.freeze(loadExpectedTools());
  } catch (e) {
    console.log(`FAIL [${path.basename(process.argv[1] ?? "realclients", ".mjs")}] expected tools: ${e.message}`);
    process.exit(1);
  }
})();

// ---------------------------------------------------------------- errors

export const ERROR_META_KEY = "io.github.heygen-mcp/error";
export const ERROR_KINDS = ["invalid_argument", "no_api_key", "heygen_api", "heygen_unreachable", "heygen_bad_reply", "internal"];

// ---------------------------------------------------------------- reporting

export function oneLine(s) {
  s = String(s ?? "").replace(/\s+/g, " ").trim();
  return s.length > 600 ? s.slice(0, 600) + "…" : s;
}

// reporter counts and prints the PASS/FAIL lines of one run, tagged with tag:
// report.line(ok, name, detail); report.passes and report.failures.
export function reporter(tag) {
  const r = {
    passes: 0,
    failures: 0,
    line(ok, name, detail) {
      if (ok) r.passes++;
      else r.failures++;
      console.log(`${ok ? "PASS" : "FAIL"} [${tag}] ${name}: ${oneLine(detail)}`);
    },
  };
  return r;
}

// Check is a failed expectation; its message is the FAIL detail.
export class Check extends Error {}
export function check(cond, msg) {
  if (!cond) throw new Check(msg);
}

// ---------------------------------------------------------------- environments

// cleanEnv is the environment every server started directly gets: nothing
// HEYGEN_* from the caller (a developer's real key must never reach a test
// server), only PATH, HOME, TMPDIR, LANG and SYSTEMROOT, plus extra.
export function cleanEnv(extra = {}) {
  const env = {};
  for (const k of ["PATH", "HOME", "TMPDIR", "LANG", "SYSTEMROOT"]) {
    if (process.env[k] !== undefined) env[k] = process.env[k];
  }
  return { ...env, HEYGEN_LOG_LEVEL: "warn", ...extra };
}

// envWithoutHeygen is the caller's whole environment but HEYGEN_*: for a tool
// (npx and the Inspector CLI) that needs the rest, and that starts the server.
export function envWithoutHeygen() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("HEYGEN_")) env[k] = v;
  }
  return env;
}
