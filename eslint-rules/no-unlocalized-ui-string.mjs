// ESLint rule: a user-visible string must go through l10n (`vscode.l10n.t` or @vscode/l10n's
// `l10n.t`), so `npm run l10n` finds it and a translation can replace it. It looks where VS Code
// shows text to a person and reports a string or template literal written there directly:
// - the arguments of `show{Information,Warning,Error}Message` and of the Prompter seam's
//   `message(kind, text, options, ...buttons)`;
// - `label`, `description`, `detail`, `tooltip`, `title`, `prompt`, `placeHolder`, `placeholder`
//   properties (quick-pick items, input boxes, progress, tree items);
// - `new TreeItem(...)` and the tree helper `item(label, ...)`;
// - assignments to `.text`, `.tooltip`, `.description`, `.label`, `.title`, `.textContent`;
// - `throw new Error(...)` / `new ActionableError(...)` in the command and tree code;
// - the consumption page's `h(tag, attrs, ...text)` children.
// Placeholders that are example values (`my-app`, `ana@example.com`) are not wording.
// "Text" means letters outside codicons (`$(sync~spin)`): ids, separators and numbers pass.
// Both branches of `a ? 'x' : 'y'` and the right side of `a ?? 'x'` / `a || 'x'` count as direct.

const PROPS = new Set(['label', 'description', 'detail', 'tooltip', 'title', 'prompt', 'placeHolder', 'placeholder']);
const ASSIGNED = new Set(['text', 'tooltip', 'description', 'label', 'title', 'textContent']);
const SHOW = /^show(Information|Warning|Error)Message$/;

function staticText(node) {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join(' ');
  return undefined;
}

function isText(s) {
  return /[A-Za-z]{2,}/.test(s.replace(/\$\([\w~-]+\)/g, ''));
}

function isExample(node) {
  const s = staticText(node);
  return s !== undefined && (/@/.test(s) || /^[\w./…-]+$/.test(s));
}

/** The literals `node` evaluates to directly: itself, or the branches of ?: / ?? / ||. */
function directLiterals(node, out = []) {
  if (!node) return out;
  if (node.type === 'ConditionalExpression') {
    directLiterals(node.consequent, out);
    directLiterals(node.alternate, out);
  } else if (node.type === 'LogicalExpression' && (node.operator === '??' || node.operator === '||')) {
    directLiterals(node.right, out);
  } else if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') {
    directLiterals(node.expression, out);
  } else {
    const s = staticText(node);
    if (s !== undefined && isText(s)) out.push(node);
  }
  return out;
}

function calleeName(callee) {
  if (callee.type === 'Identifier') return callee.name;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'User-visible strings go through vscode.l10n.t / @vscode/l10n t()' },
    schema: [
      {
        type: 'object',
        properties: { errors: { type: 'boolean' } },
        additionalProperties: false,
      },
    ],
    messages: { bypass: 'User-visible text "{{text}}" bypasses l10n: wrap it in vscode.l10n.t(...) (or l10n.t from @vscode/l10n in modules without vscode).' },
  },
  create(context) {
    const checkErrors = context.options[0]?.errors ?? false;
    const report = (node) => {
      for (const lit of directLiterals(node)) {
        context.report({ node: lit, messageId: 'bypass', data: { text: staticText(lit).slice(0, 60) } });
      }
    };
    return {
      CallExpression(node) {
        const name = calleeName(node.callee);
        if (!name) return;
        if (SHOW.test(name)) {
          // Their options' `detail` is checked as a property (below).
          node.arguments.forEach(report);
        } else if (name === 'message' && node.callee.type === 'MemberExpression' && node.arguments.length >= 2) {
          node.arguments.forEach((a, i) => {
            if (i === 1 || i >= 3) report(a);
          });
        } else if (name === 'item' && node.callee.type === 'Identifier' && node.arguments.length >= 2) {
          report(node.arguments[0]);
        } else if (name === 'h' && node.callee.type === 'Identifier') {
          node.arguments.slice(2).forEach(report);
        }
      },
      NewExpression(node) {
        const name = calleeName(node.callee);
        if (name === 'TreeItem') report(node.arguments[0]);
        else if (checkErrors && (name === 'Error' || name === 'ActionableError')) report(node.arguments[0]);
      },
      Property(node) {
        if (node.computed || node.parent.type !== 'ObjectExpression') return;
        const key = node.key.type === 'Identifier' ? node.key.name : node.key.type === 'Literal' ? node.key.value : undefined;
        // A placeholder that is an example value ("my-app", "ana@example.com") is not wording.
        if (PROPS.has(key) && !(/^place[Hh]older$/.test(key) && isExample(node.value))) report(node.value);
      },
      AssignmentExpression(node) {
        const l = node.left;
        if (l.type === 'MemberExpression' && !l.computed && l.property.type === 'Identifier' && ASSIGNED.has(l.property.name)) report(node.right);
      },
    };
  },
};
