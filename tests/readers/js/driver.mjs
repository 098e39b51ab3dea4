// Reads JSON lines {config, credentials} on stdin and prints, per line, what the AWS SDK for
// JavaScript v3 loads: {refused, profiles, "sso-sessions", services}. One process for the
// whole corpus; the files go through the SDK's own file loader.
import { loadSharedConfigFiles, loadSsoSessionData } from "@smithy/shared-ini-file-loader";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const dir = mkdtempSync(join(tmpdir(), "ssolint-js-"));
const missing = join(dir, "missing");
let serial = 0;

const plain = (sections) => {
  const out = {};
  for (const [name, values] of Object.entries(sections)) {
    out[name] = { ...values };
  }
  return out;
};

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const doc = JSON.parse(line);
  // A fresh path per document: loadSsoSessionData reads through the loader's path cache.
  serial += 1;
  const configPath = join(dir, `config-${serial}`);
  const credentialsPath = join(dir, `credentials-${serial}`);
  if (doc.config !== null) writeFileSync(configPath, Buffer.from(doc.config, "base64"));
  if (doc.credentials !== null) writeFileSync(credentialsPath, Buffer.from(doc.credentials, "base64"));
  const init = {
    configFilepath: doc.config !== null ? configPath : missing,
    filepath: doc.credentials !== null ? credentialsPath : missing,
    ignoreCache: true,
  };
  const { configFile, credentialsFile } = await loadSharedConfigFiles(init);
  // parseKnownFiles' merge: config first, then credentials key by key.
  const profiles = {};
  const services = {};
  for (const [key, values] of Object.entries(configFile)) {
    if (key.startsWith("sso-session.")) continue;
    if (key.startsWith("services.")) {
      services[key.slice("services.".length)] = { ...values };
      continue;
    }
    profiles[key] = { ...values };
  }
  for (const [key, values] of Object.entries(credentialsFile)) {
    profiles[key] = Object.assign(profiles[key] ?? {}, values);
  }
  const sessions = await loadSsoSessionData({ configFilepath: init.configFilepath, ignoreCache: true });
  rmSync(configPath, { force: true });
  rmSync(credentialsPath, { force: true });
  process.stdout.write(
    JSON.stringify({ refused: false, profiles, "sso-sessions": plain(sessions), services }) + "\n",
  );
}
rmSync(dir, { recursive: true, force: true });
