#!/usr/bin/env node
// Builds the bundled GraphiQL (playground/) into playground/dist when it is missing or older than its sources.
// Usage: node scripts/build-playground.mjs [--force]
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale({ dir: 'playground', label: 'GraphiQL', force: process.argv.includes('--force') });
