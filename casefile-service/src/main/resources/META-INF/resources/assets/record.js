// Choosing a source cited before fills that source's row of the form; what is typed there afterwards wins.
// Without this script the page does the same when the form is sent.
document.addEventListener('change', (event) => {
  const choice = event.target;
  if (!(choice instanceof HTMLSelectElement) || !choice.dataset.row || !choice.value) return;
  let source;
  try { source = JSON.parse(choice.value); } catch (e) { return; }
  for (const [member, value] of Object.entries(source)) {
    const input = choice.form.elements.namedItem(choice.dataset.row + '.' + member);
    if (input && 'value' in input && (typeof value !== 'object' || value === null)) input.value = value === null ? '' : String(value);
  }
});
