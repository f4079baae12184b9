// Progressive enhancement only: every page works without this script.
// - a Copy button on each set-up snippet;
// - "select all" for the version checkboxes of a status change.
document.addEventListener('DOMContentLoaded', () => {
  for (const figure of document.querySelectorAll('figure.copy')) {
    const code = figure.querySelector('pre');
    const caption = figure.querySelector('figcaption');
    if (!code || !caption || !navigator.clipboard) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', `Copy: ${caption.textContent}`);
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(code.textContent ?? '');
      button.textContent = 'Copied';
      setTimeout(() => {
        button.textContent = 'Copy';
      }, 1500);
    });
    caption.append(button);
  }
  for (const all of document.querySelectorAll('input[data-select-all]')) {
    all.hidden = false;
    all.addEventListener('change', () => {
      const form = all.closest('form');
      for (const box of form?.querySelectorAll('input[name="versions"]') ?? []) box.checked = all.checked;
    });
  }
});
