// The database driver, built by esbuild into its own file, dist/driver.js (see esbuild.js): node-postgres and dotenv
// are about 90 KB minified, more than the rest of the extension's growth budget, and only a command
// that connects needs them. So dist/extension.js stays small and activation does not parse them;
// the first connection loads this file once (src/db/connect.ts).
export { Client } from 'pg';
export { parse as parseDotenv } from 'dotenv';
