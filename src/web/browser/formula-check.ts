/**
 * Live check of a scoring model on /console/models/new: as the admin types, the model text
 * is sent (debounced) to /console/models/validate, which runs the server's own validator,
 * and each formula's problems are shown in its row of the check table. The page works
 * without this script: saving runs the same check and shows the same table.
 */

interface CheckedFormula {
  readonly kind: 'formula' | 'rule';
  readonly name: string;
  readonly expression: string;
  readonly problems: readonly string[];
}

interface ModelCheck {
  readonly valid: boolean;
  readonly key?: string;
  readonly formulas: readonly CheckedFormula[];
  readonly other: readonly { readonly path: string; readonly message: string }[];
}

const DEBOUNCE_MILLISECONDS = 400;
const chinese = document.documentElement.lang.startsWith('zh');
const say = (zh: string, en: string) => (chinese ? zh : en);

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function code(text: string): HTMLElement {
  return element('code', text);
}

function problemList(problems: readonly string[]): HTMLUListElement {
  const list = element('ul', undefined, 'formula-problems');
  for (const problem of problems) list.append(element('li', `✗ ${problem}`, 'field-error'));
  return list;
}

function render(check: ModelCheck, textarea: HTMLTextAreaElement): void {
  const summary = document.getElementById('formula-check-summary');
  const body = document.querySelector<HTMLTableSectionElement>('#formula-check-table tbody');
  const other = document.getElementById('formula-check-other');
  if (!summary || !body || !other) return;

  const count = check.other.length + check.formulas.reduce((sum, formula) => sum + formula.problems.length, 0);
  summary.textContent = check.valid
    ? say(`模型有效：${check.key ?? ''}`, `The model is valid: ${check.key ?? ''}`)
    : say(`发现 ${count} 个问题。`, `${count} problem${count === 1 ? '' : 's'} found.`);
  summary.className = check.valid ? 'check-summary' : 'check-summary invalid';
  if (check.valid) textarea.removeAttribute('aria-invalid');
  else textarea.setAttribute('aria-invalid', 'true');

  const rows = check.formulas.map((formula) => {
    const row = element('tr', undefined, formula.problems.length ? 'has-problems' : 'ok');
    row.dataset['formula'] = `${formula.kind}:${formula.name}`;
    const name = element('th');
    name.scope = 'row';
    if (formula.kind === 'rule') name.append(say('规则 ', 'rule '));
    name.append(code(formula.name));
    const expression = element('td');
    expression.append(code(formula.expression));
    const result = element('td');
    if (formula.problems.length === 0) result.append(element('span', `✓ ${say('通过', 'OK')}`, 'check-ok'));
    else result.append(problemList(formula.problems));
    row.append(name, expression, result);
    return row;
  });
  body.replaceChildren(...rows);

  other.replaceChildren(
    ...check.other.map((problem) => {
      const item = element('li', '✗ ', 'field-error');
      item.append(code(problem.path), `: ${problem.message}`);
      return item;
    }),
  );
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-validate-url]');
  const textarea = document.querySelector<HTMLTextAreaElement>('#model-definition');
  if (!form || !textarea) return;
  const url = form.dataset['validateUrl'] ?? '/console/models/validate';
  const csrfToken = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: AbortController | undefined;

  const check = async () => {
    pending?.abort();
    const controller = new AbortController();
    pending = controller;
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        signal: controller.signal,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
        },
        body: JSON.stringify({ definition: textarea.value }),
      });
      if (!response.ok && response.status !== 400) throw new Error(`HTTP ${response.status}`);
      render((await response.json()) as ModelCheck, textarea);
    } catch (error) {
      if (controller.signal.aborted) return;
      const summary = document.getElementById('formula-check-summary');
      if (summary) summary.textContent = say(`暂时无法检查（${String(error)}）；保存时仍会检查。`, `Could not check now (${String(error)}); saving checks again.`);
    }
  };

  textarea.addEventListener('input', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void check(), DEBOUNCE_MILLISECONDS);
  });
}

start();
