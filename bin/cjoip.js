#!/usr/bin/env node
// Thin entry point: the compiled CLI returns an exit code; only this file sets it.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
