#!/usr/bin/env node
// Validates altinn-policy output files; used by validate.sh and run.sh.
//
//   node validate.js sarif FILE...     SARIF 2.1.0 schema + github.schema.json
//                                      + cross-checks (ruleIndex, unique ids)
//   node validate.js findings FILE...  schemas/findings.schema.json (--format json)
//
// Prints one line per file ("ok FILE" or the errors) and exits 1 when any
// file is invalid, 2 on usage errors.  Needs `npm ci --prefix tests/sarif`.
//
// The SARIF schema is the 2.1.0 schema (draft-04) shipped by Microsoft's
// @microsoft/jest-sarif package.  It is compiled with unicodeRegExp off:
// one of its patterns ("language") is not a valid Unicode-mode regular
// expression, a slip the OASIS errata schema later fixed.  The errata's other
// addition, a region must have startLine, charOffset or byteOffset, is in
// github.schema.json.
'use strict';

const fs = require('fs');
const path = require('path');
const Ajv04 = require('ajv-draft-04');
const Ajv07 = require('ajv');
const addFormats = require('ajv-formats');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const SARIF_SCHEMA = path.join(here, 'node_modules', '@microsoft', 'jest-sarif',
  'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function compile(Ajv, schemaFile) {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(readJson(schemaFile));
}

function describe(errors) {
  return errors.slice(0, 20).map((e) =>
    `  ${e.instancePath || '/'}: ${e.message}` +
    (e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''));
}

// What a schema cannot say: ruleIndex points at the rule named by ruleId,
// rule ids are unique.
function crossCheck(log) {
  const problems = [];
  (log.runs || []).forEach((run, r) => {
    const rules = (run.tool && run.tool.driver && run.tool.driver.rules) || [];
    const seen = new Set();
    rules.forEach((rule, i) => {
      if (seen.has(rule.id)) problems.push(`  /runs/${r}/tool/driver/rules/${i}: duplicate id ${rule.id}`);
      seen.add(rule.id);
    });
    (run.results || []).forEach((res, i) => {
      const at = `  /runs/${r}/results/${i}`;
      if (res.ruleIndex !== undefined) {
        const rule = rules[res.ruleIndex];
        if (!rule) problems.push(`${at}: ruleIndex ${res.ruleIndex} outside the rule table`);
        else if (res.ruleId !== undefined && rule.id !== res.ruleId)
          problems.push(`${at}: ruleIndex ${res.ruleIndex} is ${rule.id}, ruleId is ${res.ruleId}`);
      } else if (!seen.has(res.ruleId)) {
        problems.push(`${at}: ruleId ${res.ruleId} is not in the rule table`);
      }
    });
  });
  return problems;
}

function main(argv) {
  const [kind, ...files] = argv;
  let checks;
  if (kind === 'sarif') {
    const sarif = compile(Ajv04, SARIF_SCHEMA);
    const github = compile(Ajv07, path.join(here, 'github.schema.json'));
    checks = [
      (log) => (sarif(log) ? [] : ['  (SARIF 2.1.0 schema)', ...describe(sarif.errors)]),
      (log) => (github(log) ? [] : ['  (github.schema.json)', ...describe(github.errors)]),
      crossCheck,
    ];
  } else if (kind === 'findings') {
    const findings = compile(Ajv07, path.join(root, 'schemas', 'findings.schema.json'));
    checks = [(doc) => (findings(doc) ? [] : describe(findings.errors))];
  } else {
    process.stderr.write('usage: node validate.js sarif|findings FILE...\n');
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write('validate.js: no file given\n');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let doc;
    let problems;
    try {
      doc = readJson(file);
      problems = checks.flatMap((check) => check(doc));
    } catch (e) {
      problems = [`  ${e.message}`];
    }
    if (problems.length) {
      failed++;
      process.stdout.write(`INVALID ${file}\n${problems.join('\n')}\n`);
    } else {
      process.stdout.write(`ok ${file}\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
