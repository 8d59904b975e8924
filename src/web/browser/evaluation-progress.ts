/**
 * Progress of a running evaluation on its page: polls the run's progress endpoint, moves the
 * progress bar, and reloads the page when the run has finished (to show its tiers). Without
 * JavaScript the page refreshes itself instead.
 */

interface Progress {
  readonly status: 'running' | 'completed' | 'failed';
  readonly evaluated: number;
  readonly total: number;
}

const POLL_MILLISECONDS = 1000;
const chinese = document.documentElement.lang.startsWith('zh');

function start(): void {
  const section = document.querySelector<HTMLElement>('[data-progress-url]');
  const bar = document.querySelector<HTMLProgressElement>('#evaluation-progress-bar');
  const text = document.getElementById('evaluation-progress-text');
  const url = section?.dataset['progressUrl'];
  if (!section || !bar || !text || !url) return;
  const format = new Intl.NumberFormat(chinese ? 'zh-CN' : 'en-US');

  const poll = async () => {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const progress = (await response.json()) as Progress;
      if (progress.status !== 'running') {
        window.location.reload();
        return;
      }
      bar.max = Math.max(progress.total, 1);
      bar.value = Math.min(progress.evaluated, bar.max);
      const facts = document.getElementById('run-evaluated');
      if (facts) facts.textContent = format.format(progress.evaluated);
      const percent = progress.total === 0 ? 0 : Math.floor((progress.evaluated / progress.total) * 100);
      text.textContent = chinese
        ? `已评价 ${format.format(progress.evaluated)} / ${format.format(progress.total)} 户（${percent}%）。`
        : `${format.format(progress.evaluated)} of ${format.format(progress.total)} enterprises evaluated (${percent}%).`;
    } catch {
      // A missed poll is retried; the page stays correct, only a little behind.
    }
    setTimeout(() => void poll(), POLL_MILLISECONDS);
  };
  setTimeout(() => void poll(), POLL_MILLISECONDS);
}

start();
