#!/usr/bin/env node
// Stand-in for Prisma's native schema engine on machines that cannot download it.
// `prisma generate` never starts the engine, so it works with this; commands that need the
// engine get a clear message instead of a download error. See docs/decisions/0002.
process.stderr.write(
  'The Prisma schema engine is not installed on this machine (it is downloaded from Prisma\'s ' +
    'servers, which are unreachable here).\nApply migrations with `sextant migrate`, and check ' +
    'the schema against the migrations with `npm test -w @sextant/db`.\n',
);
process.exit(1);
