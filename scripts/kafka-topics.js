#!/usr/bin/env node
// `npm run kafka:topics`: see libs/embedded/src/cli/kafka-topics.ts.
'use strict';
process.argv.splice(2, 0, require('node:path').join(__dirname, '..', 'libs/embedded/src/cli/kafka-topics.ts'));
require('./kafka-ts-runner');
