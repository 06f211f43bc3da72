// Localization, two ways: code that runs only in the extension host calls `vscode.l10n.t`; modules
// that must load without VS Code (src/api, src/env, src/consumption, src/db, the tree and command
// logic the unit tests load) call `t` from the `@vscode/l10n` package instead, which falls back to
// the English source string. This module hands that package the host's bundle, and extension.ts
// imports it first so even module-level constants (button labels, region names) are translated.
// Both kinds of call are found by `npm run l10n` (l10n/bundle.l10n.json).
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';

if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
