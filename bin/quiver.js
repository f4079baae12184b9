#!/usr/bin/env node
// `npx quiver …`: the compiled CLI (built by `npm ci` through the prepare script).
await import('../dist/main.js');
