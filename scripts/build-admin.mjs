#!/usr/bin/env node
// Builds the admin panel (admin-client/) into admin-client/dist when it is missing or older than its sources;
// the server serves that directory at `/`.
// Usage: node scripts/build-admin.mjs [--force]
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale({ dir: 'admin-client', label: 'the admin panel', force: process.argv.includes('--force') });
