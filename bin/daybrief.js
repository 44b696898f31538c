#!/usr/bin/env node
import { cli } from '../dist/cli/main.js';

cli(process.argv.slice(2));
