/*
 * Parses each file named on the command line as an ES2017 script with acorn, and prints one
 * JSON line: {"file": null | "syntax error (line:column)"}. Run by tests/test_es2017.py.
 */
'use strict';

var fs = require('fs');
var acorn = require('acorn');

var results = {};
process.argv.slice(2).forEach(function (file) {
  try {
    acorn.parse(fs.readFileSync(file, 'utf8'), { ecmaVersion: 2017, sourceType: 'script' });
    results[file] = null;
  } catch (error) {
    results[file] = error.message;
  }
});
process.stdout.write(JSON.stringify(results) + '\n');
