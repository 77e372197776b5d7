// The README examples run against the built package: every ```js block of
// bindings-wasm/README.md (and of the top-level README.md, if it has any),
// as an ES module importing "billing-core".
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const entry = import.meta.resolve("billing-core");
const readmes = [new URL("../README.md", import.meta.url), new URL("../../README.md", import.meta.url)];
const blocks = readmes.flatMap((url) =>
  [...readFileSync(url, "utf8").matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m, i) => [`${url.pathname.split("/").slice(-2).join("/")} block ${i + 1}`, m[1]]),
);

test("bindings-wasm/README.md has a JavaScript quick start", () => {
  assert.ok(blocks.some(([name]) => name.startsWith("bindings-wasm/")));
});

for (const [name, code] of blocks) {
  test(`${name} runs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "billing-core-readme-"));
    try {
      const file = join(dir, "example.mjs");
      writeFileSync(file, code.replace(/(from\s+)"billing-core"/g, `$1${JSON.stringify(entry)}`));
      await import(pathToFileURL(file).href);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
