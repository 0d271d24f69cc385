#!/usr/bin/env node
// Runs the TypeScript entry point in this very process with tsx as a loader, so `npx crisis-bot …`
// needs no build step and signals (SIGTERM from a process manager) reach the bot itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
