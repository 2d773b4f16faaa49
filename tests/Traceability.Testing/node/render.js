// Renders ZPL to PNG with zpl-renderer-js (the zebrash renderer compiled to WebAssembly), so tests can check what our
// ZPL really prints. Used by Traceability.Testing's ZplRendererJs; one process per label (start-up is about 0.3 s).
//
//   node render.js <widthMm> <heightMm> <dpmm> < label.zpl     prints the first label as a base64 PNG on stdout.
"use strict";

async function main() {
  const [widthMm, heightMm, dpmm] = process.argv.slice(2, 5).map(Number);
  if (![widthMm, heightMm, dpmm].every(n => Number.isFinite(n) && n > 0)) {
    throw new Error("usage: node render.js <widthMm> <heightMm> <dpmm> < label.zpl");
  }
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const zpl = Buffer.concat(chunks).toString("utf8");
  const { api } = await require("zpl-renderer-js").ready;
  process.stdout.write(await api.zplToBase64Async(zpl, widthMm, heightMm, dpmm));
}

main().then(
  () => process.exit(0), // the Go WebAssembly runtime keeps the event loop alive: leave explicitly.
  e => { process.stderr.write(String((e && e.stack) || e) + "\n"); process.exit(1); });
