#!/usr/bin/env node
// The CLI is TypeScript compiled to dist/ by `npm install` (the prepare script) or `npm run build`.
import "../dist/workers/cli.js";
