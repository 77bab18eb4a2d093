// Keeps a population's page current: when its view changes (the page's Server-Sent Events, over the session's
// cookie), the page is fetched again and its content swapped in, without a reload. A change that arrives while the
// page is being fetched is not lost: the page is fetched again once that fetch ends. No other script runs on the pages.
(() => {
  const live = document.getElementById('live');
  const url = live && live.dataset.live;
  if (!url || !window.EventSource) return;
  let shown = Number(live.dataset.version || 0);
  let wanted = shown;
  let updates = 0;
  let fetching = false;
  const status = document.getElementById('live-status');

  async function refresh() {
    if (fetching) return;
    fetching = true;
    try {
      for (let tries = 0; wanted > shown && tries < 20; tries++) {
        const asked = wanted;
        const answer = await fetch(location.href, { headers: { Accept: 'text/html' } });
        if (!answer.ok) return;
        const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html').getElementById('live');
        if (!fresh) return;
        live.innerHTML = fresh.innerHTML;
        const version = Number(fresh.dataset.version || 0);
        if (version < asked) { // the page was read before the change it was fetched for: a moment later, again
          await new Promise((resolve) => setTimeout(resolve, 250));
          continue;
        }
        shown = version;
        live.dataset.version = String(shown);
        updates += 1;
        live.dataset.updates = String(updates);
        if (status) status.textContent = status.dataset.updated.replace('$1', shown);
      }
    } finally {
      fetching = false;
    }
  }

  const source = new EventSource(url);
  source.onmessage = (message) => {
    const version = Number(String(message.data).split('/')[0]);
    if (version > wanted) wanted = version;
    refresh();
  };
  source.onerror = () => { if (status) status.textContent = status.dataset.paused; };
})();
