// Moves an import's progress bar: while a step runs, asks how far it got (the job is kept by the server, so a reload
// or another tab shows the same), and reloads the page once the step has ended.
(() => {
  const box = document.getElementById('import');
  if (!box || !['checking', 'recording'].includes(box.dataset.state)) return;
  const bar = document.getElementById('progress');
  const checked = document.getElementById('checked');
  async function poll() {
    try {
      const answer = await fetch(box.dataset.progress, { headers: { Accept: 'application/json' } });
      if (answer.ok) {
        const p = await answer.json();
        if (p.state !== box.dataset.state || p.stalled) { location.reload(); return; }
        if (box.dataset.state === 'checking') {
          bar.value = p.percent;
          bar.textContent = p.percent + '%';
          if (checked) checked.textContent = checked.dataset.text.replace('$1', p.checked);
        }
      }
    } catch (e) { /* the next poll tries again */ }
    setTimeout(poll, 500);
  }
  setTimeout(poll, 300);
})();
