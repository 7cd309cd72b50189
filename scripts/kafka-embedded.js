#!/usr/bin/env node
// `npm run kafka:embedded`: see libs/embedded/src/cli/kafka-embedded.ts.
'use strict';
process.argv.splice(2, 0, require('node:path').join(__dirname, '..', 'libs/embedded/src/cli/kafka-embedded.ts'));
require('./kafka-ts-runner');
