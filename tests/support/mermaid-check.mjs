// Parses Mermaid files with mermaid.js itself and prints "ok TYPE VERTICES EDGES" per file.
// Needs mermaid and jsdom beside it: `npm ci --prefix tests/support` (see
// tests/integration/cli_export.rs and .ci/run).
import { JSDOM } from 'jsdom';
import fs from 'fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
global.window = dom.window;
global.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, 'utf8');
  try {
    const parsed = await mermaid.parse(text);
    const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db;
    const vertices = db.getVertices();
    const count = vertices instanceof Map ? vertices.size : Object.keys(vertices).length;
    console.log(`ok ${parsed.diagramType} ${count} ${db.getEdges().length}`);
  } catch (err) {
    console.log(`FAIL ${file}: ${err.message}`);
    process.exitCode = 1;
  }
}
