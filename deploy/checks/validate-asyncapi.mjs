// Parses and validates an AsyncAPI document with the official AsyncAPI parser, resolving its file references
// (the JSON Schemas in docs/schemas): node validate-asyncapi.mjs docs/asyncapi.yaml
// Prints every diagnostic; exits 1 on any error.
import { Parser, fromFile } from "@asyncapi/parser";

const path = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await fromFile(parser, path).parse();
const severities = ["error", "warning", "info", "hint"];
let errors = 0;
for (const d of diagnostics) {
  const severity = severities[d.severity] ?? String(d.severity);
  if (d.severity === 0) errors++;
  console.log(`${severity.toUpperCase()} ${d.code} at ${(d.path ?? []).join(".")}: ${d.message}`);
}
if (!document || errors > 0) {
  console.log(`INVALID ${path}: ${errors} error(s)`);
  process.exit(1);
}
const channels = document.channels().all().map((c) => `${c.address()} (${c.messages().length} messages)`);
console.log(`valid: AsyncAPI ${document.version()}, channels ${channels.join(", ")}`);
