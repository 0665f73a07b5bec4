#!/usr/bin/env node
// The `sextant` command. A committed shim, so that `npm ci` links it before anything is built;
// the program itself is the compiled apps/cli/dist/main.js (`npm run build`).
try {
  require('../dist/main.js');
} catch (error) {
  if (
    error &&
    error.code === 'MODULE_NOT_FOUND' &&
    String(error.message).includes('dist/main.js')
  ) {
    process.stderr.write('sextant is not built yet: run `npm run build` (or `npm start`) first.\n');
    process.exit(1);
  }
  throw error;
}
