// The language-model tools, registered at activation (contributes.languageModelTools); their code
// is in dist/rarelyUsed.js (src/lm/tools.ts), loaded when Copilot first calls one.
import * as vscode from 'vscode';
import { rarelyUsed, type RarelyUsed } from '../rarelyUsedLoader';
import type { Services } from '../services';
import { ToolNames } from './names';

type Tools = ReturnType<RarelyUsed['createTools']>;

export function registerTools(s: Services): vscode.Disposable[] {
  let tools: Tools | undefined;
  const load = (): Tools => (tools ??= rarelyUsed().createTools(s));
  return (Object.keys(ToolNames) as (keyof Tools)[]).map((name) => {
    const tool: vscode.LanguageModelTool<never> = {
      invoke: (options, token) => (load()[name] as vscode.LanguageModelTool<never>).invoke(options, token),
      prepareInvocation: (options, token) => (load()[name] as vscode.LanguageModelTool<never>).prepareInvocation?.(options, token),
    };
    return vscode.lm.registerTool(ToolNames[name], tool);
  });
}
