// Keeps a population's page current: when its view changes (the page's Server-Sent Events, over the session's
// cookie), the page is fetched again and its content swapped in, without a reload. No other script runs on the pages.
(() => {
  const live = document.getElementById('live');
  const url = live && live.dataset.live;
  if (!url || !window.EventSource) return;
  let shown = Number(live.dataset.version || 0);
  let updates = 0;
  let fetching = false;
  const status = document.getElementById('live-status');
  const source = new EventSource(url);
  source.onmessage = async (message) => {
    const version = Number(String(message.data).split('/')[0]);
    if (!(version > shown) || fetching) return;
    fetching = true;
    try {
      const answer = await fetch(location.href, { headers: { Accept: 'text/html' } });
      if (!answer.ok) return;
      const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('live');
      if (!fresh) return;
      live.innerHTML = fresh.innerHTML;
      shown = Number(fresh.dataset.version || version);
      live.dataset.version = String(shown);
      updates += 1;
      live.dataset.updates = String(updates);
      if (status) status.textContent = 'Updated live (stream version ' + shown + ').';
    } finally {
      fetching = false;
    }
  };
  source.onerror = () => { if (status) status.textContent = 'Live updates paused; reload the page to resume.'; };
})();
